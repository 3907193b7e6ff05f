import * as sns from "../../policies/sns";
import { expect } from "chai";
import { type Case, type StackItem, U, checkStack, edit, resourcePolicySuite, set, stackPolicySuite, without } from "../harness";

const cases = (...c: Case<StackItem[]>[]) => c;

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

const TOPIC = "aws:sns/topic:Topic";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPOSITE = "aws:cloudwatch/compositeAlarm:CompositeAlarm";
const ARN = "arn:aws:sns:us-east-1:111122223333:alerts";
/** One topic, two alarms and a composite notifying it, one email subscription. */
const alerting: StackItem[] = [
    { type: TOPIC, name: "alerts", props: { arn: ARN, kmsMasterKeyId: "k" } },
    {
        type: ALARM,
        name: "5xx",
        props: { alarmActions: [ARN], okActions: [ARN] },
        propDeps: { alarmActions: ["alerts"], okActions: ["alerts"] },
    },
    { type: ALARM, name: "latency", props: { alarmActions: [ARN] }, propDeps: { alarmActions: ["alerts"] } },
    { type: COMPOSITE, name: "region-unhealthy", props: { alarmActions: [ARN] }, propDeps: { alarmActions: ["alerts"] } },
    {
        type: SUBSCRIPTION,
        name: "alerts-oncall",
        props: { topic: ARN, protocol: "email", endpoint: "oncall@example.com" },
        propDeps: { topic: ["alerts"] },
    },
];
const nobody = (topic: string, alarms: string) =>
    `${topic}: Topic "${topic}" is an alarm action of ${alarms} but has no TopicSubscription in this stack: those alarms notify nobody.`;

stackPolicySuite(sns.snsAlarmTopicsSubscribed, {
    compliant: alerting,
    variants: [
        [
            "compliant: an HTTPS endpoint (a pager) instead of email",
            (f) => edit(f, "alerts-oncall", (p) => ({ ...p, protocol: "https", endpoint: "https://events.pagerduty.com/x" })),
        ],
        [
            "compliant: the subscription names the topic by its known ARN, without a graph link",
            (f) => f.map((i) => (i.name === "alerts-oncall" ? { ...i, propDeps: {} } : i)),
        ],
        [
            "out of scope: an alarm notifying a topic of another account (its subscriptions are not in this stack)",
            (f) => [...f, { type: ALARM, name: "cross", props: { alarmActions: ["arn:aws:sns:us-east-1:444455556666:ops"] } }],
        ],
        [
            "out of scope: a topic no alarm uses",
            (f) => [...f, { type: TOPIC, name: "audit", props: { arn: "arn:aws:sns:us-east-1:111122223333:audit" } }],
        ],
    ],
    cases: cases(
        [
            "a second topic, used only as an OK action, without a subscription",
            (f) => [
                ...f,
                { type: TOPIC, name: "recoveries", props: { arn: `${ARN}-ok` } },
                { type: ALARM, name: "probe", props: { okActions: [`${ARN}-ok`] }, propDeps: { okActions: ["recoveries"] } },
            ],
            [nobody("recoveries", '"probe"')],
        ],
        [
            "an alarm naming the topic by its known ARN, without a graph link, and no subscription",
            (f) => [...without(f, "alerts-oncall"), { type: ALARM, name: "literal", props: { alarmActions: [ARN] } }],
            [nobody("alerts", '"5xx", "latency", "literal", "region-unhealthy"')],
        ],
    ),
    unset: ["no subscription", (f) => without(f, "alerts-oncall"), [nobody("alerts", '"5xx", "latency", "region-unhealthy"')]],
    unknown: (f) =>
        f.map((i) => ({
            ...i,
            props: Object.fromEntries(Object.entries(i.props ?? {}).map(([k]) => [k, k.endsWith("Actions") ? U.array : U.string])),
        })),
    unknownPlusViolation: [
        "first preview (every ARN unknown, links recorded), no subscription",
        without(alerting, "alerts-oncall").map((i) => ({
            ...i,
            props: Object.fromEntries(
                Object.entries(i.props ?? {}).map(([k, v]) => [k, k === "arn" ? U.string : Array.isArray(v) ? [U.string] : v]),
            ),
        })),
        [nobody("alerts", '"5xx", "latency", "region-unhealthy"')],
    ],
});

describe("sns-alarm-topics-subscribed: unknown links", () => {
    it("a subscription that cannot be linked to a topic may be any topic's: nothing is reported", () => {
        const f: StackItem[] = [
            ...without(alerting, "alerts-oncall"),
            { type: SUBSCRIPTION, name: "somewhere", props: { topic: U.string, protocol: "email", endpoint: "x@example.com" } },
        ];
        expect(checkStack(sns.snsAlarmTopicsSubscribed, f, { unknown: true })).to.deep.equal([]);
    });
    it("alarm actions unknown at preview without a link name no topic: neither throws nor reports", () => {
        const f: StackItem[] = [
            { type: TOPIC, name: "alerts", props: { arn: U.string } },
            { type: ALARM, name: "a", props: { alarmActions: U.array, okActions: [U.string] } },
        ];
        expect(checkStack(sns.snsAlarmTopicsSubscribed, f, { unknown: true })).to.deep.equal([]);
    });
});
