/**
 * Which input properties differ between two versions of a resource, as paths to the deepest
 * values that differ. Masked secrets compare by fingerprint (`[secret:1a2b3c4d]`); a bare
 * `[secret]` (a preview file written before fingerprints) cannot be compared and counts as equal.
 */
import { childPath } from "./propertyPaths";

const FINGERPRINTED = /\[secret:[0-9a-f]{8}\]/g;
const BARE = "[secret]";

function stringsEqual(a: string, b: string): boolean {
    if (a === b) return true;
    if (a.includes(BARE) || b.includes(BARE)) return a.replace(FINGERPRINTED, BARE) === b.replace(FINGERPRINTED, BARE);
    return false;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Paths (from `path`) at which `before` and `after` differ; empty when they are equal. */
export function diffPaths(before: unknown, after: unknown, path = ""): string[] {
    if (typeof before === "string" && typeof after === "string") return stringsEqual(before, after) ? [] : [path];
    if (Array.isArray(before) && Array.isArray(after)) {
        const out: string[] = [];
        for (let i = 0; i < Math.max(before.length, after.length); i++) {
            if (i >= before.length || i >= after.length) out.push(childPath(path, i));
            else out.push(...diffPaths(before[i], after[i], childPath(path, i)));
        }
        return out;
    }
    if (isObject(before) && isObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((k) => {
            if (!(k in before) || !(k in after)) return before[k] === undefined && after[k] === undefined ? [] : [childPath(path, k)];
            return diffPaths(before[k], after[k], childPath(path, k));
        });
    }
    return Object.is(before, after) ? [] : [path];
}
