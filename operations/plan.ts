/**
 * The order in which an operation visits the stacks of the stack set (`stacks/stackSet.ts`, which
 * derives the stacks and their roles from the `Pulumi.<stack>.yaml` files): regional stacks first,
 * in parallel, then the global stack, which reads them through StackReferences; `destroy` runs in
 * reverse (the global stack first, then the regional stacks).
 */
import type { StackEntry, StackRole, StackSet } from "../stacks/stackSet";
import type { Operation } from "./workspace";

/** Raised when the config files do not describe a coherent set of stacks, or the arguments name unknown ones. */
export class PlanError extends Error {
    /** One line per problem. */
    public readonly problems: readonly string[];

    constructor(problems: readonly string[]) {
        super(problems.length === 1 ? problems[0]! : `invalid stack set:\n  - ${problems.join("\n  - ")}`);
        this.name = "PlanError";
        this.problems = problems;
    }
}

/**
 * The stacks of `set`, refusing the set when any of them, or any stack one of them reads, has a
 * problem: the same checks `npm start` makes, before any Pulumi CLI call.
 * @throws PlanError listing every problem
 */
export function validStacks(set: StackSet, only?: readonly string[]): StackEntry[] {
    const wanted = new Set(only ?? [...set.stacks.map((s) => s.name), ...set.unknownRole.map((f) => f.stack)]);
    for (const s of set.stacks) if (wanted.has(s.name)) for (const r of s.regionalStacks ?? []) wanted.add(r);
    const problems = [...set.problems].filter(([stack]) => wanted.has(stack)).flatMap(([, list]) => list);
    if (problems.length > 0) throw new PlanError(problems);
    return [...set.stacks];
}

/** A stack in a plan, with the stacks of the same run that must succeed before it starts. */
export interface PlannedStack {
    readonly name: string;
    readonly role: StackRole;
    /** Stacks of this run that must succeed first; when one does not, this one is skipped. */
    readonly dependsOn: readonly string[];
}

/** The order in which an operation visits the stacks: waves in sequence, stacks of a wave in parallel. */
export interface Plan {
    readonly operation: Operation;
    readonly waves: readonly (readonly PlannedStack[])[];
}

/**
 * The plan of `operation` over `stacks` (in the stack set's deploy order), optionally
 * restricted to `only` (stack names; the order still comes from the roles, not from `only`).
 * @throws PlanError when `only` names a stack that has no config file
 */
export function buildPlan(operation: Operation, stacks: readonly StackEntry[], only?: readonly string[]): Plan {
    if (only !== undefined) {
        const known = stacks.map((s) => s.name);
        const unknown = only.filter((name) => !known.includes(name));
        if (unknown.length > 0) {
            throw new PlanError([
                `--stacks: unknown stack${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")}; allowed: ${known.join(", ")}`,
            ]);
        }
    }
    const selected = only === undefined ? stacks : stacks.filter((s) => only.includes(s.name));
    const inRun = new Set(selected.map((s) => s.name));
    const regionals = selected.filter((s) => s.role === "regional");
    const globals = selected.filter((s) => s.role === "global");

    if (operation === "destroy") {
        // The global stack holds replication rules and peering that point into the regional
        // stacks' buckets and VPCs: it goes first, and a regional stack waits for every global
        // stack of the run that reads it.
        const globalWave = globals.map((g) => ({ name: g.name, role: g.role, dependsOn: [] }));
        const regionalWave = regionals.map((r) => ({
            name: r.name,
            role: r.role,
            dependsOn: globals.filter((g) => (g.regionalStacks ?? []).includes(r.name)).map((g) => g.name),
        }));
        return { operation, waves: [globalWave, regionalWave].filter((w) => w.length > 0) };
    }
    const regionalWave = regionals.map((r) => ({ name: r.name, role: r.role, dependsOn: [] }));
    const globalWave = globals.map((g) => ({
        name: g.name,
        role: g.role,
        dependsOn: (g.regionalStacks ?? []).filter((r) => inRun.has(r)),
    }));
    return { operation, waves: [regionalWave, globalWave].filter((w) => w.length > 0) };
}
