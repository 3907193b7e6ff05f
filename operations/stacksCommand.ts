/**
 * `npm run stacks -- <preview|up|destroy|refresh> [--stacks a,b] [--policy-pack-config <file>] [--yes] [--parallel n]`:
 * a Pulumi operation over every stack of the project, in the dependency order of their roles.
 */
import { parseOptions, policyPackConfigs, stackList, UsageError } from "./cliArguments";
import { type CliEnvironment, loadStacks, preflight, refuseWithoutTerminal, reportError } from "./cliEnvironment";
import { EXIT, runPlan } from "./orchestrator";
import { buildPlan, type Plan } from "./plan";
import { POLICY_PACK_DIR } from "./preflight";
import { verifyAndReport } from "./verifyCommand";
import { type Operation, OPERATIONS } from "./workspace";
import type { StackEntry } from "../stacks/stackSet";

/** Default number of stacks of one wave run at once. */
export const DEFAULT_PARALLEL = 4;

/** Help text of `npm run stacks`. */
export const STACKS_USAGE = `Usage: npm run stacks -- <${OPERATIONS.join("|")}> [options]

Runs a Pulumi operation over every stack of the project, in dependency order derived from the
Pulumi.<stack>.yaml files: the regional stacks (platform:role regional) in parallel, then the
global stack; destroy runs the global stack first. preview and up always run the policy pack in
./${POLICY_PACK_DIR}.

Options:
  --stacks <a,b>               only these stacks (the order still comes from their roles)
  --policy-pack-config <file>  JSON config for the policy pack (preview and up)
  --parallel <n>               stacks of one wave run at once (default ${DEFAULT_PARALLEL})
  --yes                        do not ask before up, destroy or refresh
  --skip-verify                up: do not run the post-deploy checks (npm run verify) after each wave
  --help                       show this help

Exit code (as npm start): 0 every stack succeeded, 1 a stack failed or was skipped because
a dependency did not succeed, 2 the command could not start (a usage error).`;

/** A whole number >= 1 from option `name`, or `fallback` when it is absent. @throws UsageError */
function parsePositiveInt(name: string, value: string | undefined, fallback: number): number {
    if (value === undefined) return fallback;
    if (!/^[1-9][0-9]*$/.test(value)) throw new UsageError(`${name}: expected a whole number >= 1, got "${value}"`);
    return Number(value);
}

/** The parsed `stacks` command line. */
export interface StacksArgs {
    readonly operation: Operation;
    readonly stacks?: readonly string[];
    readonly policyPackConfig?: string;
    readonly parallel: number;
    readonly yes: boolean;
    /** up: skip the post-deploy verification after each wave. */
    readonly skipVerify: boolean;
    readonly help: boolean;
}

/** Parses the `stacks` command line. @throws UsageError */
export function parseStacksArgs(argv: readonly string[]): StacksArgs {
    const { values, positionals } = parseOptions(argv, {
        stacks: { type: "string" },
        "policy-pack-config": { type: "string" },
        parallel: { type: "string" },
        yes: { type: "boolean" },
        "skip-verify": { type: "boolean" },
        help: { type: "boolean" },
    });
    if (values.help) return { operation: "preview", parallel: DEFAULT_PARALLEL, yes: false, skipVerify: false, help: true };
    const [operation, ...extra] = positionals;
    if (operation === undefined) throw new UsageError(`operation: missing; allowed: ${OPERATIONS.join(", ")}`);
    if (!(OPERATIONS as readonly string[]).includes(operation)) {
        throw new UsageError(`operation: "${operation}" is not one of ${OPERATIONS.join(", ")}`);
    }
    if (extra.length > 0)
        throw new UsageError(`unexpected argument${extra.length > 1 ? "s" : ""} ${extra.map((e) => `"${e}"`).join(", ")}`);
    const stacks = stackList(values.stacks as string | undefined);
    const policyPackConfig = values["policy-pack-config"] as string | undefined;
    if (policyPackConfig !== undefined && operation !== "preview" && operation !== "up") {
        throw new UsageError(`--policy-pack-config: only preview and up run the policy pack, not ${operation}`);
    }
    return {
        operation: operation as Operation,
        stacks,
        policyPackConfig,
        parallel: parsePositiveInt("--parallel", values.parallel as string | undefined, DEFAULT_PARALLEL),
        yes: values.yes === true,
        skipVerify: values["skip-verify"] === true,
        help: false,
    };
}

/** One line describing the plan: `up: us-east-1, eu-west-1 (2 at once), then global`. */
export function describePlan(plan: Plan, parallel: number): string {
    const waves = plan.waves.map((w) =>
        w.length > 1 ? `${w.map((s) => s.name).join(", ")} (${Math.min(parallel, w.length)} at once)` : w.map((s) => s.name).join(""),
    );
    return `${plan.operation}: ${waves.join(", then ")}`;
}

/** `npm run stacks`: returns the exit code. */
export async function stacksMain(argv: readonly string[], io: CliEnvironment): Promise<number> {
    let args: StacksArgs;
    let plan: Plan;
    let policyPack: string;
    let configs: string[];
    let stacks: StackEntry[];
    try {
        args = parseStacksArgs(argv);
        if (args.help) {
            STACKS_USAGE.split("\n").forEach((l) => {
                io.out(l);
            });
            return EXIT.ok;
        }
        configs = policyPackConfigs(args.policyPackConfig, io.cwd);
        stacks = loadStacks(io.projectDir, args.stacks);
        plan = buildPlan(args.operation, stacks, args.stacks);
        policyPack = preflight(io, { pulumi: true, policyPack: args.operation === "preview" || args.operation === "up", aws: true });
    } catch (err) {
        return reportError(io, err);
    }

    io.out(`plan ${describePlan(plan, args.parallel)}`);
    if (args.operation !== "preview" && !args.yes) {
        if (!io.interactive) return refuseWithoutTerminal(io, args.operation);
        if (!(await io.confirm(`Run ${args.operation} on these stacks? [y/N] `))) {
            io.err(`declined: nothing was run`);
            return EXIT.usage;
        }
    }
    const workspace = io.createWorkspace(io.projectDir);
    const verify = args.operation === "up" && !args.skipVerify;
    const report = await runPlan({
        plan,
        workspace,
        // The post-deploy checks of each wave: a rolled-back deployment or an unhealthy region
        // stops the next wave (the global stack would point the edge at it).
        afterWave: verify ? (names) => verifyAndReport(io, workspace, stacks, names) : undefined,
        parallel: args.parallel,
        policyPack,
        policyPackConfigs: configs,
        out: io.out,
        now: io.now,
    });
    return report.exitCode;
}
