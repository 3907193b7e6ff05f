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

/** The whole report. */
export interface ResilienceReport {
    readonly stacks: string[];
    readonly assumptions: Readonly<Record<string, number>>;
    readonly scenarios: Scenario[];
    readonly singlePointsOfFailure: SinglePointOfFailure[];
}

/** `value` when it is a finite number, else `fallback` (a provider default). */
export const numberOr = (value: unknown, fallback: number): number =>
    typeof value === "number" && Number.isFinite(value) ? value : fallback;
