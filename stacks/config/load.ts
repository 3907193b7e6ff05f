/**
 * The thin loader between `pulumi.Config` and the pure parser.
 *
 * It reads every `platform:*` key the stack sets (so that a misspelt key is reported as
 * unknown instead of silently ignored), decodes each value the way Pulumi stores it (objects,
 * lists, numbers and booleans as JSON text, strings as themselves), and hands the lot to
 * `parseStackConfig`, which throws before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig, StackConfig } from "./schema";

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

/** Reads and validates the current stack's configuration. @throws ConfigError */
export function loadStackConfig(): StackConfig {
    return parseStackConfig(rawStackConfig(pulumi.runtime.allConfig()), pulumi.getStack());
}
