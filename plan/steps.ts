/**
 * The step the Pulumi engine would take for each resource of a stack, from two recorded
 * versions of it (docs/DESIGN.md §6, "change plan"):
 *
 * - a resource of the new version is matched to the old one by URN, or by one of its
 *   `aliases` (as the engine does); no match is a `create`, an old resource nobody matched a `delete`;
 * - a matched custom resource compares its inputs (paths under `ignoreChanges` left out); inputs
 *   fed by a resource that is replaced are unknown until then, as in `pulumi preview`;
 * - a difference in a ForceNew input (the replacement data), in a `replaceOnChanges` path, or a
 *   provider that moved it to another region (or that is itself replaced) makes it a `replace`; any other
 *   difference an `update`; none `same`. A provider whose region changes is updated, and each of its
 *   regional resources replaced.
 */
import type { PlanResource, PlanStep, StackState, StepOp } from "./model";
import { diffPaths } from "./propertyDiff";
import { coversPath, touchesPath } from "./propertyPaths";
import { forcingPaths, type ReplacementData } from "./replacements";

/** A step with what explains it. */
export interface StepDetail extends PlanStep {
    readonly base?: PlanResource;
    readonly head?: PlanResource;
    /** Why it is replaced (the forcing paths, the provider, `replaceOnChanges`). */
    readonly replaceReasons: readonly string[];
    /** Anything else worth saying (an alias that moved it, an input unknown until a replacement). */
    readonly notes: readonly string[];
    /** Set when the engine would delete the old resource before creating its replacement. */
    readonly deleteBeforeReplace: boolean;
    /** Set for a matched type that has no replacement data while its inputs differ. */
    readonly replacementUnknown: boolean;
}

/** The URN part of a provider reference `"<urn>::<id>"`. */
export function providerUrnOf(reference: string | undefined): string | undefined {
    if (!reference) return undefined;
    const i = reference.lastIndexOf("::");
    return i === -1 ? reference : reference.slice(0, i);
}

/** The resource's logical name (the last URN segment). */
export const nameOfUrn = (urn: string): string => urn.slice(urn.lastIndexOf("::") + 2);

/**
 * Whether a component runs outside this program (a multi-language component such as awsx's
 * VPC): the engine diffs its children, which a mock evaluation never sees.
 */
export function isRemoteComponent(r: PlanResource, project: string): boolean {
    if (r.custom) return false;
    const pkg = r.type.split(":")[0];
    return pkg !== "pulumi" && pkg !== project;
}

