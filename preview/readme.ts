/**
 * Keeps the README's generated sections in step with the code: what `npm start` reports per
 * stack, the architecture diagram, the resilience table and the control → policy table are
 * spliced between `<!-- generated:<name> -->` and `<!-- /generated:<name> -->` markers; and
 * docs/operations.md's plan of every day-2 operation (`plan/dayTwoOperations.ts`), the same way.
 *
 *   npm run readme            # rewrite README.md and docs/operations.md
 *
 * `tests/preview/readme.spec.ts` fails when either is out of date.
 */
import "./fastStackTraces";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DAY_TWO_OPERATIONS, planOperation } from "../plan/dayTwoOperations";
import { renderPlanCompact } from "../plan/render";
import { twoRegionBaseline } from "../plan/stackSetEdits";
import { controlsTable } from "../policy-pack/scripts/controls-table";
import { readStackConfigFiles } from "../stacks/config/files";
import { renderConfigTable, renderPulumiYamlConfig } from "../stacks/config/reference";
import { buildDiagram, renderMermaid } from "./diagram";
import { cloudResources } from "./graph";
import { buildResilienceReport, renderResilienceMarkdown } from "./resilience";
import { DEFAULT_POLICY_CONFIG } from "./cli";
import { type PreviewResult, runPreview } from "./run";

/** The generated sections, by marker name. */
export type Sections = Record<"preview-summary" | "architecture" | "resilience" | "controls" | "config-reference", string>;

/** Builds every generated section from a preview run. */
export function renderSections(result: PreviewResult): Sections {
    const records = result.outcomes.filter((o) => o.record).map((o) => o.record!);
    const summary = [
        "| stack | role | result | cloud resources | mandatory | advisory |",
        "|---|---|---|---|---|---|",
        ...result.outcomes.map((o) => {
            const count = (level: string) => o.violations.filter((v) => v.enforcementLevel === level).length;
            return `| ${o.stack} | ${o.role} | ${o.status} | ${o.record ? cloudResources(o.record).length : "-"} | ${count("mandatory")} | ${count("advisory")} |`;
        }),
        "",
        "Advisory findings of the shipped (evaluation-mode) stacks:",
        "",
        ...[
            ...new Set(
                result.outcomes.flatMap((o) =>
                    o.violations.filter((v) => v.enforcementLevel === "advisory").map((v) => `- \`${v.policyName}\`: ${v.message}`),
                ),
            ),
        ],
    ].join("\n");
    const resilience = renderResilienceMarkdown(buildResilienceReport(records));
    const table = resilience.slice(resilience.indexOf("| scenario"), resilience.indexOf("\n\n## How each figure"));
    const spofs = resilience.slice(resilience.indexOf("## Single points of failure") + "## Single points of failure".length).trim();
    return {
        "preview-summary": summary,
        architecture: ["```mermaid", renderMermaid(buildDiagram(records)), "```"].join("\n"),
        resilience: `${table}\n\nSingle points of failure: ${spofs}`,
        controls: controlsTable("policy-pack/"),
        "config-reference": renderConfigTable(),
    };
}

/** The generated section of `Pulumi.yaml`: every `platform:*` key, described from the schemas. */
export function projectSections(): Record<"config", string> {
    return { config: renderPulumiYamlConfig() };
}

/** The generated sections of docs/operations.md: the plan of every day-2 operation over the project's stacks. */
export async function renderOperationsSections(projectDir: string): Promise<Record<"day-two", string>> {
    // The shipped pair, whatever a fork added: the plans below are written for it.
    const files = twoRegionBaseline(readStackConfigFiles(projectDir));
    const parts: string[] = [];
    for (const op of DAY_TWO_OPERATIONS) {
        const plan = await planOperation(op, files);
        const unprotect = op.unprotect?.length
            ? `\nFirst, as the runbook says: \`pulumi state unprotect\` ${op.unprotect.map((n) => `\`${n}\``).join(", ")}.\n`
            : "";
        parts.push(`#### ${op.title}\n${unprotect}\n\`\`\`text\n${renderPlanCompact(plan)}\n\`\`\``);
    }
    return { "day-two": parts.join("\n\n") };
}

/**
 * The markers of a generated section: `generated:<name>` ... `/generated:<name>`, in the comment
 * syntax of the file (HTML comments in Markdown, `#` comments in YAML).
 */
export function sectionMarkers(name: string, file: string): { begin: string; end: string } {
    return /\.ya?ml$/.test(file)
        ? { begin: `# generated:${name}`, end: `# /generated:${name}` }
        : { begin: `<!-- generated:${name} -->`, end: `<!-- /generated:${name} -->` };
}

/** `text` with every generated section replaced. @throws Error naming a missing marker. */
export function spliceSections(text: string, sections: Partial<Record<string, string>>, file = "README.md"): string {
    let out = text;
    for (const [name, content] of Object.entries(sections)) {
        const { begin, end } = sectionMarkers(name, file);
        const a = out.indexOf(begin);
        const b = out.indexOf(end);
        if (a < 0 || b < a) throw new Error(`${file}: markers ${begin} ... ${end} not found`);
        out = `${out.slice(0, a + begin.length)}\n${content}\n${out.slice(b)}`;
    }
    return out;
}

/** Runs the offline preview into a scratch folder and returns its result. */
export async function previewForReadme(projectDir: string): Promise<PreviewResult> {
    const out = mkdtempSync(join(tmpdir(), "platform-readme-"));
    try {
        // What `npm start` reports: the pack config CI uses.
        return await runPreview({ projectDir, outDir: out, policyConfigPath: join(projectDir, DEFAULT_POLICY_CONFIG) });
    } finally {
        rmSync(out, { recursive: true, force: true });
    }
}

if (require.main === module) {
    process.on("unhandledRejection", () => undefined);
    const root = resolve(__dirname, "..");
    Promise.all([previewForReadme(root), renderOperationsSections(root)]).then(
        ([result, operations]) => {
            const path = join(root, "README.md");
            writeFileSync(path, spliceSections(readFileSync(path, "utf8"), renderSections(result)));
            const ops = join(root, "docs", "operations.md");
            writeFileSync(ops, spliceSections(readFileSync(ops, "utf8"), operations, "docs/operations.md"));
            const project = join(root, "Pulumi.yaml");
            writeFileSync(project, spliceSections(readFileSync(project, "utf8"), projectSections(), "Pulumi.yaml"));
            process.stdout.write("README.md, docs/operations.md, Pulumi.yaml: generated sections updated\n");
        },
        (err) => {
            process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
            process.exit(1);
        },
    );
}
