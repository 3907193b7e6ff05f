/** S3.9: server access logging. */
import { stackPolicy } from "../lib/define";
import { buckets, companionValues as values, inlineValues, reportUnlinked } from "../lib/s3";
import { UNKNOWN, get, isSet } from "../lib/values";

export const s3BucketAccessLoggingEnabled = stackPolicy({
    name: "s3-bucket-access-logging-enabled",
    description: "S3.9: every S3 bucket has server access logging (exempt the log bucket itself, with a reason).",
    controls: ["S3.9"],
    enforcementLevel: "advisory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const targets = values(j, "logging", (p) => get(p, "targetBucket"));
            // Inline: a v7 Bucket's `logging.targetBucket`, a BucketV2's `loggings[].targetBucket`.
            targets.push(...inlineValues(j.bucket, "logging", "targetBucket"), ...inlineValues(j.bucket, "loggings", "[]", "targetBucket"));
            if (targets.some((t) => t === UNKNOWN || isSet(t))) continue;
            report(`Bucket "${j.bucket.name}" has no server access logging (BucketLogging with a targetBucket).`, j.bucket.urn);
        }
        reportUnlinked(graph, "logging", report);
    },
});
