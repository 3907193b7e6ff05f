/**
 * Runs one operation over the stacks of a {@link Plan}: the stacks of a wave in parallel (at
 * most `parallel` at once), the waves in sequence. A stack whose dependency did not succeed in
 * this run is skipped with a message naming that dependency. `preview` and `up` always run the
 * policy pack.
 */
import { PrefixedLineWriter, type StackResult, summaryTable, type LineSink } from "./output";
import type { Plan, PlannedStack } from "./plan";
import type { OperationResult, StackHandle, Workspace } from "./workspace";

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
    const { plan, workspace, out } = options;
    const now = options.now ?? Date.now;
    const results = new Map<string, StackResult>();
    const guard = { policyPacks: [options.policyPack], policyPackConfigs: [...(options.policyPackConfigs ?? [])] };

    const runOne = async (planned: PlannedStack): Promise<void> => {
        const writer = new PrefixedLineWriter(planned.name, out);
        const notOk = planned.dependsOn.filter((d) => results.get(d)?.result !== "succeeded");
        if (notOk.length > 0) {
            const reason = dependencyReason(planned, notOk, results, plan.operation);
            writer.line(`skipped: ${reason}`);
            results.set(planned.name, { stack: planned.name, operation: plan.operation, result: "skipped", durationMs: 0, reason });
            return;
        }
        writer.line(`${plan.operation} started`);
        const started = now();
        try {
            const stack = await workspace.selectStack(planned.name);
            const onOutput = (chunk: string) => writer.write(chunk);
            const outcome = await invoke(stack, plan.operation, { ...guard, onOutput });
            writer.flush();
            results.set(planned.name, {
                stack: planned.name,
                operation: plan.operation,
                result: "succeeded",
                durationMs: now() - started,
                changes: outcome.changes,
            });
            writer.line(`${plan.operation} succeeded`);
        } catch (err) {
            writer.flush();
            const reason = errorSummary(err);
            results.set(planned.name, {
                stack: planned.name,
                operation: plan.operation,
                result: "failed",
                durationMs: now() - started,
                reason,
            });
            writer.line(`${plan.operation} failed: ${reason}`);
        }
    };

    for (const wave of plan.waves) {
        await boundedAll(wave, options.parallel, runOne);
    }

    const ordered = plan.waves.flat().map((s) => results.get(s.name)!);
    out("");
    for (const line of summaryTable(ordered)) out(line);
    const exitCode = exitCodeOf(ordered);
    return { results: ordered, exitCode };
}

function invoke(
    stack: StackHandle,
    operation: Plan["operation"],
    options: { policyPacks: string[]; policyPackConfigs: string[]; onOutput: (chunk: string) => void },
): Promise<OperationResult> {
    switch (operation) {
        case "preview":
            return stack.preview(options);
        case "up":
            return stack.up(options);
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
