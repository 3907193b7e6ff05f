/**
 * The day-2 operations the docs promise, each as the stack set before and after the edit an
 * operator makes (and the `pulumi state unprotect` a runbook asks for first). The tests prove each
 * with its plan (tests/plan/dayTwo.spec.ts) and docs/operations.md shows each plan, generated
 * from this list (`npm run readme`).
 */
import type { StackConfigFile } from "../stacks/config/files";
import { type ChangePlanDetail, planChanges } from "./changePlan";
import { evaluateSide } from "./evaluateSide";
import { nameOfUrn } from "./steps";
import { domainMode, edit, withThirdRegion } from "./stackSetEdits";

/** One operation: how the files change, and what the runbook does to the state first. */
export interface DayTwoOperation {
    /** Short key (tests, anchors). */
    readonly key: string;
    /** What the operator does, in a few words. */
    readonly title: string;
    readonly base: (files: readonly StackConfigFile[]) => StackConfigFile[];
    readonly head: (files: readonly StackConfigFile[]) => StackConfigFile[];
    /** Logical names of protected resources the runbook unprotects before `up`. */
    readonly unprotect?: readonly string[];
}

const same = (files: readonly StackConfigFile[]) => [...files];
const rotate = (secret: string) => (files: readonly StackConfigFile[]) =>
    files
        .filter((f) => f.config["platform:role"] === "regional")
        .reduce((out, f) => edit(out, f.stack, { originVerifySecret: secret }, ["originVerifySecret"]), [...files]);
const firstRegional = (files: readonly StackConfigFile[]) => files.find((f) => f.config["platform:role"] === "regional")!.stack;
const globalStack = (files: readonly StackConfigFile[]) => files.find((f) => f.config["platform:role"] === "global")!.stack;

/** The operations, in the order the docs show them. */
export const DAY_TWO_OPERATIONS: readonly DayTwoOperation[] = [
    {
        key: "add-region",
        title: "add a region (a Pulumi.<stack>.yaml and one regionalStacks line)",
        base: same,
        head: (f) => withThirdRegion(f),
    },
    {
        key: "remove-region",
        title: "remove a region from the global stack (its own stack stays until destroyed on purpose)",
        base: (f) => withThirdRegion(f),
        head: (f) => withThirdRegion(f, false),
        unprotect: ["alerts-us-west-2-key"],
    },
    {
        key: "reverse-priority",
        title: "reverse platform:regionalStacks (the priority order)",
        base: same,
        head: (f) => edit(f, globalStack(f), { regionalStacks: (old: unknown) => [...(old as string[])].reverse() }),
    },
    {
        key: "flip-active",
        title: "flip platform:activeRegion (a controlled failover)",
        base: same,
        head: (f) => edit(f, globalStack(f), { activeRegion: "eu-west-1" }),
    },
    {
        key: "flip-back",
        title: "flip platform:activeRegion back (failback)",
        base: (f) => edit(f, globalStack(f), { activeRegion: "eu-west-1" }),
        head: same,
    },
    {
        key: "active-active",
        title: "switch routingMode to active-active (domain mode)",
        base: (f) => domainMode(f),
        head: (f) => edit(domainMode(f), globalStack(f), { routingMode: "active-active" }),
    },
    {
        key: "active-passive",
        title: "switch routingMode back to active-passive (domain mode)",
        base: (f) => edit(domainMode(f), globalStack(f), { routingMode: "active-active" }),
        head: (f) => domainMode(f),
    },
    {
        key: "add-az",
        title: "add an availability zone to a region",
        base: same,
        head: (f) =>
            edit(f, firstRegional(f), {
                network: (o: { availabilityZones: string[] }) => ({
                    ...o,
                    availabilityZones: [...o.availabilityZones, `${String(o.availabilityZones[0]).slice(0, -1)}d`],
                }),
            }),
    },
    {
        key: "rotate-secret",
        title: "rotate the origin-verify secret (domain mode: the same new value on every regional stack)",
        base: (f) => domainMode(f),
        head: (f) => rotate("rotated-secret-0123456789abcdef")(domainMode(f)),
    },
    {
        key: "configure-secret",
        title: "replace the generated origin-verify secret by a configured one",
        base: same,
        head: rotate("configured-secret-0123456789abcdef"),
    },
    {
        key: "enable-chaos",
        title: "enable chaos drills in a region",
        base: same,
        head: (f) => edit(f, firstRegional(f), { chaos: { enabled: true } }),
    },
    {
        key: "domain-step-1",
        title: "migrate to domain mode, step 1: every regional stack",
        base: same,
        head: (f) => domainMode(f, "regional"),
    },
    {
        key: "domain-step-2",
        title: "migrate to domain mode, step 2: the global stack",
        base: (f) => domainMode(f, "regional"),
        head: (f) => domainMode(f),
    },
];

/**
 * The plan from `base` to `head`. `unprotected` names resources of the base (by logical name)
 * that `pulumi state unprotect` cleared before the update, as a runbook step does.
 */
export async function planBetween(
    base: readonly StackConfigFile[],
    head: readonly StackConfigFile[],
    unprotected: readonly string[] = [],
): Promise<ChangePlanDetail> {
    const [b, h] = await Promise.all([evaluateSide(base), evaluateSide(head)]);
    const baseStacks = b.map((s) => ({
        ...s,
        resources: s.resources.map((r) => (unprotected.includes(nameOfUrn(r.urn)) && r.custom ? { ...r, protect: false } : r)),
    }));
    return planChanges({ base: "the stack set before", baseStacks, headStacks: h });
}

/** The plan of one operation over a stack set. */
export function planOperation(op: DayTwoOperation, files: readonly StackConfigFile[]): Promise<ChangePlanDetail> {
    return planBetween(op.base(files), op.head(files), op.unprotect);
}
