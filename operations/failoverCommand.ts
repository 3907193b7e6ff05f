/**
 * `npm run failover -- (--to <region> | --failback) [--stack <global stack>] [--policy-pack-config <file>] [--yes]`:
 * the controlled failover of the global stack's active region.
 */
import { parseOptions, policyPackConfigs, UsageError } from "./cliArguments";
import { type CliEnvironment, loadStacks, preflight, refuseWithoutTerminal, reportError } from "./cliEnvironment";
import { resolveTarget, runFailover } from "./failover";
import { EXIT } from "./orchestrator";
import type { StackEntry } from "../stacks/stackSet";

/** Help text of `npm run failover`. */
export const FAILOVER_USAGE = `Usage: npm run failover -- (--to <region> | --failback) [options]

Controlled failover: sets platform:activeRegion on the global stack, previews the change with
the policy pack, asks for confirmation, then runs up. A failed preview or a declined
confirmation restores the previous value.

Options:
  --to <region>                the region to serve from (one of the regional stacks' regions)
  --failback                   go back to the highest-priority region
  --stack <name>               the global stack (default: the one stack with platform:role global)
  --policy-pack-config <file>  JSON config for the policy pack
  --yes                        do not ask before up
  --help                       show this help

Exit code: 0 done (or already active), 1 preview or up failed, 2 declined or the command could
not start.`;

/** The parsed `failover` command line. */
export interface FailoverArgs {
    readonly to?: string;
    readonly failback: boolean;
    readonly stack?: string;
    readonly policyPackConfig?: string;
    readonly yes: boolean;
    readonly help: boolean;
}

/** Parses the `failover` command line. @throws UsageError */
export function parseFailoverArgs(argv: readonly string[]): FailoverArgs {
    const { values, positionals } = parseOptions(argv, {
        to: { type: "string" },
        failback: { type: "boolean" },
        stack: { type: "string" },
        "policy-pack-config": { type: "string" },
        yes: { type: "boolean" },
        help: { type: "boolean" },
    });
    if (values.help) return { failback: false, yes: false, help: true };
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"; use --to <region> or --failback`);
    const to = values.to as string | undefined;
    const failback = values.failback === true;
    if (to !== undefined && failback) throw new UsageError(`--to and --failback: give one, not both`);
    if (to === undefined && !failback) throw new UsageError(`--to: missing; give --to <region> or --failback`);
    return {
        to,
        failback,
        stack: values.stack as string | undefined,
        policyPackConfig: values["policy-pack-config"] as string | undefined,
        yes: values.yes === true,
        help: false,
    };
}

/** The global stack the failover acts on. @throws UsageError */
export function selectGlobalStack(stacks: readonly StackEntry[], name: string | undefined): StackEntry {
    const globals = stacks.filter((s) => s.role === "global");
    const allowed = globals.map((g) => g.name).join(", ") || "none";
    if (name !== undefined) {
        const found = globals.find((g) => g.name === name);
        if (!found) throw new UsageError(`--stack: "${name}" is not a global stack; allowed: ${allowed}`);
        return found;
    }
    if (globals.length !== 1) throw new UsageError(`--stack: ${globals.length} global stacks (${allowed}); name one`);
    return globals[0]!;
}

/** `npm run failover`: returns the exit code. */
export async function failoverMain(argv: readonly string[], io: CliEnvironment): Promise<number> {
    try {
        const args = parseFailoverArgs(argv);
        if (args.help) {
            FAILOVER_USAGE.split("\n").forEach((l) => {
                io.out(l);
            });
            return EXIT.ok;
        }
        const configs = policyPackConfigs(args.policyPackConfig, io.cwd);
        const stacks = loadStacks(io.projectDir, args.stack === undefined ? undefined : [args.stack]);
        const global = selectGlobalStack(stacks, args.stack);
        const target = args.failback ? ({ failback: true } as const) : { to: args.to! };
        // Validate the region before looking for the CLI: a typo is reported on any machine.
        resolveTarget(global, stacks, target);
        const policyPack = preflight(io, { pulumi: true, policyPack: true, aws: true });
        if (!args.yes && !io.interactive) return refuseWithoutTerminal(io, "failover");
        return await runFailover({
            global,
            stacks,
            target,
            workspace: io.createWorkspace(io.projectDir),
            policyPack,
            policyPackConfigs: configs,
            yes: args.yes,
            confirm: io.confirm,
            out: io.out,
        });
    } catch (err) {
        return reportError(io, err);
    }
}
