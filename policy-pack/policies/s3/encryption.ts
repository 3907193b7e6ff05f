/** Encryption at rest: the mission rule and S3.17 (SSE-KMS on data buckets). */
import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../lib/define";
import { type BucketJoin, buckets, inlineValues, logDestinationBuckets, pluck, reportUnlinked } from "../lib/s3";
import { UNKNOWN, get, str } from "../lib/values";

const SSE_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

/**
 * The default-encryption settings (`applyServerSideEncryptionByDefault` objects, `UNKNOWN` when not known) of a
 * bucket: its companions', then the deprecated inline property's (a v7 Bucket's
 * `serverSideEncryptionConfiguration.rule`, a BucketV2's `serverSideEncryptionConfigurations[].rules[]`), read as
 * `inlineValues` says.
 */
function sseDefaults(j: BucketJoin): unknown[] {
    const out: unknown[] = [];
    for (const c of j.companions("encryption")) out.push(...pluck(c.props, "rules", "[]", "applyServerSideEncryptionByDefault"));
    out.push(...inlineValues(j.bucket, "serverSideEncryptionConfiguration", "rule", "applyServerSideEncryptionByDefault"));
    out.push(
        ...inlineValues(j.bucket, "serverSideEncryptionConfigurations", "[]", "rules", "[]", "applyServerSideEncryptionByDefaults", "[]"),
    );
    return out;
}

/** The SSE algorithms configured for a bucket (see {@link sseDefaults}); `UNKNOWN` for each unknown one. */
export function sseAlgorithms(j: BucketJoin): unknown[] {
    return sseDefaults(j).map((d) => (d === UNKNOWN ? UNKNOWN : str(get(d, "sseAlgorithm"))));
}

/** An AWS managed key (`alias/aws/s3`, as an alias name or ARN): one the account cannot control or audit apart. */
const awsManagedKey = (key: string): boolean => /(^|:)alias\/aws\/s3$/.test(key);

/**
 * What keeps one default-encryption setting from being an explicit, customer-key configuration, else
 * `undefined` (also when a value is not known). AES256 passes here: s3-bucket-sse-kms allows it on log
 * destinations only.
 */
function encryptionProblem(d: unknown): string | undefined {
    const alg = str(get(d, "sseAlgorithm"));
    if (alg === UNKNOWN) return undefined;
    if (alg === undefined || !SSE_ALGORITHMS.includes(alg))
        return `default encryption algorithm ${JSON.stringify(alg ?? null)} is not one of ${SSE_ALGORITHMS.join(", ")}.`;
    if (alg === "AES256") return undefined;
    const key = str(get(d, "kmsMasterKeyId"));
    if (key === UNKNOWN) return undefined;
    // Amazon S3 User Guide, "Specifying server-side encryption with AWS KMS": without a key ID, S3 uses the AWS
    // managed key aws/s3.
    if (key === undefined || key === "")
        return `default encryption uses ${alg} without a kmsMasterKeyId, so S3 uses the AWS managed key aws/s3; expected a customer managed key.`;
    if (awsManagedKey(key)) return `default encryption uses the AWS managed key "${key}"; expected a customer managed key.`;
    return undefined;
}

export const s3BucketServerSideEncryption = stackPolicy({
    name: "s3-bucket-server-side-encryption",
    description:
        "Mission (encryption at rest): every S3 bucket has an explicit default encryption configuration (S3's implicit SSE-S3 default does not count), and a KMS one names a customer managed key.",
    controls: ["MISSION.EncryptionAtRest"],
    enforcementLevel: "mandatory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const defaults = sseDefaults(j);
            if (defaults.includes(UNKNOWN)) continue;
            // Since January 2023 S3 encrypts every new object with SSE-S3 when a bucket has no configuration
            // ("Amazon S3 now automatically encrypts all new objects"): what this rule requires is an explicit one.
            if (defaults.length === 0) {
                report(
                    `Bucket "${j.bucket.name}" has no explicit default encryption configuration; S3's implicit SSE-S3 default does not count. Expected a BucketServerSideEncryptionConfiguration with a customer managed KMS key (aws:kms or aws:kms:dsse and a kmsMasterKeyId), or AES256 on a log destination (see s3-bucket-sse-kms).`,
                    j.bucket.urn,
                );
                continue;
            }
            const problems = defaults.map(encryptionProblem);
            if (problems.includes(undefined)) continue;
            report(`Bucket "${j.bucket.name}" ${problems[0]}`, j.bucket.urn);
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
