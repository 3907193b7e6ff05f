/**
 * Joins over the stack's resource graph. Split resources (S3 companions, WAF associations, flow logs...)
 * are attached to the resource they configure through `propertyDependencies` (or `dependencies`), never
 * through physical names, which are unknown on a first preview.
 */
import type { PolicyResource } from "@pulumi/policy";

export const S3_BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

export class Graph {
    private readonly byType = new Map<string, PolicyResource[]>();
    private readonly byUrn = new Map<string, PolicyResource>();
    private readonly children = new Map<PolicyResource, PolicyResource[]>();

    constructor(readonly resources: PolicyResource[]) {
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            this.byType.set(r.type, [...(this.byType.get(r.type) ?? []), r]);
            if (r.parent) this.children.set(r.parent, [...(this.children.get(r.parent) ?? []), r]);
        }
    }

    ofType(...types: string[]): PolicyResource[] {
        if (types.length === 1) return this.byType.get(types[0]!) ?? [];
        const out: PolicyResource[] = [];
        for (const t of types) out.push(...(this.byType.get(t) ?? []));
        return out;
    }

    get(urn: string): PolicyResource | undefined {
        return this.byUrn.get(urn);
    }

    /** Every resource below `r` in the parent tree, optionally only of `types`. */
    descendants(r: PolicyResource, types?: string[]): PolicyResource[] {
        const out: PolicyResource[] = [];
        const stack = [...(this.children.get(r) ?? [])];
        while (stack.length) {
            const c = stack.pop()!;
            if (!types || types.includes(c.type)) out.push(c);
            stack.push(...(this.children.get(c) ?? []));
        }
        return out;
    }

    /** True when `ancestor` is `r` or one of `r`'s parents. */
    static isSelfOrAncestor(ancestor: PolicyResource, r: PolicyResource): boolean {
        for (let cur: PolicyResource | undefined = r; cur; cur = cur.parent) if (cur === ancestor) return true;
        return false;
    }

    /**
     * The resources `r` points at through property `key`: `propertyDependencies[key]` when recorded, else
     * (when no property dependencies were recorded at all) `dependencies` filtered to `candidateTypes`.
     * `undefined` when the link cannot be established.
     */
    static targets(r: PolicyResource, key: string, candidateTypes: string[]): PolicyResource[] | undefined {
        const pd = r.propertyDependencies?.[key];
        if (pd && pd.length > 0) return pd;
        const anyPd = r.propertyDependencies && Object.values(r.propertyDependencies).some((v) => v.length > 0);
        if (anyPd) return pd && pd.length > 0 ? pd : undefined;
        const deps = (r.dependencies ?? []).filter((d) => candidateTypes.includes(d.type));
        return deps.length === 1 ? deps : undefined;
    }

    /**
     * The companions of `target` among `types`, linked through property `key`. `unattributed` is true when
     * some companion of those types could not be linked to any target: then absence cannot be proven.
     * With `viaAncestors`, a companion linked to a component that contains `target` counts (a flow log on
     * an `awsx:ec2:Vpc` covers its `aws:ec2/vpc:Vpc` child).
     */
    companionsOf(
        target: PolicyResource,
        types: string[],
        key: string,
        targetTypes: string[],
        viaAncestors = false,
    ): { found: PolicyResource[]; unattributed: boolean } {
        const found: PolicyResource[] = [];
        let unattributed = false;
        for (const c of this.ofType(...types)) {
            const t = Graph.targets(c, key, targetTypes);
            if (!t) {
                unattributed = true;
                continue;
            }
            if (t.some((x) => x === target || (viaAncestors && Graph.isSelfOrAncestor(x, target)))) found.push(c);
        }
        return { found, unattributed };
    }
}

const cache = new WeakMap<PolicyResource[], Graph>();

/** One index per `resources` array (the offline harness passes the same array to every stack policy). */
export function graphOf(resources: PolicyResource[]): Graph {
    const known = cache.get(resources);
    if (known) return known;
    const g = new Graph(resources);
    cache.set(resources, g);
    return g;
}
