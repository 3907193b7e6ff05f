/**
 * The regional CloudWatch dashboard body: request path, service, edge security and
 * replication widgets, plus the state of the regional alarms. Pure: values may be Inputs,
 * the caller serialises the result with `pulumi.jsonStringify`.
 */
import * as pulumi from "@pulumi/pulumi";

/** What the dashboard shows. */
export interface DashboardSources {
    readonly region: string;
    readonly periodSeconds: number;
    readonly albArnSuffix: pulumi.Input<string>;
    readonly targetGroupArnSuffix: pulumi.Input<string>;
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
    /** Metric name of the web ACL's visibility config: the `WebACL` dimension of `AWS/WAFV2` (not the ACL's name). */
    readonly webAclMetricName: pulumi.Input<string>;
    readonly dataBucketName: pulumi.Input<string>;
    /** ARNs of the alarms shown in the alarm-status widget. */
    readonly alarmArns: readonly pulumi.Input<string>[];
}

type Metric = pulumi.Input<unknown>[];

interface WidgetSpec {
    readonly title: string;
    readonly metrics: Metric[];
    readonly stat?: string;
}

const WIDTH = 12;
const HEIGHT = 6;

/** Widget titles, in layout order (exported for tests and docs). */
export const DASHBOARD_WIDGET_TITLES = [
    "Alarms",
    "Requests and 5xx",
    "Target response time p99",
    "Healthy and unhealthy targets",
    "Running tasks",
    "Service CPU and memory",
    "WAF allowed and blocked requests",
    "S3 replication",
] as const;

/** Returns the `dashboardBody` object of the regional dashboard. */
export function regionalDashboard(s: DashboardSources): Record<string, unknown> {
    const alb = ["LoadBalancer", s.albArnSuffix];
    const tg = ["TargetGroup", s.targetGroupArnSuffix, "LoadBalancer", s.albArnSuffix];
    const svc = ["ClusterName", s.clusterName, "ServiceName", s.serviceName];
    const acl = ["WebACL", s.webAclMetricName, "Rule", "ALL", "Region", s.region];
    // Replication metrics carry SourceBucket, DestinationBucket and RuleId; the destinations
    // belong to the global stack, so a Metrics Insights query aggregates over them.
    const replication = (metric: string, fn: string) =>
        pulumi.interpolate`SELECT ${fn}(${metric}) FROM SCHEMA("AWS/S3", DestinationBucket, RuleId, SourceBucket) WHERE SourceBucket = '${s.dataBucketName}'`;

    const specs: WidgetSpec[] = [
        {
            title: "Requests and 5xx",
            stat: "Sum",
            metrics: [
                ["AWS/ApplicationELB", "RequestCount", ...alb],
                ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", ...alb],
                ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...alb],
            ],
        },
        { title: "Target response time p99", stat: "p99", metrics: [["AWS/ApplicationELB", "TargetResponseTime", ...alb]] },
        {
            title: "Healthy and unhealthy targets",
            stat: "Maximum",
            metrics: [
                ["AWS/ApplicationELB", "HealthyHostCount", ...tg],
                ["AWS/ApplicationELB", "UnHealthyHostCount", ...tg],
            ],
        },
        {
            title: "Running tasks",
            stat: "Minimum",
            metrics: [
                ["ECS/ContainerInsights", "RunningTaskCount", ...svc],
                ["ECS/ContainerInsights", "DesiredTaskCount", ...svc],
            ],
        },
        {
            title: "Service CPU and memory",
            stat: "Average",
            metrics: [
                ["AWS/ECS", "CPUUtilization", ...svc],
                ["AWS/ECS", "MemoryUtilization", ...svc],
            ],
        },
        {
            title: "WAF allowed and blocked requests",
            stat: "Sum",
            metrics: [
                ["AWS/WAFV2", "AllowedRequests", ...acl],
                ["AWS/WAFV2", "BlockedRequests", ...acl],
            ],
        },
        {
            title: "S3 replication",
            metrics: [
                [{ id: "latency", expression: replication("ReplicationLatency", "MAX"), label: "Replication latency (s, max)" }],
                [{ id: "failed", expression: replication("OperationsFailedReplication", "SUM"), label: "Failed replication operations" }],
            ],
        },
    ];

    const widgets: Record<string, unknown>[] = [
        {
            type: "alarm",
            x: 0,
            y: 0,
            width: 2 * WIDTH,
            height: 3,
            properties: { title: "Alarms", alarms: [...s.alarmArns], sortBy: "stateUpdatedTimestamp" },
        },
        ...specs.map((w, i) => ({
            type: "metric",
            x: (i % 2) * WIDTH,
            y: 3 + Math.floor(i / 2) * HEIGHT,
            width: WIDTH,
            height: HEIGHT,
            properties: {
                title: w.title,
                region: s.region,
                view: "timeSeries",
                period: s.periodSeconds,
                ...(w.stat ? { stat: w.stat } : {}),
                metrics: w.metrics,
            },
        })),
    ];
    return { start: "-PT6H", periodOverride: "inherit", widgets };
}
