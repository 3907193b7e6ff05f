/**
 * The project's stack configuration files (`Pulumi.<stack>.yaml`), read the way the Pulumi
 * CLI hands them to a program: a flat map of `namespace:key` to a string, objects and lists
 * as JSON text. Used by the offline preview, the tests and the deploy orchestrator, which all
 * discover the stacks from these files instead of a hard-coded list.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";

/** One stack's configuration as found on disk. */
export interface StackConfigFile {
    /** Stack name (the `<stack>` of `Pulumi.<stack>.yaml`). */
    readonly stack: string;
    /** Path of the file. */
    readonly path: string;
    /** Flat config map, as `pulumi.runtime.allConfig()` would return it. */
    readonly config: Record<string, string>;
    /** Keys whose values are `secure:` (encrypted) in the file. */
    readonly secretKeys: string[];
    /**
     * Set when the file cannot be used (YAML syntax, no `config:` mapping, ...): the problem,
     * naming the file (and the line and column for a syntax error). `config` is then empty.
     */
    readonly problem?: string;
}

/**
 * The top-level keys of a stack settings file the Pulumi CLI knows (`pulumi config` writes
 * `config`; the rest belong to the secrets provider and ESC environments).
 */
const STACK_FILE_KEYS = ["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"];

/**
 * Parses a YAML file, naming the file, line and column of a syntax error.
 * @throws Error `<path>:<line>:<col>: <what YAML says>`
 */
export function parseYamlFile(path: string, text: string): unknown {
    const doc = parseDocument(text, { prettyErrors: true });
    const error = doc.errors[0];
    if (error) {
        const at = error.linePos?.[0];
        const what = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
        throw new Error(`${path}${at ? `:${at.line}:${at.col}` : ""}: YAML syntax error: ${what}`);
    }
    return doc.toJS();
}

/** What is wrong with a stack file's top level, or undefined. */
function stackFileProblem(path: string, doc: unknown): string | undefined {
    if (doc === null || doc === undefined)
        return `${path}: the file is empty; expected a top-level \`config:\` mapping of platform:<key> settings`;
    if (typeof doc !== "object" || Array.isArray(doc))
        return `${path}: expected a mapping with a top-level \`config:\` key, got ${Array.isArray(doc) ? "a list" : JSON.stringify(doc)}`;
    const unknown = Object.keys(doc).filter((k) => !STACK_FILE_KEYS.includes(k));
    if (unknown.length > 0) {
        return `${path}: unknown top-level key${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => JSON.stringify(k)).join(", ")}; allowed: ${STACK_FILE_KEYS.join(", ")} (settings go under config:)`;
    }
    const config = (doc as Record<string, unknown>)["config"];
    if (config === undefined || config === null)
        return `${path}: no \`config:\` mapping; expected the stack's platform:<key> settings under it`;
    if (typeof config !== "object" || Array.isArray(config))
        return `${path}: config: expected a mapping of namespace:key settings, got ${JSON.stringify(config)}`;
    return undefined;
}

/** Renders a YAML config value the way Pulumi passes it to a program. */
export function configValueToString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** Reads one `Pulumi.<stack>.yaml`; a file that cannot be used comes back with its `problem`. */
export function readStackConfigFile(path: string, stack: string): StackConfigFile {
    let doc: unknown;
    try {
        doc = parseYamlFile(path, readFileSync(path, "utf8"));
    } catch (err) {
        return { stack, path, config: {}, secretKeys: [], problem: (err as Error).message };
    }
    const problem = stackFileProblem(path, doc);
    if (problem) return { stack, path, config: {}, secretKeys: [], problem };
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries((doc as { config: Record<string, unknown> }).config)) {
        if (value && typeof value === "object" && "secure" in (value as object)) {
            secretKeys.push(key);
            continue; // encrypted with the stack's secrets provider: only the CLI can read it
        }
        config[key] = configValueToString(value);
    }
    return { stack, path, config, secretKeys };
}

/** Every `Pulumi.<stack>.yaml` in `projectDir`, sorted by stack name. */
export function readStackConfigFiles(projectDir: string): StackConfigFile[] {
    return readdirSync(projectDir)
        .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => readStackConfigFile(join(projectDir, m[0]), m[1]!))
        .sort((a, b) => a.stack.localeCompare(b.stack));
}
