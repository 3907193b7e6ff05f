/**
 * Runs one operation over the stacks of a {@link Plan}: the stacks of a wave in parallel (at
 * most `parallel` at once), the waves in sequence. A stack whose dependency did not succeed in
 * this run is skipped with a message naming that dependency. `preview` and `up` always run the
 * policy pack.
 *
 * `up` is bound to a guarded preview: every stack of a wave is previewed first with the policy
 * pack, saving its update plan; when any preview of the wave fails (a mandatory violation
 * included), nothing of the wave is updated. Then each stack runs `up` with exactly its plan, so
 * what is applied is what was previewed and checked. After the wave, `afterWave` (the post-deploy
 * verification) may stop the next waves.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatChanges, PrefixedLineWriter, type StackResult, summaryTable, type LineSink } from "./output";
import type { Plan, PlannedStack } from "./plan";
import { type Operation, type OperationResult, serialSelection, type StackHandle, type Workspace } from "./workspace";

/**
 * Exit codes of the operations commands, the same as `npm start`'s: the worst result of a run wins.
 * A stack skipped because one it depends on failed counts as failed (the run did not do what was
 * asked); 2 means the command could not start (misuse, a missing CLI or pack, a declined prompt).
 */
export const EXIT = {
    ok: 0,
    /** A stack failed, or was skipped because a dependency did not succeed. */
    failed: 1,
    /** The command could not start. */
    usage: 2,
} as const;

/** Inputs of {@link runPlan}. */
export interface RunPlanOptions {
    readonly plan: Plan;
    readonly workspace: Workspace;
    /** Stacks of one wave running at once (at least 1). */
    readonly parallel: number;
    /** Absolute path of the policy pack run by every preview and up. */
    readonly policyPack: string;
    /** Absolute paths of JSON config files for the policy pack. */
    readonly policyPackConfigs?: readonly string[];
    /** Receives every output line, already prefixed. */
    readonly out: LineSink;
    /** Clock in milliseconds (tests pin it). */
    readonly now?: () => number;
    /** Folder for the update plans of `up`. @default a new temporary folder, removed at the end */
    readonly planDir?: string;
    /**
     * Runs after each wave of an `up` whose stacks all succeeded, with their names; resolves
     * false to stop: the next waves are skipped, naming the failed check.
     */
    readonly afterWave?: (stacks: readonly string[]) => Promise<boolean>;
}

/** What {@link runPlan} returns. */
export interface RunReport {
    /** One result per planned stack, in plan order. */
    readonly results: StackResult[];
    /** 0 when every stack succeeded, else 1 (a stack failed or was skipped). */
    readonly exitCode: number;
}

/** Runs `tasks` with at most `limit` in flight; resolves when all have settled. */
async function boundedAll<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const item = items[next++]!;
            await task(item);
        }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}

/**
 * The useful part of an Automation API error: its `stderr:` section when present (stdout was
 * already streamed), else the message; at most the last 20 lines.
 */
export function errorSummary(err: unknown): string {
    const message = err instanceof Error ? err.message : String(err);
    const stderr = /\bstderr: ([\s\S]*?)(?:\n\s*err\?: [\s\S]*)?$/.exec(message)?.[1]?.trim();
    const text = stderr || message.trim() || "unknown error";
    return text.split(/\r?\n/).slice(-20).join("\n");
}

function exitCodeOf(results: readonly StackResult[]): number {
    return results.reduce((worst, r) => {
        const code = r.result === "succeeded" ? EXIT.ok : EXIT.failed;
        return Math.max(worst, code);
    }, EXIT.ok as number);
}

