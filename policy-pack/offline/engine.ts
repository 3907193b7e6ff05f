/**
 * One emulation of the `@pulumi/policy` 1.21 analyzer, shared by the offline preview (`evaluate.ts`) and
 * the policy tests (`tests/harness.ts`). It mirrors `server.js`: resource policies get `props` = inputs,
 * stack policies get `props` = outputs with `parent`/`dependencies`/`propertyDependencies` as resource
 * objects; `notApplicable()` throws a sentinel treated as "not applicable"; an unknown value touched during
 * preview becomes a note; the enforcement level is per-policy config, else `all`, else the policy's own.
 * It loads no Pulumi SDK (type imports only).
 */
import type {
    Policy,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { checkPackConfig, type ConfigProblem, isEnforcementLevel } from "./config";
import type { EnforcementLevel, PackConfig, RecordedResource, Violation } from "./types";

export type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** Thrown by `notApplicable()`; caught per policy function. */
export class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason);
}

function isUnknownValueError(e: unknown): e is Error {
    return e instanceof Error && (e.constructor?.name === "UnknownValueError" || /can't be known during preview/.test(e.message));
}

export interface ResolvedPolicy {
    policy: AnyPolicy;
    level: EnforcementLevel;
    /** Config with schema defaults applied (what `getConfig()` returns). */
    config: Record<string, unknown>;
}

/**
 * A config problem as the engine reports it (no file name): `policy "<name>": config <key>: <problem>`,
 * `policy "<name>": <problem>` for the policy's value itself, `policy config: <problem>` for the document.
 */
export function engineProblemLine(p: ConfigProblem): string {
    if (p.policy === undefined) return `policy config: ${p.problem}`;
    return p.path === undefined ? `policy "${p.policy}": ${p.problem}` : `policy "${p.policy}": config ${p.path}: ${p.problem}`;
}

/**
 * Resolves every policy's enforcement level and config from a pack config, validating it first
 * (`checkPackConfig`: unknown policies and keys, levels, each policy's `configSchema`). Throws one Error listing
 * every problem, each naming the policy and the key.
 */
export function resolvePolicies(
    policies: AnyPolicy[],
    packConfig: PackConfig = {},
    packLevel: EnforcementLevel = "advisory",
): ResolvedPolicy[] {
    const problems = checkPackConfig(policies, packConfig);
    if (problems.length) throw new Error(`Invalid policy pack config:\n  ${problems.map(engineProblemLine).join("\n  ")}`);
    const levelOf = (v: unknown): EnforcementLevel | undefined => (isEnforcementLevel(v) ? v : undefined);
    const all = packConfig.all;
    const allLevel = levelOf(typeof all === "object" && all !== null ? all.enforcementLevel : all);
    return policies.map((policy) => {
        const raw = packConfig[policy.name];
        const { enforcementLevel: own, ...props } = typeof raw === "object" && raw !== null ? raw : { enforcementLevel: raw };
        const level = levelOf(own) ?? allLevel ?? policy.enforcementLevel ?? packLevel;
        const config: Record<string, unknown> = {};
        for (const [k, s] of Object.entries(policy.configSchema?.properties ?? {}))
            if (s.default !== undefined) config[k] = structuredClone(s.default);
        Object.assign(config, props);
        return { policy, level, config };
    });
}

function freezeMap(m: Map<string, string>): ReadonlyMap<string, string> {
    return Object.freeze(m) as ReadonlyMap<string, string>;
}

export function stackTagsMap(tags: Record<string, string> = {}): ReadonlyMap<string, string> {
    return freezeMap(new Map(Object.entries(tags)));
}

function typeOfClass(resourceClass: unknown): string | undefined {
    return (resourceClass as { __pulumiType?: string } | undefined)?.__pulumiType;
}

/**
 * The resource options the engine hands a policy. `protect` is always a boolean (a checkpoint, and the
 * recorder, note it only when set, so absent means false); `retainOnDelete` is not among them.
 */
function optionsOf(r: RecordedResource): PolicyResourceOptions {
    const o: PolicyResourceOptions = {
        protect: r.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
    };
    if (r.parent) o.parent = r.parent;
    return o;
}

export type PropsWrapper = (props: Record<string, unknown>) => Record<string, unknown>;
const identity: PropsWrapper = (p) => p;

/** Index of recorded resources by URN, for provider lookups. */
export type UrnIndex = Map<string, RecordedResource>;

export function indexByUrn(resources: RecordedResource[]): UrnIndex {
    return new Map(resources.map((r) => [r.urn, r]));
}

function providerOf(r: RecordedResource, index: UrnIndex, wrap: PropsWrapper) {
    if (!r.provider) return undefined;
    const i = r.provider.lastIndexOf("::");
    const urn = i > 0 && !r.provider.slice(i + 2).includes(":") ? r.provider.slice(0, i) : r.provider;
    const p = index.get(urn);
    const type = p?.type ?? urn.split("::")[2]?.split("$").pop() ?? "";
    return { type, props: wrap(p?.inputs ?? {}), urn, name: p?.name ?? urn.split("::").pop() ?? "" };
}

/** `ResourceValidationArgs` as the engine builds them (props = inputs). */
export function resourceArgs(
    r: RecordedResource,
    config: Record<string, unknown>,
    stackTags: ReadonlyMap<string, string>,
    index: UrnIndex,
    wrap: PropsWrapper = identity,
): ResourceValidationArgs {
    const props = wrap(r.inputs);
    const args: ResourceValidationArgs = {
        type: r.type,
        props,
        urn: r.urn,
        name: r.name,
        opts: optionsOf(r),
        stackTags,
        isType: (c) => typeOfClass(c) === r.type,
        asType: ((c: unknown) => (typeOfClass(c) === r.type ? props : undefined)) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => ({ ...config }) as T,
        notApplicable: throwNotApplicable,
    };
    const provider = providerOf(r, index, wrap);
    if (provider) args.provider = provider;
    return args;
}

/** The `resources` of `StackValidationArgs` (props = outputs, graph links as objects). */
export function stackResources(resources: RecordedResource[], wrap: PropsWrapper = identity): PolicyResource[] {
    const index = indexByUrn(resources);
    const byUrn = new Map<string, PolicyResource>();
    const out = resources.map((r) => {
        const props = wrap(r.outputs);
        const pr: PolicyResource = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: optionsOf(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (c) => typeOfClass(c) === r.type,
            asType: ((c: unknown) => (typeOfClass(c) === r.type ? props : undefined)) as PolicyResource["asType"],
        };
        const provider = providerOf(r, index, wrap);
        if (provider) pr.provider = provider;
        byUrn.set(r.urn, pr);
        return pr;
    });
    resources.forEach((r, i) => {
        const pr = out[i]!;
        if (r.parent) {
            const p = byUrn.get(r.parent);
            if (p) pr.parent = p;
        }
        pr.dependencies = (r.dependencies ?? []).map((d) => byUrn.get(d)).filter((d): d is PolicyResource => !!d);
        for (const [k, v] of Object.entries(r.propertyDependencies ?? {})) {
            pr.propertyDependencies[k] = v.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => !!d);
        }
    });
    return out;
}

