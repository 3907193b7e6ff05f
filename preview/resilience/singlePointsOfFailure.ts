/** Single points of failure visible in the recorded graph. */
import type { StackRecord } from "../../simulation/evaluate";
import {
    type ArchitectureNode,
    byUrn,
    cloudResources,
    isRegional,
    nodeOf,
    regionalRecords,
    regionOfResource,
    regionOfStack,
} from "../graph";
import { numberOr, type SinglePointOfFailure } from "./model";

const REGIONAL_TIERS: readonly ArchitectureNode[] = ["vpc", "s3", "athena", "waf", "alb", "ecs", "cloudwatch", "sns", "xray"];

/** Every single point of failure visible in the recorded graph. */
export function findSinglePointsOfFailure(records: readonly StackRecord[]): SinglePointOfFailure[] {
    const spofs: SinglePointOfFailure[] = [];
    const regions = regionalRecords(records);
    const globals = records.filter((r) => !isRegional(r));

    if (regions.length < 2) {
        spofs.push({
            kind: "single-region",
            subject: regions.map(regionOfStack).join(", ") || "(none)",
            detail: `${regions.length} regional stack(s) recorded: a region failure is an outage`,
        });
    }
    const tiersByRegion = new Map<string, Set<ArchitectureNode>>();
    for (const record of regions) {
        const region = regionOfStack(record);
        const tiers = new Set<ArchitectureNode>();
        for (const r of cloudResources(record)) {
            const node = nodeOf(r, record);
            if (node) tiers.add(node);
        }
        tiersByRegion.set(region, tiers);
        spofs.push(...azFindings(record, region));
    }
    for (const tier of REGIONAL_TIERS) {
        const having = [...tiersByRegion].filter(([, t]) => t.has(tier)).map(([r]) => r);
        const missing = [...tiersByRegion].filter(([, t]) => !t.has(tier)).map(([r]) => r);
        if (having.length > 0 && missing.length > 0) {
            for (const region of missing)
                spofs.push({
                    kind: "tier-missing-in-region",
                    subject: `${region}/${tier}`,
                    detail: `tier ${tier} exists in ${having.join(", ")} but not in ${region}`,
                });
        }
    }
    if (globals.length === 0 && regions.length > 0) {
        for (const record of regions) {
            const region = regionOfStack(record);
            spofs.push({ kind: "no-replication", subject: region, detail: "global stack not recorded: no cross-region replication" });
            spofs.push({ kind: "no-health-check", subject: region, detail: "global stack not recorded: no Route 53 health check" });
        }
    }
    for (const g of globals) {
        const index = byUrn(g);
        const replicationSources = new Set(
            g.resources
                .filter((r) => r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig")
                .map((r) => regionOfResource(r, g, index)),
        );
        const checked = new Set(g.resources.filter((r) => r.type === "aws:route53/healthCheck:HealthCheck").map((r) => r.inputs["fqdn"]));
        for (const record of regions) {
            const region = regionOfStack(record);
            if (!replicationSources.has(region))
                spofs.push({
                    kind: "no-replication",
                    subject: region,
                    detail: `no replication configuration replicates ${region}'s data bucket to another region`,
                });
            if (!checked.has(record.outputs["originHostname"]))
                spofs.push({ kind: "no-health-check", subject: region, detail: `no Route 53 health check probes ${region}'s origin` });
        }
        const dist = g.resources.find((r) => r.type === "aws:cloudfront/distribution:Distribution");
        if (dist && ((dist.inputs["originGroups"] as unknown[] | undefined) ?? []).length === 0) {
            spofs.push({
                kind: "no-origin-failover",
                subject: dist.name,
                detail: "CloudFront distribution has no origin group: reads do not fail over",
            });
        }
    }
    return spofs;
}

function azFindings(record: StackRecord, region: string): SinglePointOfFailure[] {
    const found: SinglePointOfFailure[] = [];
    const check = (subject: string, count: number, what: string) => {
        if (count < 2) found.push({ kind: "fewer-than-two-azs", subject: `${region}/${subject}`, detail: `${what}: ${count}` });
    };
    for (const vpc of record.resources.filter((r) => r.type === "awsx:ec2:Vpc")) {
        check(
            "vpc",
            ((vpc.inputs["availabilityZoneNames"] as unknown[] | undefined) ?? []).length ||
                numberOr(vpc.inputs["numberOfAvailabilityZones"], 0),
            "availability zones",
        );
        const strategy = (vpc.inputs["natGateways"] as { strategy?: string } | undefined)?.strategy;
        if (strategy && strategy !== "OnePerAz")
            found.push({
                kind: "fewer-than-two-azs",
                subject: `${region}/nat`,
                detail: `NAT gateway strategy ${strategy}: private subnets depend on one AZ`,
            });
    }
    for (const lb of record.resources.filter((r) => r.type === "aws:lb/loadBalancer:LoadBalancer")) {
        check(
            "alb",
            ((lb.inputs["subnets"] as unknown[] | undefined) ?? (lb.inputs["subnetMappings"] as unknown[] | undefined) ?? []).length,
            "ALB subnets",
        );
    }
    for (const svc of record.resources.filter((r) => r.type === "aws:ecs/service:Service")) {
        const net = (svc.inputs["networkConfiguration"] as { subnets?: unknown[] } | undefined) ?? {};
        check("ecs", (net.subnets ?? []).length, "ECS service subnets");
        check("ecs-tasks", numberOr(svc.inputs["desiredCount"], 1), "ECS desired task count");
    }
    return found;
}
