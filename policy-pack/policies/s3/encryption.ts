/** Encryption at rest: the mission rule and S3.17 (SSE-KMS on data buckets). */
import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../lib/define";
import { type BucketJoin, buckets, inlineValues, logDestinationBuckets, pluck, reportUnlinked } from "../lib/s3";
import { UNKNOWN, str } from "../lib/values";

const SSE_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

/**
 * The SSE algorithms configured for a bucket: its companions', then the deprecated inline property's (a v7
 * Bucket's `serverSideEncryptionConfiguration.rule`, a BucketV2's `serverSideEncryptionConfigurations[].rules[]`),
 * read as `inlineValues` says.
 */
export function sseAlgorithms(j: BucketJoin): unknown[] {
    const out: unknown[] = [];
    for (const c of j.companions("encryption"))
        out.push(...pluckStrings(c.props, "rules", "[]", "applyServerSideEncryptionByDefault", "sseAlgorithm"));
    out.push(
        ...inlineValues(j.bucket, "serverSideEncryptionConfiguration", "rule", "applyServerSideEncryptionByDefault", "sseAlgorithm").map(
            str,
        ),
    );
    out.push(
        ...inlineValues(
            j.bucket,
            "serverSideEncryptionConfigurations",
            "[]",
            "rules",
            "[]",
            "applyServerSideEncryptionByDefaults",
            "[]",
            "sseAlgorithm",
        ).map(str),
    );
    return out;
}

function pluckStrings(v: unknown, ...path: string[]): unknown[] {
    return pluck(v, ...path).map(str);
}

export const s3BucketServerSideEncryption = stackPolicy({
    name: "s3-bucket-server-side-encryption",
    description: "Mission (encryption at rest): every S3 bucket has a default server-side encryption configuration.",
    controls: ["MISSION.EncryptionAtRest"],
    enforcementLevel: "mandatory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const algs = sseAlgorithms(j);
            if (algs.includes(UNKNOWN)) continue;
            if (algs.some((a) => typeof a === "string" && SSE_ALGORITHMS.includes(a))) continue;
            report(
                `Bucket "${j.bucket.name}" has no default server-side encryption (expected one of ${SSE_ALGORITHMS.join(", ")}).`,
                j.bucket.urn,
            );
        }
        reportUnlinked(graph, "encryption", report);
    },
});

export const s3BucketSseKms = stackPolicy<{ allowSseS3ForLogDestinations: boolean }>({
    name: "s3-bucket-sse-kms",
    description:
        "S3.17: S3 data buckets are encrypted with SSE-KMS (log destinations may use SSE-S3, which ALB and S3 log delivery require).",
    controls: ["S3.17"],
    enforcementLevel: "mandatory",
    config: {
        allowSseS3ForLogDestinations: {
            type: "boolean",
            default: true,
            description: "Buckets that receive ALB or S3 access logs (found through the graph) may use AES256.",
        },
    },
    module: __filename,
    validate: ({ graph, report, config }) => {
        const logs = config.allowSseS3ForLogDestinations ? logDestinationBuckets(graph) : new Set<PolicyResource>();
        for (const j of buckets(graph)) {
            if (logs.has(j.bucket)) continue;
            const algs = sseAlgorithms(j).filter((a) => a !== undefined);
            if (algs.length === 0 || algs.includes(UNKNOWN)) continue; // absence is s3-bucket-server-side-encryption's finding
            if (algs.some((a) => a === "aws:kms" || a === "aws:kms:dsse")) continue;
            report(`Bucket "${j.bucket.name}" uses ${String(algs[0])}; expected aws:kms or aws:kms:dsse.`, j.bucket.urn);
        }
    },
});
