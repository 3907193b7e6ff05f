/**
 * `out/resilience.{md,json}`: recovery-time and data-loss estimates per failure scenario,
 * computed from the values the stacks actually configure (read from the recorded resources,
 * never from defaults of this file), each with its formula and inputs, plus every single
 * point of failure found in the graph.
 *
 * Figures from CONTROLS.md: ALB target-group thresholds default to 3 in the Pulumi provider
 * when omitted; CloudFront's connection timeout defaults to 10 s and attempts to 3; Route 53
 * health checks default to a 30 s interval and a failure threshold of 3; Replication Time
 * Control replicates 99.99 % of objects within 15 minutes.
 */
import type { ResourceRecord, StackRecord } from "../simulation/evaluate";
import { cloudResources, isRegional, nodeOf, regionalRecords, regionOfResource, regionOfStack, regionWhere, byUrn, ArchitectureNode } from "./graph";

/**
 * Seconds Fargate needs to place, pull and start a replacement task. Not recorded anywhere:
 * an assumption, shown as such in the report (typical for a small public image).
 */
export const ASSUMED_TASK_START_SECONDS = 60;
/** TTL Route 53 gives alias records (they take the target's; ELB and CloudFront use 60 s). */
export const ALIAS_RECORD_TTL_SECONDS = 60;
/** Minutes a controlled failover takes by hand (config flip, `pulumi up`, CloudFront deploy). Assumption. */
export const ASSUMED_MANUAL_FAILOVER_SECONDS = 600;

/** A computed figure with its formula and the inputs it came from. */
export interface Estimate {
    readonly seconds: number;
    readonly formula: string;
    readonly inputs: Readonly<Record<string, number | string>>;
}

/** One failure scenario. */
export interface Scenario {
    readonly id: string;
    readonly failure: "task" | "availability-zone" | "region";
    readonly region: string;
    readonly traffic: "reads and writes" | "reads" | "writes";
    readonly automatic: boolean;
    readonly detection: Estimate;
    readonly recovery: Estimate;
    /** Data that may be lost (RPO). */
    readonly dataLoss: Estimate;
    /** When people are told: detection plus the alarm's evaluation, if an alarm watches it. */
    readonly alert?: Estimate;
    readonly notes: string;
}

/** A single point of failure found in the graph. */
export interface SinglePointOfFailure {
    readonly kind: "fewer-than-two-azs" | "tier-missing-in-region" | "no-replication" | "no-health-check" | "single-region" | "no-origin-failover";
    readonly subject: string;
    readonly detail: string;
}

/** The whole report. */
export interface ResilienceReport {
    readonly stacks: string[];
    readonly assumptions: Readonly<Record<string, number>>;
    readonly scenarios: Scenario[];
    readonly singlePointsOfFailure: SinglePointOfFailure[];
}

const num = (value: unknown, fallback: number): number => (typeof value === "number" && Number.isFinite(value) ? value : fallback);
const none: Estimate = { seconds: 0, formula: "stateless tier: nothing to lose", inputs: {} };

/** The figures of one region that the scenarios use. */
interface RegionFacts {
    region: string;
    interval: number;
    unhealthyThreshold: number;
    healthyThreshold: number;
    desiredCount: number;
    gracePeriod: number;
    azs: string[];
}

function regionFacts(record: StackRecord): RegionFacts | undefined {
    const tg = record.resources.find((r) => r.type === "aws:lb/targetGroup:TargetGroup");
    const service = record.resources.find((r) => r.type === "aws:ecs/service:Service");
    if (!tg || !service) return undefined;
    const hc = (tg.inputs["healthCheck"] as Record<string, unknown> | undefined) ?? {};
    return {
        region: regionOfStack(record),
        interval: num(hc["interval"], 30),
        unhealthyThreshold: num(hc["unhealthyThreshold"], 3),
        healthyThreshold: num(hc["healthyThreshold"], 3),
        desiredCount: num(service.inputs["desiredCount"], 1),
        gracePeriod: num(service.inputs["healthCheckGracePeriodSeconds"], 0),
        azs: (record.outputs["availabilityZones"] as string[] | undefined) ?? [],
    };
}

