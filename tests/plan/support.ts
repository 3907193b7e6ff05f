/**
 * Test helpers for change plans: stack sets (the shipped config files, edited in memory with
 * plan/stackSetEdits.ts), evaluated offline and planned against each other as `npm run plan` does.
 */
import type { ChangePlanDetail } from "../../plan/changePlan";
import { planBetween } from "../../plan/dayTwoOperations";
import type { StepOp } from "../../plan/model";
import { nameOfUrn } from "../../plan/steps";
import type { StackConfigFile } from "../../stacks/config/files";
import { baselineFiles } from "../support/stacks";

export { DOMAIN_SECRET, domainMode, edit, regionalFile, withThirdRegion } from "../../plan/stackSetEdits";
export { evaluateSide } from "../../plan/evaluateSide";
export { planBetween };

/** The shipped stack config files: the two-region baseline (tests/support/stacks.ts). */
export function shippedFiles(): StackConfigFile[] {
    return baselineFiles();
}

/** `op type name` of every step that is not `same`, per stack (stacks with none left out). */
export function changedSteps(plan: ChangePlanDetail): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const s of plan.stacks) {
        const changed = s.steps.filter((x) => x.op !== "same").map((x) => `${x.op} ${x.type} ${nameOfUrn(x.urn)}`);
        if (changed.length > 0) out[s.stack] = changed;
    }
    return out;
}

/** The problems of a level, as `stack: message`. */
export function problemsOf(plan: ChangePlanDetail, level: "mandatory" | "advisory"): string[] {
    return plan.stacks.flatMap((s) => s.problems.filter((p) => p.level === level).map((p) => `${s.stack}: ${p.message}`));
}

/** How many steps of each op a stack has. */
export function opCounts(plan: ChangePlanDetail, stack: string): Partial<Record<StepOp, number>> {
    const out: Partial<Record<StepOp, number>> = {};
    for (const s of plan.stacks.find((x) => x.stack === stack)?.steps ?? []) out[s.op] = (out[s.op] ?? 0) + 1;
    return out;
}
