/**
 * The global stack program (docs/DESIGN.md §4): the edge (CloudFront + WAF), Route 53, S3
 * replication and VPC peering between every pair of regions, cross-region alerting, the
 * dashboard and the failover-operator role.
 *
 * It reads the regional stacks through one typed reader, validates their topology (regions,
 * CIDRs, active region) before registering anything but the StackReferences, and builds one
 * explicit provider per region plus the us-east-1 provider AWS requires for CloudFront's WAF
 * and certificate and for Route 53 health-check metrics.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { defaultFailoverName, EdgeRecords, RegionHealthChecks } from "../components/dns";
import { EdgeDistribution } from "../components/edge";
import { CloudFrontWaf } from "../components/edge-security";
import { FailoverOperatorRole, GlobalAlerting, GlobalDashboard, RegionProbe } from "../components/global-operations";
import { VpcPeering } from "../components/peering";
import { BatchReplicationRole, BucketReplication } from "../components/replication";
import type { GlobalConfig } from "./config/schema";
import type { GlobalBackfillOutputs } from "./contract";
import { GLOBAL_SERVICES_REGION } from "../components/shared/regions";
import { originVerifySecretDigest, type ResolvedRegionalStack, resolveRegionalStacks } from "./regionalReader";
import { validateTopology } from "./topology";

/** Builds the global stack and returns its outputs. */
export async function globalProgram(config: GlobalConfig): Promise<Record<string, unknown>> {
    // Only StackReferences are registered before the topology is known to be valid.
    const stacks = await resolveRegionalStacks(config);
    // Domain mode: the write origin (the failover name) may reach any region with one origin-verify
    // header, so the topology compares the regions' secrets (by digest: never shown, never kept).
    const digests = config.domain ? await Promise.all(stacks.map(originVerifySecretDigest)) : undefined;
    const topology = validateTopology(
        stacks.map((s, i) => ({ stack: s.stack, contract: s.contract, originVerifySecretDigest: digests?.[i] })),
        config,
    );
    const byRegion = new Map(stacks.map((s) => [s.contract.region, s]));
    /** Active region first, then priority order. */
    const served = topology.regions.map((r) => byRegion.get(r)!);
    const regionOf = (s: ResolvedRegionalStack) => s.contract.region;

    const defaultTags = { tags: { ...config.tags, "platform:stack": pulumi.getStack() } };
    const globalProvider = new aws.Provider("aws-global", { region: GLOBAL_SERVICES_REGION, defaultTags });
    const providers: Record<string, aws.Provider> = Object.fromEntries(
        stacks.map((s) => [regionOf(s), new aws.Provider(`aws-${regionOf(s)}`, { region: regionOf(s) as aws.Region, defaultTags })]),
    );
    const inGlobal: pulumi.ComponentResourceOptions = { providers: { aws: globalProvider } };
    const inRegion = (region: string): pulumi.ComponentResourceOptions => ({ providers: { aws: providers[region]! } });
    const accountId = aws.getCallerIdentityOutput({}, { provider: globalProvider }).accountId;

    // Alarms notify only topics of their own region: one alert channel where Route 53's metrics
    // are (us-east-1) and one in every region that watches another (see RegionProbe).
    const alertRegions = [...new Set([GLOBAL_SERVICES_REGION, ...topology.regions])];
    const alerts: Record<string, GlobalAlerting> = Object.fromEntries(
        alertRegions.map((region) => [
            region,
            new GlobalAlerting(
                `alerts-${region}`,
                { region, accountId, alertEmails: config.alertEmails },
                region === GLOBAL_SERVICES_REGION ? inGlobal : inRegion(region),
            ),
        ]),
    );
    const globalAlerts = alerts[GLOBAL_SERVICES_REGION]!;

    // ------------------------------------------------------------------ edge
    // Writes (POST, PUT, PATCH, DELETE) cannot go through the origin group: in evaluation mode they
    // follow activeRegion (the first origin); in domain mode they go to the health-checked failover
    // name, so Route 53 moves them. The topology checked that the regions share the header there.
    const failoverName = config.domain ? defaultFailoverName(config.domain.domainName) : undefined;
    const waf = new CloudFrontWaf(
        "edge-waf",
        {
            rateLimitPerFiveMinutes: config.edge.rateLimitPerFiveMinutes,
            maxRequestBodyBytes: config.edge.maxRequestBodyBytes,
            logKeyArn: globalAlerts.keyArn,
            logRetentionDays: config.logRetentionDays,
            secretHeaderNames: served.map((s) => s.outputs.originVerifyHeaderName),
        },
        inGlobal,
    );
    const edge = new EdgeDistribution(
        "edge",
        {
            origins: served.map((s) => ({
                key: regionOf(s),
                domainName: s.outputs.originHostname,
                verifyHeaderName: s.outputs.originVerifyHeaderName,
                verifyHeaderValue: s.outputs.originVerifySecret,
                // Each region as it serves, not as the global stack's mode would have it.
                protocol: s.contract.originProtocol,
            })),
            writePathPatterns: config.edge.writePathPatterns,
            writeFailoverOrigin: failoverName
                ? {
                      domainName: failoverName,
                      verifyHeaderName: served[0]!.outputs.originVerifyHeaderName,
                      verifyHeaderValue: served[0]!.outputs.originVerifySecret,
                  }
                : undefined,
            webAclArn: waf.webAclArn,
            domain: config.domain,
            originConnectionTimeoutSeconds: config.edge.originConnectionTimeoutSeconds,
            originConnectionAttempts: config.edge.originConnectionAttempts,
            originReadTimeoutSeconds: config.edge.originReadTimeoutSeconds,
            priceClass: config.edge.priceClass,
            logKeyArn: globalAlerts.keyArn,
            logRetentionDays: config.logRetentionDays,
        },
        inGlobal,
    );

    // ------------------------------------------------------------------ DNS
    const health = new RegionHealthChecks(
        "health",
        {
            targets: served.map((s) => ({
                region: regionOf(s),
                hostname: s.outputs.originHostname,
                path: s.outputs.healthCheckPath,
                protocol: s.contract.originProtocol === "https" ? ("HTTPS" as const) : ("HTTP" as const),
            })),
            protocol: config.domain ? "HTTPS" : "HTTP",
            requestIntervalSeconds: config.healthCheck.requestIntervalSeconds,
            failureThreshold: config.healthCheck.failureThreshold,
            alarmTopicArn: globalAlerts.topicArn,
        },
        inGlobal,
    );
    if (config.domain) {
        new EdgeRecords(
            "dns",
            {
                hostedZoneId: config.domain.hostedZoneId,
                domainName: config.domain.domainName,
                failoverName,
                distribution: { domainName: edge.domainName, hostedZoneId: edge.hostedZoneId },
                routingMode: config.routingMode,
                regions: served.map((s) => ({
                    region: regionOf(s),
                    originHostname: s.contract.originHostname !== s.contract.albDnsName ? s.contract.originHostname : undefined,
                    albDnsName: s.outputs.albDnsName,
                    albZoneId: s.outputs.albZoneId,
                    healthCheckId: health.healthCheckIds[regionOf(s)]!,
                })),
            },
            inGlobal,
        );
    }

    // ------------------------------------------------------------------ data and network links
    const bucketOf = (s: ResolvedRegionalStack) => ({
        region: regionOf(s),
        bucketName: s.outputs.dataBucketName,
        bucketArn: s.outputs.dataBucketArn,
        keyArn: s.outputs.dataKeyArn,
    });
    // Links between regions are keyed and ordered by region name, never by list position: reordering
    // platform:regionalStacks (the priority order) must not rename or rewrite a peering, its routes
    // or a replication rule (a renamed route is created while the old one still exists: RouteAlreadyExists).
    const linked = [...stacks].sort((a, b) => regionOf(a).localeCompare(regionOf(b)));
    const replication = Object.fromEntries(
        stacks.map((source) => [
            regionOf(source),
            new BucketReplication(
                `replication-${regionOf(source)}`,
                {
                    source: bucketOf(source),
                    destinations: linked.filter((d) => d !== source).map(bucketOf),
                    accountId,
                    replicateDeleteMarkers: config.replication.replicateDeleteMarkers,
                },
                inRegion(regionOf(source)),
            ),
        ]),
    );

    // Live replication copies only objects written after its configuration exists: objects from
    // before the first `up` and a newly added region's backlog need S3 Batch Replication, which an
    // operator starts in the source bucket's region with this role (see docs/global-stack.md,
    // "Backfilling replication"). Manifests and reports go to the source region's log bucket (SSE-S3).
    const backfill = new BatchReplicationRole(
        "batch-replication",
        {
            accountId,
            sources: linked.map((s) => ({
                region: regionOf(s),
                bucketArn: s.outputs.dataBucketArn,
                reportBucketArn: s.outputs.logBucketArn,
            })),
        },
        inGlobal,
    );
    const backfillOutputs: { readonly [K in keyof GlobalBackfillOutputs]: pulumi.Input<GlobalBackfillOutputs[K]> } = {
        batchReplicationRoleArn: backfill.roleArn,
        batchReplicationReportBuckets: pulumi.output(Object.fromEntries(linked.map((s) => [regionOf(s), s.outputs.logBucketName]))),
        batchReplicationReportPrefix: backfill.reportPrefix,
    };

    const sideOf = (s: ResolvedRegionalStack) => ({
        region: regionOf(s),
        vpcId: s.outputs.vpcId,
        cidrBlock: s.contract.vpcCidrBlock,
        routeTableIds: s.contract.privateRouteTableIds,
        provider: providers[regionOf(s)]!,
    });
    const peerings: Record<string, VpcPeering> = {};
    // Of each pair, the region that sorts last by name requests the peering: a fixed rule, so that
    // the priority order can change freely (the shipped pair keeps us-east-1 as its requester).
    const requesters = [...linked].reverse();
    requesters.forEach((requester, i) => {
        for (const accepter of requesters.slice(i + 1)) {
            const key = `${regionOf(requester)}-${regionOf(accepter)}`;
            peerings[key] = new VpcPeering(`peering-${key}`, { requester: sideOf(requester), accepter: sideOf(accepter) });
        }
    });

    // ------------------------------------------------------------------ operations
    // Each region is also watched from another one, so a region's failure, us-east-1's included, is
    // alerted from a region that is still up: the first region by name other than itself. A fixed
    // rule: adding a region, reordering the priorities or flipping activeRegion moves no existing
    // probe (a moved probe is a replaced canary and alarm). The probe reads the watched region's
    // composite "region unhealthy" alarm through its CloudWatch API: the regional ALB admits only
    // CloudFront and the Route 53 health checkers, so a canary could not request the origin.
    const probes = Object.fromEntries(
        served.map((target) => {
            const watcher = linked.find((s) => s !== target)!;
            return [
                regionOf(target),
                new RegionProbe(
                    `probe-${regionOf(target)}`,
                    {
                        targetRegion: regionOf(target),
                        region: regionOf(watcher),
                        accountId,
                        targetAlarmName: target.outputs.regionUnhealthyAlarmName,
                        artifactBucketName: watcher.outputs.logBucketName,
                        alarmTopicArn: alerts[regionOf(watcher)]!.topicArn,
                        logKeyArn: alerts[regionOf(watcher)]!.keyArn,
                        logRetentionDays: config.logRetentionDays,
                    },
                    inRegion(regionOf(watcher)),
                ),
            ];
        }),
    );

    const dashboard = new GlobalDashboard(
        "dashboard",
        {
            dashboardName: `${pulumi.getProject()}-${pulumi.getStack()}`,
            distributionId: edge.distributionId,
            regions: served.map((s) => ({
                region: regionOf(s),
                albArnSuffix: s.outputs.albArnSuffix,
                clusterName: s.outputs.clusterName,
                serviceName: s.outputs.serviceName,
                healthCheckId: health.healthCheckIds[regionOf(s)]!,
            })),
        },
        inGlobal,
    );

    const operator = new FailoverOperatorRole(
        "failover-operator",
        {
            accountId,
            trustedPrincipalArns: config.failoverOperator.trustedPrincipalArns,
            distributionArn: edge.distributionArn,
            webAclArn: waf.webAclArn,
            healthCheckIds: served.map((s) => health.healthCheckIds[regionOf(s)]!),
            hostedZoneId: config.domain?.hostedZoneId,
            services: served.map((s) => ({ region: regionOf(s), clusterName: s.outputs.clusterName, serviceName: s.outputs.serviceName })),
        },
        inGlobal,
    );

    const mapOutputs = <T>(record: Record<string, T>, pick: (value: T) => pulumi.Output<string>) =>
        pulumi.output(Object.fromEntries(Object.entries(record).map(([k, v]) => [k, pick(v)])));
    return {
        activeRegion: topology.activeRegion,
        /** Regions in the order the edge serves them (the origin group's primary first). */
        originOrder: topology.regions,
        routingMode: config.routingMode,
        mode: config.domain ? "domain" : "evaluation",
        distributionId: edge.distributionId,
        distributionArn: edge.distributionArn,
        distributionDomainName: edge.domainName,
        appUrl: config.domain ? `https://${config.domain.domainName}` : pulumi.interpolate`https://${edge.domainName}`,
        webAclArn: waf.webAclArn,
        /**
         * Where the write paths go: the active region's origin (evaluation mode, moved by a
         * controlled failover) or the Route 53 failover name (domain mode, moved by health checks).
         */
        writeOrigin: {
            originId: edge.writeOriginId,
            domainName: failoverName ?? served[0]!.outputs.originHostname,
            failsOverBy: failoverName ? "route53" : "activeRegion",
            pathPatterns: config.edge.writePathPatterns,
        },
        healthCheckIds: pulumi.output(health.healthCheckIds),
        replicationRoleArns: mapOutputs(replication, (r) => r.roleArn),
        peeringConnectionIds: mapOutputs(peerings, (p) => p.peeringConnectionId),
        probeAlarmNames: mapOutputs(probes, (p) => p.alarmName),
        /** Each watched region's probe canary and the region it runs in (read by `npm run verify`). */
        probeCanaries: pulumi.output(
            Object.fromEntries(
                Object.entries(probes).map(([region, p]) => [region, pulumi.output({ name: p.canaryName, region: p.region })]),
            ),
        ),
        alertTopicArns: mapOutputs(alerts, (a) => a.topicArn),
        dashboardName: dashboard.dashboardName,
        failoverOperatorRoleArn: operator.roleArn,
        ...backfillOutputs,
    };
}
