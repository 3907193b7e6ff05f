/** Public access: S3.2, S3.3, S3.8 (public access block, bucket policy) and S3.12 (ACLs disabled). */
import type { PolicyResource } from "@pulumi/policy";
import { resourcePolicy, stackPolicy } from "../lib/define";
import { publicStatementMessages } from "../lib/principals";
import { S3_POLICY_DOCUMENT_TYPES, attribution, buckets, companionLabel, reportUnlinked } from "../lib/s3";
import { UNKNOWN, bool, get, str } from "../lib/values";

const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

/** The flags the blocks leave off (of the first block, when none sets all four); `undefined` when one sets all, or any flag is unknown. */
function flagsOff(blocks: PolicyResource[]): string[] | undefined {
    const all = blocks.map((b) => PAB_FLAGS.map((f) => [f, bool(get(b.props, f))] as const));
    if (all.some((fs) => fs.every(([, v]) => v === true))) return undefined;
    if (all.some((fs) => fs.some(([, v]) => v === UNKNOWN))) return undefined;
    return all[0]!.filter(([, v]) => v !== true).map(([f]) => f);
}

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
                report(`Bucket "${j.bucket.name}" has no BucketPublicAccessBlock.`, j.bucket.urn);
                continue;
            }
            const off = flagsOff(blocks);
            if (off) report(`Bucket "${j.bucket.name}" public access block does not set ${off.join(", ")} to true.`, j.bucket.urn);
        }
        // A block whose bucket is not created here (or cannot be linked) is judged on its own.
        const { external, unlinked } = attribution(graph, "publicAccessBlock");
        for (const c of [...external, ...unlinked]) {
            const off = flagsOff([c]);
            if (off) report(`${companionLabel(c)} does not set ${off.join(", ")} to true.`, c.urn);
        }
        reportUnlinked(graph, "publicAccessBlock", report);
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
        const ownershipOf = (cs: PolicyResource[]) => cs.map((c) => str(get(c.props, "rule", "objectOwnership")));
        const wrong = (owners: unknown[]) =>
            owners.includes("BucketOwnerEnforced") || owners.includes(UNKNOWN) || owners.length === 0
                ? undefined
                : `object ownership is "${String(owners[0])}"; expected "BucketOwnerEnforced".`;
        for (const j of buckets(graph)) {
            const owners = ownershipOf(j.companions("ownership"));
            if (owners.length === 0)
                report(`Bucket "${j.bucket.name}" has no BucketOwnershipControls with BucketOwnerEnforced.`, j.bucket.urn);
            const problem = wrong(owners);
            if (problem) report(`Bucket "${j.bucket.name}" ${problem}`, j.bucket.urn);
        }
        const { external, unlinked } = attribution(graph, "ownership");
        for (const c of [...external, ...unlinked]) {
            const problem = wrong(ownershipOf([c]));
            if (problem) report(`${companionLabel(c)} ${problem}`, c.urn);
        }
        reportUnlinked(graph, "ownership", report);
    },
});
