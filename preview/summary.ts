/**
 * The text `npm start` prints: per stack, resources by type and violations by level; then, when
 * the guard's state is given, what the pack config changes (see {@link guardSection}); then the
 * files and the final verdict line.
 */
import { cloudResources } from "./graph";
import type { ExemptionMatch, GuardSummary, LevelChange } from "./policies";
import type { PreviewResult, StackOutcome } from "./run";

const LEVELS = ["mandatory", "advisory", "remediate"] as const;

function stackSection(o: StackOutcome): string[] {
    const head = `== ${o.stack} (${o.role}) ${o.status.toUpperCase()}`;
    if (!o.record) return [head, `   ${o.error ?? ""}`, ""];
    const byType = new Map<string, number>();
    for (const r of cloudResources(o.record)) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    const types = [...byType.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const counts = LEVELS.map((l) => `${o.violations.filter((v) => v.enforcementLevel === l).length} ${l}`).join(", ");
    const lines = [
        head,
        `   ${cloudResources(o.record).length} resources (${o.record.resources.length} with providers and components), evaluated in ${Math.round(o.evaluateMs)} ms, policies in ${Math.round(o.policyMs)} ms`,
        ...types.map(([type, n]) => `   ${String(n).padStart(4)}  ${type}`),
        `   violations: ${counts}`,
        ...o.violations
            .filter((v) => v.enforcementLevel !== "disabled")
            .sort((a, b) => (a.enforcementLevel === "mandatory" ? -1 : 0) - (b.enforcementLevel === "mandatory" ? -1 : 0))
            .map((v) => `   [${v.enforcementLevel}] ${v.policyName}: ${v.message}${v.urn ? ` (${v.urn.split("::").pop()})` : ""}`),
    ];
    if (o.error) lines.push(`   ${o.error}`);
    lines.push("");
    return lines;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** `<name> (<type>)` of a URN `urn:pulumi:<stack>::<project>::<parent$...$type>::<name>`. */
function resourceLabel(urn: string): string {
    const parts = urn.split("::");
    const name = parts[parts.length - 1] ?? urn;
    const type = parts[parts.length - 2]?.split("$").pop();
    return type ? `${name} (${type})` : name;
}

const exemptionsApplied = (guard: GuardSummary) => guard.exemptions.reduce((n, s) => n + s.matches.length, 0);

/**
 * The guard section: what the pack config in use changes relative to the pack's defaults.
 *
 * - `disabled: <policy> (default <level>)`, one line per policy; `disabled: every policy (N of N)`
 *   when the config disables them all (e.g. `{"all": "disabled"}`);
 * - `downgraded: <policy> <default> -> <level>` (mandatory/remediate run as advisory);
 * - `setting: <policy>.<key> = <value> (default <value>)` for a setting that differs from its default;
 * - `allowance: <policy>.<key> <entry>: <reason>` (reasoned entries such as `allowedRootContainers`);
 * - `exemption: <policy> "<urnPattern>": <reason>`, then one line per stack with the resources it
 *   matched, or `matched no resource` (a stale exemption is worth removing).
 * With none of these: one line saying every policy runs at its default level or stronger.
 */
export function guardSection(guard: GuardSummary): string[] {
    const { report } = guard;
    const lines: string[] = [];
    const level = (c: LevelChange) => `${c.policyName} ${c.defaultLevel} -> ${c.level}`;
    if (report.disabled.length > 0 && report.disabled.length === report.policyCount)
        lines.push(`   disabled: every policy (${report.policyCount} of ${report.policyCount})`);
    else for (const c of report.disabled) lines.push(`   disabled: ${c.policyName} (default ${c.defaultLevel})`);
    for (const c of report.downgraded) lines.push(`   downgraded: ${level(c)}`);
    for (const s of report.settings) {
        lines.push(
            `   setting: ${s.policyName}.${s.key} = ${JSON.stringify(s.value)} (${s.defaultValue === undefined ? "no default" : `default ${JSON.stringify(s.defaultValue)}`})`,
        );
    }
    for (const a of report.allowances) lines.push(`   allowance: ${a.policyName}.${a.key} ${JSON.stringify(a.entry)}: ${a.reason}`);
    for (const e of report.exemptions) {
        lines.push(`   exemption: ${e.policyName} ${JSON.stringify(e.urnPattern)}: ${e.reason}`);
        const mine = (m: ExemptionMatch) => m.policyName === e.policyName && m.urnPattern === e.urnPattern;
        const perStack = guard.exemptions
            .map((s) => ({ stack: s.stack, urns: s.matches.filter(mine).map((m) => m.urn) }))
            .filter((s) => s.urns.length > 0);
        if (perStack.length === 0) lines.push("      matched no resource");
        for (const s of perStack) lines.push(`      ${s.stack}: ${s.urns.map(resourceLabel).join(", ")}`);
    }
    if (lines.length === 0)
        return [
            `guard: all ${report.policyCount} policies at their default level or stronger; no exemptions, allowances or changed settings`,
            "",
        ];
    const counts = [
        report.disabled.length > 0 ? plural(report.disabled.length, "policy disabled", "policies disabled") : undefined,
        report.downgraded.length > 0 ? plural(report.downgraded.length, "policy downgraded", "policies downgraded") : undefined,
        plural(exemptionsApplied(guard), "exemption applied", "exemptions applied"),
    ].filter((c) => c !== undefined);
    return [`guard: ${counts.join(", ")} (what the pack config changes from the pack's defaults)`, ...lines, ""];
}

/**
 * What the final line adds after PASS or FAIL, so that a result reached with a weakened guard never
 * reads as a plain PASS:
 * - ` (guard weakened: 68 policies disabled)`: some policy is disabled or downgraded from its
 *   default level (`, 2 policies downgraded` likewise); these blanket changes are what "weakened" means;
 * - `; 3 exemptions applied` (or ` (3 exemptions applied)` alone): resources that policies skipped
 *   because of a reasoned exemption, listed in the guard section;
 * - nothing when neither holds, or when no guard state was given.
 */
export function verdictSuffix(guard: GuardSummary | undefined): string {
    if (!guard) return "";
    const weakened = [
        guard.report.disabled.length > 0 ? plural(guard.report.disabled.length, "policy disabled", "policies disabled") : undefined,
        guard.report.downgraded.length > 0 ? plural(guard.report.downgraded.length, "policy downgraded", "policies downgraded") : undefined,
    ].filter((c) => c !== undefined);
    const applied = exemptionsApplied(guard);
    const exempted = applied > 0 ? plural(applied, "exemption applied", "exemptions applied") : undefined;
    if (weakened.length > 0) return ` (guard weakened: ${weakened.join(", ")}${exempted ? `; ${exempted}` : ""})`;
    return exempted ? ` (${exempted})` : "";
}

/**
 * Renders the summary of a preview run. `guard` (from `guardSummary(outcomes, packConfig)` in
 * `./policies`) adds the guard section and the verdict's suffix; without it neither is printed.
 */
export function renderSummary(result: PreviewResult, outDir: string, elapsedMs: number, guard?: GuardSummary): string {
    const mandatory = result.outcomes.reduce((n, o) => n + o.violations.filter((v) => v.enforcementLevel === "mandatory").length, 0);
    const failed = result.outcomes.filter((o) => o.status !== "ok").map((o) => o.stack);
    return [
        ...result.outcomes.flatMap(stackSection),
        ...(guard ? guardSection(guard) : []),
        ...(result.warnings ?? []).map((w) => `warning: ${w}`),
        `wrote ${result.files.map((f) => `${outDir}/${f}`).join(", ") || "nothing"}`,
        ...(result.removed.length > 0
            ? [`removed ${result.removed.map((f) => `${outDir}/${f}`).join(", ")} (not produced by this run)`]
            : []),
        ...(result.writeError ? [`error: ${result.writeError}; the files not listed above were not written`] : []),
        `${result.outcomes.length} stack(s) in ${(elapsedMs / 1000).toFixed(1)} s: ${mandatory} mandatory violation(s)${failed.length ? `, failed: ${failed.join(", ")}` : ""} -> ${result.exitCode === 0 ? "PASS" : "FAIL"}${verdictSuffix(guard)}`,
        "",
    ].join("\n");
}
