/**
 * Post-deploy checks of one regional stack, against the live AWS APIs: what `pulumi up`
 * reporting success does not prove. Each returns what it saw; an SDK error propagates and is
 * reported as an error by the runner, never as a pass.
 */
import { DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand } from "@aws-sdk/client-ecs";
import { DescribeTargetHealthCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetExperimentTemplateCommand } from "@aws-sdk/client-fis";
import { ListSubscriptionsByTopicCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { AwsClients, StackOutputs } from "./types";

/** What a check function returns: its verdict and what it saw. */
export interface Verdict {
    readonly status: "pass" | "fail";
    readonly seen: string;
}

const pass = (seen: string): Verdict => ({ status: "pass", seen });
const fail = (seen: string): Verdict => ({ status: "fail", seen });

/**
 * The ECS service's PRIMARY deployment runs the task definition Pulumi recorded and finished
 * rolling out. A deployment circuit breaker that rolled back leaves the previous task definition
 * PRIMARY (or the rollout FAILED) while `pulumi up` reported success (pulumi-aws#4487,
 * pulumi-awsx#1848): this is the check that catches it.
 */
export async function ecsDeployment(aws: AwsClients, region: string, outputs: StackOutputs): Promise<Verdict> {
    const cluster = outputs.string("clusterName", "the ECS cluster");
    const service = outputs.string("serviceName", "the ECS service");
    const recorded = outputs.string("taskDefinitionArn", "the task definition ARN Pulumi recorded for the service");
    const found = (await aws.ecs(region).send(new DescribeServicesCommand({ cluster, services: [service] }))).services?.[0];
    if (!found) return fail(`service ${service} not found in cluster ${cluster}`);
    const primary = found.deployments?.find((d) => d.status === "PRIMARY");
    if (!primary) return fail(`service ${service} has no PRIMARY deployment`);
    const problems = [
        primary.taskDefinition !== recorded && `runs ${primary.taskDefinition}, not the recorded ${recorded} (rolled back?)`,
        primary.rolloutState !== "COMPLETED" &&
            `rolloutState ${primary.rolloutState ?? "unset"}${primary.rolloutStateReason ? ` (${primary.rolloutStateReason})` : ""}, expected COMPLETED`,
    ].filter((p): p is string => typeof p === "string");
    if (problems.length > 0) return fail(`primary deployment ${problems.join("; ")}`);
    return pass(`primary deployment runs ${recorded}, rolloutState COMPLETED`);
}

/** The service runs at least as many tasks as it wants. */
export async function ecsRunningCount(aws: AwsClients, region: string, outputs: StackOutputs): Promise<Verdict> {
    const cluster = outputs.string("clusterName", "the ECS cluster");
    const service = outputs.string("serviceName", "the ECS service");
    const found = (await aws.ecs(region).send(new DescribeServicesCommand({ cluster, services: [service] }))).services?.[0];
    if (!found) return fail(`service ${service} not found in cluster ${cluster}`);
    const running = found.runningCount ?? 0;
    const desired = found.desiredCount ?? 0;
    const seen = `running ${running}, desired ${desired}`;
    return running >= desired && desired > 0 ? pass(seen) : fail(`${seen}; expected running >= desired > 0`);
}

/** Every availability zone of the stack has at least one healthy target, and no target is unhealthy. */
export async function targetsHealthy(aws: AwsClients, region: string, outputs: StackOutputs): Promise<Verdict> {
    const targetGroup = outputs.string("targetGroupArn", "the ALB target group ARN");
    const zones = outputs.strings("availabilityZones", "the stack's availability zones");
    const described = await aws.elbv2(region).send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroup }));
    const targets = described.TargetHealthDescriptions ?? [];
    const healthyIn = new Map(zones.map((z) => [z, 0]));
    const unhealthy: string[] = [];
    for (const t of targets) {
        const zone = t.Target?.AvailabilityZone ?? "unknown zone";
        if (t.TargetHealth?.State === "healthy") healthyIn.set(zone, (healthyIn.get(zone) ?? 0) + 1);
        else
            unhealthy.push(
                `${t.Target?.Id ?? "?"} in ${zone} ${t.TargetHealth?.State ?? "unknown"}${t.TargetHealth?.Reason ? ` (${t.TargetHealth.Reason})` : ""}`,
            );
    }
    const counts = zones.map((z) => `${z} ${healthyIn.get(z)}`).join(", ");
    const empty = zones.filter((z) => healthyIn.get(z) === 0);
    if (empty.length > 0 || unhealthy.length > 0) {
        const parts = [
            empty.length > 0 && `no healthy target in ${empty.join(", ")}`,
            unhealthy.length > 0 && `not healthy: ${unhealthy.join(", ")}`,
        ];
        return fail(`healthy targets: ${counts}; ${parts.filter(Boolean).join("; ")}`);
    }
    return pass(`healthy targets: ${counts}`);
}

