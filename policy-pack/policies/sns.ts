/** Amazon SNS controls. */
import { resourcePolicy } from "./lib/define";
import { publicStatementMessages } from "./lib/principals";
import { UNKNOWN, get, isSet, str } from "./lib/values";

export const snsTopicKmsEncrypted = resourcePolicy({
    name: "sns-topic-kms-encrypted",
    description:
        "SNS.1: SNS topics are encrypted at rest with a customer managed KMS key (alias/aws/sns cannot be used by CloudWatch alarms).",
    controls: ["SNS.1", "MISSION.EncryptionAtRest"],
    enforcementLevel: "mandatory",
    types: ["aws:sns/topic:Topic"],
    module: __filename,
    validate: ({ props, report }) => {
        const key = get(props, "kmsMasterKeyId");
        if (key === UNKNOWN) return;
        if (!isSet(key)) return report("kmsMasterKeyId is not set.");
        if (str(key) === "alias/aws/sns") report('kmsMasterKeyId is the AWS managed key "alias/aws/sns"; expected a customer managed key.');
    },
});

export const snsTopicPolicyNotPublic = resourcePolicy({
    name: "sns-topic-policy-not-public",
    description:
        "SNS.4: SNS topic policies do not allow access to everyone without a condition restricting the caller to fixed principals or sources.",
    controls: ["SNS.4"],
    enforcementLevel: "mandatory",
    types: ["aws:sns/topicPolicy:TopicPolicy", "aws:sns/topic:Topic"],
    module: __filename,
    validate: ({ props, report }) => {
        for (const m of publicStatementMessages(get(props, "policy"))) report(m);
    },
});

export const snsPolicies = [snsTopicKmsEncrypted, snsTopicPolicyNotPublic];
