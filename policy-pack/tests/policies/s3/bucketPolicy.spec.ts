import { expect } from "chai";
import * as s3 from "../../../policies/s3/bucketPolicy";
import { U, checkResource, edit, resourcePolicySuite, set, stackPolicySuite, without } from "../../harness";
import { T, tlsOnly, stack, firstPreview, cases } from "./fixtures";

stackPolicySuite(s3.s3BucketPolicyTlsOnly, {
    compliant: stack,
    cases: cases(
        [
            "Allow instead of Deny",
            (f) => edit(f, "data-policy", (p) => ({ ...p, policy: tlsOnly.replace('"Deny"', '"Allow"') })),
            ['data: Bucket "data" policy does not deny aws:SecureTransport = false.'],
        ],
        [
            "condition true",
            (f) => edit(f, "data-policy", (p) => ({ ...p, policy: JSON.parse(tlsOnly.replace('"false"', '"true"')) })),
            ['data: Bucket "data" policy does not deny aws:SecureTransport = false.'],
        ],
        [
            "a bucket policy for a bucket not created in the stack, judged on its own",
            (f) => [...f, { type: T.policy, name: "ext-policy", props: { bucket: "ext", policy: tlsOnly.replace('"Deny"', '"Allow"') } }],
            ['ext-policy: BucketPolicy "ext-policy" (bucket "ext") does not deny aws:SecureTransport = false.'],
        ],
    ),
    unset: [
        "no bucket policy",
        (f) => without(f, "logs-policy"),
        ['logs: Bucket "logs" has no bucket policy denying aws:SecureTransport = false.'],
    ],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview (the data bucket's policy unknown) without the log bucket's policy",
        firstPreview(without(stack, "logs-policy")),
        ['logs: Bucket "logs" has no bucket policy denying aws:SecureTransport = false.'],
    ],
});

const OWN = "111122223333";
const FOREIGN = "444455556666";
const grant = (sid: string, principal: unknown, action: unknown) => ({
    Sid: sid,
    Effect: "Allow",
    Principal: principal,
    Action: action,
    Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
});
const docOf = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const ALL_SENSITIVE = "s3:PutBucketPolicy, s3:PutBucketAcl, s3:DeleteBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl";

resourcePolicySuite(s3.s3BucketPolicyNoCrossAccountSensitiveActions, {
    type: T.policy,
    // The platform's own account: set trustedAccountIds, or no account principal is provably foreign.
    config: { trustedAccountIds: [OWN] },
    compliant: {
        bucket: "b",
        policy: docOf(
            grant("Own", { AWS: `arn:aws:iam::${OWN}:root` }, "s3:PutBucketPolicy"),
            grant("Logs", { Service: "logging.s3.amazonaws.com" }, "s3:PutObject"),
        ),
    },
    variants: [
        [
            "compliant: a foreign account granted only a non-sensitive action (s3:GetObject)",
            (p) => set(p, "policy", docOf(grant("Read", { AWS: `arn:aws:iam::${FOREIGN}:root` }, "s3:GetObject"))),
        ],
    ],
    cases: [
        [
            'Principal "*" with s3:*',
            (p) => set(p, "policy", docOf(grant("X", "*", "s3:*"))),
            [`Statement X allows ${ALL_SENSITIVE} to Principal "*".`],
        ],
        [
            "a foreign account root",
            (p) => set(p, "policy", docOf(grant("X", { AWS: [`arn:aws:iam::${FOREIGN}:root`] }, ["s3:PutObjectAcl"]))),
            [`Statement X allows s3:PutObjectAcl to account(s) ${FOREIGN}.`],
        ],
        [
            "a foreign account by its bare id",
            (p) => set(p, "policy", docOf(grant("X", { AWS: FOREIGN }, "s3:PutBucketAcl"))),
            [`Statement X allows s3:PutBucketAcl to account(s) ${FOREIGN}.`],
        ],
        [
            "a foreign role next to the own account in one statement, with a wildcard action",
            (p) =>
                set(
                    p,
                    "policy",
                    docOf(grant("X", { AWS: [`arn:aws:iam::${OWN}:root`, `arn:aws:iam::${FOREIGN}:role/ops`] }, "s3:Put*Policy")),
                ),
            [`Statement X allows s3:PutBucketPolicy to account(s) ${FOREIGN}.`],
        ],
    ],
    unset: ["policy", []],
    unknown: { bucket: U.string, policy: U.string },
    unknownPlusViolation: [
        "one principal entry unknown, another a foreign account",
        {
            bucket: U.string,
            policy: { Statement: [grant("X", { AWS: [U.string, `arn:aws:iam::${FOREIGN}:root`] }, "s3:PutObjectAcl"), U.object] },
        },
        [`Statement X allows s3:PutObjectAcl to account(s) ${FOREIGN}.`],
    ],
});

describe("s3-bucket-policy-no-cross-account-sensitive-actions: trustedAccountIds", () => {
    const foreign = { policy: docOf(grant("X", { AWS: FOREIGN }, "s3:PutBucketAcl")) };
    it("out of scope while trustedAccountIds is empty (the example configs): no account principal is provably foreign, so set it", () => {
        expect(checkResource(s3.s3BucketPolicyNoCrossAccountSensitiveActions, T.policy, foreign)).to.deep.equal([]);
    });
    it("with trustedAccountIds set, the same foreign account is reported", () => {
        expect(
            checkResource(s3.s3BucketPolicyNoCrossAccountSensitiveActions, T.policy, foreign, { config: { trustedAccountIds: [OWN] } }),
        ).to.deep.equal([`Statement X allows s3:PutBucketAcl to account(s) ${FOREIGN}.`]);
    });
});
