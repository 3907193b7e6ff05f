/**
 * The project's stack configuration files (`Pulumi.<stack>.yaml`), read the way the Pulumi
 * CLI hands them to a program: a flat map of `namespace:key` to a string, objects and lists
 * as JSON text. Used by the offline preview, the tests and the deploy orchestrator, which all
 * discover the stacks from these files instead of a hard-coded list.
 */
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";

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
}

/** Renders a YAML config value the way Pulumi passes it to a program. */
export function configValueToString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** Reads one `Pulumi.<stack>.yaml`. */
export function readStackConfigFile(path: string, stack: string): StackConfigFile {
    const doc = (parse(readFileSync(path, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(doc.config ?? {})) {
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
