/** AWS KMS controls and the KMS part of the data-protection reliability rule. */
import { resourcePolicy } from "./lib/define";
import { hasCondition, principalIsPublic, statements } from "./lib/documents";
import { UNKNOWN, bool, get, num, str } from "./lib/values";

const TEST = "tests/policies/kms.spec.ts";
const KEY = "aws:kms/key:Key";

export const kmsKeyPolicyNotPublic = resourcePolicy({
    name: "kms-key-policy-not-public",
    description: "KMS.5: KMS key policies do not allow access to everyone without a condition.",
    controls: ["KMS.5"],
    enforcementLevel: "mandatory",
    types: [KEY],
    testFile: TEST,
    validate: ({ props, report }) => {
        const sts = statements(get(props, "policy"));
        if (sts === UNKNOWN || !sts) return;
        sts.forEach((st, i) => {
            if (st.effect === "Allow" && principalIsPublic(st.principal) === true && !hasCondition(st))
                report(`Statement ${st.sid ?? i} allows Principal "*" without a condition.`);
        });
    },
});

export const kmsKeyRotationEnabled = resourcePolicy({
    name: "kms-key-rotation-enabled",
    description: "KMS.4: symmetric KMS keys have automatic rotation enabled.",
    controls: ["KMS.4"],
    enforcementLevel: "mandatory",
    types: [KEY],
    testFile: TEST,
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
    testFile: TEST,
    validate: ({ props, report, config }) => {
        // Unset: AWS uses 30 days.
        const v = num(get(props, "deletionWindowInDays"));
        if (typeof v === "number" && v < config.minDeletionWindowInDays)
            report(`deletionWindowInDays is ${v}; expected at least ${config.minDeletionWindowInDays}.`);
    },
});

export const kmsPolicies = [kmsKeyPolicyNotPublic, kmsKeyRotationEnabled, kmsKeyDeletionWindow];
