import { expect } from "chai";
import * as kms from "../../policies/kms";
import { U, checkResource, resourcePolicySuite, set } from "../harness";

const KEY = "aws:kms/key:Key";
const LOCKOUT =
    "bypassPolicyLockoutSafetyCheck is true: KMS does not check that the key policy still lets the caller manage the key, so a wrong policy can make the key, and what it encrypts, unmanageable.";
const policy = (principal: unknown, condition?: object) =>
    JSON.stringify({
        Statement: [
            {
                Sid: "Root",
                Effect: "Allow",
                Principal: principal,
                Action: "kms:*",
                Resource: "*",
                ...(condition ? { Condition: condition } : {}),
            },
        ],
    });
const key = { enableKeyRotation: true, deletionWindowInDays: 30, policy: policy({ AWS: "arn:aws:iam::111122223333:root" }) };
const unknown = { enableKeyRotation: U.boolean, deletionWindowInDays: U.number, policy: U.string, customerMasterKeySpec: U.string };

resourcePolicySuite(kms.kmsKeyPolicyNotPublic, {
    type: KEY,
    compliant: key,
    variants: [
        [
            'compliant: Principal "*" limited to one account through a service (kms:CallerAccount and kms:ViaService, the AWS managed key pattern)',
            (p) =>
                set(
                    p,
                    "policy",
                    policy("*", { StringEquals: { "kms:CallerAccount": "111122223333", "kms:ViaService": "s3.us-east-1.amazonaws.com" } }),
                ),
        ],
    ],
    cases: [
        ["public", (p) => set(p, "policy", policy("*")), ['Statement Root allows Principal "*" without a condition.']],
        [
            "kms:ViaService alone (any account's principal calling through S3)",
            (p) => set(p, "policy", policy("*", { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } })),
            [
                'Statement Root allows Principal "*" with a condition that restricts no principal (expected a fixed value of a principal or source key such as aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID).',
            ],
        ],
        [
            "a negated operator (StringNotEquals aws:PrincipalAccount) leaves every other account",
            (p) => set(p, "policy", policy("*", { StringNotEquals: { "aws:PrincipalAccount": "444455556666" } })),
            [
                'Statement Root allows Principal "*" with a condition that restricts no principal (expected a fixed value of a principal or source key such as aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID).',
            ],
        ],
        [
            "a fixed account next to * in one clause (values OR together)",
            (p) => set(p, "policy", policy("*", { StringEquals: { "aws:PrincipalAccount": ["111122223333", "*"] } })),
            [
                'Statement Root allows Principal "*" with a condition that restricts no principal (expected a fixed value of a principal or source key such as aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID).',
            ],
        ],
    ],
    unset: ["policy", []],
    unknown,
    unknownPlusViolation: [
        "an unknown statement next to a public one",
        { ...unknown, policy: { Statement: [U.object, { Sid: "Root", Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }] } },
        ['Statement Root allows Principal "*" without a condition.'],
    ],
});

resourcePolicySuite(kms.kmsKeyRotationEnabled, {
    type: KEY,
    compliant: key,
    variants: [
        [
            "out of scope: an asymmetric key (KMS cannot rotate it)",
            (p) => set(set(p, "enableKeyRotation", false), "customerMasterKeySpec", "RSA_2048"),
        ],
    ],
    cases: [["rotation off", (p) => set(p, "enableKeyRotation", false), ["enableKeyRotation is not true."]]],
    unset: ["enableKeyRotation", ["enableKeyRotation is not true."]],
    unknown,
    unknownPlusViolation: [
        "policy and window unknown, rotation off",
        { description: U.string, policy: U.string, deletionWindowInDays: U.number, enableKeyRotation: false },
        ["enableKeyRotation is not true."],
    ],
});

resourcePolicySuite(kms.kmsKeyDeletionWindow, {
    type: KEY,
    compliant: key,
    cases: [["7 days", (p) => set(p, "deletionWindowInDays", 7), ["deletionWindowInDays is 7; expected at least 30."]]],
    unset: ["deletionWindowInDays", []],
    unknown,
    unknownPlusViolation: [
        "everything else unknown, a 7-day window",
        { ...unknown, deletionWindowInDays: 7 },
        ["deletionWindowInDays is 7; expected at least 30."],
    ],
});

resourcePolicySuite(kms.kmsKeyLockoutSafetyCheck, {
    type: KEY,
    compliant: key,
    variants: [["compliant: bypassPolicyLockoutSafetyCheck false (the default)", (p) => set(p, "bypassPolicyLockoutSafetyCheck", false)]],
    cases: [["the lockout safety check bypassed", (p) => set(p, "bypassPolicyLockoutSafetyCheck", true), [LOCKOUT]]],
    unset: ["bypassPolicyLockoutSafetyCheck", []],
    unknown: { ...unknown, bypassPolicyLockoutSafetyCheck: U.boolean },
    unknownPlusViolation: ["everything else unknown, the check bypassed", { ...unknown, bypassPolicyLockoutSafetyCheck: true }, [LOCKOUT]],
});

describe("KMS key policies set apart from the key (aws:kms/keyPolicy:KeyPolicy) and replica keys", () => {
    it("a KeyPolicy that bypasses the lockout check, or allows everyone, is reported", () => {
        expect(
            checkResource(kms.kmsKeyLockoutSafetyCheck, "aws:kms/keyPolicy:KeyPolicy", {
                keyId: "k",
                policy: policy({ AWS: "arn:aws:iam::111122223333:root" }),
                bypassPolicyLockoutSafetyCheck: true,
            }),
        ).to.deep.equal([LOCKOUT]);
        expect(checkResource(kms.kmsKeyPolicyNotPublic, "aws:kms/keyPolicy:KeyPolicy", { keyId: "k", policy: policy("*") })).to.deep.equal([
            'Statement Root allows Principal "*" without a condition.',
        ]);
        expect(checkResource(kms.kmsKeyPolicyNotPublic, "aws:kms/replicaKey:ReplicaKey", { policy: policy("*") })).to.deep.equal([
            'Statement Root allows Principal "*" without a condition.',
        ]);
    });
});
