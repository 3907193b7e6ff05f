/**
 * The two operator commands, as functions of their arguments and their surroundings (project
 * directory, environment, console, prompt, workspace factory) so that the tests run them with
 * fakes:
 *
 * - `npm run stacks -- <preview|up|destroy|refresh> [--stacks a,b] [--policy-pack-config <file>] [--yes] [--parallel n]`
 * - `npm run failover -- (--to <region> | --failback) [--stack <global stack>] [--policy-pack-config <file>] [--yes]`
 *
 * Both refuse to start (exit 2) on a bad argument, an incoherent set of stack configs, a
 * missing Pulumi CLI or a missing policy pack, before any workspace is created.
 */
import { existsSync } from "fs";
import { isAbsolute, join, resolve } from "path";
import { parseArgs } from "util";
import { readStackConfigFiles } from "../stacks/config/files";
import { resolveTarget, runFailover } from "./failover";
import { EXIT, runPlan } from "./orchestrator";
import type { LineSink } from "./output";
import { buildPlan, discoverStacks, Plan, PlanError, StackEntry } from "./plan";
import { findPulumiCli, POLICY_PACK_DIR, policyPackProblems, PULUMI_CLI_MISSING } from "./preflight";
import { Operation, OPERATIONS, Workspace } from "./workspace";

/** Everything the commands touch outside their arguments. */
export interface CliEnvironment {
    /** The Pulumi project directory (`Pulumi.yaml`, `Pulumi.<stack>.yaml`, `policy-pack/`). */
    readonly projectDir: string;
    /** Directory relative paths in arguments are resolved against. */
    readonly cwd: string;
    /** Environment variables (for `PATH`). */
    readonly env: NodeJS.ProcessEnv;
    /** Standard output, one line per call. */
    readonly out: LineSink;
    /** Standard error, one line per call. */
    readonly err: LineSink;
    /** True when a person can answer a prompt (stdin is a terminal). */
    readonly interactive: boolean;
    /** Asks a yes/no question. */
    readonly confirm: (question: string) => Promise<boolean>;
    /** Creates the workspace; called only after every check passed. */
    readonly createWorkspace: (projectDir: string) => Workspace;
    /** Locates the Pulumi CLI. @default {@link findPulumiCli} */
    readonly findPulumi?: (env: NodeJS.ProcessEnv) => string | undefined;
    /** Clock in milliseconds. @default Date.now */
    readonly now?: () => number;
}

/** A bad command line. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** A missing prerequisite (the Pulumi CLI, the policy pack). */
export class PreflightError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PreflightError";
    }
}

/** Default number of stacks of one wave run at once. */
export const DEFAULT_PARALLEL = 4;

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
  --help                       show this help

Exit code: 0 every stack succeeded, 1 a stack failed, 2 a stack was skipped because a
dependency did not succeed, or the command could not start.`;

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

type OptionSpec = Record<string, { type: "string" | "boolean" }>;

/** `util.parseArgs` with errors that name the bad argument and the allowed ones. */
function parse(argv: readonly string[], options: OptionSpec) {
    const allowed = Object.keys(options).map((o) => `--${o}`).join(", ");
    try {
        return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const code = (err as { code?: string }).code;
        const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? "argument";
        if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`${option}: unknown option; allowed: ${allowed}`);
        if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
            const spec = options[option.replace(/^-+/, "")];
            throw new UsageError(spec?.type === "boolean" ? `${option}: takes no value` : `${option}: expected a value`);
        }
        throw new UsageError(message);
    }
}

function policyPackConfigs(value: string | undefined, cwd: string): string[] {
    if (value === undefined) return [];
    const path = isAbsolute(value) ? value : resolve(cwd, value);
    if (!existsSync(path)) throw new UsageError(`--policy-pack-config: no such file ${path}`);
    return [path];
}

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
    readonly help: boolean;
}

/** Parses the `stacks` command line. @throws UsageError */
export function parseStacksArgs(argv: readonly string[]): StacksArgs {
    const { values, positionals } = parse(argv, {
        stacks: { type: "string" },
        "policy-pack-config": { type: "string" },
        parallel: { type: "string" },
        yes: { type: "boolean" },
        help: { type: "boolean" },
    });
    if (values.help) return { operation: "preview", parallel: DEFAULT_PARALLEL, yes: false, help: true };
    const [operation, ...extra] = positionals;
    if (operation === undefined) throw new UsageError(`operation: missing; allowed: ${OPERATIONS.join(", ")}`);
    if (!(OPERATIONS as readonly string[]).includes(operation)) {
        throw new UsageError(`operation: "${operation}" is not one of ${OPERATIONS.join(", ")}`);
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument${extra.length > 1 ? "s" : ""} ${extra.map((e) => `"${e}"`).join(", ")}`);
    let stacks: string[] | undefined;
    if (values.stacks !== undefined) {
        stacks = (values.stacks as string).split(",").map((s) => s.trim()).filter((s) => s !== "");
        if (stacks.length === 0) throw new UsageError(`--stacks: expected a comma-separated list of stack names, got "${values.stacks}"`);
    }
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

