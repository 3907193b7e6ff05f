/**
 * What the operator commands share besides argument parsing: their surroundings
 * ({@link CliEnvironment}, faked by the tests), the checks before anything runs, and how a
 * command that could not start reports it.
 */
import { join } from "node:path";
import { readStackConfigFiles } from "../stacks/config/files";
import { readStackSet, type StackEntry } from "../stacks/stackSet";
import { UsageError } from "./cliArguments";
import type { LineSink } from "./output";
import { PlanError, validStacks } from "./plan";
import { EXIT, errorSummary } from "./orchestrator";
import {
    awsCredentialsProblem,
    findPulumiCli,
    POLICY_PACK_DIR,
    policyPackProblems,
    PULUMI_CLI_MISSING,
    pulumiLoginProblem,
} from "./preflight";
import type { AwsClients } from "./verify/types";
import type { Workspace } from "./workspace";

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
    /** The AWS SDK clients of `verify` and `backfill`. @default {@link sdkClients} */
    readonly aws?: () => AwsClients;
}

/** What a command needs before it may start. */
export interface Prerequisites {
    /** The Pulumi CLI on the PATH and a backend login (every command reads or changes stacks). */
    readonly pulumi: boolean;
    /** The installed policy pack (preview, up, failover). */
    readonly policyPack: boolean;
    /** AWS credentials (everything but a local-only command). */
    readonly aws: boolean;
}

/** A missing prerequisite (the Pulumi CLI, the policy pack). */
export class PreflightError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PreflightError";
    }
}

/**
 * Checks shared by the commands, made before any CLI call or AWS request: each missing
 * prerequisite says what is missing and how to get it. Returns the policy pack's absolute path.
 * @throws PreflightError with every missing prerequisite, in one line
 */
export function preflight(io: CliEnvironment, needs: Prerequisites): string {
    const findPulumi = io.findPulumi ?? ((env: NodeJS.ProcessEnv) => findPulumiCli(env));
    const policyPack = join(io.projectDir, POLICY_PACK_DIR);
    const problems = needs.pulumi && findPulumi(io.env) === undefined ? [PULUMI_CLI_MISSING] : [];
    if (needs.pulumi && problems.length === 0) problems.push(...[pulumiLoginProblem(io.env)].filter((p) => p !== undefined));
    if (needs.policyPack) problems.push(...policyPackProblems(policyPack));
    if (needs.aws) problems.push(...[awsCredentialsProblem(io.env)].filter((p) => p !== undefined));
    if (problems.length > 0) throw new PreflightError(problems.join("; "));
    return policyPack;
}

/** Prints why a command could not start (exit 2), or an unexpected failure (exit 1). */
export function reportError(io: CliEnvironment, err: unknown): number {
    if (err instanceof UsageError || err instanceof PlanError || err instanceof PreflightError) {
        io.err(`error: ${err.message}`);
        if (err instanceof UsageError) io.err(`run with --help for usage`);
        return EXIT.usage;
    }
    // The stderr part only: an Automation API error carries the CLI's message twice (stderr and err?).
    io.err(`error: ${errorSummary(err).split("\n").join(" ")}`);
    return EXIT.failed;
}

/** Refuses (exit 2) to run `what` unconfirmed: no `--yes` and no terminal to ask on. */
export function refuseWithoutTerminal(io: CliEnvironment, what: string): number {
    const changes = what === "refresh" ? "the stacks' state" : "real infrastructure";
    io.err(`error: --yes: ${what} changes ${changes} and there is no terminal to confirm on; pass --yes`);
    return EXIT.usage;
}

/**
 * The project's stacks, from its config files, checked the way `npm start` checks them (the
 * program's config parser and the stack-set checks) for the stacks of `only` and those they read.
 * @throws PlanError
 */
export function loadStacks(projectDir: string, only?: readonly string[]): StackEntry[] {
    if (readStackConfigFiles(projectDir).length === 0) throw new PlanError([`no Pulumi.<stack>.yaml in ${projectDir}`]);
    let set: ReturnType<typeof readStackSet>;
    try {
        set = readStackSet(projectDir);
    } catch (err) {
        // Pulumi.yaml missing or unreadable: a setup problem, reported like the others.
        throw new PlanError([err instanceof Error ? err.message : String(err)]);
    }
    return validStacks(set, only);
}
