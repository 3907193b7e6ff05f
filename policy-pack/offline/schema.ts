/**
 * The subset of JSON Schema (draft 7) that policy `configSchema`s use, validated the way the engine does
 * before a preview: every problem is collected with its path. Defaults are applied to top-level properties
 * (the engine fills in schema defaults before calling `getConfig()`).
 *
 * Each problem names the key (its path), the value found and what is allowed.
 */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

type Schema = PolicyConfigJSONSchema | boolean;

/** One problem of a value against a schema: where (e.g. `exemptions[0].reason`) and what is wrong. */
export interface SchemaProblem {
    path: string;
    problem: string;
}

export function typeOf(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "array";
    if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
    return typeof v;
}

function typeMatches(expected: string, v: unknown): boolean {
    const t = typeOf(v);
    return expected === t || (expected === "number" && t === "integer");
}

/** A value as it appears in a message: its JSON, shortened when long. */
export function shown(v: unknown, max = 80): string {
    const s = v === undefined ? "undefined" : JSON.stringify(v);
    return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

/** Problems of `value` against `schema`, each with its path. */
export function schemaProblems(schema: Schema, value: unknown, path: string, out: SchemaProblem[] = []): SchemaProblem[] {
    const push = (problem: string, at = path) => void out.push({ path: at, problem });
    if (schema === true) return out;
    if (schema === false) {
        push(`not allowed, got ${shown(value)}`);
        return out;
    }
    if (schema.type !== undefined) {
        const types = Array.isArray(schema.type) ? schema.type : [schema.type];
        if (!types.some((t) => typeMatches(t, value))) {
            push(`expected ${types.join(" or ")}, got ${typeOf(value)} (${shown(value)})`);
            return out;
        }
    }
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        push(`expected one of ${JSON.stringify(schema.enum)}, got ${shown(value)}`);
    }
    if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) {
        push(`expected ${JSON.stringify(schema.const)}, got ${shown(value)}`);
    }
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) push(`must be >= ${schema.minimum}, got ${value}`);
        if (schema.maximum !== undefined && value > schema.maximum) push(`must be <= ${schema.maximum}, got ${value}`);
        if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
            push(`must be > ${schema.exclusiveMinimum}, got ${value}`);
        if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
            push(`must be < ${schema.exclusiveMaximum}, got ${value}`);
    }
    if (typeof value === "string") {
        if (schema.minLength !== undefined && value.length < schema.minLength)
            push(`must have at least ${schema.minLength} character(s), got ${shown(value)}`);
        if (schema.maxLength !== undefined && value.length > schema.maxLength)
            push(`must have at most ${schema.maxLength} character(s), got ${value.length}`);
        if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value))
            push(`must match ${schema.pattern}, got ${shown(value)}`);
    }
    if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems)
            push(`must have at least ${schema.minItems} item(s), got ${value.length}`);
        if (schema.maxItems !== undefined && value.length > schema.maxItems)
            push(`must have at most ${schema.maxItems} item(s), got ${value.length}`);
        if (schema.items !== undefined && !Array.isArray(schema.items))
            value.forEach((v, i) => {
                schemaProblems(schema.items as Schema, v, `${path}[${i}]`, out);
            });
    }
    if (typeOf(value) === "object") {
        const obj = value as Record<string, unknown>;
        for (const r of schema.required ?? []) if (!(r in obj)) push(`missing required property "${r}"`);
        for (const [k, v] of Object.entries(obj)) {
            const ps = schema.properties?.[k];
            if (ps !== undefined) schemaProblems(ps, v, `${path}.${k}`, out);
            else if (schema.additionalProperties === false)
                push(`unknown key; allowed: ${Object.keys(schema.properties ?? {}).join(", ")}`, `${path}.${k}`);
            else if (schema.additionalProperties !== undefined) schemaProblems(schema.additionalProperties, v, `${path}.${k}`, out);
        }
    }
    return out;
}

/** Problems of `value` against `schema`, each as "<path>: <problem>". */
export function validate(schema: Schema, value: unknown, path: string, out: string[] = []): string[] {
    for (const p of schemaProblems(schema, value, path)) out.push(`${p.path}: ${p.problem}`);
    return out;
}
