/**
 * Regional observability: the encrypted alert topic, the alarms on every tier, the composite
 * "region unhealthy" alarm, the regional dashboard and X-Ray tracing settings.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs, shown } from "../shared/validation";
import { alertEmailProblems } from "./alertEmails";
import {
    alarmDefinitions,
    ALARM_KEYS,
    type AlarmKey,
    type AlarmThresholds,
    DEFAULT_ALARM_EVALUATION_PERIODS,
    DEFAULT_ALARM_PERIOD_SECONDS,
    DEFAULT_THRESHOLDS,
    detectionSeconds,
    REGION_UNHEALTHY_INPUTS,
    thresholdProblems,
    timingProblems,
} from "./alarms";
import { AlertTopic } from "./AlertTopic";
import { observabilitySettings } from "./settings";
import { regionalDashboard } from "./dashboard";
import { createTracing, type ObservabilityTracingArgs, tracingProblems, tracingSettings } from "./tracing";
import { movedChildren } from "../shared/aliases";
import { regionProblem } from "../shared/regions";
import { parseSettings } from "../shared/settings";
import type { ServiceTarget } from "../load-balancing/LoadBalancer";
import type { RunningService } from "../service/FargateService";
import type { DataStore } from "../storage/Storage";

/** Arguments of {@link Observability}. */
export interface ObservabilityArgs {
    /** AWS account that owns the stack: pins the service principals (aws:SourceAccount) and the key administrator. */
    readonly accountId: pulumi.Input<string>;
    /** Region of the stack (WAF metric dimension, dashboard widgets, physical names). */
    readonly region: string;
    /**
     * ARN partition.
     * @default "aws"
     */
    readonly partition?: string;
    /**
     * Email addresses subscribed to the alert topic, one subscription each, keyed by address.
     * @default []
     */
    readonly alertEmails?: readonly string[];
    /** HTTPS endpoints (a pager's SNS integration URL) subscribed to the alert topic. @default [] */
    readonly alertHttpsEndpoints?: readonly string[];
    /**
     * Existing SNS topics every alarm also notifies (another account's on-call topic; its policy
     * must let CloudWatch publish for this account).
     * @default []
     */
    readonly alertTopicArns?: readonly string[];
    /** The load balancer's CloudWatch dimensions (`app/<name>/<id>`, `targetgroup/<name>/<id>`). */
    readonly target: Pick<ServiceTarget, "albArnSuffix" | "targetGroupArnSuffix">;
    /** The ECS service watched; fewer running tasks than its `desiredCount` is a shortfall. */
    readonly service: Pick<RunningService, "clusterName" | "serviceName" | "desiredCount">;
    /**
     * The regional web ACL: its visibility-config metric name (`RegionalWaf.metricName`) is the
     * `WebACL` dimension of the `AWS/WAFV2` metrics, which is not the ACL's name.
     */
    readonly waf: { readonly metricName: pulumi.Input<string> };
    /** The data bucket whose outbound replication is watched (the `SourceBucket` dimension). */
    readonly data: Pick<DataStore, "dataBucketName">;
    /**
     * Alarm thresholds; unset keys keep their defaults (see `DEFAULT_THRESHOLDS`).
     * @default - DEFAULT_THRESHOLDS
     */
    readonly thresholds?: Partial<AlarmThresholds>;
    /**
     * Period of every alarm, a multiple of 60 seconds. Detection time of a sustained failure is
     * `alarmPeriodSeconds × alarmEvaluationPeriods`.
     * @default 60
     */
    readonly alarmPeriodSeconds?: number;
    /**
     * Consecutive breaching periods (all of them must breach) before an alarm fires.
     * @default 2
     */
    readonly alarmEvaluationPeriods?: number;
    /**
     * Name of the composite alarm (AWS requires one; unique per account and region).
     * @default - `${name}-region-unhealthy`
     */
    readonly regionUnhealthyAlarmName?: string;
    /**
     * Dashboard name (AWS requires one; dashboards are account-wide, so it carries the region).
     * @default - `${name}-${region}`
     */
    readonly dashboardName?: string;
    /**
     * X-Ray sampling rule, error group and encryption.
     * @default {}
     */
    readonly tracing?: ObservabilityTracingArgs;
    /**
     * Mark the KMS keys (alert topic, traces) `protect`, so that Pulumi refuses to delete them. Turn
     * off only for throw-away environments and tests.
     * @default true
     */
    readonly protectKeys?: boolean;
}

