import * as sns from "../../policies/sns";
import { U, resourcePolicySuite, set } from "../harness";

resourcePolicySuite(sns.snsTopicKmsEncrypted, {
    type: "aws:sns/topic:Topic",
    compliant: { kmsMasterKeyId: "arn:aws:kms:us-east-1:111122223333:key/k" },
    cases: [
        [
            "AWS managed key",
            (p) => set(p, "kmsMasterKeyId", "alias/aws/sns"),
            ['kmsMasterKeyId is the AWS managed key "alias/aws/sns"; expected a customer managed key.'],
        ],
    ],
    unset: ["kmsMasterKeyId", ["kmsMasterKeyId is not set."]],
    unknown: { kmsMasterKeyId: U.string },
    unknownPlusViolation: [
        "name and policy unknown, the AWS managed key",
        { name: U.string, policy: U.string, kmsMasterKeyId: "alias/aws/sns" },
        ['kmsMasterKeyId is the AWS managed key "alias/aws/sns"; expected a customer managed key.'],
    ],
});

const doc = (principal: unknown, condition?: object) =>
    JSON.stringify({
        Statement: [
            {
                Sid: "Publish",
                Effect: "Allow",
                Principal: principal,
                Action: "sns:Publish",
                Resource: "arn:topic",
                ...(condition ? { Condition: condition } : {}),
            },
        ],
    });

resourcePolicySuite(sns.snsTopicPolicyNotPublic, {
    type: "aws:sns/topicPolicy:TopicPolicy",
    compliant: { arn: "arn:topic", policy: doc({ Service: "cloudwatch.amazonaws.com" }) },
    variants: [
        [
            'compliant: Principal "*" with a SourceAccount condition',
            (p) => set(p, "policy", doc("*", { StringEquals: { "aws:SourceAccount": "111122223333" } })),
        ],
    ],
    cases: [
        ["public", (p) => set(p, "policy", doc("*")), ['Statement Publish allows Principal "*" without a condition.']],
        [
            "ArnEquals aws:PrincipalArn arn:aws:iam::* (ArnEquals takes wildcards too)",
            (p) => set(p, "policy", doc("*", { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::*" } })),
            [
                'Statement Publish allows Principal "*" with a condition that restricts no principal (expected a fixed value of a principal or source key such as aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID).',
            ],
        ],
        [
            "a fixed SourceAccount only if it exists (...IfExists: a direct call has no aws:SourceAccount)",
            (p) => set(p, "policy", doc("*", { StringEqualsIfExists: { "aws:SourceAccount": "111122223333" } })),
            [
                'Statement Publish allows Principal "*" with a condition that restricts no principal (expected a fixed value of a principal or source key such as aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID).',
            ],
        ],
    ],
    unset: ["policy", []],
    unknown: { policy: U.string },
    unknownPlusViolation: [
        "the topic ARN and one statement unknown, another statement public",
        {
            arn: U.string,
            policy: {
                Statement: [U.object, { Sid: "Publish", Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: U.string }],
            },
        },
        ['Statement Publish allows Principal "*" without a condition.'],
    ],
});
