/**
 * The thin loader between `pulumi.Config` and the pure parser.
 *
 * It reads every `platform:*` key the stack sets (so that a misspelt key is reported as
 * unknown instead of silently ignored), decodes each value the way Pulumi stores it (objects,
 * lists, numbers and booleans as JSON text, strings as themselves), and hands the lot to
 * `parseStackConfig`, which throws before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseStackConfig, type StackConfig } from "./schema";

/** The configuration namespace: the project name. */
export const CONFIG_NAMESPACE = "platform";

/** Decodes one raw config value: JSON when it parses, else the string itself. */
export function decodeConfigValue(raw: string): unknown {
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

/** The `platform:*` keys of a flat config map, namespace removed and values decoded. */
export function rawStackConfig(all: Readonly<Record<string, string>>): Record<string, unknown> {
    const prefix = `${CONFIG_NAMESPACE}:`;
    return Object.fromEntries(
        Object.entries(all)
            .filter(([key]) => key.startsWith(prefix))
            .map(([key, value]) => [key.slice(prefix.length), decodeConfigValue(value)]),
    );
}

/**
 * Config namespaces a stack may use: the program's own, the engine's, and the providers' the
 * program loads. A key in any other namespace (`platfrom:service`) would be ignored, so it is refused.
 */
export const KNOWN_NAMESPACES = [CONFIG_NAMESPACE, "pulumi", "aws", "awsx", "random"];

/** Keys of `all` in a namespace nobody reads, each with what to write instead. */
export function unknownNamespaceProblems(all: Readonly<Record<string, string>>): string[] {
    return Object.keys(all)
        .filter((key) => !KNOWN_NAMESPACES.includes(key.split(":")[0]!))
        .map((key) => {
            const [namespace, ...rest] = key.split(":");
            const name = rest.join(":") || namespace!;
            return `${key}: unknown config namespace "${rest.length ? namespace : ""}"; expected ${CONFIG_NAMESPACE}:${name} (or a namespace of ${KNOWN_NAMESPACES.filter((n) => n !== CONFIG_NAMESPACE).join(", ")})`;
        });
}

/** Reads and validates the current stack's configuration. @throws ConfigError naming the stack's file */
export function loadStackConfig(): StackConfig {
    const all = pulumi.runtime.allConfig();
    const stack = pulumi.getStack();
    const file = `Pulumi.${stack}.yaml`;
    const namespaces = unknownNamespaceProblems(all);
    if (namespaces.length > 0) throw new ConfigError(namespaces, `configuration of stack ${stack} (${file})`);
    return parseStackConfig(rawStackConfig(all), stack, file);
}
