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

/**
 * The plan from `base` to `head`. `unprotected` names resources of the base (by logical name)
 * that `pulumi state unprotect` cleared before the update, as a runbook step does.
 */
export async function planBetween(base: readonly StackConfigFile[], head: readonly StackConfigFile[], unprotected: readonly string[] = []): Promise<ChangePlanDetail> {
    const [b, h] = await Promise.all([evaluateSide(base), evaluateSide(head)]);
    const baseStacks = b.map((s) => ({ ...s, resources: s.resources.map((r) => (unprotected.includes(nameOfUrn(r.urn)) && r.custom ? { ...r, protect: false } : r)) }));
    return planChanges({ base: "test", baseStacks, headStacks: h });
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

/** The shared origin-verify secret the domain-mode stacks of the tests use. */
export const DOMAIN_SECRET = "domain-mode-shared-secret-0123456789";

/**
 * `files` in domain mode: every regional stack with its own origin host name and certificate
 * and the one shared origin-verify secret; the global stack with a hosted zone (app.example.com).
 * `only` limits it to the regional stacks (step 1 of the documented migration) or the global one.
 */
export function domainMode(files: readonly StackConfigFile[], only?: "regional" | "global"): StackConfigFile[] {
    let out = [...files];
    for (const f of files) {
        const role = f.config["platform:role"];
        if (role === "regional" && only !== "global") {
            const region = f.config["platform:region"]!;
            out = edit(
                out,
                f.stack,
                {
                    loadBalancing: (old: unknown) => ({
                        ...((old as object | undefined) ?? {}),
                        domain: { domainName: `${region}.origin.app.example.com`, certificateArn: `arn:aws:acm:${region}:123456789012:certificate/0a1b2c3d-${region.length}000-4000-8000-000000000000` },
                    }),
                    originVerifySecret: DOMAIN_SECRET,
                },
                ["originVerifySecret"],
            );
        }
        if (role === "global" && only !== "regional") out = edit(out, f.stack, { domain: { hostedZoneId: "Z0123456789ABCDEFGHIJ", domainName: "app.example.com" } });
    }
    return out;
}
