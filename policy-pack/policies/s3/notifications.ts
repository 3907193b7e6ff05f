/** S3.11: event notifications. */
import { stackPolicy } from "../lib/define";
import { buckets, reportUnlinked } from "../lib/s3";
import { UNKNOWN, bool, get, list } from "../lib/values";

export const s3BucketEventNotifications = stackPolicy({
    name: "s3-bucket-event-notifications",
    description: "S3.11: every S3 bucket has event notifications (EventBridge, SNS, SQS or Lambda).",
    controls: ["S3.11"],
    enforcementLevel: "advisory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const ns = j.companions("notification");
            if (ns.length === 0) {
                report(`Bucket "${j.bucket.name}" has no BucketNotification.`, j.bucket.urn);
                continue;
            }
            const configured = ns.map((n) => {
                const vals = [
                    bool(get(n.props, "eventbridge")),
                    ...["topics", "queues", "lambdaFunctions"].map((k) => list(get(n.props, k))),
                ];
                if (vals.includes(UNKNOWN)) return UNKNOWN;
                return vals[0] === true || vals.slice(1).some((v) => Array.isArray(v) && v.length > 0);
            });
            if (configured.includes(true) || configured.includes(UNKNOWN)) continue;
            report(
                `Bucket "${j.bucket.name}" BucketNotification sends no events (eventbridge, topics, queues or lambdaFunctions).`,
                j.bucket.urn,
            );
        }
        reportUnlinked(graph, "notification", report);
    },
});
