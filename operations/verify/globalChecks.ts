/**
 * Post-deploy checks of the global stack: Route 53 health checks, the S3 replication between the
 * regional data buckets (rules and their CloudWatch metrics), and the cross-region probes
 * (canaries and their alarms). Route 53 and replication are judged from the regional stacks'
 * outputs the global stack reads.
 */
import { ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { GetHealthCheckStatusCommand } from "@aws-sdk/client-route-53";
import { GetBucketReplicationCommand } from "@aws-sdk/client-s3";
import { GetCanaryRunsCommand } from "@aws-sdk/client-synthetics";
import type { Verdict } from "./regionalChecks";
import type { AwsClients } from "./types";

const pass = (seen: string): Verdict => ({ status: "pass", seen });
const fail = (seen: string): Verdict => ({ status: "fail", seen });

/** Every Route 53 checker reports success for the region's health check. */
export async function healthCheckHealthy(aws: AwsClients, region: string, id: string): Promise<Verdict> {
    const status = await aws.route53().send(new GetHealthCheckStatusCommand({ HealthCheckId: id }));
    const observations = status.HealthCheckObservations ?? [];
    if (observations.length === 0) return fail(`health check ${id} (${region}): no observations yet`);
    const failing = observations.filter((o) => !o.StatusReport?.Status?.startsWith("Success"));
    const seen = `health check ${id} (${region}): ${observations.length - failing.length}/${observations.length} checkers report success`;
    return failing.length > 0
        ? fail(`${seen}; failing: ${failing.map((o) => `${o.Region}: ${o.StatusReport?.Status ?? "no status"}`).join("; ")}`)
        : pass(seen);
}

/**
 * The replication rules of a data bucket are enabled, with Replication Time Control and
 * replication metrics on, one towards each other bucket; and CloudWatch has the replication
 * metrics of the bucket (S3 publishes them only when the rule's metrics are on).
 */
export async function replicationRules(aws: AwsClients, region: string, bucket: string, destinations: readonly string[]): Promise<Verdict> {
    const config = (await aws.s3(region).send(new GetBucketReplicationCommand({ Bucket: bucket }))).ReplicationConfiguration;
    const rules = config?.Rules ?? [];
    const problems: string[] = [];
    for (const destination of destinations) {
        const rule = rules.find((r) => r.Destination?.Bucket === `arn:aws:s3:::${destination}`);
        if (!rule) {
            problems.push(`no rule to ${destination}`);
            continue;
        }
        const id = rule.ID ?? "(no id)";
        if (rule.Status !== "Enabled") problems.push(`rule ${id} is ${rule.Status}`);
        if (rule.Destination?.Metrics?.Status !== "Enabled")
            problems.push(`rule ${id} has replication metrics ${rule.Destination?.Metrics?.Status ?? "off"}`);
        if (rule.Destination?.ReplicationTime?.Status !== "Enabled")
            problems.push(`rule ${id} has Replication Time Control ${rule.Destination?.ReplicationTime?.Status ?? "off"}`);
    }
    const metrics = await aws.cloudwatch(region).send(
        new ListMetricsCommand({
            Namespace: "AWS/S3",
            MetricName: "ReplicationLatency",
            Dimensions: [{ Name: "SourceBucket", Value: bucket }],
        }),
    );
    const withMetrics = new Set(
        (metrics.Metrics ?? [])
            .map((m) => m.Dimensions?.find((d) => d.Name === "DestinationBucket")?.Value)
            .filter((v): v is string => !!v),
    );
    const noMetrics = destinations.filter((d) => !withMetrics.has(d));
    if (noMetrics.length > 0) problems.push(`no ReplicationLatency metric towards ${noMetrics.join(", ")}`);
    const seen = `${bucket}: ${rules.length} rule(s) for ${destinations.length} destination(s)`;
    return problems.length > 0 ? fail(`${seen}; ${problems.join("; ")}`) : pass(`${seen}, enabled with RTC and metrics`);
}

/** The probe canary's latest run passed. */
export async function canaryPassing(aws: AwsClients, region: string, name: string): Promise<Verdict> {
    const runs = (await aws.synthetics(region).send(new GetCanaryRunsCommand({ Name: name, MaxResults: 1 }))).CanaryRuns ?? [];
    const last = runs[0];
    if (!last) return fail(`canary ${name} (${region}) has not run yet`);
    const state = last.Status?.State ?? "unknown";
    const seen = `canary ${name} (${region}) last run ${state}${last.Status?.StateReason ? ` (${last.Status.StateReason})` : ""}`;
    return state === "PASSED" ? pass(seen) : fail(`${seen}; expected PASSED`);
}
