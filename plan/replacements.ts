/**
 * Which input changes force a replacement, per resource type: the provider's ForceNew
 * attributes (Terraform `ForceNew` / `RequiresReplace`), kept as data in
 * `data/replacements.json` with the source each entry was read from. A type without an entry
 * is "replacement unknown": the plan says so instead of guessing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { touchesPath } from "./propertyPaths";

/** One type's entry. */
export interface ReplacementEntry {
    /** Input paths whose change replaces the resource (`[]` = any list element). */
    readonly forceNew: readonly string[];
    /** Where this was read: repository, file and commit (or the documentation page). */
    readonly source: string;
    readonly notes?: string;
}

/** The replacement data: type token → entry. */
export type ReplacementData = Readonly<Record<string, ReplacementEntry>>;

/** The data file's location. */
export const REPLACEMENTS_FILE = join(__dirname, "data", "replacements.json");

let cached: ReplacementData | undefined;

/** The shipped replacement data (read once). */
export function replacementData(): ReplacementData {
    cached ??= (JSON.parse(readFileSync(REPLACEMENTS_FILE, "utf8")) as { types: ReplacementData }).types;
    return cached;
}

/** The diff paths among `diffs` that force a replacement under `entry`. */
export function forcingPaths(entry: ReplacementEntry, diffs: readonly string[]): string[] {
    return diffs.filter((d) => entry.forceNew.some((f) => touchesPath(f, d)));
}
