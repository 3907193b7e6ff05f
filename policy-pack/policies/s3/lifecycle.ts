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

/**
 * The actions of a lifecycle rule (companion `rules[]`, v7 Bucket inline `lifecycleRules[]`, BucketV2 inline
 * `lifecycleRules[]` with plural blocks). `noncurrent` are the S3.10 ones.
 */
const NONCURRENT_ACTIONS = ["noncurrentVersionExpiration", "noncurrentVersionExpirations", "noncurrentVersionTransitions"];
const ANY_ACTIONS = [
    ...NONCURRENT_ACTIONS,
    "expiration",
    "expirations",
    "transitions",
    "abortIncompleteMultipartUpload",
    "abortIncompleteMultipartUploadDays",
];

type Verdict = boolean | typeof UNKNOWN;

/** Whether some enabled rule of `rules` has one of `actions`; `UNKNOWN` when only an unknown part could. */
function hasRule(rules: unknown, enabledOf: (r: unknown) => Verdict, actions: string[]): Verdict {
    const l = list(rules);
    if (l === UNKNOWN) return UNKNOWN;
    let unknown = false;
    for (const r of l ?? []) {
        if (r === UNKNOWN) {
            unknown = true;
            continue;
        }
        const enabled = enabledOf(r);
        const values = actions.map((k) => get(r, k));
        if (enabled === UNKNOWN || values.includes(UNKNOWN)) unknown = true;
        else if (enabled && values.some(present)) return true;
    }
    return unknown ? UNKNOWN : false;
}

/** The verdicts of a bucket's companions and of its deprecated inline `lifecycleRules` (read as `inlineValues` says). */
function lifecycleVerdicts(j: BucketJoin, actions: string[]): Verdict[] {
    const out = values(j, "lifecycle", (p) =>
        hasRule(
            get(p, "rules"),
            (r) => {
                const s = str(get(r, "status"));
                return s === UNKNOWN ? UNKNOWN : s === "Enabled";
            },
            actions,
        ),
    ) as Verdict[];
    const inline = hasRule(
        get(j.bucket.props, "lifecycleRules"),
        (r) => {
            const e = bool(get(r, "enabled"));
            return e === UNKNOWN ? UNKNOWN : e === true;
        },
        actions,
    );
    out.push(inline === UNKNOWN && !setFromOutput(j.bucket, "lifecycleRules") ? false : inline);
    return out;
}

/**
 * What the rule requires (Security Hub S3.13 "S3 general purpose buckets should have Lifecycle configurations",
 * S3.10 "... with versioning enabled should have Lifecycle configurations"): every bucket has an enabled rule
 * with some action (expiration, transition, abort incomplete multipart uploads, or a noncurrent-version one),
 * which bounds what an unversioned bucket keeps; a provably versioned bucket needs an enabled noncurrent-version
 * expiration or transition, since its overwritten and deleted objects are kept as noncurrent versions forever
 * otherwise. A bucket whose versioning is not known must meet the first floor, which holds either way.
 */
export const s3BucketLifecycleNoncurrentVersions = stackPolicy({
    name: "s3-bucket-lifecycle-noncurrent-versions",
    description:
        "S3.10, S3.13: every S3 bucket has an enabled lifecycle rule with an action (S3.13), and a versioned bucket's rules expire or transition noncurrent versions (S3.10).",
    controls: ["S3.10", "S3.13"],
    enforcementLevel: "advisory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const versioned = provablyVersioned(j);
            const results = lifecycleVerdicts(j, versioned ? NONCURRENT_ACTIONS : ANY_ACTIONS);
            if (results.includes(true) || results.includes(UNKNOWN)) continue;
            report(
                versioned
                    ? `Bucket "${j.bucket.name}" is versioned but has no enabled lifecycle rule for noncurrent versions.`
                    : `Bucket "${j.bucket.name}" has no enabled lifecycle rule (S3.13: an expiration, transition, abort-incomplete-multipart-upload or noncurrent-version action).`,
                j.bucket.urn,
            );
        }
        reportUnlinked(graph, "lifecycle", report);
    },
});
