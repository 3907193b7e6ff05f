/**
 * S3 split-resource joins. In `@pulumi/aws` v7 a bucket's versioning, encryption, public access block,
 * logging, lifecycle, ownership, policy and notifications are separate resources; the deprecated `*V2`
 * tokens and the deprecated inline bucket properties are understood too.
 */
import type { PolicyResource } from "@pulumi/policy";
import { type Graph, S3_BUCKET_TYPES } from "./graph";
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
    /** Companions of `kind` linked to this bucket through the graph. */
    companions(kind: S3CompanionKind): PolicyResource[];
    /** True when some companion of `kind` in the stack could not be linked: absence is then not provable. */
    ambiguous(kind: S3CompanionKind): boolean;
}

/** Every bucket of the stack with lazy access to its companions. */
export function buckets(graph: Graph): BucketJoin[] {
    return graph.ofType(...S3_BUCKET_TYPES).map((bucket) => {
        const memo = new Map<S3CompanionKind, { found: PolicyResource[]; unattributed: boolean }>();
        const join = (kind: S3CompanionKind) => {
            const known = memo.get(kind);
            if (known) return known;
            const j = graph.companionsOf(bucket, [...S3[kind]], "bucket", S3_BUCKET_TYPES);
            memo.set(kind, j);
            return j;
        };
        return {
            bucket,
            companions: (kind) => join(kind).found,
            ambiguous: (kind) => join(kind).unattributed,
        };
    });
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