/** Every subscription of `topicArn`, following NextToken. */
export async function subscriptionsOf(sns: SNSClient, topicArn: string) {
    const all = [];
    let NextToken: string | undefined;
    do {
        const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }));
        all.push(...(page.Subscriptions ?? []));
        NextToken = page.NextToken;
    } while (NextToken);
    return all;
}

/**
 * The alert topic has subscriptions and every one is confirmed: an email subscription stays
 * `PendingConfirmation` until someone clicks the link, and until then alarms reach nobody.
 */
export async function alertSubscriptions(sns: SNSClient, topicArn: string): Promise<Verdict> {
    const subscriptions = await subscriptionsOf(sns, topicArn);
    if (subscriptions.length === 0)
        return fail(`${topicArn}: no subscriptions; alarms reach nobody (set platform:observability.alertEmails)`);
    const pending = subscriptions.filter((s) => s.SubscriptionArn === "PendingConfirmation").map((s) => `${s.Protocol}:${s.Endpoint}`);
    const seen = `${subscriptions.length} subscription(s), ${pending.length} pending`;
    return pending.length > 0 ? fail(`${seen}: ${pending.join(", ")} not confirmed (PendingConfirmation)`) : pass(`${seen}`);
}

/** The named alarms (metric or composite) are all in OK. */
export async function alarmsOk(aws: AwsClients, region: string, names: readonly string[]): Promise<Verdict> {
    const found = await aws
        .cloudwatch(region)
        .send(new DescribeAlarmsCommand({ AlarmNames: [...names], AlarmTypes: ["CompositeAlarm", "MetricAlarm"] }));
    const states = new Map([...(found.CompositeAlarms ?? []), ...(found.MetricAlarms ?? [])].map((a) => [a.AlarmName, a.StateValue]));
    const seen = names.map((n) => `${n} ${states.get(n) ?? "not found"}`).join(", ");
    return names.every((n) => states.get(n) === "OK") ? pass(seen) : fail(`${seen}; expected OK`);
}

/** With `platform:chaos.enabled`, every FIS experiment template the stack recorded exists. */
export async function fisTemplates(aws: AwsClients, region: string, outputs: StackOutputs): Promise<Verdict> {
    const ids = outputs.strings("chaosExperimentTemplateIds", "the FIS experiment template ids");
    if (ids.length === 0) return fail("platform:chaos.enabled is true but the stack recorded no FIS experiment template");
    const missing: string[] = [];
    for (const id of ids) {
        try {
            await aws.fis(region).send(new GetExperimentTemplateCommand({ id }));
        } catch (err) {
            // Only "not found" is a verdict; any other error (throttling, access) is the runner's.
            if ((err as Error).name !== "ResourceNotFoundException") throw err;
            missing.push(id);
        }
    }
    return missing.length > 0 ? fail(`FIS templates missing: ${missing.join(", ")}`) : pass(`FIS templates present: ${ids.join(", ")}`);
}
