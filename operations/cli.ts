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
export { UsageError } from "./cliArguments";
export { PreflightError } from "./cliEnvironment";
export type { CliEnvironment } from "./cliEnvironment";
export { FAILOVER_USAGE, failoverMain, parseFailoverArgs, selectGlobalStack } from "./failoverCommand";
export type { FailoverArgs } from "./failoverCommand";
export { DEFAULT_PARALLEL, describePlan, parseStacksArgs, STACKS_USAGE, stacksMain } from "./stacksCommand";
export type { StacksArgs } from "./stacksCommand";
