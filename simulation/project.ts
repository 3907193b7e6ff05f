/**
 * Evaluates a stack of this project, from its configuration, under the simulated cloud:
 * the same path `pulumi up` takes (load config, validate, pick the program by role), with
 * the mock runtime instead of the engine.
 */
import { loadStackConfig } from "../stacks/config/load";
import { runStackProgram } from "../stacks/program";
import type { StackOutputTable } from "./cloud";
import { evaluateStack, StackRecord } from "./evaluate";

/** The Pulumi project name (Pulumi.yaml `name`). */
export const PROJECT = "platform";
/** Organization the simulated stacks live in (matches the shipped `Pulumi.global.yaml`). */
export const ORGANIZATION = "organization";

/** Fully qualified name of a stack of this project. */
export function qualifiedStackName(stack: string, organization = ORGANIZATION): string {
    return `${organization}/${PROJECT}/${stack}`;
}

/** Evaluates `stack` with `config` (a flat `platform:key` map). */
export function evaluateProjectStack(
    stack: string,
    config: Readonly<Record<string, string>>,
    stackOutputs?: StackOutputTable,
): Promise<StackRecord> {
    return evaluateStack({
        project: PROJECT,
        stack,
        organization: ORGANIZATION,
        config,
        stackOutputs,
        program: () => runStackProgram(loadStackConfig()),
    });
}

/** The StackReference table entry of a recorded stack. */
export function stackOutputEntry(record: StackRecord): StackOutputTable[string] {
    return { outputs: record.outputs, secretOutputNames: record.secretOutputNames };
}
