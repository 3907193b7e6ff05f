/**
 * `npm run plan`: what an update would do to each deployed stack, offline. Compares the
 * preview of a base (a git ref, or a saved out/preview folder) with the working tree's and
 * prints the engine's steps per stack, the problems, and a summary table.
 */
import "../preview/fastStackTraces";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { hasMandatory, planChanges, planJson } from "./changePlan";
import { renderPlanMarkdown, renderPlanText } from "./render";
import { BaseError, baseSideFromDir, baseSideFromRef, headSide } from "./sides";

export const USAGE = `usage: npm run plan -- (--base <git-ref> | --base-dir DIR) [options]

Evaluates the base version and the working tree offline and prints, per stack, the step
Pulumi would take for each resource (same, create, update, replace, delete) with the input
paths that differ, what the update would run into, and a summary table.

options:
  --base REF        a branch, tag or commit: previewed in a temporary worktree with its own npm start
  --base-dir DIR    a saved out/preview folder instead of a ref
  --stacks a,b      only these stacks (every stack is still evaluated)
  --json FILE       also write the plan as JSON: { base, stacks: [{ stack, steps, problems }] }
  --markdown FILE   also write the summary as Markdown (a pull-request comment)
  --help            this text

exit status: 0 when the plan has no mandatory problem, 1 when it has one (or a stack of the
working tree failed to evaluate), 2 on a usage error.`;

/** The parsed command line. */
export interface PlanArgs {
    readonly base?: string;
    readonly baseDir?: string;
    readonly stacks?: string[];
    readonly json?: string;
    readonly markdown?: string;
    readonly help: boolean;
}

/** Parses the command line. @throws Error naming the bad option */
export function parsePlanArgs(argv: readonly string[]): PlanArgs {
    const { values, positionals } = parseArgs({
        args: [...argv],
        options: {
            base: { type: "string" },
            "base-dir": { type: "string" },
            stacks: { type: "string" },
            json: { type: "string" },
            markdown: { type: "string" },
            help: { type: "boolean", default: false },
        },
        strict: true,
        allowPositionals: true,
    });
    if (positionals.length > 0) throw new Error(`unexpected argument ${JSON.stringify(positionals[0])}`);
    if (values.help) return { help: true };
    if ((values.base === undefined) === (values["base-dir"] === undefined))
        throw new Error("give exactly one of --base <git-ref> and --base-dir DIR");
    const stacks = values.stacks
        ?.split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    if (values.stacks !== undefined && (!stacks || stacks.length === 0))
        throw new Error(`--stacks: expected a comma-separated list of stack names, got ${JSON.stringify(values.stacks)}`);
    return { base: values.base, baseDir: values["base-dir"], stacks, json: values.json, markdown: values.markdown, help: false };
}

/** Runs the plan; returns the exit status. `cwd` resolves relative paths (where the user ran npm). */
export async function runPlanCommand(
    argv: readonly string[],
    projectDir: string,
    cwd: string,
    out: (s: string) => void,
    err: (s: string) => void,
): Promise<number> {
    let args: PlanArgs;
    try {
        args = parsePlanArgs(argv);
    } catch (e) {
        err(`${(e as Error).message}\n\n${USAGE}\n`);
        return 2;
    }
    if (args.help) {
        out(`${USAGE}\n`);
        return 0;
    }
    try {
        const [base, head] = await Promise.all([
            args.base !== undefined
                ? baseSideFromRef(projectDir, args.base).then((b) => ({
                      stacks: b.stacks,
                      label: `${args.base} (${b.commit.slice(0, 12)})`,
                  }))
                : Promise.resolve({ stacks: baseSideFromDir(resolve(cwd, args.baseDir!)), label: args.baseDir! }),
            headSide(projectDir),
        ]);
        const known = [
            ...new Set([...head.stacks.map((s) => s.stack), ...head.failures.map((f) => f.stack), ...base.stacks.map((s) => s.stack)]),
        ];
        const unknown = (args.stacks ?? []).filter((s) => !known.includes(s));
        if (unknown.length > 0) {
            err(`--stacks: unknown stack(s) ${unknown.join(", ")}; known: ${known.join(", ")}\n`);
            return 2;
        }
        const plan = planChanges({ base: base.label, baseStacks: base.stacks, headStacks: head.stacks, only: args.stacks });
        out(renderPlanText(plan));
        const failures = head.failures.filter((f) => !args.stacks || args.stacks.includes(f.stack));
        for (const f of failures) err(`working tree: stack ${f.stack} did not evaluate, so it is not planned: ${f.error}\n`);
        if (args.json) writeFileSync(resolve(cwd, args.json), `${JSON.stringify(planJson(plan), null, 2)}\n`);
        if (args.markdown) writeFileSync(resolve(cwd, args.markdown), renderPlanMarkdown(plan));
        return hasMandatory(plan) || failures.length > 0 ? 1 : 0;
    } catch (e) {
        if (e instanceof BaseError) {
            err(`${e.message}\n`);
            return 2;
        }
        throw e;
    }
}

if (require.main === module) {
    process.on("unhandledRejection", () => undefined);
    // npm runs scripts in the package folder; INIT_CWD is where the user typed the command.
    const cwd = process.env["INIT_CWD"] ?? process.cwd();
    runPlanCommand(
        process.argv.slice(2),
        resolve(__dirname, ".."),
        cwd,
        (s) => process.stdout.write(s),
        (s) => process.stderr.write(s),
    ).then(
        (code) => process.exit(code),
        (e) => {
            process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
            process.exit(1);
        },
    );
}
