/**
 * Types of the offline policy engine. `RecordedResource` is the shape of a Pulumi checkpoint resource, as
 * the offline preview records it (parent, provider and dependencies are URNs).
 */

export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    /** Provider reference `"<provider urn>::<provider id>"`. */
    provider?: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /**
     * `protect`, recorded (true) only when set, as in a checkpoint: absent means false, and policies see
     * `opts.protect === false`, as under the engine.
     */
    protect?: boolean;
    /** Recorded like `protect`; the engine never shows it to policies, so neither does the offline engine. */
    retainOnDelete?: boolean;
}

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** Standard Pulumi policy-pack config: `{ "all": level, "<policy>": level | { enforcementLevel?, ...props } }`. */
export type PackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

export interface Violation {
    policyPack: string;
    policyName: string;
    enforcementLevel: "advisory" | "mandatory" | "remediate";
    urn?: string;
    /** The message the policy reported (the engine prints it after the policy's description). */
    message: string;
}

export interface EvaluateInput {
    /** Pack name reported in violations, e.g. "platform-guard". */
    policyPack: string;
    resources: RecordedResource[];
    config?: PackConfig;
    stackTags?: Record<string, string>;
}

export interface EvaluateResult {
    violations: Violation[];
    /** What the engine would print besides violations: policies that could not run during preview. */
    notes: string[];
    /**
     * The resources running policies skip through their config's `exemptions` (one entry per policy and
     * resource, with the first matching exemption). The engine prints nothing for them; `npm start` does.
     */
    exemptions: ExemptionMatch[];
}

/** One resource a running policy skips because of one of its `exemptions` (the first entry that matches it). */
export interface ExemptionMatch {
    policyName: string;
    urn: string;
    urnPattern: string;
    reason: string;
}
