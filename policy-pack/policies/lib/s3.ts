/**
 * S3 split-resource joins. In `@pulumi/aws` v7 a bucket's versioning, encryption, public access block,
 * logging, lifecycle, ownership, policy and notifications are separate resources; the deprecated `*V2`
 * tokens and the deprecated inline bucket properties are understood too.
 */
import type { PolicyResource } from "@pulumi/policy";
import { Graph, S3_BUCKET_TYPES } from "./graph";
import { UNKNOWN, get, isUnknown, list } from "./values";

export const S3 = {
    versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    encryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ],
    publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    logging: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
    lifecycle: [
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
    ],
    ownership: ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
    policy: ["aws:s3/bucketPolicy:BucketPolicy"],
    notification: ["aws:s3/bucketNotification:BucketNotification"],
    replication: ["aws:s3/bucketReplicationConfig:BucketReplicationConfig"],
} as const;

export type S3CompanionKind = keyof typeof S3;

/** The types whose `policy` is a bucket policy document: the companion and the deprecated inline property. */
export const S3_POLICY_DOCUMENT_TYPES = ["aws:s3/bucketPolicy:BucketPolicy", ...S3_BUCKET_TYPES];

export interface BucketJoin {
    bucket: PolicyResource;
    /** Companions of `kind` attributed to this bucket ({@link attribution}). */
    companions(kind: S3CompanionKind): PolicyResource[];
}

/** Where the companions of one kind belong. */
export interface Attribution {
    /** The companions of each bucket of this stack. */
    byBucket: Map<PolicyResource, PolicyResource[]>;
    /**
     * Provably another bucket's (one not created in this stack): linked through the graph to a resource that is
     * not a bucket of this stack (a StackReference output, say), or named by a known name that no bucket of this
     * stack has while every bucket's name is known (or the stack has no bucket). Judged on their own.
     */
    external: PolicyResource[];
    /**
     * Might be any bucket's: no graph link and a name that is unknown or may be an auto-named bucket's. They
     * count for no bucket (the buckets are still judged) and are reported, so that one such companion does not
     * silence a rule for every bucket of the stack.
     */
    unlinked: PolicyResource[];
}

const attributions = new WeakMap<Graph, Map<S3CompanionKind, Attribution>>();

/** The known physical names of a bucket (`bucket`, and `id`, which is the same name). */
function bucketNames(b: PolicyResource): string[] {
    return [get(b.props, "bucket"), get(b.props, "id")].filter((n): n is string => typeof n === "string" && n !== "");
}

/**
 * Attributes each companion of `kind` to its bucket: through the graph (`propertyDependencies.bucket`, or a
 * single bucket among `dependencies` when no property dependencies were recorded), else, when the graph has no
 * link, by its known `bucket` name equal to a bucket's known name (a literal or a variable holding the name;
 * on a first preview an auto-named bucket's name is unknown, so that match is never guessed).
 */
export function attribution(graph: Graph, kind: S3CompanionKind): Attribution {
    const perGraph = attributions.get(graph) ?? new Map<S3CompanionKind, Attribution>();
    attributions.set(graph, perGraph);
    const known = perGraph.get(kind);
    if (known) return known;
    const all = graph.ofType(...S3_BUCKET_TYPES);
    const isBucket = new Set(all);
    const byName = new Map<string, PolicyResource>();
    let everyNameKnown = true;
    for (const b of all) {
        const names = bucketNames(b);
        if (names.length === 0) everyNameKnown = false;
        for (const n of names) byName.set(n, b);
    }
    const out: Attribution = { byBucket: new Map(all.map((b) => [b, []])), external: [], unlinked: [] };
    for (const c of graph.ofType(...S3[kind])) {
        const targets = Graph.targets(c, "bucket", S3_BUCKET_TYPES);
        if (targets) {
            const own = targets.filter((t) => isBucket.has(t));
            if (own.length === 0) out.external.push(c);
            for (const b of own) out.byBucket.get(b)!.push(c);
            continue;
        }
        const name = get(c.props, "bucket");
        const named = typeof name === "string" ? byName.get(name) : undefined;
        if (named) out.byBucket.get(named)!.push(c);
        else if (all.length === 0 || (typeof name === "string" && everyNameKnown)) out.external.push(c);
        else out.unlinked.push(c);
    }
    perGraph.set(kind, out);
    return out;
}

