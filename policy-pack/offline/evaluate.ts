/**
 * Offline stand-in for `pulumi preview --policy-pack policy-pack [--policy-pack-config <file>]`: runs the
 * pack's policies over recorded (checkpoint-shaped) resources. Loads no Pulumi SDK.
 *
 * - resource policies: once per resource, `props` = inputs, with `opts`, `provider`, `stackTags`,
 *   `getConfig()` (schema defaults applied) and `notApplicable()`;
 * - stack policies: once, `resources[].props` = outputs, graph links as resource objects;
 * - config is validated against each policy's `configSchema` first: an invalid config throws an Error that
 *   names the policy, the key and the problem (e.g. an exemption without a `reason`);
 * - enforcement level: per-policy config, else `all`, else the policy's default; `disabled` skips it;
 *   `remediate` is reported as mandatory (no remediation offline).
 * A preview fails when `violations` holds a mandatory entry.
 */
import { policies } from "../policies";
import { resolvePolicies, run, stackTagsMap } from "./engine";
import type { EvaluateInput, EvaluateResult } from "./types";

export type { EnforcementLevel, EvaluateInput, EvaluateResult, PackConfig, RecordedResource, Violation } from "./types";

export function evaluatePolicies(input: EvaluateInput): EvaluateResult {
    const resolved = resolvePolicies(policies, input.config ?? {});
    return run(resolved, input.resources, { policyPack: input.policyPack, stackTags: stackTagsMap(input.stackTags) });
}

/** True when a result would fail `pulumi preview` (a mandatory violation). */
export function hasMandatoryViolations(result: EvaluateResult): boolean {
    return result.violations.some((v) => v.enforcementLevel === "mandatory");
}
