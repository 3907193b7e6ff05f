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
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StackOutputTable } from "../simulation/cloud";
import type { StackRecord } from "../simulation/evaluate";
import { evaluateProjectStack, PROJECT, qualifiedStackName, readProjectName, stackOutputEntry } from "../simulation/project";
import { checkStackSet } from "../stacks/stackSet";
import { readStackConfigFiles, type StackConfigFile } from "../stacks/config/files";
import { renderArchitecture } from "./diagram";
import { planPreview } from "./plan";
import { checkStack, type GuardSummary, guardSummary, loadPackConfig, type PackConfig } from "./policies";
import { type PreviewDocument, previewDocument, type PreviewViolation } from "./previewFile";
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
    /** What the stack set's checks warn about. */
    readonly warnings: readonly string[];
    /** How the pack config in use weakens the guard: disabled or downgraded policies, exemptions that matched. */
    readonly guard?: GuardSummary;
    /** Files written, relative to the out dir. */
    readonly files: string[];
    /** Files of an earlier run removed (stacks not in this run, or that failed), relative to the out dir. */
    readonly removed: string[];
    /** Set when writing failed part-way; `files` lists what was written before. */
    readonly writeError?: string;
    /** 0 when every stack evaluated, no mandatory policy failed and every file was written, else 1. */
    readonly exitCode: number;
}

const now = () => performance.now();

/** Which stacks to evaluate and how. */
export interface EvaluationOptions {
    /** The stack config files (as {@link readStackConfigFiles} returns them). */
    readonly files: readonly StackConfigFile[];
    /** Only these stacks (their dependencies' recorded outputs must then exist in this run). */
    readonly stacks?: readonly string[];
    /** Pack config; `false` skips the policy pack (the change plan needs only the records). */
    readonly packConfig?: PackConfig | false;
    /** The project name (Pulumi.yaml). @default the shipped project's */
    readonly project?: string;
    readonly log?: (line: string) => void;
}

/** What {@link evaluateStacks} produced: one outcome per stack, and the files they came from. */
export interface Evaluation {
    readonly outcomes: StackOutcome[];
    /** The files of the stacks evaluated (regional first, then global). */
    readonly files: readonly StackConfigFile[];
    /** What the stack set's checks warn about (an unlisted regional stack, ...). */
    readonly warnings: readonly string[];
}

/**
 * Evaluates the stacks of `options.files` under the simulated cloud (regional stacks
 * concurrently, then the global stack(s) fed from their recorded outputs) and runs the policy
 * pack over each. Writes nothing.
 */
export async function evaluateStacks(options: EvaluationOptions): Promise<Evaluation> {
    const log = options.log ?? (() => undefined);
    const project = options.project ?? PROJECT;
    const set = checkStackSet(options.files, project);
    const plan = planPreview(options.files, options.stacks);
    const packConfig = options.packConfig;
    for (const w of set.warnings) log(`warning: ${w}`);

    const failedEarly = (f: StackConfigFile, role: StackOutcome["role"], error: string): StackOutcome => {
        log(`[${f.stack}] failed: ${error}`);
        return { stack: f.stack, role, status: "failed", error, violations: [], evaluateMs: 0, policyMs: 0 };
    };
    const setProblem = (f: StackConfigFile) => set.problems.get(f.stack)?.join("; ");
    const outcomes: StackOutcome[] = plan.unknownRole.map((f) =>
        failedEarly(
            f,
            "unknown",
            setProblem(f) ?? `${f.path}: platform:role: expected "regional" | "global", got ${JSON.stringify(f.config["platform:role"])}`,
        ),
    );

    log(`evaluating ${plan.regional.length} regional stack(s) concurrently: ${plan.regional.map((f) => f.stack).join(", ")}`);
    const regional = await Promise.all(
        plan.regional.map((f) =>
            setProblem(f)
                ? Promise.resolve(failedEarly(f, "regional", setProblem(f)!))
                : evaluateOne(f, "regional", undefined, packConfig, project, log),
        ),
    );
    outcomes.push(...regional);

    const table: Record<string, StackOutputTable[string]> = {};
    for (const o of regional) if (o.record) table[qualifiedStackName(o.stack, undefined, project)] = stackOutputEntry(o.record);
    const failed = new Set(outcomes.filter((o) => o.status !== "ok").map((o) => o.stack));
    for (const file of plan.global) {
        if (setProblem(file)) {
            outcomes.push(failedEarly(file, "global", setProblem(file)!));
            continue;
        }
        // Only the stacks it reads gate it: one that failed makes its outputs unknown.
        const needs = listedStacks(file).filter((s) => failed.has(s) || !regional.some((o) => o.stack === s));
        if (needs.length > 0) {
            const error = `skipped: regional stack(s) ${needs.join(", ")} ${needs.every((s) => failed.has(s)) ? "failed" : "were not evaluated in this run"}, so their outputs are unknown`;
            log(`[${file.stack}] ${error}`);
            outcomes.push({ stack: file.stack, role: "global", status: "skipped", error, violations: [], evaluateMs: 0, policyMs: 0 });
            continue;
        }
        outcomes.push(await evaluateOne(file, "global", table, packConfig, project, log));
    }
    return { outcomes, files: [...plan.regional, ...plan.global, ...plan.unknownRole], warnings: set.warnings };
}