/** The first recorded alarm on `metricName`: its period and evaluation periods. */
function alarmOn(record: StackRecord, metricName: string): { period: number; evaluationPeriods: number } | undefined {
    const alarm = record.resources.find((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.inputs["metricName"] === metricName);
    if (!alarm) return undefined;
    return { period: num(alarm.inputs["period"], 60), evaluationPeriods: num(alarm.inputs["evaluationPeriods"], 1) };
}

/** `detection` plus the evaluation of the alarm on `metricName`, or undefined without one. */
function alerted(detection: Estimate, record: StackRecord, metricName: string): Estimate | undefined {
    const alarm = alarmOn(record, metricName);
    if (!alarm) return undefined;
    return {
        seconds: detection.seconds + alarm.period * alarm.evaluationPeriods,
        formula: `${detection.formula} + alarm period × evaluation periods (${metricName})`,
        inputs: { ...detection.inputs, alarmPeriod: alarm.period, alarmEvaluationPeriods: alarm.evaluationPeriods },
    };
}

function albDetection(f: RegionFacts): Estimate {
    return {
        seconds: f.interval * f.unhealthyThreshold,
        formula: "ALB health-check interval × unhealthy threshold",
        inputs: { interval: f.interval, unhealthyThreshold: f.unhealthyThreshold },
    };
}

function taskReplacement(f: RegionFacts): Estimate {
    const detection = f.interval * f.unhealthyThreshold;
    return {
        seconds: detection + ASSUMED_TASK_START_SECONDS + f.interval * f.healthyThreshold,
        formula: "interval × unhealthy threshold + task start (assumed) + interval × healthy threshold",
        inputs: { interval: f.interval, unhealthyThreshold: f.unhealthyThreshold, taskStartSeconds: ASSUMED_TASK_START_SECONDS, healthyThreshold: f.healthyThreshold },
    };
}

/** Builds the report from the recorded stacks. */
export function buildResilienceReport(records: readonly StackRecord[]): ResilienceReport {
    const regions = regionalRecords(records);
    const globals = records.filter((r) => !isRegional(r));
    const scenarios: Scenario[] = [];

    const rtc = replicationMinutes(globals);
    const dataLossRegion: Estimate =
        rtc === undefined
            ? { seconds: Number.POSITIVE_INFINITY, formula: "no cross-region replication recorded: everything written since the last backup", inputs: {} }
            : { seconds: rtc * 60, formula: "Replication Time Control window (99.99 % of objects, SLA)", inputs: { replicationTimeMinutes: rtc } };

    for (const record of regions) {
        const f = regionFacts(record);
        if (!f) continue;
        scenarios.push({
            id: `task:${f.region}`,
            failure: "task",
            region: f.region,
            traffic: "reads and writes",
            automatic: true,
            detection: albDetection(f),
            recovery: taskReplacement(f),
            dataLoss: none,
            alert: alerted(albDetection(f), record, "UnHealthyHostCount"),
            notes: `The ALB stops routing to the task after detection; ECS replaces it (desired ${f.desiredCount}). In-flight requests on the task may fail.`,
        });
        scenarios.push({
            id: `az:${f.region}`,
            failure: "availability-zone",
            region: f.region,
            traffic: "reads and writes",
            automatic: true,
            detection: albDetection(f),
            recovery: { ...albDetection(f), formula: "traffic: ALB health-check interval × unhealthy threshold (targets in the other AZs serve)" },
            dataLoss: { seconds: 0, formula: "S3 stores objects across 3+ AZs of the region", inputs: {} },
            alert: alerted(albDetection(f), record, "UnHealthyHostCount"),
            notes: `Capacity returns after ${taskReplacement(f).seconds} s (${taskReplacement(f).formula}), ECS rebalancing tasks into the ${Math.max(f.azs.length - 1, 0)} remaining AZs.`,
        });
    }

    for (const g of globals) {
        const dist = g.resources.find((r) => r.type === "aws:cloudfront/distribution:Distribution");
        const origins = (dist?.inputs["origins"] as Record<string, unknown>[] | undefined) ?? [];
        const hasGroup = ((dist?.inputs["originGroups"] as unknown[] | undefined) ?? []).length > 0;
        // The failed region is the origin group's primary (the active region), not necessarily the
        // highest-priority regional stack.
        const primaryOrigin = dist ? primaryOriginOf(dist) : undefined;
        const primaryRecord = regionWhere(records, "originHostname", primaryOrigin?.["domainName"]);
        const primary = primaryRecord ? regionOfStack(primaryRecord) : regions[0] ? regionOfStack(regions[0]) : "primary";
        if (dist && hasGroup && primaryOrigin) {
            const timeout = num(primaryOrigin["connectionTimeout"], 10);
            const attempts = num(primaryOrigin["connectionAttempts"], 3);
            const estimate: Estimate = {
                seconds: timeout * attempts,
                formula: "CloudFront origin connection timeout × connection attempts (per request; a 5xx answer fails over at once)",
                inputs: { connectionTimeout: timeout, connectionAttempts: attempts },
            };
            scenarios.push({
                id: `region:${primary}:reads`,
                failure: "region",
                region: primary,
                traffic: "reads",
                automatic: true,
                detection: estimate,
                recovery: estimate,
                dataLoss: dataLossRegion,
                alert: checkDetection(g),
                notes: "CloudFront origin-group failover (GET, HEAD, OPTIONS) to the secondary origin, request by request.",
            });
        }
        const checks = g.resources.filter((r) => r.type === "aws:route53/healthCheck:HealthCheck");
        const writes = dist ? writeRouting(g, dist, origins) : undefined;
        // The primary's own health check decides when Route 53 stops answering with it.
        const check = checks.find((c) => c.inputs["fqdn"] === primaryOrigin?.["domainName"]) ?? checks[0];
        if (check && writes) {
            const interval = num(check.inputs["requestInterval"], 30);
            const threshold = num(check.inputs["failureThreshold"], 3);
            const detection: Estimate = {
                seconds: interval * threshold,
                formula: "Route 53 health-check interval × failure threshold",
                inputs: { requestInterval: interval, failureThreshold: threshold },
            };
            const ttl = writes.kind === "dns" ? writes.ttl : undefined;
            scenarios.push({
                id: `region:${primary}:writes`,
                failure: "region",
                region: primary,
                traffic: "writes",
                automatic: ttl !== undefined,
                detection,
                recovery:
                    ttl !== undefined
                        ? { seconds: interval * threshold + ttl, formula: "Route 53 interval × failure threshold + record TTL", inputs: { requestInterval: interval, failureThreshold: threshold, ttl } }
                        : {
                              seconds: interval * threshold + ASSUMED_MANUAL_FAILOVER_SECONDS,
                              formula: "Route 53 interval × failure threshold (alarm) + controlled failover by the operator (assumed)",
                              inputs: { requestInterval: interval, failureThreshold: threshold, manualFailoverSeconds: ASSUMED_MANUAL_FAILOVER_SECONDS },
                          },
                dataLoss: dataLossRegion,
                alert: alerted(detection, g, "HealthCheckStatus"),
                notes:
                    writes.kind === "dns"
                        ? `Writes (${writes.patterns.join(", ")}) go to the origin ${writes.name}, whose health-checked ${writes.routing} records move them to a healthy region; CloudFront's resolvers follow after the TTL.`
                        : `Writes (${writes.patterns.join(", ")}) go to ${writes.originIds.join(", ")}, which no health-checked record moves, and CloudFront fails over only GET, HEAD and OPTIONS: they follow \`activeRegion\`, flipped by the operator after the health-check alarm.`,
            });
        }
    }

    return {
        stacks: records.map((r) => r.stack),
        assumptions: {
            taskStartSeconds: ASSUMED_TASK_START_SECONDS,
            aliasRecordTtlSeconds: ALIAS_RECORD_TTL_SECONDS,
            manualFailoverSeconds: ASSUMED_MANUAL_FAILOVER_SECONDS,
        },
        scenarios,
        singlePointsOfFailure: findSinglePointsOfFailure(records),
    };
}

/** The first member of the distribution's first origin group (else its first origin). */
function primaryOriginOf(dist: ResourceRecord): Record<string, unknown> | undefined {
    const origins = (dist.inputs["origins"] as Record<string, unknown>[] | undefined) ?? [];
    const groups = (dist.inputs["originGroups"] as { members?: { originId?: string }[] }[] | undefined) ?? [];
    const first = groups[0]?.members?.[0]?.originId;
    return origins.find((o) => first !== undefined && o["originId"] === first) ?? origins[0];
}

/** How the distribution routes writes (requests CloudFront does not fail over). */
type WriteRouting =
    /** To an origin on a name with health-checked failover or latency records: Route 53 moves them. */
    | { kind: "dns"; name: string; routing: "failover" | "latency"; ttl: number; patterns: string[] }
    /** To fixed origins: only a controlled failover moves them. */
    | { kind: "origin"; originIds: string[]; patterns: string[] };

const dnsName = (value: unknown) => String(value ?? "").toLowerCase().replace(/\.$/, "");

/**
 * Where writes go: the behaviours that allow POST (the default one has path pattern `*`), each
 * resolved to one origin (an origin-group target means its primary: CloudFront retries only GET,
 * HEAD and OPTIONS). They fail over automatically only when every such origin's host name is the
 * name of failover or latency `aws:route53/record:Record`s that are health-checked (or evaluate
 * their alias target's health); the TTL is the records' own, else an alias's ({@link ALIAS_RECORD_TTL_SECONDS}).
 * Undefined when no behaviour accepts writes.
 */
function writeRouting(g: StackRecord, dist: ResourceRecord, origins: readonly Record<string, unknown>[]): WriteRouting | undefined {
    type Behaviour = { pathPattern?: string; targetOriginId?: string; allowedMethods?: string[] };
    const all: Behaviour[] = [
        { pathPattern: "*", ...((dist.inputs["defaultCacheBehavior"] as Behaviour | undefined) ?? {}) },
        ...((dist.inputs["orderedCacheBehaviors"] as Behaviour[] | undefined) ?? []),
    ];
    const writing = all.filter((b) => (b.allowedMethods ?? []).includes("POST"));
    if (writing.length === 0) return undefined;
    const groups = (dist.inputs["originGroups"] as { originId?: string; members?: { originId?: string }[] }[] | undefined) ?? [];
    const targets = [
        ...new Set(writing.map((b) => groups.find((grp) => grp.originId === b.targetOriginId)?.members?.[0]?.originId ?? b.targetOriginId ?? "")),
    ];
    const patterns = writing.map((b) => b.pathPattern ?? "*");
    const routed = g.resources.filter(
        (r) => r.type === "aws:route53/record:Record" && (r.inputs["failoverRoutingPolicies"] || r.inputs["latencyRoutingPolicies"]),
    );
    const healthChecked = (r: ResourceRecord) =>
        r.inputs["healthCheckId"] !== undefined || ((r.inputs["aliases"] as { evaluateTargetHealth?: boolean }[] | undefined) ?? []).some((a) => a.evaluateTargetHealth === true);
    const names = targets.map((id) => dnsName(origins.find((o) => o["originId"] === id)?.["domainName"]));
    const byName = names.map((name) => routed.filter((r) => dnsName(r.inputs["name"]) === name));
    if (names.length === 1 && byName[0]!.length > 0 && byName[0]!.every(healthChecked)) {
        const records = byName[0]!;
        return {
            kind: "dns",
            name: names[0]!,
            routing: records.some((r) => r.inputs["latencyRoutingPolicies"]) ? "latency" : "failover",
            ttl: Math.max(...records.map((r) => num(r.inputs["ttl"], ALIAS_RECORD_TTL_SECONDS))),
            patterns,
        };
    }
    return { kind: "origin", originIds: targets, patterns };
}

/** Route 53 detection and its health-check alarm, for the read scenario's alert. */
function checkDetection(g: StackRecord): Estimate | undefined {
    const check = g.resources.find((r) => r.type === "aws:route53/healthCheck:HealthCheck");
    if (!check) return undefined;
    const interval = num(check.inputs["requestInterval"], 30);
    const threshold = num(check.inputs["failureThreshold"], 3);
    return alerted(
        { seconds: interval * threshold, formula: "Route 53 health-check interval × failure threshold", inputs: { requestInterval: interval, failureThreshold: threshold } },
        g,
        "HealthCheckStatus",
    );
}

function replicationMinutes(globals: readonly StackRecord[]): number | undefined {
    for (const g of globals) {
        for (const r of g.resources.filter((x) => x.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig")) {
            for (const rule of (r.inputs["rules"] as Record<string, any>[] | undefined) ?? []) {
                const minutes = rule?.["destination"]?.["replicationTime"]?.["time"]?.["minutes"];
                if (rule?.["destination"]?.["replicationTime"]?.["status"] === "Enabled" && typeof minutes === "number") return minutes;
            }
        }
    }
    return undefined;
}

const REGIONAL_TIERS: readonly ArchitectureNode[] = ["vpc", "s3", "athena", "waf", "alb", "ecs", "cloudwatch", "sns", "xray"];

/** Every single point of failure visible in the recorded graph. */
export function findSinglePointsOfFailure(records: readonly StackRecord[]): SinglePointOfFailure[] {
    const spofs: SinglePointOfFailure[] = [];
    const regions = regionalRecords(records);
    const globals = records.filter((r) => !isRegional(r));

    if (regions.length < 2) {
        spofs.push({ kind: "single-region", subject: regions.map(regionOfStack).join(", ") || "(none)", detail: `${regions.length} regional stack(s) recorded: a region failure is an outage` });
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
            for (const region of missing) spofs.push({ kind: "tier-missing-in-region", subject: `${region}/${tier}`, detail: `tier ${tier} exists in ${having.join(", ")} but not in ${region}` });
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
            g.resources.filter((r) => r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig").map((r) => regionOfResource(r, g, index)),
        );
        const checked = new Set(g.resources.filter((r) => r.type === "aws:route53/healthCheck:HealthCheck").map((r) => r.inputs["fqdn"]));
        for (const record of regions) {
            const region = regionOfStack(record);
            if (!replicationSources.has(region)) spofs.push({ kind: "no-replication", subject: region, detail: `no replication configuration replicates ${region}'s data bucket to another region` });
            if (!checked.has(record.outputs["originHostname"])) spofs.push({ kind: "no-health-check", subject: region, detail: `no Route 53 health check probes ${region}'s origin` });
        }
        const dist = g.resources.find((r) => r.type === "aws:cloudfront/distribution:Distribution");
        if (dist && ((dist.inputs["originGroups"] as unknown[] | undefined) ?? []).length === 0) {
            spofs.push({ kind: "no-origin-failover", subject: dist.name, detail: "CloudFront distribution has no origin group: reads do not fail over" });
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
        check("vpc", ((vpc.inputs["availabilityZoneNames"] as unknown[] | undefined) ?? []).length || num(vpc.inputs["numberOfAvailabilityZones"], 0), "availability zones");
        const strategy = (vpc.inputs["natGateways"] as { strategy?: string } | undefined)?.strategy;
        if (strategy && strategy !== "OnePerAz") found.push({ kind: "fewer-than-two-azs", subject: `${region}/nat`, detail: `NAT gateway strategy ${strategy}: private subnets depend on one AZ` });
    }
    for (const lb of record.resources.filter((r) => r.type === "aws:lb/loadBalancer:LoadBalancer")) {
        check("alb", ((lb.inputs["subnets"] as unknown[] | undefined) ?? (lb.inputs["subnetMappings"] as unknown[] | undefined) ?? []).length, "ALB subnets");
    }
    for (const svc of record.resources.filter((r) => r.type === "aws:ecs/service:Service")) {
        const net = (svc.inputs["networkConfiguration"] as { subnets?: unknown[] } | undefined) ?? {};
        check("ecs", (net.subnets ?? []).length, "ECS service subnets");
        check("ecs-tasks", num(svc.inputs["desiredCount"], 1), "ECS desired task count");
    }
    return found;
}

const fmt = (s: number) => (Number.isFinite(s) ? (s >= 120 ? `${s} s (${(s / 60).toFixed(1)} min)` : `${s} s`) : "unbounded");
const inputsText = (e: Estimate) => Object.entries(e.inputs).map(([k, v]) => `${k}=${v}`).join(", ");

/** The report as Markdown. */
export function renderResilienceMarkdown(report: ResilienceReport): string {
    const lines = [
        "# Resilience report (generated)",
        "",
        `Computed by \`npm start\` from the recorded configuration of ${report.stacks.join(", ")}. Assumptions (not recorded anywhere): ${Object.entries(report.assumptions).map(([k, v]) => `${k} = ${v}`).join(", ")}.`,
        "",
        "| scenario | traffic | automatic | detection | recovery | data-loss bound | people alerted |",
        "|---|---|---|---|---|---|---|",
        ...report.scenarios.map(
            (s) =>
                `| ${s.failure} ${s.region} | ${s.traffic} | ${s.automatic ? "yes" : "no (operator)"} | ${fmt(s.detection.seconds)} | ${fmt(s.recovery.seconds)} | ${fmt(s.dataLoss.seconds)} | ${s.alert ? fmt(s.alert.seconds) : "no alarm"} |`,
        ),
        "",
        "## How each figure is computed",
        "",
        ...report.scenarios.flatMap((s) => [
            `### ${s.id}`,
            "",
            `- detection: ${fmt(s.detection.seconds)} = ${s.detection.formula} (${inputsText(s.detection) || "no inputs"})`,
            `- recovery: ${fmt(s.recovery.seconds)} = ${s.recovery.formula} (${inputsText(s.recovery) || "no inputs"})`,
            `- data loss: ${fmt(s.dataLoss.seconds)} = ${s.dataLoss.formula} (${inputsText(s.dataLoss) || "no inputs"})`,
            s.alert ? `- alerted: ${fmt(s.alert.seconds)} = ${s.alert.formula} (${inputsText(s.alert)})` : "- alerted: no alarm watches this failure",
            `- ${s.notes}`,
            "",
        ]),
        "## Single points of failure",
        "",
        ...(report.singlePointsOfFailure.length === 0
            ? ["None found in the recorded graph."]
            : report.singlePointsOfFailure.map((p) => `- **${p.kind}** ${p.subject}: ${p.detail}`)),
        "",
    ];
    return lines.join("\n");
}

/** Exposed for tests: the facts a region's scenarios use. */
export const _regionFacts = regionFacts;
export type { ResourceRecord };
