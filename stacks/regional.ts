/**
 * The regional stack program: every regional tier of docs/DESIGN.md §3 in one AWS region.
 *
 * The region comes from configuration and reaches every resource through one explicit
 * provider (default providers are disabled in the stack config). The return value is the
 * typed regional contract the global stack reads.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Analytics } from "../components/analytics";
import { ChaosExperiments } from "../components/chaos";
import { RegionalWaf } from "../components/edge-security";
import { LogEncryptionKey } from "../components/encryption";
import { LoadBalancer } from "../components/load-balancing";
import { Network } from "../components/network";
import { type AlarmKey, Observability } from "../components/observability";
import { FargateService } from "../components/service";
import { Storage } from "../components/storage";
import type { RegionalConfig } from "./config/schema";
import type { RegionalContract, RegionalOperationsOutputs } from "./contract";

/** Stack outputs of a regional stack: the contract and the operations outputs, as Pulumi inputs. */
export type RegionalOutputs = {
    [K in keyof (RegionalContract & RegionalOperationsOutputs)]: pulumi.Input<(RegionalContract & RegionalOperationsOutputs)[K]>;
};

/** Builds every regional tier and returns the regional contract. */
export async function regionalProgram(config: RegionalConfig): Promise<RegionalOutputs> {
    const provider = new aws.Provider(`aws-${config.region}`, {
        region: config.region as aws.Region,
        defaultTags: { tags: { ...config.tags, "platform:stack": pulumi.getStack(), "platform:region": config.region } },
    });
    const opts: pulumi.ComponentResourceOptions = { providers: { aws: provider } };
    const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;

    const logRetentionDays = config.observability.logRetentionDays;

    // network
    const network = new Network(
        "network",
        { ...config.network, region: config.region, accountId, flowLogRetentionDays: logRetentionDays },
        opts,
    );

    // storage
    const storage = new Storage("storage", { ...config.storage, region: config.region, accountId }, opts);

    // analytics
    new Analytics(
        "analytics",
        {
            ...config.analytics,
            logs: storage,
            data: storage,
            region: config.region,
            accountId,
            // Glue names are per account and region, not per stack: keep two stacks apart.
            databaseName: `platform_${pulumi
                .getStack()
                .toLowerCase()
                .replace(/[^a-z0-9]/g, "_")}`,
        },
        opts,
    );

    // request path: WAF -> ALB -> Fargate service
    // The origin-verify secret is shared with CloudFront through this stack's (secret) output. A
    // generated one is wrapped too: the engine marks `result` secret, the mocks do not.
    const originVerifySecret: pulumi.Output<string> =
        config.originVerifySecret !== undefined
            ? pulumi.secret(config.originVerifySecret)
            : pulumi.secret(new random.RandomPassword("origin-verify", { length: 48, special: false }).result);
    const requestLogKey = new LogEncryptionKey(
        "request-logs",
        { accountId, region: config.region, purpose: "WAF and container logs" },
        opts,
    );
    const loadBalancer = new LoadBalancer(
        "alb",
        {
            ...config.loadBalancing,
            containerPort: config.service.containerPort,
            healthCheckPath: config.service.healthCheckPath,
            region: config.region,
            network,
            accessLogs: storage,
            originVerifySecret,
            originVerifyPreviousSecret:
                config.originVerifyPreviousSecret === undefined ? undefined : pulumi.secret(config.originVerifyPreviousSecret),
        },
        opts,
    );
    const waf = new RegionalWaf(
        "waf",
        {
            ...config.edgeSecurity,
            albArn: loadBalancer.albArn,
            logKeyArn: requestLogKey.keyArn,
            logRetentionDays,
            secretHeaderNames: [loadBalancer.originVerifyHeaderName],
        },
        opts,
    );
    const service = new FargateService(
        "app",
        {
            ...config.service,
            network,
            target: loadBalancer,
            data: storage,
            accountId,
            region: config.region,
            logKeyArn: requestLogKey.keyArn,
            logRetentionDays,
        },
        opts,
    );

    // observability: alert topic, alarms on every tier, region-unhealthy composite, dashboard, X-Ray
    // Physical names AWS requires carry the stack, so two stacks in one account never clash.
    const stackName = `${pulumi.getProject()}-${pulumi.getStack()}`;
    const observability = new Observability(
        "ops",
        {
            accountId,
            region: config.region,
            alertEmails: config.observability.alertEmails,
            alertHttpsEndpoints: config.observability.alertHttpsEndpoints,
            alertTopicArns: config.observability.alertTopicArns,
            target: loadBalancer,
            service,
            waf,
            data: storage,
            regionUnhealthyAlarmName: `${stackName}-region-unhealthy`,
            dashboardName: stackName,
        },
        opts,
    );

    // chaos drills: FIS templates, created only on request (they run only when started by hand)
    let chaosExperimentTemplateIds: pulumi.Input<string[]> = [];
    if (config.chaos.enabled) {
        // Stop on customer impact only. unhealthy-hosts and running-tasks are what the drills cause
        // on purpose: stopping on them would end every drill after the alarm detection time
        // instead of proving recovery over its duration.
        const stopAlarms: readonly AlarmKey[] = ["elb-5xx", "target-5xx", "latency-p99"];
        const chaos = new ChaosExperiments(
            "chaos",
            {
                stopTaskPercent: config.chaos.stopTaskPercent,
                durationMinutes: config.chaos.durationMinutes,
                accountId,
                region: config.region,
                availabilityZones: config.network.availabilityZones,
                service,
                network,
                stopAlarmArns: stopAlarms.map((key) => observability.alarmArns.apply((arns) => arns[key])),
                logRetentionDays,
            },
            opts,
        );
        chaosExperimentTemplateIds = chaos.experimentTemplateIds.apply((ids) => Object.values(ids));
    }

    return {
        region: config.region,
        availabilityZones: config.network.availabilityZones,
        vpcId: network.vpcId,
        vpcCidrBlock: network.vpcCidrBlock,
        privateRouteTableIds: network.privateRouteTableIds,
        dataBucketName: storage.dataBucketName,
        dataBucketArn: storage.dataBucketArn,
        dataBucketVersioning: storage.dataBucketVersioning,
        dataKeyArn: storage.dataKeyArn,
        logBucketName: storage.logBucketName,
        logBucketArn: storage.logBucketArn,
        albDnsName: loadBalancer.albDnsName,
        albZoneId: loadBalancer.albZoneId,
        albArnSuffix: loadBalancer.albArnSuffix,
        targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
        originHostname: loadBalancer.originHostname,
        originProtocol: loadBalancer.originProtocol,
        healthCheckPath: loadBalancer.healthCheckPath,
        originVerifyHeaderName: loadBalancer.originVerifyHeaderName,
        originVerifySecret,
        clusterName: service.clusterName,
        clusterArn: service.clusterArn,
        serviceName: service.serviceName,
        alertTopicArn: observability.alertTopicArn,
        alertKeyArn: observability.alertKeyArn,
        regionUnhealthyAlarmName: observability.regionUnhealthyAlarmName,
        taskDefinitionArn: service.taskDefinitionArn,
        targetGroupArn: loadBalancer.targetGroupArn,
        chaosExperimentTemplateIds,
    };
}
