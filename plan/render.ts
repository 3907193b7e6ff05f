/**
 * The plan as text (what `npm run plan` prints) and as Markdown (the pull-request summary):
 * per stack the steps that are not `same`, with the property paths that differ and why a
 * replacement happens, its problems, and a summary table.
 */
import type { ChangePlanDetail, StackPlanDetail } from "./changePlan";
import { STEP_OPS, type StepOp } from "./model";
import { nameOfUrn, type StepDetail } from "./steps";

const SYMBOL: Record<StepOp, string> = { same: " ", create: "+", update: "~", replace: "+-", delete: "-" };

const counts = (s: StackPlanDetail): Record<StepOp, number> =>
    Object.fromEntries(STEP_OPS.map((op) => [op, s.steps.filter((x) => x.op === op).length])) as Record<StepOp, number>;

function stepLines(d: StepDetail): string[] {
    const head = `  ${SYMBOL[d.op].padEnd(2)} ${d.op.padEnd(7)} ${d.type} ${nameOfUrn(d.urn)}${d.protect ? " [protected]" : ""}${d.deleteBeforeReplace ? " [delete before replace]" : ""}`;
    const reasons = new Set(d.replaceReasons.map((r) => r.split(" ")[0]));
    const diffs = d.diffs.map((p) => `      ${reasons.has(p) ? "!" : "~"} ${p}`);
    const why = d.replaceReasons.filter((r) => !d.diffs.includes(r.split(" ")[0]!)).map((r) => `      ! ${r}`);
    return [head, ...diffs, ...why, ...d.notes.map((n) => `      (${n})`)];
}

/** The per-stack text and the summary table. */
export function renderPlanText(plan: ChangePlanDetail): string {
    const lines: string[] = [`change plan against ${plan.base}`, ""];
    for (const s of plan.stacks) {
        const c = counts(s);
        lines.push(
            `== ${s.stack}: ${STEP_OPS.filter((op) => op !== "same")
                .map((op) => `${c[op]} ${op}`)
                .join(", ")}, ${c.same} same`,
        );
        for (const d of s.details.filter((x) => x.op !== "same")) lines.push(...stepLines(d));
        for (const p of s.problems) lines.push(`  [${p.level}] ${p.message}`);
        lines.push("");
    }
    lines.push(...summaryTable(plan).map((r) => r.join("  ")));
    const mandatory = plan.stacks.reduce((n, s) => n + s.problems.filter((p) => p.level === "mandatory").length, 0);
    lines.push("", mandatory > 0 ? `${mandatory} mandatory problem(s) -> FAIL` : "no mandatory problem -> PASS", "");
    return lines.join("\n");
}

function summaryTable(plan: ChangePlanDetail): string[][] {
    const header = ["stack", ...STEP_OPS, "mandatory", "advisory"];
    const rows = plan.stacks.map((s) => {
        const c = counts(s);
        return [
            s.stack,
            ...STEP_OPS.map((op) => String(c[op])),
            ...(["mandatory", "advisory"] as const).map((l) => String(s.problems.filter((p) => p.level === l).length)),
        ];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    return [header, ...rows].map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))));
}

/** The Markdown summary a pull request shows. */
export function renderPlanMarkdown(plan: ChangePlanDetail): string {
    const header = ["stack", ...STEP_OPS, "mandatory", "advisory"];
    const table = [
        `| ${header.join(" | ")} |`,
        `|${header.map(() => " --- ").join("|")}|`,
        ...plan.stacks.map((s) => {
            const c = counts(s);
            const levels = (["mandatory", "advisory"] as const).map((l) => String(s.problems.filter((p) => p.level === l).length));
            return `| ${[s.stack, ...STEP_OPS.map((op) => String(c[op])), ...levels].join(" | ")} |`;
        }),
    ];
    const details = plan.stacks.flatMap((s) => {
        const changed = s.details.filter((d) => d.op !== "same");
        if (changed.length === 0 && s.problems.length === 0) return [];
        return [
            "",
            `### ${s.stack}`,
            "",
            ...changed.map(
                (d) =>
                    `- \`${d.op}\` ${d.type} \`${nameOfUrn(d.urn)}\`${d.diffs.length ? `: ${d.diffs.map((p) => `\`${p}\``).join(", ")}` : ""}`,
            ),
            ...s.problems.map((p) => `- **${p.level}**: ${p.message}`),
        ];
    });
    return [`## Change plan against \`${plan.base}\``, "", ...table, ...details, ""].join("\n");
}

/**
 * A compact text of a plan for the docs: per stack, the steps that are not `same` grouped by
 * operation and type (a stack that is all created or all deleted in one line), then the problems.
 */
export function renderPlanCompact(plan: ChangePlanDetail): string {
    const lines: string[] = [];
    for (const s of plan.stacks) {
        const changed = s.details.filter((d) => d.op !== "same");
        if (changed.length === 0 && s.problems.length === 0) continue;
        if (changed.length === s.steps.length && new Set(changed.map((d) => d.op)).size === 1) {
            lines.push(`${s.stack}: all ${changed.length} resources ${changed[0]!.op}`);
        } else {
            lines.push(`${s.stack}:`);
            const groups = new Map<string, string[]>();
            for (const d of changed) groups.set(`${d.op} ${d.type}`, [...(groups.get(`${d.op} ${d.type}`) ?? []), nameOfUrn(d.urn)]);
            for (const [key, names] of groups) {
                const [op, type] = key.split(" ") as [StepOp, string];
                const shown = names.length > 3 ? `${names.slice(0, 2).join(", ")}, … (${names.length})` : names.join(", ");
                lines.push(`  ${SYMBOL[op].padEnd(2)} ${op.padEnd(7)} ${type}: ${shown}`);
            }
        }
        for (const p of s.problems) lines.push(`  [${p.level}] ${p.message}`);
    }
    return lines.length > 0 ? lines.join("\n") : "every step same";
}