/** The steps of one stack; either side may be missing (a stack added or removed). */
export function stackSteps(
    base: StackState | undefined,
    head: StackState | undefined,
    data: ReplacementData,
    project: string,
): StepDetail[] {
    const baseResources = base?.resources ?? [];
    const headResources = head?.resources ?? [];
    const baseByUrn = new Map(baseResources.map((r) => [r.urn, r]));
    const headByUrn = new Map(headResources.map((r) => [r.urn, r]));
    const matchOf = new Map<string, PlanResource>();
    const headUrnOfBase = new Map<string, string>();
    for (const h of headResources) {
        const urn = [h.urn, ...h.aliases].find((u) => baseByUrn.has(u) && !headUrnOfBase.has(u));
        if (urn === undefined) continue;
        matchOf.set(h.urn, baseByUrn.get(urn)!);
        headUrnOfBase.set(urn, h.urn);
    }

    const steps = new Map<string, StepDetail>();
    for (const h of headResources) {
        const b = matchOf.get(h.urn);
        if (!b) {
            steps.set(h.urn, detail(h.urn, h.type, "create", [], h.protect, { head: h }));
            continue;
        }
        const notes: string[] = b.urn !== h.urn ? [`moved from ${b.urn} (alias)`] : [];
        const compared = h.custom || isRemoteComponent(h, project);
        const diffs = compared ? diffPaths(b.inputs, h.inputs).filter((d) => !h.ignoreChanges.some((p) => coversPath(p, d))) : [];
        for (const [property, deps] of Object.entries(h.propertyDependencies)) {
            const replaced = deps.find((d) => steps.get(d)?.op === "replace");
            if (!replaced || h.ignoreChanges.some((p) => coversPath(p, property))) continue;
            if (!diffs.some((d) => coversPath(property, d))) diffs.push(property);
            notes.push(`${property}: unknown until ${nameOfUrn(replaced)} is replaced`);
        }
        const replaceReasons: string[] = [];
        const entry = data[h.type];
        if (h.custom) {
            if (entry) replaceReasons.push(...forcingPaths(entry, diffs).map((p) => `${p} forces replacement`));
            replaceReasons.push(
                ...diffs.filter((d) => h.replaceOnChanges.some((p) => touchesPath(p, d))).map((p) => `${p} is in replaceOnChanges`),
            );
            replaceReasons.push(...providerReasons(b, h, baseByUrn, headByUrn, steps, data));
        }
        if (h.type.startsWith("pulumi:providers:") && diffs.some((d) => d.startsWith("defaultTags"))) {
            notes.push("defaultTags changed: every taggable resource of this provider updates its tags in place (not listed one by one)");
        }
        const op: StepOp = replaceReasons.length > 0 ? "replace" : diffs.length > 0 ? "update" : "same";
        steps.set(
            h.urn,
            detail(h.urn, h.type, op, diffs, op === "replace" ? b.protect : h.protect, {
                base: b,
                head: h,
                replaceReasons: [...new Set(replaceReasons)],
                notes,
                deleteBeforeReplace: op === "replace" && h.deleteBeforeReplace,
                replacementUnknown: h.custom && !entry && diffs.length > 0,
            }),
        );
    }
    // The engine deletes what the program no longer declares last, dependents first.
    const deletes = [...baseResources]
        .reverse()
        .filter((b) => !headUrnOfBase.has(b.urn))
        .map((b) => detail(b.urn, b.type, "delete", [], b.protect, { base: b }));
    return [...steps.values(), ...deletes];
}

/**
 * Why a resource is replaced because of its provider: the provider itself is replaced, or the
 * provider's region changed and the type's `region` input (which defaults to the provider's) is
 * ForceNew. With @pulumi/aws v7 a provider's region change replaces its regional resources one
 * by one and leaves global ones (IAM, CloudFront, Route 53) alone (see data/replacements.json).
 */
function providerReasons(
    b: PlanResource,
    h: PlanResource,
    baseByUrn: ReadonlyMap<string, PlanResource>,
    headByUrn: ReadonlyMap<string, PlanResource>,
    steps: ReadonlyMap<string, StepDetail>,
    data: ReplacementData,
): string[] {
    const oldProvider = providerUrnOf(b.provider);
    const newProvider = providerUrnOf(h.provider);
    if (!oldProvider || !newProvider) return [];
    if (steps.get(newProvider)?.op === "replace") return [`its provider ${nameOfUrn(newProvider)} is replaced`];
    const oldRegion = b.inputs["region"] ?? baseByUrn.get(oldProvider)?.inputs["region"];
    const newRegion = h.inputs["region"] ?? headByUrn.get(newProvider)?.inputs["region"];
    if (oldRegion === newRegion || !data[h.type]?.forceNew.includes("region")) return [];
    return [`region forces replacement (${String(oldRegion)} → ${String(newRegion)}, from its provider)`];
}

function detail(
    urn: string,
    type: string,
    op: StepOp,
    diffs: string[],
    protect: boolean,
    extra: Partial<Pick<StepDetail, "base" | "head" | "replaceReasons" | "notes" | "deleteBeforeReplace" | "replacementUnknown">>,
): StepDetail {
    return {
        urn,
        type,
        op,
        diffs,
        protect,
        replaceReasons: extra.replaceReasons ?? [],
        notes: extra.notes ?? [],
        deleteBeforeReplace: extra.deleteBeforeReplace ?? false,
        replacementUnknown: extra.replacementUnknown ?? false,
        ...(extra.base ? { base: extra.base } : {}),
        ...(extra.head ? { head: extra.head } : {}),
    };
}
