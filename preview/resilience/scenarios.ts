/**
 * Failure scenarios (one task, one AZ, one region for reads and for writes), each estimate
 * computed from the recorded configuration with its formula and inputs.
 */
import type { ResourceRecord, StackRecord } from "../../simulation/evaluate";
import { byUrn, isRegional, regionalRecords, regionOfResource, regionOfStack, regionWhere } from "../graph";
import {
    ALIAS_RECORD_TTL_SECONDS,
    type Alert,
    ASSUMED_MANUAL_FAILOVER_SECONDS,
    ASSUMED_TASK_START_SECONDS,
    type Estimate,
    numberOr,
    type RegionRole,
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

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

/**
 * True when one of the alarm's actions is an SNS topic with a subscription recorded in any of the
 * stacks (a subscription's `topic` is the topic's ARN). An alarm without one alerts nobody.
 */
function reachesSomeone(alarm: ResourceRecord, records: readonly StackRecord[]): boolean {
    const actions = new Set(((alarm.inputs["alarmActions"] as unknown[] | undefined) ?? []).map(String));
    return records.some((r) =>
        r.resources.some((x) => x.type === "aws:sns/topicSubscription:TopicSubscription" && actions.has(String(x.inputs["topic"]))),
    );
}

/** `detection` plus the evaluation of `alarm`, and whether anyone is subscribed to its topics. */
function alertOf(detection: Estimate, alarm: ResourceRecord, records: readonly StackRecord[], label: string): Alert {
    const period = num(alarm.inputs["period"], 60);
    const evaluationPeriods = num(alarm.inputs["evaluationPeriods"], 1);
    return {
        seconds: detection.seconds + period * evaluationPeriods,
        formula: `${detection.formula} + alarm period × evaluation periods (${label})`,
        inputs: { ...detection.inputs, alarmPeriod: period, alarmEvaluationPeriods: evaluationPeriods },
        subscribed: reachesSomeone(alarm, records),
    };
}

/** `detection` plus the evaluation of the first recorded alarm on `metricName`, or undefined without one. */
function alerted(detection: Estimate, record: StackRecord, metricName: string, records: readonly StackRecord[]): Alert | undefined {
    const alarm = record.resources.find((r) => r.type === ALARM && r.inputs["metricName"] === metricName);
    return alarm ? alertOf(detection, alarm, records, metricName) : undefined;
}

/**
 * Who is told that `failed` is down, and when: the fastest alarm path that is not itself in the
 * failed region (CloudWatch alarms notify only topics of their own region, and an alarm in a failed
 * region may never evaluate or notify). Candidates: the Route 53 health-check alarm of the failed
 * region's check (in us-east-1, where the metrics are; not a candidate when us-east-1 failed) and
 * the cross-region probes of the failed region (a canary in another region whose calls to the failed
 * region's CloudWatch API fail from its first run on). A path whose topics nobody subscribed to
 * ranks after every path that reaches someone.
 */
function regionAlert(g: StackRecord, failed: string, records: readonly StackRecord[]): Alert | undefined {
    const index = byUrn(g);
    const elsewhere = (r: ResourceRecord) => {
        const region = regionOfResource(r, g, index);
        return region !== undefined && region !== failed;
    };
    const candidates: Alert[] = [];
    const checkId = (g.outputs["healthCheckIds"] as Record<string, unknown> | undefined)?.[failed];
    const check = g.resources.find((r) => r.type === "aws:route53/healthCheck:HealthCheck" && r.outputs["id"] === checkId);
    for (const alarm of g.resources.filter(
        (r) =>
            r.type === ALARM &&
            r.inputs["namespace"] === "AWS/Route53" &&
            checkId !== undefined &&
            (r.inputs["dimensions"] as Record<string, unknown> | undefined)?.["HealthCheckId"] === checkId &&
            elsewhere(r),
    )) {
        const interval = num(
            check?.inputs["requestInterval"] ??
                g.resources.find((r) => r.type === "aws:route53/healthCheck:HealthCheck")?.inputs["requestInterval"],
            30,
        );
        const threshold = num(
            check?.inputs["failureThreshold"] ??
                g.resources.find((r) => r.type === "aws:route53/healthCheck:HealthCheck")?.inputs["failureThreshold"],
            3,
        );
        candidates.push(
            alertOf(
                {
                    seconds: interval * threshold,
                    formula: "Route 53 health-check interval × failure threshold",
                    inputs: { requestInterval: interval, failureThreshold: threshold },
                },
                alarm,
                records,
                `HealthCheckStatus of ${failed}, in ${regionOfResource(alarm, g, index)}`,
            ),
        );
    }
    for (const canary of g.resources.filter(
        (r) =>
            r.type === "aws:synthetics/canary:Canary" &&
            (r.inputs["runConfig"] as { environmentVariables?: Record<string, unknown> } | undefined)?.environmentVariables?.[
                "PROBE_TARGET_REGION"
            ] === failed &&
            elsewhere(r),
    )) {
        const watcher = regionOfResource(canary, g, index);
        for (const alarm of g.resources.filter(
            (r) =>
                r.type === ALARM &&
                r.inputs["namespace"] === "CloudWatchSynthetics" &&
                (r.inputs["dimensions"] as Record<string, unknown> | undefined)?.["CanaryName"] === canary.outputs["name"] &&
                elsewhere(r),
        )) {
            candidates.push(
                alertOf(
                    { seconds: 0, formula: `probe of ${failed} from ${watcher} (its first run after the failure fails)`, inputs: {} },
                    alarm,
                    records,
                    `SuccessPercent of the probe, in ${watcher}`,
                ),
            );
        }
    }
    return candidates.sort((a, b) => Number(b.subscribed) - Number(a.subscribed) || a.seconds - b.seconds)[0];
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
                  formula:
                      "Replication Time Control window (99.99 % of objects, SLA), for objects written after replication started: objects that existed before, and a new region's backlog, are copied only by an S3 Batch Replication backfill",
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
            alert: alerted(albDetection(f), record, "UnHealthyHostCount", records),
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
            alert: alerted(albDetection(f), record, "UnHealthyHostCount", records),
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
        const writes = dist ? writeRouting(g, dist, origins) : undefined;
        const alert = regionAlert(g, primary, records);
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
                alert,
                notes: `CloudFront origin-group failover (GET, HEAD, OPTIONS) to the secondary origin, request by request${
                    writes?.readablePatterns.length
                        ? `, for every path outside the write paths (${writes.readablePatterns.join(", ")}); reads under those follow the writes (region:${primary}:write-path-reads)`
                        : ""
                }.`,
            });
        }
        const checks = g.resources.filter((r) => r.type === "aws:route53/healthCheck:HealthCheck");
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
            const recovery: Estimate =
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
                      };
            const moved = { automatic: ttl !== undefined, detection, recovery, dataLoss: dataLossRegion, alert };
            // CloudFront retries on the origin group's secondary only for a behaviour that targets the
            // group; a write-path behaviour targets one origin, so its GET/HEAD/OPTIONS move with the writes.
            if (writes.readablePatterns.length > 0) {
                scenarios.push({
                    id: `region:${primary}:write-path-reads`,
                    failure: "region",
                    region: primary,
                    traffic: "reads under the write paths",
                    ...moved,
                    notes:
                        writes.kind === "dns"
                            ? `Reads under the write paths (${writes.readablePatterns.join(", ")}) go to the origin ${writes.name}, like the writes: no per-request failover; they move when Route 53's ${writes.routing} records do and CloudFront's resolvers follow after the TTL.`
                            : `Reads under the write paths (${writes.readablePatterns.join(", ")}) go to ${writes.originIds.join(", ")}, like the writes: no per-request failover; they move only when the operator flips \`activeRegion\`. A fork that needs them to fail over per request gives them read-only path patterns of their own on the origin group (docs/global-stack.md).`,
                });
            }
            scenarios.push({
                id: `region:${primary}:writes`,
                failure: "region",
                region: primary,
                traffic: "writes",
                ...moved,
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
    | { kind: "dns"; name: string; routing: "failover" | "latency"; ttl: number; patterns: string[]; readablePatterns: string[] }
    /** To fixed origins: only a controlled failover moves them. */
    | { kind: "origin"; originIds: string[]; patterns: string[]; readablePatterns: string[] };

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
    // Reads these behaviours take that CloudFront does not fail over: GET on a behaviour whose target is not an origin group.
    const readablePatterns = writing
        .filter((b) => (b.allowedMethods ?? []).includes("GET") && !groups.some((grp) => grp.originId === b.targetOriginId))
        .map((b) => b.pathPattern ?? "*");
    const healthChecked = (r: ResourceRecord) =>
        r.inputs["healthCheckId"] !== undefined ||
        ((r.inputs["aliases"] as { evaluateTargetHealth?: boolean }[] | undefined) ?? []).some((a) => a.evaluateTargetHealth === true);
    const names = targets.map((id) => dnsName(origins.find((o) => o["originId"] === id)?.["domainName"]));
    const byName = names.map((name) => routedRecordsOf(g, name));
    if (names.length === 1 && byName[0]!.length > 0 && byName[0]!.every(healthChecked)) {
        const records = byName[0]!;
        return {
            kind: "dns",
            name: names[0]!,
            routing: records.some((r) => r.inputs["latencyRoutingPolicies"]) ? "latency" : "failover",
            ttl: Math.max(...records.map((r) => num(r.inputs["ttl"], ALIAS_RECORD_TTL_SECONDS))),
            patterns,
            readablePatterns,
        };
    }
    return { kind: "origin", originIds: targets, patterns, readablePatterns };
}

/**
 * The failover or latency records that answer for `name`: those of the name itself or, when the
 * name is a plain alias that evaluates its target's health to another name of the stack (the
 * global stack's `origin.<domain>` → `failover.origin.<domain>`), those of the target, followed
 * at most a few hops.
 */
function routedRecordsOf(g: StackRecord, name: string, hops = 3): ResourceRecord[] {
    const records = g.resources.filter((r) => r.type === "aws:route53/record:Record" && dnsName(r.inputs["name"]) === name);
    const routed = records.filter((r) => r.inputs["failoverRoutingPolicies"] || r.inputs["latencyRoutingPolicies"]);
    if (routed.length > 0 || hops === 0) return routed;
    const pointer = records
        .flatMap((r) => (r.inputs["aliases"] as { name?: unknown; evaluateTargetHealth?: boolean }[] | undefined) ?? [])
        .find((a) => a.evaluateTargetHealth === true && a.name !== undefined);
    return pointer ? routedRecordsOf(g, dnsName(pointer.name), hops - 1) : [];
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

/**
 * What each region does for the edge of each global stack, in priority order: its place in the
 * origin group (reads) and in the write routing (writes). CloudFront origin groups hold exactly two
 * origins and Route 53 failover records come in one PRIMARY/SECONDARY pair, so a third and later
 * region is a standby in those roles (a controlled failover, `activeRegion`, puts it first);
 * latency records cover every region.
 */
export function regionRoles(records: readonly StackRecord[]): RegionRole[] {
    const regional = regionalRecords(records);
    const regionOfName = (key: string, value: unknown) => {
        const found = regionWhere(records, key, typeof value === "string" ? value : undefined);
        return found ? regionOfStack(found) : undefined;
    };
    const roles: RegionRole[] = [];
    for (const g of records.filter((r) => !isRegional(r))) {
        const dist = g.resources.find((r) => r.type === "aws:cloudfront/distribution:Distribution");
        if (!dist) continue;
        const origins = (dist.inputs["origins"] as Record<string, unknown>[] | undefined) ?? [];
        const regionOfOrigin = (id: unknown) => regionOfName("originHostname", origins.find((o) => o["originId"] === id)?.["domainName"]);
        const members = ((dist.inputs["originGroups"] as { members?: { originId?: string }[] }[] | undefined) ?? [])[0]?.members ?? [];
        const [primary, secondary] = members.map((m) => regionOfOrigin(m.originId));
        const writes = writeRouting(g, dist, origins);
        const writeRole = (region: string): RegionRole["writes"] => {
            if (writes?.kind === "origin")
                return writes.originIds.some((id) => regionOfOrigin(id) === region) ? "write origin" : "standby (controlled failover only)";
            if (writes?.kind === "dns") {
                const routed = routedRecordsOf(g, writes.name).filter((r) =>
                    ((r.inputs["aliases"] as { name?: unknown }[] | undefined) ?? []).some(
                        (a) => regionOfName("albDnsName", a.name) === region,
                    ),
                );
                if (routed.some((r) => r.inputs["latencyRoutingPolicies"])) return "latency-routed";
                const type = (routed[0]?.inputs["failoverRoutingPolicies"] as { type?: string }[] | undefined)?.[0]?.type;
                if (type === "PRIMARY") return "PRIMARY record";
                if (type === "SECONDARY") return "SECONDARY record";
            }
            return "standby (controlled failover only)";
        };
        for (const region of regional.map(regionOfStack)) {
            roles.push({
                region,
                reads:
                    region === primary
                        ? "origin group primary"
                        : region === secondary
                          ? "origin group secondary"
                          : "standby (controlled failover only)",
                writes: writeRole(region),
            });
        }
    }
    return roles;
}

/** Exposed for tests: the facts a region's scenarios use. */
export const _regionFacts = regionFacts;
