/**
 * Which stacks exist, what role each plays and in which order an operation visits them,
 * derived from the stack configuration files alone: a third region is one more
 * `Pulumi.<stack>.yaml` (and one more entry in the global stack's `platform:regionalStacks`),
 * never a code change.
 *
 * Order: regional stacks first, in parallel, then the global stack, which reads them through
 * StackReferences; `destroy` runs in reverse (the global stack first, then the regional stacks).
 */
import type { StackConfigFile } from "../stacks/config/files";
import type { Operation } from "./workspace";

/** The role of a stack (`platform:role`). */
export type StackRole = "regional" | "global";

/** A stack of the project, as its config file describes it. */
export interface StackEntry {
    /** Stack name, from the file name `Pulumi.<name>.yaml`. */
    readonly name: string;
    /** `platform:role`. */
    readonly role: StackRole;
    /** regional: `platform:region`. */
    readonly region?: string;
    /** global: names of the regional stacks it reads, in failover priority order. */
    readonly regionalStacks?: readonly string[];
    /** global: `platform:activeRegion` as written in the file, when set. */
    readonly activeRegion?: string;
}

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

const ROLE = "platform:role";
const REGION = "platform:region";
const REGIONAL_STACKS = "platform:regionalStacks";
const ACTIVE_REGION = "platform:activeRegion";

/** A list-valued config entry (JSON text in the flat map), or undefined when it is not JSON. */
function parseList(raw: string): unknown {
    try {
        return JSON.parse(raw);
    } catch {
        return undefined;
    }
}

/** The stack part of a fully qualified `org/project/stack` name (or the name itself). */
export function localStackName(qualified: string): string {
    return qualified.split("/").pop()!;
}

/**
 * Reads every stack's role and links from its config file, and checks that they fit together:
 * every stack has a role, every regional stack a region, and every stack a global stack lists
 * has a config file with the regional role.
 * @throws PlanError listing every problem
 */
export function discoverStacks(files: readonly StackConfigFile[]): StackEntry[] {
    const problems: string[] = [];
    const entries: StackEntry[] = [];
    for (const file of files) {
        const role = file.config[ROLE];
        if (role === "regional") {
            const region = file.config[REGION];
            if (!region) problems.push(`${file.stack}: ${REGION} is not set in ${file.path}`);
            entries.push({ name: file.stack, role, region });
        } else if (role === "global") {
            const listed = parseList(file.config[REGIONAL_STACKS] ?? "[]");
            if (!Array.isArray(listed) || listed.some((s) => typeof s !== "string")) {
                problems.push(`${file.stack}: ${REGIONAL_STACKS} must be a list of stack names, got ${file.config[REGIONAL_STACKS]}`);
                entries.push({ name: file.stack, role, regionalStacks: [], activeRegion: file.config[ACTIVE_REGION] });
            } else {
                entries.push({
                    name: file.stack,
                    role,
                    regionalStacks: (listed as string[]).map(localStackName),
                    activeRegion: file.config[ACTIVE_REGION],
                });
            }
        } else {
            problems.push(
                `${file.stack}: ${ROLE} must be "regional" or "global", got ${role === undefined ? "nothing" : JSON.stringify(role)} (${file.path})`,
            );
        }
    }
    const byName = new Map(entries.map((e) => [e.name, e]));
    for (const global of entries.filter((e) => e.role === "global")) {
        for (const listed of global.regionalStacks ?? []) {
            const target = byName.get(listed);
            if (!target) {
                problems.push(`${global.name}: ${REGIONAL_STACKS} lists "${listed}", but there is no Pulumi.${listed}.yaml`);
            } else if (target.role !== "regional") {
                problems.push(`${global.name}: ${REGIONAL_STACKS} lists "${listed}", whose ${ROLE} is ${target.role}, not regional`);
            }
        }
    }
    if (problems.length > 0) throw new PlanError(problems);
    return orderRegionalsByPriority(entries);
}

/**
 * Regional stacks in failover priority order (the first global stack's list, the one source of
 * priority; unlisted ones by name), followed by the global stacks by name.
 */
function orderRegionalsByPriority(entries: readonly StackEntry[]): StackEntry[] {
    const listed = entries.find((e) => e.role === "global")?.regionalStacks ?? [];
    const rank = (e: StackEntry): number => {
        const i = listed.indexOf(e.name);
        return i === -1 ? listed.length : i;
    };
    const regionals = entries.filter((e) => e.role === "regional").sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
    const globals = entries.filter((e) => e.role === "global").sort((a, b) => a.name.localeCompare(b.name));
    return [...regionals, ...globals];
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
 * The plan of `operation` over `stacks` (as {@link discoverStacks} returns them), optionally
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
