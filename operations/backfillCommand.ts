/**
 * `npm run backfill -- --from <regional stack> --to <regional stack> [--yes] [--poll-seconds n]`:
 * S3 Batch Replication of existing objects from one region's data bucket to another's
 * (operations/backfill.ts).
 */
import { randomUUID } from "node:crypto";
import type { StackEntry } from "../stacks/stackSet";
import { runBackfill, s3controlClients } from "./backfill";
import { parseOptions, UsageError } from "./cliArguments";
import { type CliEnvironment, loadStacks, preflight, refuseWithoutTerminal, reportError } from "./cliEnvironment";
import { EXIT, errorSummary } from "./orchestrator";
import { describeError, StackOutputs } from "./verify/types";
import { serialSelection } from "./workspace";

/** Help text of `npm run backfill`. */
export const BACKFILL_USAGE = `Usage: npm run backfill -- --from <regional stack> --to <regional stack> [options]

Starts an S3 Batch Replication job that replicates the objects already in the --from stack's data
bucket (status NONE or FAILED) along its replication rules, including the one to the --to stack's
bucket, waits for it with progress, and reports the result. Run it after adding a region and
before a failback.

Options:
  --from <stack>        the regional stack whose bucket holds the objects
  --to <stack>          the regional stack whose bucket must receive them
  --poll-seconds <n>    seconds between progress reports (default 30)
  --yes                 do not ask before starting the job
  --help                show this help

Exit code: 0 the job completed with no failed object, 1 it failed or some objects failed, 2 the
command could not start.`;

/** The parsed `backfill` command line. */
export interface BackfillArgs {
    readonly from: string;
    readonly to: string;
    readonly pollSeconds: number;
    readonly yes: boolean;
    readonly help: boolean;
}

/** Parses the `backfill` command line. @throws UsageError */
export function parseBackfillArgs(argv: readonly string[]): BackfillArgs {
    const { values, positionals } = parseOptions(argv, {
        from: { type: "string" },
        to: { type: "string" },
        "poll-seconds": { type: "string" },
        yes: { type: "boolean" },
        help: { type: "boolean" },
    });
    if (values.help) return { from: "", to: "", pollSeconds: 30, yes: false, help: true };
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const from = values.from as string | undefined;
    const to = values.to as string | undefined;
    if (from === undefined) throw new UsageError("--from: missing; give the regional stack whose bucket holds the objects");
    if (to === undefined) throw new UsageError("--to: missing; give the regional stack whose bucket must receive them");
    if (from === to) throw new UsageError(`--to: "${to}" is also --from; expected two different regional stacks`);
    const poll = (values["poll-seconds"] as string | undefined) ?? "30";
    if (!/^[1-9][0-9]*$/.test(poll)) throw new UsageError(`--poll-seconds: expected a whole number >= 1, got "${poll}"`);
    return { from, to, pollSeconds: Number(poll), yes: values.yes === true, help: false };
}

/** The regional stack `name` of option `option`. @throws UsageError */
function regional(stacks: readonly StackEntry[], name: string, option: string): StackEntry {
    const allowed = stacks.filter((s) => s.role === "regional").map((s) => s.name);
    const found = stacks.find((s) => s.name === name && s.role === "regional");
    if (!found) throw new UsageError(`${option}: "${name}" is not a regional stack; allowed: ${allowed.join(", ")}`);
    return found;
}

/** `npm run backfill`: returns the exit code. */
export async function backfillMain(argv: readonly string[], io: CliEnvironment, clients = s3controlClients): Promise<number> {
    let args: BackfillArgs;
    let from: StackEntry;
    let to: StackEntry;
    let global: StackEntry;
    try {
        args = parseBackfillArgs(argv);
        if (args.help) {
            for (const l of BACKFILL_USAGE.split("\n")) io.out(l);
            return EXIT.ok;
        }
        const stacks = loadStacks(io.projectDir, [args.from, args.to]);
        from = regional(stacks, args.from, "--from");
        to = regional(stacks, args.to, "--to");
        const globals = stacks.filter(
            (s) => s.role === "global" && s.regionalStacks?.includes(from.name) && s.regionalStacks.includes(to.name),
        );
        if (globals.length !== 1)
            throw new UsageError(
                `--from/--to: expected one global stack listing both ${from.name} and ${to.name}, found ${globals.length}`,
            );
        global = globals[0]!;
        preflight(io, { pulumi: true, policyPack: false, aws: true });
        if (!args.yes && !io.interactive) return refuseWithoutTerminal(io, "backfill");
    } catch (err) {
        return reportError(io, err);
    }
    const workspace = serialSelection(io.createWorkspace(io.projectDir));
    const read = async (name: string) => new StackOutputs(name, await (await workspace.selectStack(name)).outputs());
    try {
        const [fromOutputs, toOutputs, globalOutputs] = [await read(from.name), await read(to.name), await read(global.name)];
        if (!args.yes && !(await io.confirm(`Start S3 Batch Replication from ${from.name} to ${to.name}? [y/N] `))) {
            io.err("declined: no job was started");
            return EXIT.usage;
        }
        const result = await runBackfill({
            from: { name: from.name, region: from.region!, outputs: fromOutputs },
            to: { name: to.name, outputs: toOutputs },
            global: globalOutputs,
            s3control: clients(),
            out: io.out,
            pollSeconds: args.pollSeconds,
            token: randomUUID(),
        });
        const ok = result.status === "Complete" && result.failed === 0;
        io.out(
            ok
                ? `backfill complete: ${result.succeeded} object(s) replicated from ${from.name} to ${to.name}`
                : `backfill did not complete: job ${result.jobId} ${result.status}, ${result.failed} of ${result.total} object(s) failed; see the report`,
        );
        return ok ? EXIT.ok : EXIT.failed;
    } catch (err) {
        io.err(`error: backfill: ${err instanceof Error && err.name !== "Error" ? describeError(err) : errorSummary(err)}`);
        return EXIT.failed;
    }
}
