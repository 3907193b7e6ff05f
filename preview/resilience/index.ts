/**
 * `out/resilience.{md,json}`: recovery-time and data-loss estimates per failure scenario,
 * computed from the values the stacks actually configure (read from the recorded resources,
 * never from defaults of this module), each with its formula and inputs, plus every single
 * point of failure found in the graph.
 *
 * Figures from docs/CONTROLS.md: ALB target-group thresholds default to 3 in the Pulumi provider
 * when omitted; CloudFront's connection timeout defaults to 10 s and attempts to 3; Route 53
 * health checks default to a 30 s interval and a failure threshold of 3; Replication Time
 * Control replicates 99.99 % of objects within 15 minutes.
 */
import type { StackRecord } from "../../simulation/evaluate";
import { ALIAS_RECORD_TTL_SECONDS, ASSUMED_MANUAL_FAILOVER_SECONDS, ASSUMED_TASK_START_SECONDS, type ResilienceReport } from "./model";
import { buildScenarios, regionRoles } from "./scenarios";
import { findSinglePointsOfFailure } from "./singlePointsOfFailure";

export * from "./model";
export { renderResilienceMarkdown } from "./markdown";
export { _regionFacts, buildScenarios, regionRoles } from "./scenarios";
export { findSinglePointsOfFailure } from "./singlePointsOfFailure";

/** Builds the report from the recorded stacks. */
export function buildResilienceReport(records: readonly StackRecord[]): ResilienceReport {
    return {
        stacks: records.map((r) => r.stack),
        assumptions: {
            taskStartSeconds: ASSUMED_TASK_START_SECONDS,
            aliasRecordTtlSeconds: ALIAS_RECORD_TTL_SECONDS,
            manualFailoverSeconds: ASSUMED_MANUAL_FAILOVER_SECONDS,
        },
        regionRoles: regionRoles(records),
        scenarios: buildScenarios(records),
        singlePointsOfFailure: findSinglePointsOfFailure(records),
    };
}
