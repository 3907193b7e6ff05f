import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseSettings } from "../shared/settings";
import { shown } from "../shared/validation";
import { type RegionHealthChecksSettingsInput, regionHealthChecksArgsSettings } from "./settings";

/** One region's origin to probe. */
export interface HealthCheckTarget {
    /** The region (stable key of the health check and its alarm). */
    readonly region: string;
    /** Host name to probe (the region's origin host name). */
    readonly hostname: pulumi.Input<string>;
    /** Path to probe, e.g. `/healthz`. */
    readonly path: pulumi.Input<string>;
    /**
     * What the region's ALB serves: a domain-mode region answers HTTP only with a redirect, which
     * Route 53 counts as a failure, so each region is probed the way it serves.
     * @default - the component's `protocol`
     */
    readonly protocol?: "HTTP" | "HTTPS";
}

/** Arguments of {@link RegionHealthChecks}: its settings ({@link regionHealthChecksArgsSettings}) and its wiring. */
export interface RegionHealthChecksArgs extends RegionHealthChecksSettingsInput {
    /** The regions to probe, at least 2, distinct. */
    readonly targets: readonly HealthCheckTarget[];
    /**
     * SNS topic the health-check alarms notify. It must be in the provider's region, which must be
     * us-east-1: Route 53 publishes health-check metrics only there, and an alarm notifies only a
     * topic of its own region.
     */
    readonly alarmTopicArn: pulumi.Input<string>;
}

/**
 * A Route 53 health check per region on its origin host name, and a CloudWatch alarm per health
 * check (in us-east-1, where the metrics are) that notifies the alert topic when the region
 * fails and when it recovers.
 *
 * The origin-verify header: Route 53 health checks cannot send custom headers, and the regional
 * ALB answers a fixed 403 to requests without it. The health check therefore relies on the
 * regional load balancer forwarding exactly `GET`/`HEAD` of the health-check path without the
 * header (a listener rule with a lower priority than the header rule), and on its security group
 * admitting the Route 53 health-checker ranges (`ROUTE53_HEALTHCHECKS` in ip-ranges.json) on the
 * listener port. Only that cheap, read-only path bypasses CloudFront. The regional WAF's rate rule
 * keys on the forwarded client address (`X-Forwarded-For`), which the health checkers do not send,
 * so their requests are not counted; requests to that path through CloudFront still count against
 * the per-client rate limit. Matching the 403 body (`HTTP_STR_MATCH`) was rejected: it proves the
 * ALB is up, not that any task behind it is healthy, so a region without tasks would look healthy.
 */
export class RegionHealthChecks extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:dns:RegionHealthChecks";

    /** Health-check id per region. */
    public readonly healthCheckIds: Record<string, pulumi.Output<string>>;
    /** Alarm name per region. */
    public readonly alarmNames: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: RegionHealthChecksArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(RegionHealthChecks.__pulumiType, name, {}, opts);
        const regions = args.targets.map((t) => t.region);
        const targetProtocols = [...new Set(args.targets.map((t) => t.protocol).filter((p) => p !== undefined))];
        const settings = parseSettings(regionHealthChecksArgsSettings, args, RegionHealthChecks.__pulumiType, name, [
            regions.length < 2 && `targets: expected at least 2 regions, got ${regions.length} (${shown(regions)})`,
            new Set(regions).size !== regions.length && `targets: expected distinct regions, got ${shown(regions)}`,
            ...targetProtocols
                .filter((p) => !regionHealthChecksArgsSettings.shape.protocol.unwrap().safeParse(p).success)
                .map((p) => `targets.protocol: expected "HTTP" | "HTTPS", got ${shown(p)}`),
        ]);
        const { protocol, requestIntervalSeconds: interval, failureThreshold: threshold, checkerRegions: checkers } = settings;

        this.healthCheckIds = {};
        this.alarmNames = {};
        for (const target of args.targets) {
            const targetProtocol = target.protocol ?? protocol;
            const check = new aws.route53.HealthCheck(
                `${name}-${target.region}`,
                {
                    type: targetProtocol,
                    fqdn: target.hostname,
                    port: targetProtocol === "HTTPS" ? 443 : 80,
                    enableSni: targetProtocol === "HTTPS" ? true : undefined,
                    resourcePath: target.path,
                    requestInterval: interval,
                    failureThreshold: threshold,
                    measureLatency: true,
                    regions: [...checkers],
                    tags: { Name: `${name}-${target.region}` },
                },
                { parent: this },
            );
            const alarm = new aws.cloudwatch.MetricAlarm(
                `${name}-${target.region}`,
                {
                    alarmDescription: `Route 53 health check of ${target.region} failing: the edge is failing over away from it.`,
                    namespace: "AWS/Route53",
                    metricName: "HealthCheckStatus",
                    dimensions: { HealthCheckId: check.id },
                    statistic: "Minimum",
                    period: 60,
                    evaluationPeriods: 1,
                    threshold: 1,
                    comparisonOperator: "LessThanThreshold",
                    // No data means Route 53 cannot see the region: alarm rather than stay silent.
                    treatMissingData: "breaching",
                    actionsEnabled: true,
                    alarmActions: [args.alarmTopicArn],
                    okActions: [args.alarmTopicArn],
                },
                { parent: this },
            );
            this.healthCheckIds[target.region] = check.id;
            this.alarmNames[target.region] = alarm.name;
        }
        this.registerOutputs({ healthCheckIds: this.healthCheckIds, alarmNames: this.alarmNames });
    }
}
