/**
 * Unknown-safe access to resource properties.
 *
 * On a first `pulumi preview` a property whose value is not yet known is a sentinel, and the engine wraps
 * `props` in a proxy that throws `UnknownValueError` when such a property is touched. A policy must never
 * crash on that and never report what it cannot prove, so every read goes through `get`, which returns the
 * `UNKNOWN` symbol instead of throwing. The raw sentinel strings (seen when props are not proxied) are
 * recognised too. This module loads no Pulumi SDK: the sentinels are copied from `@pulumi/policy/proxy`.
 */

/** Marker for "this value cannot be known during preview". */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

/** The sentinel values `@pulumi/policy` 1.21 uses for unknowns (see `@pulumi/policy/proxy`). */
const SENTINELS = new Set<string>([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** True for the error `unknownCheckingProxy` throws (matched by name: the SDK class is not imported). */
export function isUnknownValueError(e: unknown): boolean {
    return e instanceof Error && (e.constructor?.name === "UnknownValueError" || /can't be known during preview/.test(e.message));
}

export function isUnknown(v: unknown): v is Unknown {
    return v === UNKNOWN || (typeof v === "string" && SENTINELS.has(v));
}

/** Reads `obj[path[0]][path[1]]...`; `undefined` when absent, `UNKNOWN` when any step is unknown. */
export function get(obj: unknown, ...path: (string | number)[]): unknown {
    let cur: unknown = obj;
    for (const key of path) {
        if (isUnknown(cur)) return UNKNOWN;
        if (cur === null || cur === undefined || typeof cur !== "object") return undefined;
        try {
            cur = (cur as Record<string | number, unknown>)[key];
        } catch (e) {
            if (isUnknownValueError(e)) return UNKNOWN;
            throw e;
        }
    }
    return isUnknown(cur) ? UNKNOWN : cur;
}

/** A known string, `UNKNOWN`, or `undefined` (absent or another type). */
export function str(v: unknown): string | Unknown | undefined {
    if (isUnknown(v)) return UNKNOWN;
    return typeof v === "string" ? v : undefined;
}

/** A known number (numeric strings accepted: provider configs arrive as strings), `UNKNOWN` or `undefined`. */
export function num(v: unknown): number | Unknown | undefined {
    if (isUnknown(v)) return UNKNOWN;
    if (typeof v === "number") return v;
    if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
    return undefined;
}

/** A known boolean (`"true"`/`"false"` accepted), `UNKNOWN` or `undefined`. */
export function bool(v: unknown): boolean | Unknown | undefined {
    if (isUnknown(v)) return UNKNOWN;
    if (typeof v === "boolean") return v;
    if (v === "true") return true;
    if (v === "false") return false;
    return undefined;
}

/**
 * A known array whose elements are read safely (an unknown element becomes `UNKNOWN`), `UNKNOWN` when the
 * array itself is unknown, `undefined` when absent. A single object is treated as a one-element list
 * (some providers flatten max-1 lists).
 */
export function list(v: unknown): unknown[] | Unknown | undefined {
    if (isUnknown(v)) return UNKNOWN;
    if (v === null || v === undefined) return undefined;
    if (!Array.isArray(v)) return typeof v === "object" ? [v] : undefined;
    let n: number;
    try {
        n = v.length;
    } catch (e) {
        if (isUnknownValueError(e)) return UNKNOWN;
        throw e;
    }
    const out: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = get(v, i);
    return out;
}

/** The keys of a known object, or `UNKNOWN`/`undefined`. */
export function keys(v: unknown): string[] | Unknown | undefined {
    if (isUnknown(v)) return UNKNOWN;
    if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
    return Object.keys(v);
}

/** True when `v` is a known, non-empty value (non-empty string, any number or boolean, object, array). */
export function isSet(v: unknown): boolean {
    if (v === undefined || v === null || isUnknown(v)) return false;
    if (typeof v === "string") return v.length > 0;
    return true;
}

/** Parses a JSON document that may arrive as a string, an object, or unknown. `undefined` when unparsable. */
export function json(v: unknown): unknown {
    if (isUnknown(v)) return UNKNOWN;
    if (typeof v === "string") {
        if (v.trim() === "") return undefined;
        try {
            return JSON.parse(v);
        } catch {
            return undefined;
        }
    }
    return v ?? undefined;
}

/** Normalises a string-or-list field (IAM `Action`, `Resource`, `Principal.AWS`) to a list. */
export function strings(v: unknown): (string | Unknown)[] | Unknown | undefined {
    if (isUnknown(v)) return UNKNOWN;
    if (typeof v === "string") return [v];
    const l = list(v);
    if (l === UNKNOWN || l === undefined) return l;
    const out: (string | Unknown)[] = [];
    for (const x of l) {
        const s = str(x);
        if (s !== undefined) out.push(s);
    }
    return out;
}
