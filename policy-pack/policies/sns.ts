/** Amazon SNS controls. */
import { resourcePolicy } from "./lib/define";
import { hasCondition, principalIsPublic, statements } from "./lib/documents";
import { UNKNOWN, get, isSet, str } from "./lib/values";

const TEST = "tests/policies/sns.spec.ts";

export const snsTopicKmsEncrypted = resourcePolicy({
    name: "sns-topic-kms-encrypted",
    description:
        "SNS.1: SNS topics are encrypted at rest with a customer managed KMS key (alias/aws/sns cannot be used by CloudWatch alarms).",
    controls: ["SNS.1", "MISSION.EncryptionAtRest"],
    enforcementLevel: "mandatory",
    types: ["aws:sns/topic:Topic"],
    testFile: TEST,
    validate: ({ props, report }) => {
        const key = get(props, "kmsMasterKeyId");
        if (key === UNKNOWN) return;
        if (!isSet(key)) return report("kmsMasterKeyId is not set.");
        if (str(key) === "alias/aws/sns") report('kmsMasterKeyId is the AWS managed key "alias/aws/sns"; expected a customer managed key.');
    },
});

export const snsTopicPolicyNotPublic = resourcePolicy({
    name: "sns-topic-policy-not-public",
    description: "SNS.4: SNS topic policies do not allow access to everyone without a condition.",
    controls: ["SNS.4"],
    enforcementLevel: "mandatory",
    types: ["aws:sns/topicPolicy:TopicPolicy", "aws:sns/topic:Topic"],
    testFile: TEST,
    validate: ({ props, report }) => {
        const sts = statements(get(props, "policy"));
        if (sts === UNKNOWN || !sts) return;
        sts.forEach((st, i) => {
            if (st.effect === "Allow" && principalIsPublic(st.principal) === true && !hasCondition(st)) {
                report(`Statement ${st.sid ?? i} allows Principal "*" without a condition.`);
            }
        });
    },
});

export const snsPolicies = [snsTopicKmsEncrypted, snsTopicPolicyNotPublic];
