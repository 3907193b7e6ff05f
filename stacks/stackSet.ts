/**
 * The project's stack set as its files describe it: which stacks exist, the role of each, the
 * order they are deployed in ({@link deriveStackSet}, used by `npm start`, `npm run stacks`,
 * `npm run failover`, `npm run verify` and the tests), and the checks of the set as a whole before
 * any stack is evaluated: what one stack's program cannot see on its own ({@link checkStackSet}). Problems fail the stack they belong
 * to (naming the file and key); warnings are printed and fail nothing.
 *
 * - a file that cannot be read (YAML syntax, no `config:`) fails its stack;
 * - a global stack that lists a stack with no `Pulumi.<stack>.yaml`, or of another project, fails;
 * - two regional stacks in one region, or with overlapping VPC CIDR blocks (VPC peering needs
 *   disjoint ones), fail both, so the regional stacks catch it themselves, not only the global one;
 * - a regional stack that no global stack lists is a warning: it gets no edge origin, replication,
 *   peering or health check.
 */
import { cidrsOverlap } from "../components/network/settings";
import { readProjectName } from "../simulation/project";
import { readStackConfigFiles, type StackConfigFile } from "./config/files";
import { rawStackConfig, unknownNamespaceProblems } from "./config/load";
import { ConfigError, parseStackConfig } from "./config/schema";

/** What the checks found, per stack. */
export interface StackSetReport {
    /** Stack name → problems that fail it. */
    readonly problems: ReadonlyMap<string, readonly string[]>;
    readonly warnings: readonly string[];
}

const decode = (raw: string | undefined): unknown => {
    if (raw === undefined) return undefined;
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
};

/** The local stack name of a `org/project/stack` reference (or the name itself). */
export const localName = (reference: string): string => reference.split("/").pop()!;

/** Checks `files` (of project `project`) as one set. */
export function checkStackSet(files: readonly StackConfigFile[], project: string): StackSetReport {
    const problems = new Map<string, string[]>();
    const fail = (stack: string, message: string) => problems.set(stack, [...(problems.get(stack) ?? []), message]);
    const warnings: string[] = [];
    const byName = new Map(files.map((f) => [f.stack, f]));
    for (const f of files) if (f.problem) fail(f.stack, f.problem);

    const globals = files.filter((f) => !f.problem && f.config["platform:role"] === "global");
    const regionals = files.filter((f) => !f.problem && f.config["platform:role"] === "regional");
    const listed = new Set<string>();
    for (const g of globals) {
        const list = decode(g.config["platform:regionalStacks"]);
        if (!Array.isArray(list)) continue; // the schema reports it when the stack is evaluated
        for (const reference of list.filter((x): x is string => typeof x === "string")) {
            const parts = reference.split("/");
            listed.add(localName(reference));
            if (parts.length === 3 && parts[1] !== project) {
                fail(
                    g.stack,
                    `${g.path}: platform:regionalStacks: ${JSON.stringify(reference)} names project "${parts[1]}", but this project is "${project}" (Pulumi.yaml name); expected "${parts[0]}/${project}/${parts[2]}"`,
                );
            } else if (!byName.has(localName(reference))) {
                fail(
                    g.stack,
                    `${g.path}: platform:regionalStacks lists ${JSON.stringify(reference)}, but there is no Pulumi.${localName(reference)}.yaml; add that file or remove the entry`,
                );
            }
        }
    }
    for (const r of regionals.filter((r) => globals.length > 0 && !listed.has(r.stack))) {
        warnings.push(
            `${r.path}: regional stack ${r.stack} is not in platform:regionalStacks of ${globals.map((g) => g.stack).join(", ")}: it gets no CloudFront origin, no replication, no VPC peering and no health check until it is listed`,
        );
    }

    const networks = regionals.map((r) => ({
        file: r,
        region: r.config["platform:region"],
        cidr: (decode(r.config["platform:network"]) as { cidrBlock?: unknown } | undefined)?.cidrBlock,
    }));
    for (let i = 0; i < networks.length; i++) {
        for (let j = i + 1; j < networks.length; j++) {
            const a = networks[i]!;
            const b = networks[j]!;
            if (a.region !== undefined && a.region === b.region) {
                for (const [x, y] of [
                    [a, b],
                    [b, a],
                ] as const)
                    fail(
                        x.file.stack,
                        `${x.file.path}: platform:region ${x.region} is also the region of ${y.file.stack} (${y.file.path}); expected one regional stack per region`,
                    );
            }
            if (typeof a.cidr === "string" && typeof b.cidr === "string" && overlap(a.cidr, b.cidr)) {
                for (const [x, y] of [
                    [a, b],
                    [b, a],
                ] as const) {
                    fail(
                        x.file.stack,
                        `${x.file.path}: platform:network.cidrBlock ${x.cidr} overlaps ${y.cidr} of ${y.file.stack} (${y.file.path}); expected disjoint VPC CIDR blocks (VPC peering)`,
                    );
                }
            }
        }
    }
    return { problems, warnings };
}

/** Overlap, or false when a value is not a CIDR (the stack's own schema reports that). */
function overlap(a: string, b: string): boolean {
    try {
        return cidrsOverlap(a, b);
    } catch {
        return false;
    }
}

/** The role of a stack (`platform:role`). */
export type StackRole = "regional" | "global";