/** Checks shared by both commands; returns the policy pack's absolute path. @throws PreflightError */
function preflight(io: CliEnvironment, needsPolicyPack: boolean): string {
    const findPulumi = io.findPulumi ?? ((env: NodeJS.ProcessEnv) => findPulumiCli(env));
    if (findPulumi(io.env) === undefined) throw new PreflightError(PULUMI_CLI_MISSING);
    const policyPack = join(io.projectDir, POLICY_PACK_DIR);
    if (needsPolicyPack) {
        const problems = policyPackProblems(policyPack);
        if (problems.length > 0) throw new PreflightError(problems.join("; "));
    }
    return policyPack;
}

/** Prints why a command could not start (exit 2), or an unexpected failure (exit 1). */
function reportError(io: CliEnvironment, err: unknown): number {
    if (err instanceof UsageError || err instanceof PlanError || err instanceof PreflightError) {
        io.err(`error: ${err.message}`);
        if (err instanceof UsageError) io.err(`run with --help for usage`);
        return EXIT.skippedOrUsage;
    }
    io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failed;
}

function refuseWithoutTerminal(io: CliEnvironment, what: string): number {
    const changes = what === "refresh" ? "the stacks' state" : "real infrastructure";
    io.err(`error: --yes: ${what} changes ${changes} and there is no terminal to confirm on; pass --yes`);
    return EXIT.skippedOrUsage;
}

/** The project's stacks, from its config files. @throws PlanError */
function loadStacks(projectDir: string): StackEntry[] {
    const files = readStackConfigFiles(projectDir);
    if (files.length === 0) throw new PlanError([`no Pulumi.<stack>.yaml in ${projectDir}`]);
    return discoverStacks(files);
}

/** `npm run stacks`: returns the exit code. */
export async function stacksMain(argv: readonly string[], io: CliEnvironment): Promise<number> {
    let args: StacksArgs;
    let plan: Plan;
    let policyPack: string;
    let configs: string[];
    try {
        args = parseStacksArgs(argv);
        if (args.help) {
            STACKS_USAGE.split("\n").forEach((l) => io.out(l));
            return EXIT.ok;
        }
        configs = policyPackConfigs(args.policyPackConfig, io.cwd);
        plan = buildPlan(args.operation, loadStacks(io.projectDir), args.stacks);
        policyPack = preflight(io, args.operation === "preview" || args.operation === "up");
    } catch (err) {
        return reportError(io, err);
    }

    io.out(`plan ${describePlan(plan, args.parallel)}`);
    if (args.operation !== "preview" && !args.yes) {
        if (!io.interactive) return refuseWithoutTerminal(io, args.operation);
        if (!(await io.confirm(`Run ${args.operation} on these stacks? [y/N] `))) {
            io.err(`declined: nothing was run`);
            return EXIT.skippedOrUsage;
        }
    }
    const report = await runPlan({
        plan,
        workspace: io.createWorkspace(io.projectDir),
        parallel: args.parallel,
        policyPack,
        policyPackConfigs: configs,
        out: io.out,
        now: io.now,
    });
    return report.exitCode;
}

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
    const { values, positionals } = parse(argv, {
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
            FAILOVER_USAGE.split("\n").forEach((l) => io.out(l));
            return EXIT.ok;
        }
        const configs = policyPackConfigs(args.policyPackConfig, io.cwd);
        const stacks = loadStacks(io.projectDir);
        const global = selectGlobalStack(stacks, args.stack);
        const target = args.failback ? ({ failback: true } as const) : { to: args.to! };
        // Validate the region before looking for the CLI: a typo is reported on any machine.
        resolveTarget(global, stacks, target);
        const policyPack = preflight(io, true);
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