/** Runs the plan, prints the summary table, and reports every stack's result. */
export async function runPlan(options: RunPlanOptions): Promise<RunReport> {
    const { plan, out } = options;
    // One selection at a time (pulumi/pulumi#8186); the operations themselves overlap.
    const workspace = serialSelection(options.workspace);
    const now = options.now ?? Date.now;
    const results = new Map<string, StackResult>();
    const guard = { policyPacks: [options.policyPack], policyPackConfigs: [...(options.policyPackConfigs ?? [])] };
    const ownPlanDir =
        plan.operation === "up" && options.planDir === undefined ? mkdtempSync(join(tmpdir(), "platform-plans-")) : undefined;
    const planDir = options.planDir ?? ownPlanDir ?? "";
    let stopped: string | undefined;

    const record = (planned: PlannedStack, result: StackResult["result"], started: number, extra: Partial<StackResult>) =>
        results.set(planned.name, {
            stack: planned.name,
            operation: plan.operation,
            result,
            durationMs: started < 0 ? 0 : now() - started,
            ...extra,
        });

    /** Whether `planned` may start; records it as skipped when not. */
    const mayStart = (planned: PlannedStack, writer: PrefixedLineWriter): boolean => {
        const notOk = planned.dependsOn.filter((d) => results.get(d)?.result !== "succeeded");
        const reason = stopped ?? (notOk.length > 0 ? dependencyReason(planned, notOk, results, plan.operation) : undefined);
        if (reason === undefined) return true;
        writer.line(`skipped: ${reason}`);
        record(planned, "skipped", -1, { reason });
        return false;
    };

    const runOne =
        (operation: Exclude<Operation, "up">) =>
        async (planned: PlannedStack): Promise<void> => {
            const writer = new PrefixedLineWriter(planned.name, out);
            if (!mayStart(planned, writer)) return;
            writer.line(`${plan.operation} started`);
            const started = now();
            try {
                const stack = await workspace.selectStack(planned.name);
                const onOutput = (chunk: string) => writer.write(chunk);
                const outcome = await invoke(stack, operation, { ...guard, onOutput });
                writer.flush();
                record(planned, "succeeded", started, { changes: outcome.changes });
                writer.line(`${plan.operation} succeeded`);
            } catch (err) {
                writer.flush();
                const reason = errorSummary(err);
                record(planned, "failed", started, { reason });
                writer.line(`${plan.operation} failed: ${reason}`);
            }
        };

    /** `up` of one wave: every guarded preview first, then the updates bound to their plans. */
    const upWave = async (wave: readonly PlannedStack[]): Promise<void> => {
        const writers = new Map(wave.map((p) => [p.name, new PrefixedLineWriter(p.name, out)]));
        const ready = wave.filter((p) => mayStart(p, writers.get(p.name)!));
        const previewed = new Map<string, { stack: StackHandle; plan: string; started: number }>();
        const refused = new Map<string, string>();
        await boundedAll(ready, options.parallel, async (planned) => {
            const writer = writers.get(planned.name)!;
            writer.line("guarded preview started (policy pack, update plan)");
            const started = now();
            const planFile = join(planDir, `${planned.name}.plan.json`);
            try {
                const stack = await workspace.selectStack(planned.name);
                const preview = await stack.preview({ ...guard, savePlan: planFile, onOutput: (c) => writer.write(c) });
                writer.flush();
                if (preview.mandatoryViolations.length > 0) {
                    refused.set(planned.name, `mandatory policy violation: ${preview.mandatoryViolations.join("; ")}`);
                } else {
                    writer.line(`preview: ${formatChanges(preview.changes)}`);
                    previewed.set(planned.name, { stack, plan: planFile, started });
                }
            } catch (err) {
                writer.flush();
                refused.set(planned.name, `preview failed: ${errorSummary(err)}`);
            }
        });
        for (const planned of ready) {
            const why = refused.get(planned.name);
            if (why !== undefined) {
                writers.get(planned.name)!.line(`up refused, nothing changed: ${why}`);
                record(planned, "failed", -1, { reason: why });
            }
        }
        if (refused.size > 0) {
            // Nothing of the wave changes when one of its previews is refused.
            const reason = `not updated: the guarded preview of ${[...refused.keys()].join(", ")} failed in this wave, so nothing of it was applied`;
            for (const planned of ready.filter((p) => previewed.has(p.name))) {
                writers.get(planned.name)!.line(`skipped: ${reason}`);
                record(planned, "skipped", -1, { reason });
            }
            return;
        }
        await boundedAll(ready, options.parallel, async (planned) => {
            const writer = writers.get(planned.name)!;
            const { stack, plan: planFile, started } = previewed.get(planned.name)!;
            writer.line(`up started with the plan of its preview (${planFile})`);
            try {
                const outcome = await stack.up({ ...guard, plan: planFile, onOutput: (c) => writer.write(c) });
                writer.flush();
                record(planned, "succeeded", started, { changes: outcome.changes });
                writer.line("up succeeded");
            } catch (err) {
                writer.flush();
                const reason = errorSummary(err);
                record(planned, "failed", started, { reason });
                writer.line(`up failed: ${reason}`);
            }
        });
    };

    try {
        for (const wave of plan.waves) {
            if (plan.operation === "up") await upWave(wave);
            else await boundedAll(wave, options.parallel, runOne(plan.operation));
            const names = wave.map((s) => s.name);
            if (
                plan.operation === "up" &&
                options.afterWave &&
                stopped === undefined &&
                names.every((n) => results.get(n)?.result === "succeeded")
            ) {
                if (!(await options.afterWave(names))) {
                    stopped = `the post-deploy verification of ${names.join(", ")} failed (see the checks above); fix it and run again`;
                }
            }
        }
    } finally {
        if (ownPlanDir) rmSync(ownPlanDir, { recursive: true, force: true });
    }

    const ordered = plan.waves.flat().map((s) => results.get(s.name)!);
    out("");
    for (const line of summaryTable(ordered)) out(line);
    const exitCode = stopped === undefined ? exitCodeOf(ordered) : EXIT.failed;
    return { results: ordered, exitCode };
}

function invoke(
    stack: StackHandle,
    operation: Exclude<Operation, "up">,
    options: { policyPacks: string[]; policyPackConfigs: string[]; onOutput: (chunk: string) => void },
): Promise<OperationResult> {
    switch (operation) {
        case "preview":
            return stack.preview(options);
        case "destroy":
            return stack.destroy({ onOutput: options.onOutput });
        case "refresh":
            return stack.refresh({ onOutput: options.onOutput });
    }
}

function dependencyReason(
    planned: PlannedStack,
    notOk: readonly string[],
    results: ReadonlyMap<string, StackResult>,
    operation: Plan["operation"],
): string {
    const failed = notOk.filter((d) => results.get(d)?.result === "failed");
    const skipped = notOk.filter((d) => results.get(d)?.result !== "failed");
    const parts = [
        failed.length > 0 ? `${failed.join(", ")} failed` : undefined,
        skipped.length > 0 ? `${skipped.join(", ")} ${skipped.length > 1 ? "were" : "was"} skipped` : undefined,
    ].filter((p) => p !== undefined);
    const role = planned.role === "global" ? "regional" : "global";
    const why = operation === "destroy" ? `it is still read by the global stack` : `the global stack reads the regional stacks' outputs`;
    return `${role} stack${notOk.length > 1 ? "s" : ""} ${parts.join(" and ")} in this ${operation} (${why}); fix ${notOk.length > 1 ? "them" : "it"} and run again`;
}
