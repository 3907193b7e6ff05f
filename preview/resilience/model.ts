/**
 * The resilience report's data model, and the figures it assumes because nothing records them.
 */
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

/**
 * When people are told: an {@link Estimate} of the alarm path, and whether anyone is subscribed to
 * the SNS topics its alarm notifies (an alarm whose topics have no subscription in the recorded
 * stacks alerts nobody: the report says "nobody subscribed" instead of a time).
 */
export interface Alert extends Estimate {
    readonly subscribed: boolean;
}

/** One failure scenario. */
export interface Scenario {
    readonly id: string;
    readonly failure: "task" | "availability-zone" | "region";
    readonly region: string;
    /**
     * `reads`: reads outside the write paths (the origin group's behaviour); `reads under the
     * write paths`: GET/HEAD/OPTIONS of the write path patterns, which go where the writes go.
     */
    readonly traffic: "reads and writes" | "reads" | "reads under the write paths" | "writes";
    readonly automatic: boolean;
    readonly detection: Estimate;
    readonly recovery: Estimate;
    /** Data that may be lost (RPO). */
    readonly dataLoss: Estimate;
    /**
     * When people are told: detection plus the alarm's evaluation, if an alarm watches it. For a
     * region's failure, only alarms outside the failed region count (an alarm there may never fire).
     */
    readonly alert?: Alert;
    readonly notes: string;
}

/** A single point of failure found in the graph. */
export interface SinglePointOfFailure {
    readonly kind:
        | "fewer-than-two-azs"
        | "tier-missing-in-region"
        | "no-replication"
        | "no-health-check"
        | "single-region"
        | "no-origin-failover";
    readonly subject: string;
    readonly detail: string;
}

/**
 * What one region does for the edge, from the recorded distribution and records: regions beyond
 * the origin group's two members and the failover pair are standbys that take traffic only after a
 * controlled failover (`activeRegion`) puts them first.
 */
export interface RegionRole {
    readonly region: string;
    readonly reads: "origin group primary" | "origin group secondary" | "standby (controlled failover only)";
    readonly writes: "write origin" | "PRIMARY record" | "SECONDARY record" | "latency-routed" | "standby (controlled failover only)";
}

/** The whole report. */
export interface ResilienceReport {
    readonly stacks: string[];
    readonly assumptions: Readonly<Record<string, number>>;
    /** Per region of each global stack, the edge's use of it (priority order). */
    readonly regionRoles: RegionRole[];
    readonly scenarios: Scenario[];
    readonly singlePointsOfFailure: SinglePointOfFailure[];
}

/** `value` when it is a finite number, else `fallback` (a provider default). */
export const numberOr = (value: unknown, fallback: number): number =>
    typeof value === "number" && Number.isFinite(value) ? value : fallback;
