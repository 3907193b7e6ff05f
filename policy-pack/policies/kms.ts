/** AWS KMS controls and the KMS part of the data-protection reliability rule. */
import { resourcePolicy } from "./lib/define";
import { publicStatementMessages } from "./lib/principals";
import { UNKNOWN, bool, get, num, str } from "./lib/values";

const KEY = "aws:kms/key:Key";
/** Everything that carries a key policy: keys, replica and external keys, and a policy set apart (KeyPolicy). */
const KEY_POLICY_TYPES = [
    KEY,
    "aws:kms/keyPolicy:KeyPolicy",
    "aws:kms/replicaKey:ReplicaKey",
    "aws:kms/externalKey:ExternalKey",
    "aws:kms/replicaExternalKey:ReplicaExternalKey",
];

export const kmsKeyPolicyNotPublic = resourcePolicy({
    name: "kms-key-policy-not-public",
    description:
        "KMS.5: KMS key policies do not allow access to everyone without a condition restricting the caller to fixed principals or sources.",
    controls: ["KMS.5"],
    enforcementLevel: "mandatory",
    types: KEY_POLICY_TYPES,
    module: __filename,
    validate: ({ props, report }) => {
        for (const m of publicStatementMessages(get(props, "policy"))) report(m);
    },
});

export const kmsKeyLockoutSafetyCheck = resourcePolicy({
    name: "kms-key-lockout-safety-check",
    description:
        "Data protected: no key policy bypasses the KMS policy lockout safety check (bypassPolicyLockoutSafetyCheck), which keeps a key manageable.",
    controls: ["REL.DataProtected"],
    enforcementLevel: "mandatory",
    types: KEY_POLICY_TYPES,
    module: __filename,
    validate: ({ props, report }) => {
        // AWS KMS API Reference, PutKeyPolicy BypassPolicyLockoutSafetyCheck: "Setting this value to true increases
        // the risk that the KMS key becomes unmanageable. Do not set this value to true indiscriminately."
        if (bool(get(props, "bypassPolicyLockoutSafetyCheck")) === true)
            report(
                "bypassPolicyLockoutSafetyCheck is true: KMS does not check that the key policy still lets the caller manage the key, so a wrong policy can make the key, and what it encrypts, unmanageable.",
            );
    },
});

export const kmsKeyRotationEnabled = resourcePolicy({
    name: "kms-key-rotation-enabled",
    description: "KMS.4: symmetric KMS keys have automatic rotation enabled.",
    controls: ["KMS.4"],
    enforcementLevel: "mandatory",
    types: [KEY],
    module: __filename,
    validate: ({ props, report }) => {
        const spec = str(get(props, "customerMasterKeySpec")) ?? str(get(props, "keySpec"));
        if (spec === UNKNOWN || (spec !== undefined && spec !== "SYMMETRIC_DEFAULT")) return;
        const usage = str(get(props, "keyUsage"));
        if (usage === UNKNOWN || (usage !== undefined && usage !== "ENCRYPT_DECRYPT")) return;
        const v = bool(get(props, "enableKeyRotation"));
        if (v !== UNKNOWN && v !== true) report("enableKeyRotation is not true.");
    },
});

export const kmsKeyDeletionWindow = resourcePolicy<{ minDeletionWindowInDays: number }>({
    name: "kms-key-deletion-window",
    description: "Data protected: KMS keys keep the longest deletion window (deletionWindowInDays at least 30).",
    controls: ["REL.DataProtected"],
    enforcementLevel: "mandatory",
    types: [KEY],
    config: { minDeletionWindowInDays: { type: "integer", minimum: 7, maximum: 30, default: 30 } },
    module: __filename,
    validate: ({ props, report, config }) => {
        // Unset: AWS uses 30 days.
        const v = num(get(props, "deletionWindowInDays"));
        if (typeof v === "number" && v < config.minDeletionWindowInDays)
            report(`deletionWindowInDays is ${v}; expected at least ${config.minDeletionWindowInDays}.`);
    },
});

export const kmsPolicies = [kmsKeyPolicyNotPublic, kmsKeyLockoutSafetyCheck, kmsKeyRotationEnabled, kmsKeyDeletionWindow];
