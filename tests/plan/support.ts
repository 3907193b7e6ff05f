/**
 * Test helpers for change plans: stack sets (the shipped config files, edited in memory),
 * evaluated offline and planned against each other exactly as `npm run plan` does.
 */
import { planChanges, ChangePlanDetail } from "../../plan/changePlan";
import { SideStack, sideStack } from "../../plan/documents";
import type { StepOp } from "../../plan/model";
import { nameOfUrn } from "../../plan/steps";
import { evaluateStacks, outcomeDocument } from "../../preview/run";
import { readStackConfigFiles, StackConfigFile } from "../../stacks/config/files";
import { PROJECT_DIR } from "../support/stacks";

/** The shipped stack config files. */
export function shippedFiles(): StackConfigFile[] {
    return readStackConfigFiles(PROJECT_DIR);
}

const encode = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/**
 * `files` with `stack`'s config changed: `platform:`-less keys are `platform:` keys; `undefined`
 * removes a key; a function receives the decoded old value.
 */
export function edit(files: readonly StackConfigFile[], stack: string, overrides: Record<string, unknown>, secretKeys: string[] = []): StackConfigFile[] {
    if (!files.some((f) => f.stack === stack)) throw new Error(`no stack ${stack} to edit`);
    return files.map((f) => {
        if (f.stack !== stack) return f;
        const config = { ...f.config };
        for (const [k, v] of Object.entries(overrides)) {
            const key = k.includes(":") ? k : `platform:${k}`;
            const value = typeof v === "function" ? (v as (old: unknown) => unknown)(config[key] === undefined ? undefined : decode(config[key]!)) : v;
            if (value === undefined) delete config[key];
            else config[key] = encode(value);
        }
        return { ...f, config, secretKeys: [...new Set([...f.secretKeys, ...secretKeys.map((k) => `platform:${k}`)])] };
    });
}

function decode(raw: string): unknown {
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

/** A regional stack file cloned from `from`, in `region` with `cidrBlock` and three AZs. */
export function regionalFile(files: readonly StackConfigFile[], from: string, region: string, cidrBlock: string, priority: number): StackConfigFile {
    const source = files.find((f) => f.stack === from)!;
    const [file] = edit([{ ...source, stack: region, path: source.path.replace(`Pulumi.${from}.yaml`, `Pulumi.${region}.yaml`) }], region, {
        region,
        failoverPriority: priority,
        network: { cidrBlock, availabilityZones: ["a", "b", "c"].map((z) => `${region}${z}`) },
    });
    return file!;
}

/** `files` plus a third region (us-west-2), listed last in the global stack's regionalStacks. */
export function withThirdRegion(files: readonly StackConfigFile[], listed = true): StackConfigFile[] {
    const added = [...files, regionalFile(files, "eu-west-1", "us-west-2", "10.2.0.0/16", 3)];
    return listed ? edit(added, "global", { regionalStacks: (old: unknown) => [...(old as string[]), "organization/platform/us-west-2"] }) : added;
}

const cache = new Map<string, Promise<SideStack[]>>();

/** Evaluates a stack set as the preview does and reads it back as the plan does (memoised). */
export function evaluateSide(files: readonly StackConfigFile[]): Promise<SideStack[]> {
    const key = JSON.stringify(files.map((f) => [f.stack, f.config, f.secretKeys]));
    let side = cache.get(key);
    if (!side) {
        side = (async () => {
            const { outcomes, files: evaluated } = await evaluateStacks({ files, packConfig: false });
            const failed = outcomes.filter((o) => !o.record);
            if (failed.length > 0) throw new Error(`stacks failed to evaluate: ${failed.map((o) => `${o.stack}: ${o.error}`).join("; ")}`);
            return outcomes.map((o) => sideStack(JSON.parse(JSON.stringify(outcomeDocument(o, evaluated))), o.stack));
        })();
        cache.set(key, side);
    }
    return side;
}

/** The plan from `base` to `head`. */
export async function planBetween(base: readonly StackConfigFile[], head: readonly StackConfigFile[]): Promise<ChangePlanDetail> {
    const [b, h] = await Promise.all([evaluateSide(base), evaluateSide(head)]);
    return planChanges({ base: "test", baseStacks: b, headStacks: h });
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
