/** S3.14 and the mission rule: versioning on every bucket. */
import { stackPolicy } from "../lib/define";
import { type BucketJoin, buckets, companionValues as values, inlineValues, reportUnlinked } from "../lib/s3";
import { UNKNOWN, bool, get, str } from "../lib/values";

/**
 * The deprecated inline versioning of a bucket (`versioning.enabled` of a v7 Bucket, `versionings[].enabled`
 * of a BucketV2): see `inlineValues` for what an unknown or a "disabled" inline value proves (nothing).
 */
function inlineVersioning(j: BucketJoin): unknown[] {
    return [...inlineValues(j.bucket, "versioning", "enabled"), ...inlineValues(j.bucket, "versionings", "[]", "enabled")].map(bool);
}

/** `true` when the bucket is provably versioned (a companion with status Enabled, or a known inline `enabled`). */
export function provablyVersioned(j: BucketJoin): boolean {
    return (
        values(j, "versioning", (p) => str(get(p, "versioningConfiguration", "status"))).includes("Enabled") ||
        inlineVersioning(j).includes(true)
    );
}

/** What provably keeps the bucket from being versioned (e.g. `versioning status is "Suspended"`), else `undefined`. */
export function versioningProblem(j: BucketJoin): string | undefined {
    const statuses = values(j, "versioning", (p) => str(get(p, "versioningConfiguration", "status")));
    const inline = inlineVersioning(j);
    if (statuses.includes("Enabled") || inline.includes(true)) return undefined;
    if (statuses.includes(UNKNOWN) || inline.includes(UNKNOWN)) return undefined;
    const bad = statuses.find((s) => typeof s === "string");
    if (typeof bad === "string") return `versioning status is "${bad}"; expected "Enabled".`;
    return `has no BucketVersioning with status "Enabled".`;
}

export const s3BucketVersioningEnabled = stackPolicy({
    name: "s3-bucket-versioning-enabled",
    description: "S3.14: every S3 bucket has versioning enabled (mission rule: versioning on every bucket).",
    controls: ["S3.14", "MISSION.Versioning"],
    enforcementLevel: "mandatory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const problem = versioningProblem(j);
            if (problem) report(`Bucket "${j.bucket.name}" ${problem}`, j.bucket.urn);
        }
        reportUnlinked(graph, "versioning", report);
    },
});
