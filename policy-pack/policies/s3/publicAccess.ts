/** Public access: S3.2, S3.3, S3.8 (public access block, bucket policy) and S3.12 (ACLs disabled). */
import { resourcePolicy, stackPolicy } from "../lib/define";
import { publicStatementMessages } from "../lib/principals";
import { S3_POLICY_DOCUMENT_TYPES, buckets, companionValues as values } from "../lib/s3";
import { UNKNOWN, bool, get, str } from "../lib/values";

const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const s3BucketPublicAccessBlocked = stackPolicy({
    name: "s3-bucket-public-access-blocked",
    description: "S3.2, S3.3, S3.8: every S3 bucket has a bucket-level public access block with all four flags true.",
    controls: ["S3.2", "S3.3", "S3.8"],
    enforcementLevel: "mandatory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const blocks = j.companions("publicAccessBlock");
            if (blocks.length === 0) {
                if (!j.ambiguous("publicAccessBlock")) report(`Bucket "${j.bucket.name}" has no BucketPublicAccessBlock.`, j.bucket.urn);
                continue;
            }
            const flagsOf = (p: Record<string, unknown>) => PAB_FLAGS.map((f) => [f, bool(get(p, f))] as const);
            if (blocks.some((b) => flagsOf(b.props).every(([, v]) => v === true))) continue;
            const all = blocks.map((b) => flagsOf(b.props));
            if (all.some((fs) => fs.some(([, v]) => v === UNKNOWN))) continue;
            const off = all[0]!.filter(([, v]) => v !== true).map(([f]) => f);
            report(`Bucket "${j.bucket.name}" public access block does not set ${off.join(", ")} to true.`, j.bucket.urn);
        }
    },
});

export const s3BucketPolicyNoPublicAccess = resourcePolicy({
    name: "s3-bucket-policy-no-public-access",
    description:
        'S3.2, S3.3: a bucket policy never allows access to everyone (Principal "*") without a condition restricting the caller to fixed principals or sources (lib/principals.ts).',
    controls: ["S3.2", "S3.3"],
    enforcementLevel: "mandatory",
    types: S3_POLICY_DOCUMENT_TYPES,
    module: __filename,
    validate: ({ props, report }) => {
        for (const m of publicStatementMessages(get(props, "policy"))) report(m);
    },
});

export const s3BucketAclsDisabled = stackPolicy({
    name: "s3-bucket-acls-disabled",
    description: "S3.12: every S3 bucket disables ACLs (ownership controls BucketOwnerEnforced).",
    controls: ["S3.12"],
    enforcementLevel: "mandatory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const owners = values(j, "ownership", (p) => str(get(p, "rule", "objectOwnership")));
            if (owners.includes("BucketOwnerEnforced") || owners.includes(UNKNOWN)) continue;
            if (owners.length === 0) {
                if (!j.ambiguous("ownership"))
                    report(`Bucket "${j.bucket.name}" has no BucketOwnershipControls with BucketOwnerEnforced.`, j.bucket.urn);
            } else {
                report(
                    `Bucket "${j.bucket.name}" object ownership is "${String(owners[0])}"; expected "BucketOwnerEnforced".`,
                    j.bucket.urn,
                );
            }
        }
    },
});
