/**
 * The configuration reference, generated from the schemas (which compose the components'
 * settings): the `Pulumi.yaml` description of every `platform:*` key and the README's
 * configuration table. Nothing here states a default, bound or description of its own.
 */
import { z } from "zod";
import { globalSchema, regionalSchema, SECRET_CONFIG_KEYS } from "./schema";

/** A JSON schema node as zod renders one (only what the reference reads). */
interface Node {
    readonly type?: string | string[];
    readonly description?: string;
    readonly default?: unknown;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly minItems?: number;
    readonly maxItems?: number;
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly enum?: readonly unknown[];
    readonly const?: unknown;
    readonly properties?: Readonly<Record<string, Node>>;
    readonly required?: readonly string[];
}

/** One `platform:*` key: the roles that take it and its schema. */
export interface ConfigKey {
    readonly key: string;
    readonly roles: readonly ("regional" | "global")[];
    readonly node: Node;
    readonly required: boolean;
    readonly secret: boolean;
}

const ROLES = { regional: regionalSchema, global: globalSchema } as const;

/** Every `platform:*` key of either role, in schema order (regional first). */
export function configKeys(): ConfigKey[] {
    const byKey = new Map<string, { roles: ("regional" | "global")[]; node: Node; required: boolean }>();
    for (const [role, schema] of Object.entries(ROLES) as [keyof typeof ROLES, z.ZodType][]) {
        const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Node;
        for (const [key, node] of Object.entries(json.properties ?? {})) {
            const entry = byKey.get(key);
            if (entry) {
                entry.roles.push(role);
                // `role` is a literal per schema: together they are the choice.
                if (node.const !== undefined) entry.node = { ...entry.node, const: undefined, enum: [entry.node.const, node.const] };
            } else byKey.set(key, { roles: [role], node, required: json.required?.includes(key) ?? false });
        }
    }
    return [...byKey].map(([key, e]) => ({ key, ...e, secret: SECRET_CONFIG_KEYS.has(key) }));
}

const shown = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** What a value may be, from its schema: `5-300`, `10 | 30`, `2+ items`, ... (empty when nothing is said). */
export function allowed(node: Node): string {
    // zod states an unbounded integer as at most Number.MAX_SAFE_INTEGER: that is no bound.
    if (node.maximum !== undefined && node.maximum >= Number.MAX_SAFE_INTEGER) return allowed({ ...node, maximum: undefined });
    if (node.const !== undefined) return shown(node.const);
    if (node.enum) return node.enum.map(shown).join(" | ");
    if (node.minimum !== undefined && node.maximum !== undefined) return `${node.minimum}-${node.maximum}`;
    if (node.minimum !== undefined) return `>= ${node.minimum}`;
    if (node.maximum !== undefined) return `<= ${node.maximum}`;
    if (node.minItems !== undefined && node.maxItems !== undefined) return `${node.minItems}-${node.maxItems} items`;
    if (node.minItems !== undefined) return `${node.minItems}+ items`;
    if (node.minLength !== undefined && node.maxLength !== undefined) return `${node.minLength}-${node.maxLength} characters`;
    return "";
}

/** `name: default (allowed) description` of one field of an object-valued key. */
function fieldLine(name: string, node: Node): string {
    if (node.properties) return `${name}: {${Object.keys(node.properties).join(", ")}}${node.description ? ` ${node.description}` : ""}`;
    const range = allowed(node);
    return [`${name}:`, node.default !== undefined ? shown(node.default) : undefined, range ? `(${range})` : undefined, node.description]
        .filter((p) => p !== undefined && p !== "")
        .join(" ");
}

/** The `Pulumi.yaml` description of one key: its roles, what it is, and each field with its default and bounds. */
export function describeKey(k: ConfigKey): string {
    const roles = k.roles.length === 2 ? "both" : k.roles[0]!;
    const parts = [k.node.description ?? k.key];
    if (k.node.properties) {
        parts.push(
            `{${Object.entries(k.node.properties)
                .map(([name, node]) => fieldLine(name, node))
                .join("; ")}}`,
        );
    } else {
        const range = allowed(k.node);
        if (k.node.default !== undefined) parts.push(`default ${shown(k.node.default)}`);
        if (range) parts.push(`(${range})`);
    }
    if (k.required) parts.push("Required.");
    return k.key === "role" ? parts.join(" ") : `${roles}: ${parts.join(" ")}`;
}

/** The generated `template.config` block of `Pulumi.yaml` (YAML, indented under `template:`). */
export function renderPulumiYamlConfig(): string {
    const lines = ["  config:"];
    for (const k of configKeys()) {
        lines.push(`    platform:${k.key}:`, `      description: ${JSON.stringify(describeKey(k))}`);
        if (k.secret) lines.push("      secret: true");
    }
    return lines.join("\n");
}

const cell = (text: string): string => text.replace(/\|/g, "\\|");

/** The README's configuration table: one row per setting (object keys flattened to `key.field`). */
export function renderConfigTable(): string {
    const rows = ["| key | stack | default | allowed | what it is |", "|---|---|---|---|---|"];
    for (const k of configKeys()) {
        const roles = k.roles.join(", ");
        const fields = k.node.properties
            ? Object.entries(k.node.properties).map(([n, node]) => [`${k.key}.${n}`, node, k.node.required?.includes(n) ?? false] as const)
            : [[k.key, k.node, k.required] as const];
        for (const [name, node, required] of fields) {
            const dflt = node.default !== undefined ? `\`${shown(node.default)}\`` : required ? "required" : "-";
            rows.push(`| \`${name}\` | ${roles} | ${cell(dflt)} | ${cell(allowed(node))} | ${cell(node.description ?? "")} |`);
        }
    }
    return rows.join("\n");
}
