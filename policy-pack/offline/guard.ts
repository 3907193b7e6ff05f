/**
 * How a pack config weakens the guard, for `npm start` to say so: policies disabled or downgraded from their
 * default level, settings changed from their schema defaults, reasoned allowances, and the exemptions (the pack's
 * `exemptions: [{ urnPattern, reason }]`, `policies/lib/define.ts`) with the resources they match.
 */
import { exemptionMatchers, type Exemption } from "../policies/lib/define";
import { type AnyPolicy, type ResolvedPolicy, resolvePolicies } from "./engine";
import type { EnforcementLevel, ExemptionMatch, PackConfig, RecordedResource } from "./types";

export type { ExemptionMatch } from "./types";

/** A policy whose level the config changed. */
export interface LevelChange {
    policyName: string;
    /** The policy's own level (what it runs at without a config). */
    defaultLevel: EnforcementLevel;
    /** The level the config gives it. */
    level: EnforcementLevel;
}

/** A policy setting the config sets to something other than its schema default. */
export interface ChangedSetting {
    policyName: string;
    key: string;
    value: unknown;
    /** The schema default; `undefined` when there is none. */
    defaultValue: unknown;
}

/** An entry with a `reason` in a policy setting other than `exemptions`, e.g. `allowedRootContainers`. */
export interface Allowance {
    policyName: string;
    key: string;
    /** The entry without its reason, e.g. `{ name: "volume-permissions" }`. */
    entry: Record<string, unknown>;
    reason: string;
}

/** An exemption entry of a policy that runs (a disabled policy's exemptions change nothing). */
export interface ConfiguredExemption extends Exemption {
    policyName: string;
}

/** What a pack config changes relative to the pack's defaults. */
export interface GuardReport {
    /** Policies in the pack. */
    policyCount: number;
    /** Policies the config disables (their default is not `disabled`). */
    disabled: LevelChange[];
    /** Policies the config runs at a weaker level than their default (mandatory/remediate → advisory). */
    downgraded: LevelChange[];
    /** Exemptions of policies that run, in pack order. */
    exemptions: ConfiguredExemption[];
    /** Reasoned entries of other settings (of policies that run). */
    allowances: Allowance[];
    /** Settings other than exemptions and allowances that differ from their defaults (of policies that run). */
    settings: ChangedSetting[];
}

/** Strength of a level: `remediate` fixes what `mandatory` refuses, so neither is weaker than the other. */
const STRENGTH: Record<EnforcementLevel, number> = { disabled: 0, advisory: 1, mandatory: 2, remediate: 2 };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function isReasoned(v: unknown): v is Record<string, unknown> & { reason: string } {
    return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { reason?: unknown }).reason === "string";
}

/**
 * What `config` changes for `policies`. @throws Error (as `resolvePolicies`) when the config is invalid.
 * @param packLevel the pack's own level, for policies without one (as `resolvePolicies`)
 */
export function guardReport(policies: AnyPolicy[], config: PackConfig = {}, packLevel: EnforcementLevel = "advisory"): GuardReport {
    const report: GuardReport = {
        policyCount: policies.length,
        disabled: [],
        downgraded: [],
        exemptions: [],
        allowances: [],
        settings: [],
    };
    for (const r of resolvePolicies(policies, config, packLevel)) {
        const policyName = r.policy.name;
        const defaultLevel = r.policy.enforcementLevel ?? packLevel;
        const change = { policyName, defaultLevel, level: r.level };
        if (r.level === "disabled") {
            if (defaultLevel !== "disabled") report.disabled.push(change);
            continue;
        }
        if (STRENGTH[r.level] < STRENGTH[defaultLevel]) report.downgraded.push(change);
        const raw = config[policyName];
        const given = typeof raw === "object" && raw !== null ? raw : {};
        for (const [key, value] of Object.entries(given)) {
            if (key === "enforcementLevel") continue;
            if (key === "exemptions") {
                for (const e of value as Exemption[]) report.exemptions.push({ policyName, urnPattern: e.urnPattern, reason: e.reason });
                continue;
            }
            if (Array.isArray(value) && value.length > 0 && value.every(isReasoned)) {
                for (const { reason, ...entry } of value) report.allowances.push({ policyName, key, entry, reason });
                continue;
            }
            const defaultValue = r.policy.configSchema?.properties[key]?.default;
            if (!same(value, defaultValue)) report.settings.push({ policyName, key, value, defaultValue });
        }
    }
    return report;
}

/**
 * The resources each running policy skips because of one of its exemptions, as `policies/lib/define.ts` decides:
 * a resource policy skips an exempt resource of one of its `types` (without them: of any type); a stack policy
 * drops every violation on an exempt URN, so every resource of the stack whose URN matches counts. One entry per
 * policy and resource, with the first matching exemption; in pack order, then resource order.
 */
export function exemptionMatches(resolved: ResolvedPolicy[], resources: RecordedResource[]): ExemptionMatch[] {
    const out: ExemptionMatch[] = [];
    for (const r of resolved) {
        if (r.level === "disabled") continue;
        const exemptions = r.config["exemptions"] as Exemption[] | undefined;
        if (!Array.isArray(exemptions) || exemptions.length === 0) continue;
        const matchers = exemptionMatchers(exemptions);
        const types = (r.policy as { types?: unknown }).types;
        const inScope = Array.isArray(types) ? new Set(types as string[]) : undefined;
        for (const res of resources) {
            if (inScope && !inScope.has(res.type)) continue;
            const i = matchers.findIndex((m) => m.test(res.urn));
            if (i >= 0)
                out.push({ policyName: r.policy.name, urn: res.urn, urnPattern: exemptions[i]!.urnPattern, reason: exemptions[i]!.reason });
        }
    }
    return out;
}
