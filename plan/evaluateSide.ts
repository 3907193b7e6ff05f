/**
 * A stack set evaluated offline and read back as one side of a plan, exactly as `npm run plan`
 * reads the working tree (memoised per stack set: the day-2 operations share their bases).
 */
import { type Evaluation, evaluateStacks, outcomeDocument } from "../preview/run";
import type { StackConfigFile } from "../stacks/config/files";
import { type SideStack, sideStack } from "./documents";

/** The stacks of an evaluation that have a record, read back as plan sides; and the ones that failed. */
export function sidesOf(evaluation: Evaluation): { stacks: SideStack[]; failures: { stack: string; error: string }[] } {
    const stacks: SideStack[] = [];
    const failures: { stack: string; error: string }[] = [];
    for (const o of evaluation.outcomes) {
        const doc = outcomeDocument(o, evaluation.files);
        // Through JSON, exactly as a written preview file is read back.
        if (doc) stacks.push(sideStack(JSON.parse(JSON.stringify(doc)), o.stack));
        else failures.push({ stack: o.stack, error: o.error ?? o.status });
    }
    return { stacks, failures };
}

const cache = new Map<string, Promise<SideStack[]>>();

/** Evaluates a stack set as the preview does and reads it back as the plan does (memoised). @throws Error naming the stacks that failed */
export function evaluateSide(files: readonly StackConfigFile[]): Promise<SideStack[]> {
    const key = JSON.stringify(files.map((f) => [f.stack, f.config, f.secretKeys]));
    let side = cache.get(key);
    if (!side) {
        side = (async () => {
            const { stacks, failures } = sidesOf(await evaluateStacks({ files, packConfig: false }));
            if (failures.length > 0)
                throw new Error(`stacks failed to evaluate: ${failures.map((f) => `${f.stack}: ${f.error}`).join("; ")}`);
            return stacks;
        })();
        cache.set(key, side);
    }
    return side;
}
