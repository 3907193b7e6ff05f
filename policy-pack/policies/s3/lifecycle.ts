/** S3.10, S3.13: lifecycle rules. */
import { stackPolicy } from "../lib/define";
import { type BucketJoin, buckets, companionValues as values, reportUnlinked, setFromOutput } from "../lib/s3";
import { UNKNOWN, bool, get, isSet, list, str } from "../lib/values";
import { provablyVersioned } from "./versioning";

/** A known, non-empty value (an empty list is not a lifecycle action). */
function present(v: unknown): boolean {
    const l = Array.isArray(v) ? list(v) : undefined;
    return isSet(v) && (l === undefined || (l !== UNKNOWN && l.length > 0));
}

/** The deprecated inline `lifecycleRules` of a bucket (v7 Bucket and BucketV2), read as `inlineValues` says. */
function inlineLifecycle(j: BucketJoin): boolean | typeof UNKNOWN {
    const r = hasNoncurrentRule(get(j.bucket.props, "lifecycleRules"), (rule) => {
        const e = bool(get(rule, "enabled"));
        return e === UNKNOWN ? UNKNOWN : e === true;
    });
    return r === UNKNOWN && !setFromOutput(j.bucket, "lifecycleRules") ? false : r;
}

function hasNoncurrentRule(rules: unknown, enabledOf: (r: unknown) => boolean | typeof UNKNOWN): boolean | typeof UNKNOWN {
    const l = list(rules);
    if (l === UNKNOWN) return UNKNOWN;
    let unknown = false;
    for (const r of l ?? []) {
        if (r === UNKNOWN) {
            unknown = true;
            continue;
        }
        const enabled = enabledOf(r);
        // `noncurrentVersionExpiration` (an object; a BucketV2 inline rule has `noncurrentVersionExpirations[]`)
        // or `noncurrentVersionTransitions[]`.
        const actions = ["noncurrentVersionExpiration", "noncurrentVersionExpirations", "noncurrentVersionTransitions"].map((k) =>
            get(r, k),
        );
        if (enabled === UNKNOWN || actions.includes(UNKNOWN)) unknown = true;
        else if (enabled && actions.some(present)) return true;
    }
    return unknown ? UNKNOWN : false;
}

export const s3BucketLifecycleNoncurrentVersions = stackPolicy({
    name: "s3-bucket-lifecycle-noncurrent-versions",
    description: "S3.10, S3.13: versioned S3 buckets have an enabled lifecycle rule for noncurrent versions.",
    controls: ["S3.10", "S3.13"],
    enforcementLevel: "advisory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            if (!provablyVersioned(j)) continue;
            const results = values(j, "lifecycle", (p) =>
                hasNoncurrentRule(get(p, "rules"), (r) => {
                    const s = str(get(r, "status"));
                    return s === UNKNOWN ? UNKNOWN : s === "Enabled";
                }),
            );
            results.push(inlineLifecycle(j));
            if (results.includes(true) || results.includes(UNKNOWN)) continue;
            report(`Bucket "${j.bucket.name}" is versioned but has no enabled lifecycle rule for noncurrent versions.`, j.bucket.urn);
        }
        reportUnlinked(graph, "lifecycle", report);
    },
});