/** The local names of the stacks a global stack's `platform:regionalStacks` lists (none when unreadable). */
function listedStacks(file: StackConfigFile): string[] {
    try {
        const list = JSON.parse(file.config["platform:regionalStacks"] ?? "[]") as unknown;
        return Array.isArray(list) ? list.filter((x): x is string => typeof x === "string").map((x) => x.split("/").pop()!) : [];
    } catch {
        return [];
    }
}

/** The `out/preview/<stack>.json` document of an outcome that has a record. */
export function outcomeDocument(outcome: StackOutcome, files: readonly StackConfigFile[]): PreviewDocument | undefined {
    if (!outcome.record) return undefined;
    const secretKeys = files.find((f) => f.stack === outcome.stack)?.secretKeys ?? [];
    return previewDocument(outcome.record, outcome.violations, secretKeys);
}

/** Runs the whole offline preview. */
export async function runPreview(options: PreviewOptions): Promise<PreviewResult> {
    const outDir = options.outDir ?? join(options.projectDir, "out");
    const packConfig: PackConfig | undefined = options.policyConfigPath ? loadPackConfig(options.policyConfigPath) : undefined;
    const project = readProjectName(options.projectDir);
    const files = readStackConfigFiles(options.projectDir);
    const lock = acquireOutputLock(outDir);
    try {
        const {
            outcomes,
            files: evaluated,
            warnings,
        } = await evaluateStacks({ files, stacks: options.stacks, packConfig, project, log: options.log });
        const written = writeArtifacts(outDir, evaluated, outcomes);
        const mandatory = outcomes.some((o) => o.violations.some((v) => v.enforcementLevel === "mandatory"));
        const failed = outcomes.some((o) => o.status !== "ok");
        return {
            outcomes,
            warnings,
            guard: guardSummary(outcomes, packConfig),
            files: written.files,
            removed: written.removed,
            writeError: written.error,
            exitCode: mandatory || failed || written.error ? 1 : 0,
        };
    } finally {
        lock.release();
    }
}

async function evaluateOne(
    file: StackConfigFile,
    role: "regional" | "global",
    stackOutputs: StackOutputTable | undefined,
    packConfig: PackConfig | false | undefined,
    project: string,
    log: (line: string) => void,
): Promise<StackOutcome> {
    const started = now();
    log(`[${file.stack}] evaluating (${role})`);
    let record: StackRecord;
    try {
        record = await evaluateProjectStack(file.stack, file.config, stackOutputs, project);
    } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        log(`[${file.stack}] failed: ${error}`);
        return { stack: file.stack, role, status: "failed", error, violations: [], evaluateMs: now() - started, policyMs: 0 };
    }
    const evaluateMs = now() - started;
    if (packConfig === false) {
        log(`[${file.stack}] ${record.resources.length} resources recorded in ${Math.round(evaluateMs)} ms`);
        return { stack: file.stack, role, status: "ok", record, violations: [], evaluateMs, policyMs: 0 };
    }
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

