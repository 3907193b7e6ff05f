import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs, shown } from "../shared/validation";
import { GLOBAL_SERVICES_REGION } from "../shared/regions";

/** One region's dashboard dimensions. */
export interface DashboardRegion {
    readonly region: string;
    /** ALB dimension (`app/<name>/<id>`). */
    readonly albArnSuffix: pulumi.Input<string>;
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
    /** The region's Route 53 health check. */
    readonly healthCheckId: pulumi.Input<string>;
}

/** Arguments of {@link GlobalDashboard}. */
export interface GlobalDashboardArgs {
    /** Dashboard name (CloudWatch requires one; unique in the account). */
    readonly dashboardName: string;
    /** Regions in display order (the active one first); at least 1, distinct. */
    readonly regions: readonly DashboardRegion[];
    /** The CloudFront distribution id (its metrics are global, published in us-east-1). */
    readonly distributionId: pulumi.Input<string>;
}

/**
 * A cross-region CloudWatch dashboard: for each region side by side, ALB requests, 5xx and p99
 * latency, ECS running tasks and the region's Route 53 health-check status; and CloudFront's
 * requests and error rates. Each widget names the region its metrics come from, so one
 * dashboard (in the provider's region) shows every region.
 */
export class GlobalDashboard extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:global-operations:GlobalDashboard";

    public readonly dashboardName: pulumi.Output<string>;

    constructor(name: string, args: GlobalDashboardArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(GlobalDashboard.__pulumiType, name, {}, opts);
        const regions = args.regions.map((r) => r.region);
        assertValidArgs(GlobalDashboard.__pulumiType, name, [
            !/^[A-Za-z0-9_-]{1,255}$/.test(args.dashboardName) &&
                `dashboardName: expected 1-255 letters, digits, dashes or underscores, got ${shown(args.dashboardName)}`,
            regions.length < 1 && `regions: expected at least 1 region, got 0`,
            new Set(regions).size !== regions.length && `regions: expected distinct regions, got ${shown(regions)}`,
        ]);

        const width = Math.max(6, Math.floor(24 / Math.max(1, regions.length)));
        const body = pulumi.jsonStringify({
            widgets: [
                ...args.regions.flatMap((r, i) => {
                    const x = (i * width) % 24;
                    const metric = (title: string, y: number, metrics: unknown[], region = r.region, stat = "Sum") => ({
                        type: "metric",
                        x,
                        y,
                        width,
                        height: 6,
                        properties: { title: `${r.region}: ${title}`, region, stat, period: 60, view: "timeSeries", metrics },
                    });
                    return [
                        metric("ALB requests and 5xx", 0, [
                            ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", r.albArnSuffix],
                            ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", r.albArnSuffix],
                            ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", r.albArnSuffix],
                        ]),
                        metric(
                            "ALB p99 latency",
                            6,
                            [["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", r.albArnSuffix]],
                            r.region,
                            "p99",
                        ),
                        metric(
                            "ECS running tasks",
                            12,
                            [["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", r.clusterName, "ServiceName", r.serviceName]],
                            r.region,
                            "Minimum",
                        ),
                        // Route 53 health-check metrics exist only in us-east-1.
                        metric(
                            "Route 53 health",
                            18,
                            [["AWS/Route53", "HealthCheckStatus", "HealthCheckId", r.healthCheckId]],
                            GLOBAL_SERVICES_REGION,
                            "Minimum",
                        ),
                    ];
                }),
                {
                    type: "metric",
                    x: 0,
                    y: 24,
                    width: 24,
                    height: 6,
                    properties: {
                        title: "CloudFront requests and error rates",
                        region: GLOBAL_SERVICES_REGION,
                        period: 60,
                        view: "timeSeries",
                        metrics: [
                            ["AWS/CloudFront", "Requests", "DistributionId", args.distributionId, "Region", "Global", { stat: "Sum" }],
                            [
                                "AWS/CloudFront",
                                "5xxErrorRate",
                                "DistributionId",
                                args.distributionId,
                                "Region",
                                "Global",
                                { stat: "Average", yAxis: "right" },
                            ],
                            [
                                "AWS/CloudFront",
                                "4xxErrorRate",
                                "DistributionId",
                                args.distributionId,
                                "Region",
                                "Global",
                                { stat: "Average", yAxis: "right" },
                            ],
                        ],
                    },
                },
            ],
        });
        const dashboard = new aws.cloudwatch.Dashboard(name, { dashboardName: args.dashboardName, dashboardBody: body }, { parent: this });

        this.dashboardName = dashboard.dashboardName;
        this.registerOutputs({ dashboardName: this.dashboardName });
    }
}