/** A stack of the project, as its config file describes it. */
export interface StackEntry {
    /** Stack name, from the file name `Pulumi.<name>.yaml`. */
    readonly name: string;
    readonly role: StackRole;
    /** regional: `platform:region`. */
    readonly region?: string;
    /** global: local names of the regional stacks it reads, in failover priority order. */
    readonly regionalStacks?: readonly string[];
    /** global: `platform:activeRegion` as written in the file, when set. */
    readonly activeRegion?: string;
}

/** The whole stack set: every stack with a role, in deploy order, and what is wrong with it. */
export interface StackSet {
    /** The project name (`Pulumi.yaml`). */
    readonly project: string;
    /** Regional stacks in failover priority order, then the global stacks by name. */
    readonly stacks: readonly StackEntry[];
    /** Files whose `platform:role` is neither `regional` nor `global`. */
    readonly unknownRole: readonly StackConfigFile[];
    /**
     * Stack name → every problem that fails it: the file, the program's own config parser
     * (`parseStackConfig`, the checks `npm start` makes), and the set checks of {@link checkStackSet}.
     */
    readonly problems: ReadonlyMap<string, readonly string[]>;
    readonly warnings: readonly string[];
}

/** The role a stack config declares (`platform:role`), or undefined when it is neither role. */
export function stackRole(file: StackConfigFile): StackRole | undefined {
    const role = file.config["platform:role"];
    return role === "regional" || role === "global" ? role : undefined;
}

/** The stack names a global stack's `platform:regionalStacks` lists (none when it is not a list of strings). */
function listedStacks(file: StackConfigFile): string[] {
    const list = decode(file.config["platform:regionalStacks"]);
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === "string").map(localName) : [];
}

/** What the program's config parser says about one file: one line per problem, naming the file. */
function configProblems(file: StackConfigFile): string[] {
    if (file.problem) return []; // reported by checkStackSet
    const problems = unknownNamespaceProblems(file.config).map((p) => `${file.path}: ${p}`);
    try {
        parseStackConfig(rawStackConfig(file.config), file.stack, file.path);
    } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        problems.push(...err.problems.map((p) => `${file.path}: platform:${p}`));
    }
    return problems;
}

/**
 * Derives the stack set from `files` (of project `project`): the role and links of each stack
 * from its config file, parsed the way the program parses it, and every problem found.
 */
export function deriveStackSet(files: readonly StackConfigFile[], project: string): StackSet {
    const set = checkStackSet(files, project);
    const problems = new Map<string, string[]>();
    const fail = (stack: string, messages: readonly string[]) => {
        if (messages.length > 0) problems.set(stack, [...(problems.get(stack) ?? []), ...messages]);
    };
    for (const f of files) fail(f.stack, [...(set.problems.get(f.stack) ?? []), ...configProblems(f)]);

    const { regional, global, unknownRole } = filesByRole(files);
    const entries: StackEntry[] = [
        ...regional.map((file) => ({ name: file.stack, role: "regional" as const, region: file.config["platform:region"] })),
        ...global.map((file) => ({
            name: file.stack,
            role: "global" as const,
            regionalStacks: listedStacks(file),
            activeRegion: file.config["platform:activeRegion"],
        })),
    ];
    const byName = new Map(entries.map((e) => [e.name, e]));
    for (const file of global) {
        for (const listed of listedStacks(file)) {
            const target = byName.get(listed);
            if (target && target.role !== "regional") {
                fail(file.stack, [
                    `${file.path}: platform:regionalStacks lists "${listed}", whose platform:role is ${target.role}, not regional`,
                ]);
            }
        }
    }
    return { project, stacks: entries, unknownRole, problems, warnings: set.warnings };
}

/** {@link deriveStackSet} over the `Pulumi.<stack>.yaml` files and the `Pulumi.yaml` of `projectDir`. */
export function readStackSet(projectDir: string): StackSet {
    return deriveStackSet(readStackConfigFiles(projectDir), readProjectName(projectDir));
}

/** The stack files by role, each list in deploy order. */
export interface FilesByRole {
    /** Regional stacks in failover priority order: independent of each other. */
    readonly regional: StackConfigFile[];
    /** Global stacks by name: deployed after every regional stack. */
    readonly global: StackConfigFile[];
    /** Files whose role is neither: reported, never run. */
    readonly unknownRole: StackConfigFile[];
}

/**
 * Splits `files` by role, regional stacks in failover priority order (the first global stack's
 * list, the one source of priority; unlisted ones after them, in file order), then the global
 * stacks by name. The global stacks read the regional stacks through StackReferences, so this is
 * also the deploy order.
 */
export function filesByRole(files: readonly StackConfigFile[]): FilesByRole {
    const globals = files.filter((f) => stackRole(f) === "global").sort((a, b) => a.stack.localeCompare(b.stack));
    const listed = globals[0] ? listedStacks(globals[0]) : [];
    const rank = (f: StackConfigFile): number => {
        const i = listed.indexOf(f.stack);
        return i === -1 ? listed.length : i;
    };
    // Array.prototype.sort is stable: unlisted stacks keep their file order.
    const regional = files.filter((f) => stackRole(f) === "regional").sort((a, b) => rank(a) - rank(b));
    return { regional, global: globals, unknownRole: files.filter((f) => stackRole(f) === undefined) };
}
