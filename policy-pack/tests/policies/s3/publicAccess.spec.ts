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
