/**
 * The project's stack set as its files describe it, checked as a whole before any stack is
 * evaluated: what one stack's program cannot see on its own. Problems fail the stack they belong
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
import type { StackConfigFile } from "./config/files";

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

/** The local stack name of a `org/project/stack` reference. */
const localName = (reference: string) => reference.split("/").pop()!;

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
