/** Public access: S3.2, S3.3, S3.8 (public access block, bucket policy, ACLs) and S3.12 (ACLs disabled). */
import type { PolicyResource } from "@pulumi/policy";
import { resourcePolicy, stackPolicy } from "../lib/define";
import { publicStatementMessages } from "../lib/principals";
import { S3_POLICY_DOCUMENT_TYPES, attribution, buckets, companionLabel, reportUnlinked } from "../lib/s3";
import { S3_BUCKET_TYPES } from "../lib/graph";
import { UNKNOWN, bool, get, list, str, strings } from "../lib/values";

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

/**
 * Canned ACLs that grant to a global group (Amazon S3 User Guide, "Access control list (ACL) overview", Canned
 * ACL): `log-delivery-write` grants the log delivery group only, which S3 server access logging may need.
 */
const PUBLIC_CANNED_ACLS: Record<string, string> = {
    "public-read": "READ to AllUsers (everyone)",
    "public-read-write": "READ, WRITE to AllUsers (everyone)",
    "authenticated-read": "READ to AuthenticatedUsers (any AWS account)",
};

/** The global groups an ACL grant may name (ACL overview, "Amazon S3 predefined groups"). */
const PUBLIC_GROUPS: Record<string, string> = {
    "http://acs.amazonaws.com/groups/global/allusers": "AllUsers (everyone)",
    "http://acs.amazonaws.com/groups/global/authenticatedusers": "AuthenticatedUsers (any AWS account)",
};

const S3_ACL_TYPES = ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"];

export const s3BucketAclNotPublic = resourcePolicy({
    name: "s3-bucket-acl-not-public",
    description:
        "S3.2, S3.3: no bucket ACL grants access to everyone or to any AWS account: no canned public-read, public-read-write or authenticated-read, no AllUsers or AuthenticatedUsers grant (inline acl/grants on a bucket, BucketAcl, BucketAclV2; judged whether or not the bucket is created in the stack).",
    controls: ["S3.2", "S3.3"],
    enforcementLevel: "mandatory",
    types: [...S3_BUCKET_TYPES, ...S3_ACL_TYPES],
    module: __filename,
    validate: ({ type, props, report }) => {
        const canned = str(get(props, "acl"));
        if (typeof canned === "string" && PUBLIC_CANNED_ACLS[canned]) report(`acl "${canned}" grants ${PUBLIC_CANNED_ACLS[canned]}.`);
        const acl = S3_ACL_TYPES.includes(type);
        // BucketAcl: accessControlPolicy.grants[].{grantee.{type, uri}, permission}; a bucket: grants[].{type, uri, permissions[]}.
        const grants = list(acl ? get(props, "accessControlPolicy", "grants") : get(props, "grants"));
        if (grants === UNKNOWN) return;
        (grants ?? []).forEach((g, i) => {
            const uri = str(acl ? get(g, "grantee", "uri") : get(g, "uri"));
            const group = typeof uri === "string" ? PUBLIC_GROUPS[uri.toLowerCase()] : undefined;
            if (!group) return;
            const perms = acl ? strings(get(g, "permission")) : strings(get(g, "permissions"));
            if (perms === UNKNOWN || !perms) return;
            const known = perms.filter((p): p is string => typeof p === "string");
            if (known.length === 0) return;
            report(`${acl ? "accessControlPolicy grant" : "grant"} ${i} gives ${known.join(", ")} to ${group}.`);
        });
    },
});