const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * The operations tier of one region (docs/DESIGN.md §3 "observability").
 *
 * Every alarm notifies the KMS-encrypted alert topic on ALARM and on OK. The composite
 * `region unhealthy` alarm ORs the alarms that mean users are failing (load-balancer and
 * target 5xx, unhealthy targets, running-task shortfall): the global stack watches it. The chaos
 * drills stop on the 5xx and latency alarms instead (`alarmArns`), because they cause unhealthy
 * targets and a task shortfall on purpose. Replication alarms use Metrics Insights over the
 * `SourceBucket` dimension, because the destination buckets and rule ids belong to the global
 * stack (which owns replication) and a regional stack cannot know them.
 */
export class Observability extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:observability:Observability";

    /** ARN of the encrypted alert topic. */
    public readonly alertTopicArn: pulumi.Output<string>;
    /** ARN of the customer-managed key that encrypts the alert topic. */
    public readonly alertKeyArn: pulumi.Output<string>;
    /** Name of the composite "region unhealthy" alarm. */
    public readonly regionUnhealthyAlarmName: pulumi.Output<string>;
    /** ARN of the composite "region unhealthy" alarm. */
    public readonly regionUnhealthyAlarmArn: pulumi.Output<string>;
    /** Metric alarm names keyed by alarm key. */
    public readonly alarmNames: pulumi.Output<Record<AlarmKey, string>>;
    /** Metric alarm ARNs keyed by alarm key (the 5xx and latency ones are the chaos drills' stop conditions). */
    public readonly alarmArns: pulumi.Output<Record<AlarmKey, string>>;
    /** Name of the regional dashboard. */
    public readonly dashboardName: pulumi.Output<string>;
    /** ARN of the customer-managed key that encrypts X-Ray traces. */
    public readonly traceKeyArn: pulumi.Output<string>;
    /** ARN of the X-Ray group of faulted and errored traces. */
    public readonly errorTraceGroupArn: pulumi.Output<string>;
    /** Seconds from the start of a sustained breach to an alarm firing (period × evaluation periods). */
    public readonly detectionSeconds: number;

    constructor(name: string, args: ObservabilityArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(Observability.__pulumiType, name, {}, opts);

        const emails = args.alertEmails ?? [];
        const externalTopics = [...(args.alertTopicArns ?? [])];
        const thresholds: AlarmThresholds = { ...DEFAULT_THRESHOLDS, ...(args.thresholds ?? {}) };
        const period = args.alarmPeriodSeconds ?? DEFAULT_ALARM_PERIOD_SECONDS;
        const evaluationPeriods = args.alarmEvaluationPeriods ?? DEFAULT_ALARM_EVALUATION_PERIODS;
        const partition = args.partition ?? "aws";
        const tracing = tracingSettings(args.tracing ?? {}, name);
        const compositeName = args.regionUnhealthyAlarmName ?? `${name}-region-unhealthy`;
        const dashboardName = args.dashboardName ?? `${name}-${args.region}`;

        parseSettings(observabilitySettings, args, Observability.__pulumiType, name);
        assertValidArgs(Observability.__pulumiType, name, [
            regionProblem(args.region),
            ...alertEmailProblems(emails),
            (!Number.isInteger(args.service.desiredCount) || args.service.desiredCount < 1) &&
                `service.desiredCount: expected an integer >= 1, got ${shown(args.service.desiredCount)}`,
            ...thresholdProblems(thresholds),
            ...timingProblems(period, evaluationPeriods),
            ...tracingProblems(tracing),
            !DASHBOARD_NAME.test(dashboardName) && `dashboardName: expected letters, digits, "-" or "_", got ${shown(dashboardName)}`,
            (compositeName.length < 1 || compositeName.length > 255) &&
                `regionUnhealthyAlarmName: expected 1-255 characters, got ${shown(compositeName)}`,
        ]);

        this.detectionSeconds = detectionSeconds(period, evaluationPeriods);

        // ------------------------------------------------------------------ alert topic
        // The key, topic, policy and subscriptions were direct children of this component before
        // AlertTopic existed, under the same names: the aliases move them instead of replacing them.
        const alerts = new AlertTopic(
            `${name}-alerts`,
            {
                accountId: args.accountId,
                partition,
                alertEmails: emails,
                alertHttpsEndpoints: args.alertHttpsEndpoints,
                // CloudWatch only: no EventBridge rule targets the topic, and EventBridge sends no
                // aws:SourceAccount, which the topic and key grants require.
                publisherServices: ["cloudwatch.amazonaws.com"],
                keyDescription: `Encrypts the ${args.region} alert topic`,
                protectKey: args.protectKeys,
            },
            { parent: this, ...movedChildren(this) },
        );

        // ------------------------------------------------------------------ metric alarms
        const actions = {
            actionsEnabled: true,
            alarmActions: [alerts.topicArn, ...externalTopics],
            okActions: [alerts.topicArn, ...externalTopics],
            evaluationPeriods,
            datapointsToAlarm: evaluationPeriods,
        };
        const specs = alarmDefinitions({
            region: args.region,
            periodSeconds: period,
            thresholds,
            desiredCount: args.service.desiredCount,
            albArnSuffix: args.target.albArnSuffix,
            targetGroupArnSuffix: args.target.targetGroupArnSuffix,
            clusterName: args.service.clusterName,
            serviceName: args.service.serviceName,
            webAclMetricName: args.waf.metricName,
            dataBucketName: args.data.dataBucketName,
        });

        const alarms = Object.fromEntries(
            ALARM_KEYS.map((key) => [
                key,
                new aws.cloudwatch.MetricAlarm(`${name}-${key}`, { ...specs[key], ...actions }, { parent: this }),
            ]),
        ) as Record<AlarmKey, aws.cloudwatch.MetricAlarm>;

        const ruleTerms = REGION_UNHEALTHY_INPUTS.map((key) => pulumi.interpolate`ALARM("${alarms[key].name}")`);
        const regionUnhealthy = new aws.cloudwatch.CompositeAlarm(
            `${name}-region-unhealthy`,
            {
                alarmName: compositeName,
                alarmDescription: `Users of ${args.region} are failing: 5xx, unhealthy targets or a running-task shortfall.`,
                alarmRule: pulumi.all(ruleTerms).apply((terms) => terms.join(" OR ")),
                actionsEnabled: true,
                alarmActions: [alerts.topicArn, ...externalTopics],
                okActions: [alerts.topicArn, ...externalTopics],
            },
            { parent: this },
        );

        // ------------------------------------------------------------------ dashboard
        const dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
                dashboardName,
                dashboardBody: pulumi.jsonStringify(
                    regionalDashboard({
                        region: args.region,
                        periodSeconds: period,
                        albArnSuffix: args.target.albArnSuffix,
                        targetGroupArnSuffix: args.target.targetGroupArnSuffix,
                        clusterName: args.service.clusterName,
                        serviceName: args.service.serviceName,
                        webAclMetricName: args.waf.metricName,
                        dataBucketName: args.data.dataBucketName,
                        alarmArns: [regionUnhealthy.arn, ...ALARM_KEYS.map((key) => alarms[key].arn)],
                    }),
                ),
            },
            { parent: this },
        );

        // ------------------------------------------------------------------ tracing
        const { traceKey, errorGroup } = createTracing(
            name,
            { accountId: args.accountId, region: args.region, partition, protectKey: args.protectKeys, settings: tracing },
            this,
        );

        this.alertTopicArn = alerts.topicArn;
        this.alertKeyArn = alerts.keyArn;
        this.regionUnhealthyAlarmName = regionUnhealthy.alarmName;
        this.regionUnhealthyAlarmArn = regionUnhealthy.arn;
        this.alarmNames = byKey(alarms, (a) => a.name);
        this.alarmArns = byKey(alarms, (a) => a.arn);
        this.dashboardName = dashboard.dashboardName;
        this.traceKeyArn = traceKey.arn;
        this.errorTraceGroupArn = errorGroup.arn;

        this.registerOutputs({
            alertTopicArn: this.alertTopicArn,
            alertKeyArn: this.alertKeyArn,
            regionUnhealthyAlarmName: this.regionUnhealthyAlarmName,
            regionUnhealthyAlarmArn: this.regionUnhealthyAlarmArn,
            alarmNames: this.alarmNames,
            alarmArns: this.alarmArns,
            dashboardName: this.dashboardName,
            traceKeyArn: this.traceKeyArn,
            errorTraceGroupArn: this.errorTraceGroupArn,
            detectionSeconds: this.detectionSeconds,
        });
    }
}

/** One output of every alarm, as an output record keyed by alarm key. */
function byKey(
    alarms: Record<AlarmKey, aws.cloudwatch.MetricAlarm>,
    pick: (a: aws.cloudwatch.MetricAlarm) => pulumi.Output<string>,
): pulumi.Output<Record<AlarmKey, string>> {
    const entries = ALARM_KEYS.map((key) => pick(alarms[key]).apply((v) => [key, v] as const));
    return pulumi.all(entries).apply((pairs) => Object.fromEntries(pairs) as Record<AlarmKey, string>);
}
