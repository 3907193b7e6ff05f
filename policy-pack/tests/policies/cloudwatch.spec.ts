import * as cw from "../../policies/cloudwatch";
import { type StackItem, U, edit, resourcePolicySuite, set, stackPolicySuite } from "../harness";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const alarms: StackItem[] = [
    { type: "aws:sns/topic:Topic", name: "alerts", props: {} },
    {
        type: ALARM,
        name: "alb-5xx",
        props: { alarmActions: ["arn:sns:alerts"], actionsEnabled: true },
        propDeps: { alarmActions: ["alerts"] },
    },
    { type: ALARM, name: "unhealthy-hosts", props: {} },
    {
        type: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
        name: "region-unhealthy",
        props: { alarmRule: "ALARM(unhealthy-hosts)", alarmActions: ["arn:sns:alerts"] },
        propDeps: { alarmRule: ["unhealthy-hosts"] },
    },
];

stackPolicySuite(cw.cloudwatchAlarmActionsConfigured, {
    compliant: alarms,
    cases: [
        [
            "actions disabled",
            (f) => edit(f, "alb-5xx", (p) => set(p, "actionsEnabled", false)),
            ['alb-5xx: Alarm "alb-5xx" has actionsEnabled false.'],
        ],
        [
            "composite alarm without actions",
            (f) => edit(f, "region-unhealthy", (p) => set(p, "alarmActions", [])),
            ['region-unhealthy: Alarm "region-unhealthy" has no alarmActions.'],
        ],
    ],
    unset: [
        "alarmActions",
        (f) => edit(f, "alb-5xx", (p) => set(p, "alarmActions", undefined)),
        ['alb-5xx: Alarm "alb-5xx" has no alarmActions.'],
    ],
    unknown: (f) => edit(f, "alb-5xx", () => ({ alarmActions: U.array, actionsEnabled: U.boolean })),
    unknownPlusViolation: [
        "one alarm's actions unknown, another's empty",
        [
            ...edit(alarms, "alb-5xx", () => ({ alarmActions: U.array, actionsEnabled: U.boolean })),
            { type: ALARM, name: "orphan", props: { alarmActions: [], metricName: U.string } },
        ],
        ['orphan: Alarm "orphan" has no alarmActions.'],
    ],
});

const LG = "aws:cloudwatch/logGroup:LogGroup";
const lg = { retentionInDays: 30, kmsKeyId: "arn:key" };

resourcePolicySuite(cw.cloudwatchLogGroupRetention, {
    type: LG,
    compliant: lg,
    cases: [["7 days", (p) => set(p, "retentionInDays", 7), ["retentionInDays is 7; expected at least 30."]]],
    unset: ["retentionInDays", []],
    unknown: { retentionInDays: U.number },
    unknownPlusViolation: [
        "key unknown, retention 7 days",
        { retentionInDays: 7, kmsKeyId: U.string, name: U.string },
        ["retentionInDays is 7; expected at least 30."],
    ],
});

resourcePolicySuite(cw.cloudwatchLogGroupKmsEncrypted, {
    type: LG,
    compliant: lg,
    cases: [["empty", (p) => set(p, "kmsKeyId", ""), ["kmsKeyId is not set."]]],
    unset: ["kmsKeyId", ["kmsKeyId is not set."]],
    unknown: { kmsKeyId: U.string },
    unknownPlusViolation: [
        "retention and name unknown, an empty key",
        { retentionInDays: U.number, name: U.string, kmsKeyId: "" },
        ["kmsKeyId is not set."],
    ],
});
