import * as kms from "../../policies/kms";
import { U, resourcePolicySuite, set } from "../harness";

const KEY = "aws:kms/key:Key";
const policy = (principal: unknown) =>
    JSON.stringify({ Statement: [{ Sid: "Root", Effect: "Allow", Principal: principal, Action: "kms:*", Resource: "*" }] });
const key = { enableKeyRotation: true, deletionWindowInDays: 30, policy: policy({ AWS: "arn:aws:iam::111122223333:root" }) };
const unknown = { enableKeyRotation: U.boolean, deletionWindowInDays: U.number, policy: U.string, customerMasterKeySpec: U.string };

resourcePolicySuite(kms.kmsKeyPolicyNotPublic, {
    type: KEY,
    compliant: key,
    cases: [["public", (p) => set(p, "policy", policy("*")), ['Statement Root allows Principal "*" without a condition.']]],
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
