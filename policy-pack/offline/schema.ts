/**
 * The subset of JSON Schema (draft 7) that policy `configSchema`s use, validated the way the engine does
 * before a preview: every problem is collected with its path. Defaults are applied to top-level properties
 * (the engine fills in schema defaults before calling `getConfig()`).
 */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

type Schema = PolicyConfigJSONSchema | boolean;

function typeOf(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "array";
    if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
    return typeof v;
}

function typeMatches(expected: string, v: unknown): boolean {
    const t = typeOf(v);
    return expected === t || (expected === "number" && t === "integer");
}

/** Problems of `value` against `schema`, each as "<path>: <problem>". */
export function validate(schema: Schema, value: unknown, path: string, out: string[] = []): string[] {
    if (schema === true) return out;
    if (schema === false) {
        out.push(`${path}: not allowed`);
        return out;
    }
    if (schema.type !== undefined) {
        const types = Array.isArray(schema.type) ? schema.type : [schema.type];
        if (!types.some((t) => typeMatches(t, value))) {
            out.push(`${path}: expected ${types.join(" or ")}, got ${typeOf(value)} (${JSON.stringify(value)})`);
            return out;
        }
    }
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        out.push(`${path}: expected one of ${JSON.stringify(schema.enum)}, got ${JSON.stringify(value)}`);
    }
    if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) {
        out.push(`${path}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
    }
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) out.push(`${path}: must be >= ${schema.minimum}, got ${value}`);
        if (schema.maximum !== undefined && value > schema.maximum) out.push(`${path}: must be <= ${schema.maximum}, got ${value}`);
        if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) out.push(`${path}: must be > ${schema.exclusiveMinimum}, got ${value}`);
        if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) out.push(`${path}: must be < ${schema.exclusiveMaximum}, got ${value}`);
    }
    if (typeof value === "string") {
        if (schema.minLength !== undefined && value.length < schema.minLength) out.push(`${path}: must have at least ${schema.minLength} character(s), got ${JSON.stringify(value)}`);
        if (schema.maxLength !== undefined && value.length > schema.maxLength) out.push(`${path}: must have at most ${schema.maxLength} character(s)`);
        if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) out.push(`${path}: must match ${schema.pattern}, got ${JSON.stringify(value)}`);
    }
    if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${path}: must have at least ${schema.minItems} item(s)`);
        if (schema.maxItems !== undefined && value.length > schema.maxItems) out.push(`${path}: must have at most ${schema.maxItems} item(s)`);
        if (schema.items !== undefined && !Array.isArray(schema.items)) value.forEach((v, i) => validate(schema.items as Schema, v, `${path}[${i}]`, out));
    }
    if (typeOf(value) === "object") {
        const obj = value as Record<string, unknown>;
        for (const r of schema.required ?? []) if (!(r in obj)) out.push(`${path}: missing required property "${r}"`);
        for (const [k, v] of Object.entries(obj)) {
            const ps = schema.properties?.[k];
            if (ps !== undefined) validate(ps, v, `${path}.${k}`, out);
            else if (schema.additionalProperties !== undefined) validate(schema.additionalProperties, v, `${path}.${k}`, out);
        }
    }
    return out;
}