export function isResourcePolicy(p: AnyPolicy): p is ResourceValidationPolicy {
    return "validateResource" in p && p.validateResource !== undefined;
}

export function isStackPolicy(p: AnyPolicy): p is StackValidationPolicy {
    return "validateStack" in p && typeof p.validateStack === "function";
}

type Reported = { message: string; urn?: string };

/**
 * Runs one policy function the way the engine does. Violations go to `out`; "not applicable" is silent;
 * an unknown touched during preview becomes a note; any other error names the policy and is rethrown.
 */
export function runGuarded(
    policy: Policy,
    fn: (report: (m: string, urn?: string) => void) => void | Promise<void>,
    out: Reported[],
    notes: string[],
    urn?: string,
): void {
    try {
        const r = fn((message, u) => out.push({ message: typeof message === "string" ? message : String(message), urn: u ?? urn }));
        if (r && typeof (r as Promise<void>).then === "function") {
            throw new Error(`policy "${policy.name}" returned a promise: the offline engine only runs synchronous policies`);
        }
    } catch (e) {
        if (e instanceof NotApplicableError) return;
        if (isUnknownValueError(e)) {
            notes.push(`can't run policy '${policy.name}' during preview${urn ? ` on ${urn}` : ""}: ${e.message}`);
            return;
        }
        const err = e instanceof Error ? e : new Error(String(e));
        err.message = `Error validating ${urn ?? "stack"} with policy '${policy.name}': ${err.message}`;
        throw err;
    }
}

/** Single-function validators tagged with `__pulumiType` are skipped for other types (engine fast path). */
function fastType(p: ResourceValidationPolicy): string | undefined {
    return Array.isArray(p.validateResource) ? undefined : (p.validateResource as unknown as { __pulumiType?: string }).__pulumiType;
}

export interface RunOptions {
    policyPack: string;
    stackTags: ReadonlyMap<string, string>;
    wrap?: PropsWrapper;
}

/** Evaluates resolved policies over recorded resources: resource policies per resource, then stack policies once. */
export function run(
    resolved: ResolvedPolicy[],
    resources: RecordedResource[],
    opts: RunOptions,
): { violations: Violation[]; notes: string[] } {
    const violations: Violation[] = [];
    const notes: string[] = [];
    const wrap = opts.wrap ?? identity;
    const index = indexByUrn(resources);
    const active = resolved.filter((r) => r.level !== "disabled");
    const push = (r: ResolvedPolicy, reported: Reported[]) => {
        const level = r.level === "remediate" ? "mandatory" : (r.level as Violation["enforcementLevel"]);
        for (const v of reported) {
            const vio: Violation = { policyPack: opts.policyPack, policyName: r.policy.name, enforcementLevel: level, message: v.message };
            if (v.urn) vio.urn = v.urn;
            violations.push(vio);
        }
    };
    const resourcePolicies = active.filter((r) => isResourcePolicy(r.policy));
    for (const res of resources) {
        let args: ResourceValidationArgs | undefined;
        for (const rp of resourcePolicies) {
            const p = rp.policy as ResourceValidationPolicy;
            const t = fastType(p);
            if (t !== undefined && t !== res.type) continue;
            // Config is shared per policy: build args once per resource and swap getConfig.
            args ??= resourceArgs(res, {}, opts.stackTags, index, wrap);
            const a: ResourceValidationArgs = { ...args, getConfig: <T extends object>() => ({ ...rp.config }) as T };
            const fns = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource!];
            const reported: Reported[] = [];
            for (const fn of fns) runGuarded(p, (report) => fn(a, report), reported, notes, res.urn);
            push(rp, reported);
        }
    }
    const stackPolicies = active.filter((r) => isStackPolicy(r.policy));
    if (stackPolicies.length) {
        const prs = stackResources(resources, wrap);
        for (const sp of stackPolicies) {
            const p = sp.policy as StackValidationPolicy;
            const args: StackValidationArgs = {
                resources: prs,
                stackTags: opts.stackTags,
                getConfig: <T extends object>() => ({ ...sp.config }) as T,
                notApplicable: throwNotApplicable,
            };
            const reported: Reported[] = [];
            runGuarded(p, (report) => p.validateStack(args, report), reported, notes);
            push(sp, reported);
        }
    }
    return { violations, notes };
}
