/**
 * `npm run verify -- [--stacks a,b] [--json]`: the post-deploy checks of the live platform
 * (operations/verify/), one line per check, exit 1 on any failure or error.
 */
import { readStackConfigFiles } from "../stacks/config/files";
import type { StackEntry } from "../stacks/stackSet";
import { parseOptions, stackList, UsageError } from "./cliArguments";
import { type CliEnvironment, loadStacks, preflight, reportError } from "./cliEnvironment";
import { EXIT } from "./orchestrator";
import { PlanError } from "./plan";
import { allPassed, formatCheck, verifyStacks } from "./verify/run";
import { sdkClients } from "./verify/types";
import type { Workspace } from "./workspace";

/** Help text of `npm run verify`. */
export const VERIFY_USAGE = `Usage: npm run verify -- [--stacks a,b] [--json]

Checks the deployed platform on the AWS APIs, from each stack's outputs: the ECS service's
primary deployment runs the recorded task definition and completed its rollout (a circuit-breaker
rollback fails here), running >= desired tasks, healthy targets in every zone, alert subscriptions
confirmed, the region-unhealthy alarm OK, FIS templates present (with platform:chaos.enabled);
for the global stack: Route 53 health checks healthy, replication rules enabled with RTC and
metrics, probe canaries passing and their alarms OK.

Options:
  --stacks <a,b>  only these stacks (default: every stack)
  --json          print the results as JSON instead of one line per check
  --help          show this help

Exit code: 0 every check passed, 1 a check failed or could not tell (an AWS error), 2 the command
could not start.`;

/** The parsed `verify` command line. */
export interface VerifyArgs {
    readonly stacks?: readonly string[];
    readonly json: boolean;
    readonly help: boolean;
}

/** Parses the `verify` command line. @throws UsageError */
export function parseVerifyArgs(argv: readonly string[]): VerifyArgs {
    const { values, positionals } = parseOptions(argv, {
        stacks: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const stacks = stackList(values.stacks as string | undefined);
    return { stacks, json: values.json === true, help: values.help === true };
}

/** The stacks `only` names, in deploy order. @throws PlanError naming an unknown one */
export function pickStacks(stacks: readonly StackEntry[], only?: readonly string[]): StackEntry[] {
    if (only === undefined) return [...stacks];
    const unknown = only.filter((n) => !stacks.some((s) => s.name === n));
    if (unknown.length > 0) {
        throw new PlanError([
            `--stacks: unknown stack${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")}; allowed: ${stacks.map((s) => s.name).join(", ")}`,
        ]);
    }
    return stacks.filter((s) => only.includes(s.name));
}

/** Runs the checks of `names` and prints one line per check; resolves true when all passed. */
export async function verifyAndReport(
    io: CliEnvironment,
    workspace: Workspace,
    all: readonly StackEntry[],
    names: readonly string[],
    json = false,
): Promise<boolean> {
    const results = await verifyStacks({
        stacks: all.filter((s) => names.includes(s.name)),
        allStacks: all,
        files: readStackConfigFiles(io.projectDir),
        workspace,
        aws: (io.aws ?? sdkClients)(),
    });
    if (json) io.out(JSON.stringify({ passed: allPassed(results), checks: results }, null, 2));
    else for (const r of results) io.out(formatCheck(r));
    const failed = results.filter((r) => r.status !== "pass").length;
    if (!json)
        io.out(failed === 0 ? `verify: ${results.length} checks passed` : `verify: ${failed} of ${results.length} checks did not pass`);
    return allPassed(results);
}

/** `npm run verify`: returns the exit code. */
export async function verifyMain(argv: readonly string[], io: CliEnvironment): Promise<number> {
    let args: VerifyArgs;
    let stacks: StackEntry[];
    let all: StackEntry[];
    try {
        args = parseVerifyArgs(argv);
        if (args.help) {
            for (const l of VERIFY_USAGE.split("\n")) io.out(l);
            return EXIT.ok;
        }
        all = loadStacks(io.projectDir, args.stacks);
        stacks = pickStacks(all, args.stacks);
        preflight(io, { pulumi: true, policyPack: false, aws: true });
    } catch (err) {
        return reportError(io, err);
    }
    const ok = await verifyAndReport(
        io,
        io.createWorkspace(io.projectDir),
        all,
        stacks.map((s) => s.name),
        args.json,
    );
    return ok ? EXIT.ok : EXIT.failed;
}
