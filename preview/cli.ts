/**
 * `npm start`: the offline preview. Evaluates every stack of the project under the simulated
 * cloud, runs the policy pack over the records, writes `out/`, prints a per-stack summary and
 * exits non-zero on a mandatory violation or a stack that failed to evaluate.
 */
import "./fastStackTraces";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type PreviewResult, runPreview } from "./run";
import { renderSummary } from "./summary";

/** The pack config `npm start` and CI use when none is given. */
export const DEFAULT_POLICY_CONFIG = join("policy-pack", "config", "evaluation.json");

const USAGE = `usage: npm start -- [options]

Evaluates every stack of the project (Pulumi.<stack>.yaml) offline, under the simulated
cloud, runs the policy pack over each, and writes out/preview/<stack>.json,
out/architecture.md and out/resilience.{md,json}.

options:
  --stacks a,b          only these stacks (a global stack needs its regional stacks too)
  --policy-config FILE  policy pack config (as pulumi preview --policy-pack-config FILE);
                        default policy-pack/config/evaluation.json, as CI uses
  --out DIR             write results under DIR instead of ./out
  --quiet               no progress lines, only the summary
  --help                this text

exit status: 0 when every stack evaluated with no mandatory violation, 1 otherwise,
2 on a usage error.`;

/** Parses the command line. @throws Error naming the bad option. */
export function parseCommandLine(argv: readonly string[]): {
    stacks?: string[];
    policyConfig?: string;
    out?: string;
    quiet: boolean;
    help: boolean;
} {
    const { values, positionals } = parseArgs({
        args: [...argv],
        options: {
            stacks: { type: "string" },
            "policy-config": { type: "string" },
            out: { type: "string" },
            quiet: { type: "boolean", default: false },
            help: { type: "boolean", default: false },
        },
        strict: true,
        allowPositionals: true,
    });
    if (positionals.length > 0)
        throw new Error(
            `unexpected argument ${JSON.stringify(positionals[0])}: options are --stacks, --policy-config, --out, --quiet, --help`,
        );
    const stacks = values.stacks
        ?.split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    if (values.stacks !== undefined && (!stacks || stacks.length === 0))
        throw new Error(`--stacks: expected a comma-separated list of stack names, got ${JSON.stringify(values.stacks)}`);
    return { stacks, policyConfig: values["policy-config"], out: values.out, quiet: values.quiet ?? false, help: values.help ?? false };
}

async function main(): Promise<number> {
    let args: ReturnType<typeof parseCommandLine>;
    try {
        args = parseCommandLine(process.argv.slice(2));
    } catch (err) {
        process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
        return 2;
    }
    if (args.help) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    const projectDir = resolve(__dirname, "..");
    // npm runs scripts in the package folder; INIT_CWD is where the user typed the command.
    const cwd = process.env["INIT_CWD"] ?? process.cwd();
    const started = performance.now();
    let result: PreviewResult;
    try {
        result = await runPreview({
            projectDir,
            outDir: args.out ? resolve(cwd, args.out) : undefined,
            stacks: args.stacks,
            // The same pack config CI uses unless told otherwise (.github/workflows/platform.yml).
            policyConfigPath: args.policyConfig ? resolve(cwd, args.policyConfig) : join(projectDir, DEFAULT_POLICY_CONFIG),
            log: args.quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
        });
    } catch (err) {
        process.stderr.write(`${(err as Error).message}\n`);
        return 2;
    }
    process.stdout.write(renderSummary(result, args.out ?? "out", performance.now() - started, result.guard));
    return result.exitCode;
}

if (require.main === module) {
    // A refused registration also rejects the resource's own promises, which nobody awaits;
    // the evaluator reports the cause with the stack's name, so these are not news.
    process.on("unhandledRejection", () => undefined);
    main().then(
        (code) => process.exit(code),
        (err) => {
            process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
            process.exit(1);
        },
    );
}
