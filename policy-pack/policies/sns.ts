/** Amazon SNS controls. */
import type { PolicyResource } from "@pulumi/policy";
import { resourcePolicy, stackPolicy } from "./lib/define";
import { publicStatementMessages } from "./lib/principals";
import { UNKNOWN, get, isSet, str, strings } from "./lib/values";

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

const TOPIC = "aws:sns/topic:Topic";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const ALARM_TYPES = ["aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/compositeAlarm:CompositeAlarm"];
/** The actions that notify people: what fires and what clears. */
const NOTIFYING_ACTIONS = ["alarmActions", "okActions"];

/**
 * The topics of this stack that `r` names through property `key`: through the graph (property dependencies on a
 * Topic), else by a known ARN equal to a topic's known `arn`. An unknown ARN without a link names none.
 */
function topicsNamed(r: PolicyResource, key: string, topics: PolicyResource[]): PolicyResource[] {
    const linked = (r.propertyDependencies?.[key] ?? []).filter((d) => d.type === TOPIC);
    if (linked.length > 0) return linked;
    const arns = strings(get(r.props, key));
    if (arns === UNKNOWN || !arns) return [];
    return topics.filter((t) => {
        const arn = str(get(t.props, "arn"));
        return typeof arn === "string" && arns.includes(arn);
    });
}

export const snsAlarmTopicsSubscribed = stackPolicy({
    name: "sns-alarm-topics-subscribed",
    description:
        "Alarm topics subscribed: every SNS topic of the stack that an alarm notifies (alarmActions, okActions of a MetricAlarm or CompositeAlarm) has at least one TopicSubscription in the stack (email, an HTTPS pager endpoint, ...).",
    controls: ["REL.AlarmTopicsSubscribed"],
    enforcementLevel: "advisory",
    module: __filename,
    validate: ({ graph, report }) => {
        const topics = graph.ofType(TOPIC);
        const usedBy = new Map<PolicyResource, string[]>();
        for (const a of graph.ofType(...ALARM_TYPES)) {
            const named = new Set(NOTIFYING_ACTIONS.flatMap((k) => topicsNamed(a, k, topics)));
            for (const t of named) usedBy.set(t, [...(usedBy.get(t) ?? []), a.name]);
        }
        if (usedBy.size === 0) return;
        const subscribed = new Set<PolicyResource>();
        for (const s of graph.ofType(SUBSCRIPTION)) {
            const named = topicsNamed(s, "topic", topics);
            // A subscription that names no topic of the stack may still be one's (its ARN unknown, no link), unless
            // it provably names another (a known ARN that no topic of the stack has, every topic's ARN known).
            const arn = str(get(s.props, "topic"));
            const elsewhere = typeof arn === "string" && topics.every((t) => typeof str(get(t.props, "arn")) === "string");
            if (named.length === 0 && !elsewhere && (s.propertyDependencies?.["topic"] ?? []).length === 0) return; // absence unprovable
            for (const t of named) subscribed.add(t);
        }
        // SNS delivers a message only to the topic's confirmed subscriptions (SNS Developer Guide, "Subscribing to
        // an Amazon SNS topic"): a topic without any reaches nobody. An email subscription still needs confirming,
        // which no policy can see.
        for (const [t, alarms] of usedBy) {
            if (subscribed.has(t)) continue;
            report(
                `Topic "${t.name}" is an alarm action of ${alarms.map((n) => JSON.stringify(n)).join(", ")} but has no TopicSubscription in this stack: those alarms notify nobody.`,
                t.urn,
            );
        }
    },
});

export const snsPolicies = [snsTopicKmsEncrypted, snsTopicPolicyNotPublic, snsAlarmTopicsSubscribed];