/** Every bucket of the stack with access to its attributed companions. */
export function buckets(graph: Graph): BucketJoin[] {
    return graph.ofType(...S3_BUCKET_TYPES).map((bucket) => ({
        bucket,
        companions: (kind) => attribution(graph, kind).byBucket.get(bucket) ?? [],
    }));
}

/** A companion's resource type name (`BucketPublicAccessBlock`) and its known bucket name, for messages. */
export function companionLabel(c: PolicyResource): string {
    const name = get(c.props, "bucket");
    return `${c.type.split(":").pop()} "${c.name}" (bucket ${typeof name === "string" ? JSON.stringify(name) : "not known"})`;
}

/**
 * Reports each companion of `kind` that cannot be linked to its bucket (see {@link Attribution.unlinked}), on
 * the companion: the rule judged every bucket without it.
 */
export function reportUnlinked(graph: Graph, kind: S3CompanionKind, report: (message: string, urn: string) => void): void {
    for (const c of attribution(graph, kind).unlinked) {
        report(
            `${companionLabel(c)} cannot be linked to a bucket of this stack, so it counts for none: set its bucket from the Bucket resource's output (bucket.id or bucket.bucket), not a name.`,
            c.urn,
        );
    }
}

/** Reads one value from every companion of `kind` linked to the bucket. */
export function companionValues(j: BucketJoin, kind: S3CompanionKind, read: (props: Record<string, unknown>) => unknown): unknown[] {
    return j.companions(kind).map((c) => read(c.props));
}

/** The buckets that receive logs (ALB access logs or S3 server access logs), found through the graph. */
export function logDestinationBuckets(graph: Graph): Set<PolicyResource> {
    const out = new Set<PolicyResource>();
    for (const l of graph.ofType(...S3.logging)) for (const b of l.propertyDependencies?.targetBucket ?? []) out.add(b);
    for (const lb of graph.ofType("aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer")) {
        for (const d of lb.propertyDependencies?.accessLogs ?? []) {
            if (S3_BUCKET_TYPES.includes(d.type)) out.add(d);
            // The ALB may depend on a companion (e.g. the bucket policy that lets ELB write): follow it.
            else for (const b of d.propertyDependencies?.bucket ?? []) if (S3_BUCKET_TYPES.includes(b.type)) out.add(b);
        }
    }
    return out;
}

/**
 * The leaf values at `path` below `v`, where a `"[]"` step walks every element of a list: `[]` when absent,
 * `UNKNOWN` in place of every unknown node (so an unknown list is one `UNKNOWN`, not nothing).
 */
export function pluck(v: unknown, ...path: string[]): unknown[] {
    if (isUnknown(v)) return [UNKNOWN];
    if (v === undefined || v === null) return [];
    if (path.length === 0) return [v];
    const [head, ...rest] = path as [string, ...string[]];
    if (head === "[]") {
        const l = list(v);
        if (l === UNKNOWN) return [UNKNOWN];
        return (l ?? []).flatMap((x) => pluck(x, ...rest));
    }
    return pluck(get(v, head), ...rest);
}

/** True when the program set bucket property `prop` from another resource's output (it has a dependency). */
export function setFromOutput(bucket: PolicyResource, prop: string): boolean {
    return (bucket.propertyDependencies?.[prop]?.length ?? 0) > 0;
}

/**
 * The values at `path` below the deprecated inline bucket property `prop` (`versioning`,
 * `serverSideEncryptionConfiguration(s)`, `logging(s)`, `lifecycleRules`, `policy`, ...).
 *
 * The provider computes these properties of a v7 `Bucket`/`BucketV2` (it reads them back from S3), so on a
 * create preview they are unknown even when the program never set them. An unknown inline value therefore
 * counts as "not configured inline" (left out) unless the program set the property from another resource's
 * output, which gives it a property dependency: then it stays `UNKNOWN` (cannot prove). Callers treat only a
 * known positive inline value as evidence: a known "disabled" inline value read back after creation is stale
 * provider state once a companion resource manages the setting, so it never proves a violation either.
 */
export function inlineValues(bucket: PolicyResource, prop: string, ...path: string[]): unknown[] {
    const vals = pluck(bucket.props, prop, ...path);
    return setFromOutput(bucket, prop) ? vals : vals.filter((v) => v !== UNKNOWN);
}
