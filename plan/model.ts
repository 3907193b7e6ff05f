/**
 * The shapes of an offline update plan (`npm run plan`): the resources of one side (a preview
 * document's, read back), the step the engine would take for each, and the problems the plan
 * refuses or warns about. The JSON written with `--json` is {@link ChangePlan} exactly.
 */

/** What the engine does with one resource. */
export type StepOp = "same" | "create" | "update" | "replace" | "delete";

/** The step operations in the order a summary shows them. */
export const STEP_OPS: readonly StepOp[] = ["same", "create", "update", "replace", "delete"];

/** One step, as written to the plan's JSON. */
export interface PlanStep {
    /** The URN of the resource after the update (its old URN for a delete). */
    readonly urn: string;
    readonly type: string;
    readonly op: StepOp;
    /** Input property paths that differ (`origins[0].domainName`); why a replace happens is among them. */
    readonly diffs: string[];
    /** Whether the resource is protected (in the base for a delete or replace, else in the head). */
    readonly protect: boolean;
}

/** How bad a problem is: `mandatory` fails the plan (exit 1), `advisory` is shown. */
export type ProblemLevel = "mandatory" | "advisory";

/** Something the update would run into. */
export interface PlanProblem {
    readonly level: ProblemLevel;
    readonly urn: string;
    readonly message: string;
}

/** One stack's plan. */
export interface StackPlan {
    readonly stack: string;
    readonly steps: PlanStep[];
    readonly problems: PlanProblem[];
}

/** The whole plan (`--json FILE`). */
export interface ChangePlan {
    /** What the plan compared against: the git ref or the `--base-dir` folder, as given. */
    readonly base: string;
    readonly stacks: StackPlan[];
}

/**
 * A resource of one side, read back from a preview document: what the engine's step
 * generator looks at (inputs, provider, the options that change how it plans).
 */
export interface PlanResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly parent?: string;
    /** Provider reference `"<provider urn>::<provider id>"`. */
    readonly provider?: string;
    readonly inputs: Record<string, unknown>;
    readonly outputs: Record<string, unknown>;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly aliases: readonly string[];
    readonly ignoreChanges: readonly string[];
    readonly replaceOnChanges: readonly string[];
    readonly deleteBeforeReplace: boolean;
}

/** One stack of one side. */
export interface StackState {
    readonly stack: string;
    readonly resources: readonly PlanResource[];
}
