/** CloudWatch controls: alarm actions, log retention, log encryption. */
import { resourcePolicy, stackPolicy } from "./lib/define";
import { UNKNOWN, bool, get, isSet, list, num } from "./lib/values";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPOSITE = "aws:cloudwatch/compositeAlarm:CompositeAlarm";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

export const cloudwatchAlarmActionsConfigured = stackPolicy({
    name: "cloudwatch-alarm-actions-configured",
    description:
        "CloudWatch.15, CloudWatch.17: alarms have alarm actions and actions are enabled (alarms that only feed a composite alarm are exempt).",
    controls: ["CloudWatch.15", "CloudWatch.17"],
    enforcementLevel: "mandatory",
    module: __filename,
    validate: ({ graph, report }) => {
        const feedsComposite = new Set(graph.ofType(COMPOSITE).flatMap((c) => c.propertyDependencies?.alarmRule ?? []));
        for (const a of graph.ofType(ALARM, COMPOSITE)) {
            if (bool(get(a.props, "actionsEnabled")) === false) {
                report(`Alarm "${a.name}" has actionsEnabled false.`, a.urn);
                continue;
            }
            if (feedsComposite.has(a)) continue;
            const actions = list(get(a.props, "alarmActions"));
            if (actions !== UNKNOWN && (!actions || actions.length === 0)) report(`Alarm "${a.name}" has no alarmActions.`, a.urn);
        }
    },
});

export const cloudwatchLogGroupRetention = resourcePolicy<{ minLogRetentionDays: number }>({
    name: "cloudwatch-log-group-retention",
    description: "CloudWatch.16: log groups keep logs at least minLogRetentionDays (unset or 0 means never expire).",
    controls: ["CloudWatch.16"],
    enforcementLevel: "mandatory",
    types: [LOG_GROUP],
    config: { minLogRetentionDays: { type: "integer", minimum: 1, default: 30 } },
    module: __filename,
    validate: ({ props, report, config }) => {
        const d = num(get(props, "retentionInDays"));
        if (typeof d === "number" && d > 0 && d < config.minLogRetentionDays)
            report(`retentionInDays is ${d}; expected at least ${config.minLogRetentionDays}.`);
    },
});

export const cloudwatchLogGroupKmsEncrypted = resourcePolicy({
    name: "cloudwatch-log-group-kms-encrypted",
    description: "Mission (encryption at rest): log groups are encrypted with a customer managed KMS key.",
    controls: ["MISSION.EncryptionAtRest"],
    enforcementLevel: "mandatory",
    types: [LOG_GROUP],
    module: __filename,
    validate: ({ props, report }) => {
        const k = get(props, "kmsKeyId");
        if (k !== UNKNOWN && !isSet(k)) report("kmsKeyId is not set.");
    },
});

export const cloudwatchPolicies = [cloudwatchAlarmActionsConfigured, cloudwatchLogGroupRetention, cloudwatchLogGroupKmsEncrypted];
