/**
 * Offline stand-in for `pulumi preview --policy-pack policy-pack [--policy-pack-config <file>]`: runs the
 * pack's policies over recorded (checkpoint-shaped) resources. Loads no Pulumi SDK.
 *
 * - resource policies: once per resource, `props` = inputs, with `opts`, `provider`, `stackTags`,
 *   `getConfig()` (schema defaults applied) and `notApplicable()`;
 * - stack policies: once, `resources[].props` = outputs, graph links as resource objects;
 * - config is validated first (`config.ts`: no unknown policy or key, valid levels, each policy's
 *   `configSchema`): an invalid config throws an Error that names the policy, the key and the problem (e.g. an
 *   exemption without a `reason`); `validatePackConfig` returns the same problems without throwing;
 * - enforcement level: per-policy config, else `all`, else the policy's default; `disabled` skips it;
 *   `remediate` is reported as mandatory (no remediation offline);
 * - `exemptions` lists the resources each running policy skips through its config's `exemptions`.
 * A preview fails when `violations` holds a mandatory entry.
 */
import { policies } from "../policies";
import { checkPackConfig, type ConfigProblem } from "./config";
import { resolvePolicies, run, stackTagsMap } from "./engine";
import { exemptionMatches, guardReport, type GuardReport } from "./guard";
import type { EvaluateInput, EvaluateResult, ExemptionMatch, PackConfig, RecordedResource } from "./types";

export type { EnforcementLevel, EvaluateInput, EvaluateResult, ExemptionMatch, PackConfig, RecordedResource, Violation } from "./types";
export type { ConfigProblem } from "./config";
export type { Allowance, ChangedSetting, ConfiguredExemption, GuardReport, LevelChange } from "./guard";

export function evaluatePolicies(input: EvaluateInput): EvaluateResult {
    const resolved = resolvePolicies(policies, input.config ?? {});
    const result = run(resolved, input.resources, { policyPack: input.policyPack, stackTags: stackTagsMap(input.stackTags) });
    return { ...result, exemptions: exemptionMatches(resolved, input.resources) };
}

/** True when a result would fail `pulumi preview` (a mandatory violation). */
export function hasMandatoryViolations(result: EvaluateResult): boolean {
    return result.violations.some((v) => v.enforcementLevel === "mandatory");
}

/** Every problem of `config` (any parsed JSON) as this pack's config; empty when valid. */
export function validatePackConfig(config: unknown): ConfigProblem[] {
    return checkPackConfig(policies, config);
}

/** What `config` changes relative to the pack's defaults. @throws Error when the config is invalid */
export function describeGuard(config: PackConfig = {}): GuardReport {
    return guardReport(policies, config);
}

/** The resources the pack's policies skip through `config`'s exemptions. @throws Error when the config is invalid */
export function matchExemptions(resources: RecordedResource[], config: PackConfig = {}): ExemptionMatch[] {
    return exemptionMatches(resolvePolicies(policies, config), resources);
}
