/**
 * Evaluates a stack of this project, from its configuration, under the simulated cloud:
 * the same path `pulumi up` takes (load config, validate, pick the program by role), with
 * the mock runtime instead of the engine.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseYamlFile } from "../stacks/config/files";
import { loadStackConfig } from "../stacks/config/load";
import { runStackProgram } from "../stacks/program";
import type { StackOutputTable } from "./cloud";
import { evaluateStack, type StackRecord } from "./evaluate";

/** The shipped project's name (Pulumi.yaml `name`); a fork's comes from its own file, see {@link readProjectName}. */
export const PROJECT = "platform";
/**
 * Organization the simulated stacks live in when none is given. StackReferences are resolved by
 * project and stack whatever the organization (see `SimulatedCloud`), so a fork's organization works.
 */
export const ORGANIZATION = "organization";

/**
 * The project name from `<projectDir>/Pulumi.yaml`, read the way the CLI needs it.
 * @throws Error naming the file (and line and column of a YAML syntax error) when it is missing,
 *   not YAML, or has no `name`
 */
export function readProjectName(projectDir: string): string {
    const path = join(projectDir, "Pulumi.yaml");
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch {
        throw new Error(`${path}: not found; a Pulumi project needs a Pulumi.yaml with name, runtime and main`);
    }
    const doc = parseYamlFile(path, text) as { name?: unknown } | null;
    const name = doc?.name;
    if (typeof name !== "string" || !/^[A-Za-z0-9_.-]{1,100}$/.test(name)) {
        throw new Error(`${path}: name: expected a project name (letters, digits, _ . -), got ${JSON.stringify(name)}`);
    }
    return name;
}

/** Fully qualified name of a stack of this project. */
export function qualifiedStackName(stack: string, organization = ORGANIZATION, project = PROJECT): string {
    return `${organization}/${project}/${stack}`;
}

/** Evaluates `stack` with `config` (a flat `platform:key` map). */
export function evaluateProjectStack(
    stack: string,
    config: Readonly<Record<string, string>>,
    stackOutputs?: StackOutputTable,
    project = PROJECT,
): Promise<StackRecord> {
    return evaluateStack({
        project,
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