/** What {@link writeArtifacts} did. */
interface Written {
    /** Files written, relative to the out dir. */
    readonly files: string[];
    /** Stale files removed, relative to the out dir. */
    readonly removed: string[];
    /** The first write error, when one stopped the writing. */
    readonly error?: string;
}

/**
 * Writes the artifacts of this run, each atomically (a temporary file renamed over the old
 * one: a reader sees the old or the new file, never a partial one), and removes every
 * `preview/<stack>.json` this run did not write: a stack outside this run's set, or one that
 * failed, must not leave an earlier run's file that looks current. Stops at the first error and
 * says so; what was written until then is listed.
 */
function writeArtifacts(outDir: string, files: readonly StackConfigFile[], outcomes: readonly StackOutcome[]): Written {
    const written: string[] = [];
    const removed: string[] = [];
    try {
        mkdirSync(join(outDir, "preview"), { recursive: true });
        const write = (relative: string, content: string) => {
            writeFileAtomically(join(outDir, relative), content);
            written.push(relative);
        };
        for (const o of outcomes) {
            const doc = outcomeDocument(o, files);
            if (doc) write(join("preview", `${o.stack}.json`), `${JSON.stringify(doc, null, 2)}\n`);
        }
        for (const stale of readdirSync(join(outDir, "preview")).filter((f) => f.endsWith(".json"))) {
            const relative = join("preview", stale);
            if (written.includes(relative)) continue;
            rmSync(join(outDir, relative), { force: true });
            removed.push(relative);
        }
        const records = outcomes.filter((o) => o.record).map((o) => o.record!);
        const reports = ["architecture.md", "resilience.json", "resilience.md"];
        if (records.length === 0) {
            for (const report of reports.filter((r) => existsSync(join(outDir, r)))) {
                rmSync(join(outDir, report), { force: true });
                removed.push(report);
            }
        } else {
            write("architecture.md", renderArchitecture(records));
            const report = buildResilienceReport(records);
            write("resilience.json", `${JSON.stringify(report, null, 2)}\n`);
            write("resilience.md", renderResilienceMarkdown(report));
        }
    } catch (err) {
        return { files: written, removed, error: `cannot write ${outDir}: ${(err as Error).message}` };
    }
    return { files: written, removed };
}

/** Writes `content` to `path` through a temporary file in the same folder and a rename. */
export function writeFileAtomically(path: string, content: string): void {
    const temporary = `${path}.${process.pid}.tmp`;
    try {
        writeFileSync(temporary, content);
        renameSync(temporary, path);
    } catch (err) {
        rmSync(temporary, { force: true });
        throw err;
    }
}

/** The name of the lock file in an output folder. */
export const OUTPUT_LOCK = ".lock";

/**
 * Takes the output folder for this run: a second concurrent run on the same folder would leave
 * a mixed set of files, so it is refused. A lock left by a process that no longer runs is taken over.
 * @throws Error naming the folder and the process that holds it
 */
export function acquireOutputLock(outDir: string): { release(): void } {
    mkdirSync(outDir, { recursive: true });
    const path = join(outDir, OUTPUT_LOCK);
    for (let attempt = 0; attempt < 2; attempt++) {
        try {
            writeFileSync(path, `${process.pid}\n`, { flag: "wx" });
            return { release: () => rmSync(path, { force: true }) };
        } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw new Error(`cannot lock ${outDir}: ${(err as Error).message}`);
            const holder = Number(readFileSync(path, "utf8").trim());
            if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
                throw new Error(
                    `${outDir} is in use by another preview (process ${holder}): wait for it to finish, or use --out DIR for a separate folder`,
                );
            }
            rmSync(path, { force: true }); // stale: its process is gone
        }
    }
    throw new Error(`cannot lock ${outDir}: ${path} keeps reappearing`);
}

function isRunning(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (err) {
        return (err as NodeJS.ErrnoException).code === "EPERM";
    }
}
