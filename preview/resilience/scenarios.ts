/**
 * Failure scenarios (one task, one AZ, one region for reads and for writes), each estimate
 * computed from the recorded configuration with its formula and inputs.
 */
import type { ResourceRecord, StackRecord } from "../../simulation/evaluate";
import { isRegional, regionalRecords, regionOfStack, regionWhere } from "../graph";
import {
    ALIAS_RECORD_TTL_SECONDS,
    ASSUMED_MANUAL_FAILOVER_SECONDS,
    ASSUMED_TASK_START_SECONDS,
    type Estimate,
    numberOr,
    type Scenario,
} from "./model";

const num = numberOr;
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
    const alarm = record.resources.find(
        (r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.inputs["metricName"] === metricName,
    );
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
        inputs: {
            interval: f.interval,
            unhealthyThreshold: f.unhealthyThreshold,
            taskStartSeconds: ASSUMED_TASK_START_SECONDS,
            healthyThreshold: f.healthyThreshold,
        },
    };
}

/** Every failure scenario the recorded stacks allow to compute. */
export function buildScenarios(records: readonly StackRecord[]): Scenario[] {
    const regions = regionalRecords(records);
    const globals = records.filter((r) => !isRegional(r));
    const scenarios: Scenario[] = [];

    const rtc = replicationMinutes(globals);
    const dataLossRegion: Estimate =
        rtc === undefined
            ? {
                  seconds: Number.POSITIVE_INFINITY,
                  formula: "no cross-region replication recorded: everything written since the last backup",
                  inputs: {},
              }
            : {
                  seconds: rtc * 60,
                  formula: "Replication Time Control window (99.99 % of objects, SLA)",
                  inputs: { replicationTimeMinutes: rtc },
              };

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
            recovery: {
                ...albDetection(f),
                formula: "traffic: ALB health-check interval × unhealthy threshold (targets in the other AZs serve)",
            },
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
                        ? {
                              seconds: interval * threshold + ttl,
                              formula: "Route 53 interval × failure threshold + record TTL",
                              inputs: { requestInterval: interval, failureThreshold: threshold, ttl },
                          }
                        : {
                              seconds: interval * threshold + ASSUMED_MANUAL_FAILOVER_SECONDS,
                              formula: "Route 53 interval × failure threshold (alarm) + controlled failover by the operator (assumed)",
                              inputs: {
                                  requestInterval: interval,
                                  failureThreshold: threshold,
                                  manualFailoverSeconds: ASSUMED_MANUAL_FAILOVER_SECONDS,
                              },
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

    return scenarios;
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

const dnsName = (value: unknown) =>
    String(value ?? "")
        .toLowerCase()
        .replace(/\.$/, "");

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
        ...new Set(
            writing.map((b) => groups.find((grp) => grp.originId === b.targetOriginId)?.members?.[0]?.originId ?? b.targetOriginId ?? ""),
        ),
    ];
    const patterns = writing.map((b) => b.pathPattern ?? "*");
    const routed = g.resources.filter(
        (r) => r.type === "aws:route53/record:Record" && (r.inputs["failoverRoutingPolicies"] || r.inputs["latencyRoutingPolicies"]),
    );
    const healthChecked = (r: ResourceRecord) =>
        r.inputs["healthCheckId"] !== undefined ||
        ((r.inputs["aliases"] as { evaluateTargetHealth?: boolean }[] | undefined) ?? []).some((a) => a.evaluateTargetHealth === true);
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
        {
            seconds: interval * threshold,
            formula: "Route 53 health-check interval × failure threshold",
            inputs: { requestInterval: interval, failureThreshold: threshold },
        },
        g,
        "HealthCheckStatus",
    );
}

function replicationMinutes(globals: readonly StackRecord[]): number | undefined {
    for (const g of globals) {
        for (const r of g.resources.filter((x) => x.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig")) {
            type Rule = { destination?: { replicationTime?: { status?: string; time?: { minutes?: unknown } } } };
            for (const rule of (r.inputs["rules"] as Rule[] | undefined) ?? []) {
                const time = rule?.destination?.replicationTime;
                const minutes = time?.time?.minutes;
                if (time?.status === "Enabled" && typeof minutes === "number") return minutes;
            }
        }
    }
    return undefined;
}

/** Exposed for tests: the facts a region's scenarios use. */
export const _regionFacts = regionFacts;
