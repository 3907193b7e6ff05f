/**
 * The change plan of a project between two sides (each a set of stacks read from preview
 * documents): per stack, the engine's steps and the plan's problems. A stack on one side only is
 * all `create` or all `delete`.
 */
import type { SideStack } from "./documents";
import type { ChangePlan, PlanStep, StackPlan } from "./model";
import { stackProblems } from "./problems";
import { replacementData, type ReplacementData } from "./replacements";
import { stackSteps, type StepDetail } from "./steps";

/** A stack's plan with the details behind its steps (for the text rendering). */
export interface StackPlanDetail extends StackPlan {
    readonly details: readonly StepDetail[];
}

/** The plan with details. */
export interface ChangePlanDetail extends ChangePlan {
    readonly stacks: StackPlanDetail[];
}

/** What to compare. */
export interface PlanInput {
    /** The ref or folder the base came from, as given (written to the plan). */
    readonly base: string;
    readonly baseStacks: readonly SideStack[];
    readonly headStacks: readonly SideStack[];
    /** Only these stacks. @default every stack of either side */
    readonly only?: readonly string[];
    /** @default the shipped replacement data */
    readonly replacements?: ReplacementData;
}

const toStep = (d: StepDetail): PlanStep => ({ urn: d.urn, type: d.type, op: d.op, diffs: d.diffs, protect: d.protect });

/** Plans every stack of either side (head stacks in their order, then stacks only the base has). */
export function planChanges(input: PlanInput): ChangePlanDetail {
    const data = input.replacements ?? replacementData();
    const names = [...new Set([...input.headStacks.map((s) => s.stack), ...input.baseStacks.map((s) => s.stack)])].filter(
        (s) => !input.only || input.only.includes(s),
    );
    const stacks = names.map((stack): StackPlanDetail => {
        const base = input.baseStacks.find((s) => s.stack === stack);
        const head = input.headStacks.find((s) => s.stack === stack);
        const project = head?.project || base?.project || "";
        const details = stackSteps(base, head, data, project);
        return { stack, steps: details.map(toStep), problems: stackProblems(details, base, head, project), details };
    });
    return { base: input.base, stacks };
}

/** The plan as written with `--json`: exactly `{ base, stacks: [{ stack, steps, problems }] }`. */
export function planJson(plan: ChangePlan): ChangePlan {
    return { base: plan.base, stacks: plan.stacks.map((s) => ({ stack: s.stack, steps: s.steps, problems: s.problems })) };
}

/** Whether the plan has a mandatory problem. */
export const hasMandatory = (plan: ChangePlan): boolean => plan.stacks.some((s) => s.problems.some((p) => p.level === "mandatory"));
