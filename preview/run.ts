/**
 * The offline preview pipeline behind `npm start`:
 *
 * 1. discover the stacks from their config files (regional first, then global);
 * 2. evaluate the regional stacks under the simulated cloud, concurrently, then the global
 *    stack with its StackReferences fed from the regional stacks' recorded outputs;
 * 3. run the whole policy pack over each stack's records, as `pulumi preview --policy-pack`;
 * 4. write `out/preview/<stack>.json`, `out/architecture.md`, `out/resilience.{md,json}`.
 *
 * A failure in one stack is reported with its name and does not hide the others' results.
 */
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import type { StackOutputTable } from "../simulation/cloud";
import type { StackRecord } from "../simulation/evaluate";
import { evaluateProjectStack, qualifiedStackName, stackOutputEntry } from "../simulation/project";
import { readStackConfigFiles, StackConfigFile } from "../stacks/config/files";
import { renderArchitecture } from "./diagram";
import { planPreview } from "./plan";
import { checkStack, loadPackConfig, PackConfig } from "./policies";
import { previewDocument, PreviewViolation } from "./previewFile";
import { buildResilienceReport, renderResilienceMarkdown } from "./resilience";

/** What to preview. */
export interface PreviewOptions {
    /** Folder holding Pulumi.yaml and the stack config files. */
    readonly projectDir: string;
    /** Where to write the results. @default `<projectDir>/out` */
    readonly outDir?: string;
    /** Only these stacks (their dependencies' recorded outputs must then exist in this run). */
    readonly stacks?: readonly string[];
    /** Policy pack config file (`--policy-pack-config`). @default the pack's own defaults */
    readonly policyConfigPath?: string;
    /** Progress and report lines. */
    readonly log?: (line: string) => void;
}

/** How one stack fared. */
export interface StackOutcome {
    readonly stack: string;
    readonly role: "regional" | "global" | "unknown";
    readonly status: "ok" | "failed" | "skipped";
    readonly error?: string;
    readonly record?: StackRecord;
    readonly violations: PreviewViolation[];
    readonly evaluateMs: number;
    readonly policyMs: number;
}

/** Everything a preview produced. */
export interface PreviewResult {
    readonly outcomes: StackOutcome[];
    /** Files written, relative to the out dir. */
    readonly files: string[];
    /** 0 when every stack evaluated and no mandatory policy failed, else 1. */
    readonly exitCode: number;
}

const now = () => performance.now();

/** Runs the whole offline preview. */
export async function runPreview(options: PreviewOptions): Promise<PreviewResult> {
    const log = options.log ?? (() => undefined);
    const outDir = options.outDir ?? join(options.projectDir, "out");
    const packConfig: PackConfig | undefined = options.policyConfigPath ? loadPackConfig(options.policyConfigPath) : undefined;
    const plan = planPreview(readStackConfigFiles(options.projectDir), options.stacks);

    const outcomes: StackOutcome[] = plan.unknownRole.map((f) => ({
        stack: f.stack,
        role: "unknown" as const,
        status: "failed" as const,
        error: `platform:role: expected "regional" | "global", got ${JSON.stringify(f.config["platform:role"])}`,
        violations: [],
        evaluateMs: 0,
        policyMs: 0,
    }));

    log(`evaluating ${plan.regional.length} regional stack(s) concurrently: ${plan.regional.map((f) => f.stack).join(", ")}`);
    const regional = await Promise.all(plan.regional.map((f) => evaluateOne(f, "regional", undefined, packConfig, log)));
    outcomes.push(...regional);

    const table: Record<string, StackOutputTable[string]> = {};
    for (const o of regional) if (o.record) table[qualifiedStackName(o.stack)] = stackOutputEntry(o.record);
    const failedRegional = regional.filter((o) => o.status !== "ok").map((o) => o.stack);
    for (const file of plan.global) {
        if (failedRegional.length > 0) {
            const error = `skipped: regional stack(s) ${failedRegional.join(", ")} failed, so their outputs are unknown`;
            log(`[${file.stack}] ${error}`);
            outcomes.push({ stack: file.stack, role: "global", status: "skipped", error, violations: [], evaluateMs: 0, policyMs: 0 });
            continue;
        }
        outcomes.push(await evaluateOne(file, "global", table, packConfig, log));
    }

    const files = writeArtifacts(outDir, plan.regional.concat(plan.global), outcomes);
    const mandatory = outcomes.some((o) => o.violations.some((v) => v.enforcementLevel === "mandatory"));
    const failed = outcomes.some((o) => o.status !== "ok");
    return { outcomes, files, exitCode: mandatory || failed ? 1 : 0 };
}

async function evaluateOne(
    file: StackConfigFile,
    role: "regional" | "global",
    stackOutputs: StackOutputTable | undefined,
    packConfig: PackConfig | undefined,
    log: (line: string) => void,
): Promise<StackOutcome> {
    const started = now();
    log(`[${file.stack}] evaluating (${role})`);
    let record: StackRecord;
    try {
        record = await evaluateProjectStack(file.stack, file.config, stackOutputs);
    } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        log(`[${file.stack}] failed: ${error}`);
        return { stack: file.stack, role, status: "failed", error, violations: [], evaluateMs: now() - started, policyMs: 0 };
    }
    const evaluateMs = now() - started;
    log(`[${file.stack}] ${record.resources.length} resources recorded in ${Math.round(evaluateMs)} ms; running the policy pack`);
    const policyStarted = now();
    let violations: PreviewViolation[];
    try {
        violations = checkStack(record, packConfig);
    } catch (err) {
        const error = `policy pack: ${err instanceof Error ? err.message : String(err)}`;
        log(`[${file.stack}] failed: ${error}`);
        return { stack: file.stack, role, status: "failed", error, record, violations: [], evaluateMs, policyMs: now() - policyStarted };
    }
    return { stack: file.stack, role, status: "ok", record, violations, evaluateMs, policyMs: now() - policyStarted };
}

function writeArtifacts(outDir: string, files: readonly StackConfigFile[], outcomes: readonly StackOutcome[]): string[] {
    const written: string[] = [];
    mkdirSync(join(outDir, "preview"), { recursive: true });
    const write = (relative: string, content: string) => {
        writeFileSync(join(outDir, relative), content);
        written.push(relative);
    };
    for (const o of outcomes) {
        if (!o.record) continue;
        const secretKeys = files.find((f) => f.stack === o.stack)?.secretKeys ?? [];
        write(join("preview", `${o.stack}.json`), `${JSON.stringify(previewDocument(o.record, o.violations, secretKeys), null, 2)}\n`);
    }
    const records = outcomes.filter((o) => o.record).map((o) => o.record!);
    if (records.length > 0) {
        write("architecture.md", renderArchitecture(records));
        const report = buildResilienceReport(records);
        write("resilience.json", `${JSON.stringify(report, null, 2)}\n`);
        write("resilience.md", renderResilienceMarkdown(report));
    }
    return written;
}
