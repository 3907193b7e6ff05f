import { expect } from "chai";
import * as s3 from "../../../policies/s3/publicAccess";
import { U, checkResource, edit, resourcePolicySuite, set, stackPolicySuite, without } from "../../harness";
import { B, T, tlsOnly, stack, firstPreview, cases } from "./fixtures";

stackPolicySuite(s3.s3BucketPublicAccessBlocked, {
    compliant: stack,
    cases: cases(
        [
            "blockPublicPolicy false",
            (f) => edit(f, "data-pab", (p) => set(p, "blockPublicPolicy", false)),
            ['data: Bucket "data" public access block does not set blockPublicPolicy to true.'],
        ],
        [
            "two flags off",
            (f) => edit(f, "logs-pab", (p) => set(set(p, "ignorePublicAcls", false), "restrictPublicBuckets", undefined)),
            ['logs: Bucket "logs" public access block does not set ignorePublicAcls, restrictPublicBuckets to true.'],
        ],
        [
            "a public access block for a bucket not created in the stack, judged on its own",
            (f) => [
                ...f,
                {
                    type: T.pab,
                    name: "ext-pab",
                    props: {
                        bucket: "ext",
                        blockPublicAcls: true,
                        blockPublicPolicy: false,
                        ignorePublicAcls: true,
                        restrictPublicBuckets: true,
                    },
                },
            ],
            ['ext-pab: BucketPublicAccessBlock "ext-pab" (bucket "ext") does not set blockPublicPolicy to true.'],
        ],
    ),
    unset: ["no public access block", (f) => without(f, "data-pab"), ['data: Bucket "data" has no BucketPublicAccessBlock.']],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview with one public access block's flags unknown and the other bucket's missing",
        edit(firstPreview(without(stack, "data-pab")), "logs-pab", (p) => ({
            ...p,
            blockPublicAcls: U.boolean,
            restrictPublicBuckets: U.boolean,
        })),
        ['data: Bucket "data" has no BucketPublicAccessBlock.'],
    ],
});

stackPolicySuite(s3.s3BucketAclsDisabled, {
    compliant: stack,
    cases: cases(
        [
            "ObjectWriter",
            (f) => edit(f, "data-ownership", (p) => set(p, "rule.objectOwnership", "ObjectWriter")),
            ['data: Bucket "data" object ownership is "ObjectWriter"; expected "BucketOwnerEnforced".'],
        ],
        [
            "ownership controls for a bucket not created in the stack, judged on their own",
            (f) => [
                ...f,
                { type: T.ownership, name: "ext-ownership", props: { bucket: "ext", rule: { objectOwnership: "BucketOwnerPreferred" } } },
            ],
            [
                'ext-ownership: BucketOwnershipControls "ext-ownership" (bucket "ext") object ownership is "BucketOwnerPreferred"; expected "BucketOwnerEnforced".',
            ],
        ],
    ),
    unset: [
        "no ownership controls",
        (f) => without(f, "data-ownership"),
        ['data: Bucket "data" has no BucketOwnershipControls with BucketOwnerEnforced.'],
    ],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview with one bucket's ownership unknown and the other's ObjectWriter",
        edit(
            edit(firstPreview(stack), "logs-ownership", (p) => set(p, "rule", U.object)),
            "data-ownership",
            (p) => set(p, "rule.objectOwnership", "ObjectWriter"),
        ),
        ['data: Bucket "data" object ownership is "ObjectWriter"; expected "BucketOwnerEnforced".'],
    ],
});

// ---- document policies (resource policies on BucketPolicy and inline Bucket.policy)

const publicStatement = (cond?: object) => ({
    Sid: "Public",
    Effect: "Allow",
    Principal: "*",
    Action: "s3:GetObject",
    Resource: "*",
    ...(cond ? { Condition: cond } : {}),
});
const publicRead = (cond?: object) => JSON.stringify({ Statement: [publicStatement(cond)] });

