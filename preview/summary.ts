/** The text `npm start` prints: per stack, resources by type and violations by level. */
import { cloudResources } from "./graph";
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

/** Renders the summary of a preview run. */
export function renderSummary(result: PreviewResult, outDir: string, elapsedMs: number): string {
    const mandatory = result.outcomes.reduce((n, o) => n + o.violations.filter((v) => v.enforcementLevel === "mandatory").length, 0);
    const failed = result.outcomes.filter((o) => o.status !== "ok").map((o) => o.stack);
    return [
        ...result.outcomes.flatMap(stackSection),
        `wrote ${result.files.map((f) => `${outDir}/${f}`).join(", ") || "nothing"}`,
        ...(result.removed.length > 0 ? [`removed ${result.removed.map((f) => `${outDir}/${f}`).join(", ")} (not produced by this run)`] : []),
        ...(result.writeError ? [`error: ${result.writeError}; the files not listed above were not written`] : []),
        `${result.outcomes.length} stack(s) in ${(elapsedMs / 1000).toFixed(1)} s: ${mandatory} mandatory violation(s)${failed.length ? `, failed: ${failed.join(", ")}` : ""} -> ${result.exitCode === 0 ? "PASS" : "FAIL"}`,
        "",
    ].join("\n");
}
