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
import { LogEncryptionKey } from "../components/identity";
import { LoadBalancer } from "../components/load-balancing";
import { Network } from "../components/network";
import { type AlarmKey, Observability } from "../components/observability";
import { FargateService } from "../components/service";
import { ALB_ACCESS_LOG_PREFIX, Storage } from "../components/storage";
import type { RegionalConfig } from "./config/schema";
import type { RegionalContract } from "./contract";

/** Stack outputs of a regional stack: the contract, as Pulumi inputs. */
export type RegionalOutputs = { [K in keyof RegionalContract]: pulumi.Input<RegionalContract[K]> };

/** Builds every regional tier and returns the regional contract. */
export async function regionalProgram(config: RegionalConfig): Promise<RegionalOutputs> {
    const provider = new aws.Provider(`aws-${config.region}`, {
        region: config.region as aws.Region,
        defaultTags: { tags: { ...config.tags, "platform:stack": pulumi.getStack(), "platform:region": config.region } },
    });
    const opts: pulumi.ComponentResourceOptions = { providers: { aws: provider } };
    const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;

    // network
    const network = new Network(
        "network",
        {
            availabilityZones: config.network.availabilityZones,
            cidrBlock: config.network.cidrBlock,
            availabilityZoneCidrMask: config.network.availabilityZoneCidrMask,
            region: config.region,
            accountId,
            flowLogRetentionDays: config.observability.logRetentionDays,
        },
        opts,
    );

    // storage
    const storage = new Storage(
        "storage",
        {
            region: config.region,
            accountId,
            noncurrentVersionExpirationDays: config.storage.noncurrentVersionExpirationDays,
            accessLogExpirationDays: config.storage.accessLogExpirationDays,
        },
        opts,
    );

    // analytics
    new Analytics(
        "analytics",
        {
            dataKeyArn: storage.dataKeyArn,
            logBucketName: storage.logBucketName,
            logBucketArn: storage.logBucketArn,
            albLogPrefix: ALB_ACCESS_LOG_PREFIX,
            bytesScannedCutoffPerQuery: config.analytics.bytesScannedCutoffPerQuery,
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
    const lbConfig = config.loadBalancing;
    const loadBalancer = new LoadBalancer(
        "alb",
        {
            region: config.region,
            vpcId: network.vpcId,
            vpcCidrBlock: network.vpcCidrBlock,
            publicSubnetIds: network.publicSubnetIds,
            containerPort: config.service.containerPort,
            healthCheckPath: config.service.healthCheckPath,
            healthCheckIntervalSeconds: lbConfig.healthCheckIntervalSeconds,
            healthCheckTimeoutSeconds: lbConfig.healthCheckTimeoutSeconds,
            healthyThreshold: lbConfig.healthyThreshold,
            unhealthyThreshold: lbConfig.unhealthyThreshold,
            deregistrationDelaySeconds: lbConfig.deregistrationDelaySeconds,
            deletionProtection: lbConfig.deletionProtection,
            accessLogBucketName: storage.logBucketName,
            accessLogPrefix: ALB_ACCESS_LOG_PREFIX,
            certificateArn: lbConfig.domain?.certificateArn,
            originVerifyHeaderName: lbConfig.originVerifyHeaderName,
            originVerifySecret,
        },
        opts,
    );
    const waf = new RegionalWaf(
        "waf",
        {
            albArn: loadBalancer.albArn,
            rateLimitPerFiveMinutes: config.edgeSecurity.rateLimitPerFiveMinutes,
            logKeyArn: requestLogKey.keyArn,
            logRetentionDays: config.observability.logRetentionDays,
        },
        opts,
    );
    const service = new FargateService(
        "app",
        {
            vpcId: network.vpcId,
            privateSubnetIds: network.privateSubnetIds,
            albSecurityGroupId: loadBalancer.securityGroupId,
            targetGroupArn: loadBalancer.targetGroupArn,
            albArnSuffix: loadBalancer.albArnSuffix,
            targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
            accountId,
            region: config.region,
            dataBucketArn: storage.dataBucketArn,
            dataKeyArn: storage.dataKeyArn,
            logKeyArn: requestLogKey.keyArn,
            logRetentionDays: config.observability.logRetentionDays,
            image: config.service.image,
            containerPort: config.service.containerPort,
            cpu: config.service.cpu,
            memory: config.service.memory,
            desiredCount: config.service.desiredCount,
            maxCount: config.service.maxCount,
            healthCheckPath: config.service.healthCheckPath,
            healthCheckGracePeriodSeconds: config.service.healthCheckGracePeriodSeconds,
            cpuTargetPercent: config.service.cpuTargetPercent,
            requestsPerTarget: config.service.requestsPerTarget,
        },
        opts,
    );

    // observability: alert topic, alarms on every tier, region-unhealthy composite, dashboard, X-Ray
    // Physical names AWS requires carry the stack, so two stacks in one account never clash.
    const stackName = `${pulumi.getProject()}-${pulumi.getStack()}`;
    const operations = new Observability(
        "ops",
        {
            accountId,
            region: config.region,
            alertEmails: config.observability.alertEmails,
            albArnSuffix: loadBalancer.albArnSuffix,
            targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
            clusterName: service.clusterName,
            serviceName: service.serviceName,
            desiredCount: config.service.desiredCount,
            webAclMetricName: waf.metricName,
            dataBucketName: storage.dataBucketName,
            regionUnhealthyAlarmName: `${stackName}-region-unhealthy`,
            dashboardName: stackName,
        },
        opts,
    );

    // chaos drills: FIS templates, created only on request (they run only when started by hand)
    if (config.chaos.enabled) {
        // Stop on customer impact only. unhealthy-hosts and running-tasks (and the composite
        // that ORs them) are what the drills cause on purpose: stopping on them would end every
        // drill after the alarm detection time instead of proving recovery over its duration.
        const stopAlarms: readonly AlarmKey[] = ["elb-5xx", "target-5xx", "latency-p99"];
        new ChaosExperiments(
            "chaos",
            {
                accountId,
                region: config.region,
                availabilityZones: config.network.availabilityZones,
                clusterName: service.clusterName,
                clusterArn: service.clusterArn,
                serviceName: service.serviceName,
                vpcId: network.vpcId,
                privateSubnetIds: network.privateSubnetIds,
                stopAlarmArns: stopAlarms.map((key) => operations.alarmArns.apply((arns) => arns[key])),
                stopTaskPercent: config.chaos.stopTaskPercent,
                durationMinutes: config.chaos.durationMinutes,
                logRetentionDays: config.observability.logRetentionDays,
            },
            opts,
        );
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
        originHostname: lbConfig.domain?.domainName ?? loadBalancer.albDnsName,
        originProtocol: loadBalancer.originProtocol,
        healthCheckPath: config.service.healthCheckPath,
        originVerifyHeaderName: lbConfig.originVerifyHeaderName,
        originVerifySecret,
        clusterName: service.clusterName,
        clusterArn: service.clusterArn,
        serviceName: service.serviceName,
        alertTopicArn: operations.alertTopicArn,
        alertKeyArn: operations.alertKeyArn,
        regionUnhealthyAlarmName: operations.regionUnhealthyAlarmName,
    };
}