resourcePolicySuite(s3.s3BucketPolicyNoPublicAccess, {
    type: T.policy,
    compliant: { bucket: "b", policy: tlsOnly },
    variants: [
        [
            'compliant: Principal "*" with a condition (a VPC endpoint)',
            (p) => set(p, "policy", publicRead({ StringEquals: { "aws:SourceVpce": "vpce-1" } })),
        ],
        [
            "compliant: a restricting clause next to one that restricts nothing (clauses AND together)",
            (p) =>
                set(
                    p,
                    "policy",
                    publicRead({ Bool: { "aws:SecureTransport": "true" }, StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }),
                ),
        ],
    ],
    cases: [
        ["public read", (p) => set(p, "policy", publicRead()), ['Statement Public allows Principal "*" without a condition.']],
        [
            "a condition that matches every IAM principal (ArnLike aws:PrincipalArn arn:aws:iam::*)",
            (p) => set(p, "policy", publicRead({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*" } })),
            [
                'Statement Public allows Principal "*" with a condition that restricts no principal (expected a fixed value of a principal or source key such as aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID).',
            ],
        ],
        [
            "StringLike aws:PrincipalAccount *",
            (p) => set(p, "policy", publicRead({ StringLike: { "aws:PrincipalAccount": "*" } })),
            [
                'Statement Public allows Principal "*" with a condition that restricts no principal (expected a fixed value of a principal or source key such as aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID).',
            ],
        ],
        [
            "a condition on a key that says nothing of the principal (aws:SecureTransport)",
            (p) => set(p, "policy", publicRead({ Bool: { "aws:SecureTransport": "true" } })),
            [
                'Statement Public allows Principal "*" with a condition that restricts no principal (expected a fixed value of a principal or source key such as aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID).',
            ],
        ],
        [
            '{ AWS: ["*"] }',
            (p) => set(p, "policy", publicRead().replace('"Principal":"*"', '"Principal":{"AWS":["*"]}')),
            ['Statement Public allows Principal "*" without a condition.'],
        ],
    ],
    unset: ["policy", []],
    unknown: { bucket: U.string, policy: U.string },
    unknownPlusViolation: [
        "an unknown statement next to a public one",
        { bucket: U.string, policy: { Statement: [U.object, publicStatement()] } },
        ['Statement Public allows Principal "*" without a condition.'],
    ],
});

describe("s3-bucket-policy-no-public-access: the inline bucket policy", () => {
    it('reports { AWS: "*" } on a Bucket\'s own policy', () =>
        expect(
            checkResource(s3.s3BucketPolicyNoPublicAccess, B, {
                policy: publicRead().replace('"Principal":"*"', '"Principal":{"AWS":"*"}'),
            }),
        ).to.deep.equal(['Statement Public allows Principal "*" without a condition.']));
});

// ---- ACLs: canned ACLs and grants, inline on a bucket or as a BucketAcl (aws:s3/bucketAcl:BucketAcl, BucketAclV2)

const ACL = "aws:s3/bucketAcl:BucketAcl";
const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
const ownerGrant = { grantee: { type: "CanonicalUser", id: "owner-id" }, permission: "FULL_CONTROL" };
const bucketAcl = { bucket: "b", accessControlPolicy: { owner: { id: "owner-id" }, grants: [ownerGrant] } };

resourcePolicySuite(s3.s3BucketAclNotPublic, {
    type: ACL,
    compliant: bucketAcl,
    variants: [
        ["compliant: canned private", (p) => set(set(p, "accessControlPolicy", undefined), "acl", "private")],
        [
            "compliant: the log delivery group may write (S3 server access logs, log-delivery-write)",
            (p) => ({ ...p, acl: "log-delivery-write", accessControlPolicy: undefined }),
        ],
    ],
    cases: [
        [
            "canned public-read",
            (p) => set(set(p, "accessControlPolicy", undefined), "acl", "public-read"),
            ['acl "public-read" grants READ to AllUsers (everyone).'],
        ],
        [
            "canned public-read-write",
            (p) => set(set(p, "accessControlPolicy", undefined), "acl", "public-read-write"),
            ['acl "public-read-write" grants READ, WRITE to AllUsers (everyone).'],
        ],
        [
            "canned authenticated-read",
            (p) => set(set(p, "accessControlPolicy", undefined), "acl", "authenticated-read"),
            ['acl "authenticated-read" grants READ to AuthenticatedUsers (any AWS account).'],
        ],
        [
            "an AllUsers grant next to the owner's",
            (p) => set(p, "accessControlPolicy.grants.1", { grantee: { type: "Group", uri: ALL_USERS }, permission: "READ" }),
            ["accessControlPolicy grant 1 gives READ to AllUsers (everyone)."],
        ],
        [
            "an AuthenticatedUsers grant",
            (p) => set(p, "accessControlPolicy.grants.0", { grantee: { type: "Group", uri: AUTHENTICATED }, permission: "WRITE_ACP" }),
            ["accessControlPolicy grant 0 gives WRITE_ACP to AuthenticatedUsers (any AWS account)."],
        ],
    ],
    unset: ["accessControlPolicy", []],
    unknown: { bucket: U.string, acl: U.string, accessControlPolicy: U.object },
    unknownPlusViolation: [
        "the owner and one grant unknown, another grant to AllUsers",
        {
            bucket: U.string,
            accessControlPolicy: {
                owner: U.object,
                grants: [
                    U.object,
                    { grantee: { type: "Group", uri: ALL_USERS }, permission: "FULL_CONTROL" },
                    { grantee: U.object, permission: "READ" },
                ],
            },
        },
        ["accessControlPolicy grant 1 gives FULL_CONTROL to AllUsers (everyone)."],
    ],
});

describe("s3-bucket-acl-not-public: inline on a bucket, BucketAclV2", () => {
    it("a v7 Bucket's canned acl and grants", () => {
        expect(
            checkResource(s3.s3BucketAclNotPublic, B, {
                acl: "public-read-write",
                grants: [{ type: "Group", uri: AUTHENTICATED, permissions: ["READ", "READ_ACP"] }],
            }),
        ).to.deep.equal([
            'acl "public-read-write" grants READ, WRITE to AllUsers (everyone).',
            "grant 0 gives READ, READ_ACP to AuthenticatedUsers (any AWS account).",
        ]);
    });
    it("a BucketV2's grants, a CanonicalUser grant is not public", () => {
        expect(
            checkResource(s3.s3BucketAclNotPublic, "aws:s3/bucketV2:BucketV2", {
                grants: [
                    { type: "CanonicalUser", id: "owner-id", permissions: ["FULL_CONTROL"] },
                    { type: "Group", uri: ALL_USERS, permissions: ["READ"] },
                ],
            }),
        ).to.deep.equal(["grant 1 gives READ to AllUsers (everyone)."]);
    });
    it("a BucketAclV2 canned public-read, for a bucket this stack does not create (judged on its own)", () => {
        expect(
            checkResource(s3.s3BucketAclNotPublic, "aws:s3/bucketAclV2:BucketAclV2", { bucket: "someone-elses", acl: "public-read" }),
        ).to.deep.equal(['acl "public-read" grants READ to AllUsers (everyone).']);
    });
    it("a bucket's inline acl unknown at preview (a computed value): neither throws nor reports", () => {
        expect(checkResource(s3.s3BucketAclNotPublic, B, { acl: U.string, grants: U.array }, { unknown: true })).to.deep.equal([]);
    });
});
