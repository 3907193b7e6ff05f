/** The resilience report as Markdown (`out/resilience.md`). */
import type { Alert, Estimate, ResilienceReport } from "./model";

const fmt = (s: number) => (Number.isFinite(s) ? (s >= 120 ? `${s} s (${(s / 60).toFixed(1)} min)` : `${s} s`) : "unbounded");
const inputsText = (e: Estimate) =>
    Object.entries(e.inputs)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ");

/** The "people alerted" cell: a time, "nobody subscribed" when the alarm's topics have no subscription, or "no alarm". */
const alertText = (alert: Alert | undefined) => (alert ? (alert.subscribed ? fmt(alert.seconds) : "nobody subscribed") : "no alarm");

/** The report as Markdown. */
export function renderResilienceMarkdown(report: ResilienceReport): string {
    const lines = [
        "# Resilience report (generated)",
        "",
        `Computed by \`npm start\` from the recorded configuration of ${report.stacks.join(", ")}. Assumptions (not recorded anywhere): ${Object.entries(
            report.assumptions,
        )
            .map(([k, v]) => `${k} = ${v}`)
            .join(", ")}.`,
        "",
        ...(report.regionRoles.length === 0
            ? []
            : [
                  "What each region does at the edge (CloudFront origin groups hold two origins and Route 53 failover records one PRIMARY/SECONDARY pair: other regions are standbys that take traffic only after a controlled failover, `activeRegion`; latency records cover every region):",
                  "",
                  "| region | reads | writes and reads under the write paths |",
                  "|---|---|---|",
                  ...report.regionRoles.map((r) => `| ${r.region} | ${r.reads} | ${r.writes} |`),
                  "",
              ]),
        "| scenario | traffic | automatic | detection | recovery | data-loss bound | people alerted |",
        "|---|---|---|---|---|---|---|",
        ...report.scenarios.map(
            (s) =>
                `| ${s.failure} ${s.region} | ${s.traffic} | ${s.automatic ? "yes" : "no (operator)"} | ${fmt(s.detection.seconds)} | ${fmt(s.recovery.seconds)} | ${fmt(s.dataLoss.seconds)} | ${alertText(s.alert)} |`,
        ),
        "",
        "## How each figure is computed",
        "",
        ...report.scenarios.flatMap((s) => [
            `### ${s.id}`,
            "",
            `- detection: ${fmt(s.detection.seconds)} = ${s.detection.formula} (${inputsText(s.detection) || "no inputs"})`,
            `- recovery: ${fmt(s.recovery.seconds)} = ${s.recovery.formula} (${inputsText(s.recovery) || "no inputs"})`,
            `- data loss: ${fmt(s.dataLoss.seconds)} = ${s.dataLoss.formula} (${inputsText(s.dataLoss) || "no inputs"})`,
            s.alert
                ? `- alerted: ${s.alert.subscribed ? fmt(s.alert.seconds) : `nobody subscribed (the alarm would fire after ${fmt(s.alert.seconds)})`} = ${s.alert.formula} (${inputsText(s.alert) || "no inputs"})`
                : "- alerted: no alarm watches this failure",
            `- ${s.notes}`,
            "",
        ]),
        "## Single points of failure",
        "",
        ...(report.singlePointsOfFailure.length === 0
            ? ["None found in the recorded graph."]
            : report.singlePointsOfFailure.map((p) => `- **${p.kind}** ${p.subject}: ${p.detail}`)),
        "",
    ];
    return lines.join("\n");
}
