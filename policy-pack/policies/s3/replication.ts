/**
 * Replication, judged in the global stack which owns it: S3.7 (rules enabled, every regional data bucket
 * replicated) and the bounded-RPO rules (Replication Time Control, both sides versioned).
 */
import type { PolicyResource } from "@pulumi/policy";
import { resourcePolicy, stackPolicy } from "../lib/define";
import { S3_BUCKET_TYPES } from "../lib/graph";
import { buckets, inlineValues } from "../lib/s3";
import { UNKNOWN, get, list, str } from "../lib/values";
import { versioningProblem } from "./versioning";

const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

/** One replication rule, read the same way from each of the three shapes below. */
interface Rule {
    label: string;
    status: unknown;
    rtcStatus: unknown;
    rtcMinutes: unknown;
    /** Where the RTC minutes live in this shape, for messages. */
    rtcMinutesPath: string;
    metricsStatus: unknown;
}

/** The first element of a max-1 list (BucketV2's plural blocks), `UNKNOWN` when the list is unknown. */
const first = (v: unknown): unknown => {
    const l = list(v);
    return l === UNKNOWN ? UNKNOWN : l?.[0];
};

/**
 * The replication configurations of a resource, each as its rule list (`UNKNOWN` when not known): a
 * BucketReplicationConfig (`rules[].destination.replicationTime.time.minutes`), a v7 Bucket's deprecated inline
 * `replicationConfiguration` (`rules[].destination.replicationTime.minutes`) and a BucketV2's
 * `replicationConfigurations[]` (`rules[].destinations[0].replicationTimes[0].minutes`). A bucket without one
 * has none; props are the program's inputs, so an inline value is unknown only when set from an output.
 */
function replicationRules(type: string, props: Record<string, unknown>): (Rule[] | typeof UNKNOWN)[] {
    const read = (rules: unknown, shape: "config" | "bucket" | "bucketV2"): Rule[] | typeof UNKNOWN => {
        const l = list(rules);
        if (l === UNKNOWN) return UNKNOWN;
        return (l ?? []).map((r, i) => {
            const id = str(get(r, "id"));
            const dest = shape === "bucketV2" ? first(get(r, "destinations")) : get(r, "destination");
            const rt = shape === "bucketV2" ? first(get(dest, "replicationTimes")) : get(dest, "replicationTime");
            const metrics = shape === "bucketV2" ? first(get(dest, "metrics")) : get(dest, "metrics");
            return {
                label: typeof id === "string" ? id : String(i),
                status: str(get(r, "status")),
                rtcStatus: str(get(rt, "status")),
                rtcMinutes: shape === "config" ? get(rt, "time", "minutes") : get(rt, "minutes"),
                rtcMinutesPath: shape === "config" ? "replicationTime.time.minutes" : "replicationTime.minutes",
                metricsStatus: str(get(metrics, "status")),
            };
        });
    };
    if (type === REPLICATION) return [read(get(props, "rules"), "config")];
    if (type === "aws:s3/bucketV2:BucketV2") {
        const configs = list(get(props, "replicationConfigurations"));
        if (configs === UNKNOWN) return [UNKNOWN];
        return (configs ?? []).map((c) => read(get(c, "rules"), "bucketV2"));
    }
    const inline = get(props, "replicationConfiguration");
    if (inline === undefined || inline === null) return [];
    return [inline === UNKNOWN ? UNKNOWN : read(get(inline, "rules"), "bucket")];
}

const REPLICATION_TYPES = [REPLICATION, ...S3_BUCKET_TYPES];

export const s3ReplicationRulesEnabled = resourcePolicy({
    name: "s3-replication-rules-enabled",
    description:
        "S3.7 (judged in the global stack, which owns replication): S3 replication configurations (BucketReplicationConfig, or a bucket's deprecated inline one) have at least one rule and every rule is Enabled.",
    controls: ["S3.7"],
    enforcementLevel: "mandatory",
    types: REPLICATION_TYPES,
    module: __filename,
    validate: ({ type, props, report }) => {
        for (const rules of replicationRules(type, props)) {
            if (rules === UNKNOWN) continue;
            if (rules.length === 0) report("Replication configuration has no rules.");
            for (const r of rules)
                if (typeof r.status === "string" && r.status !== "Enabled")
                    report(`Replication rule ${r.label} status is "${r.status}"; expected "Enabled".`);
        }
    },
});

export const s3ReplicationTimeControl = resourcePolicy({
    name: "s3-replication-time-control",
    description:
        "Bounded RPO: every replication rule (BucketReplicationConfig, or a bucket's deprecated inline one) has Replication Time Control (15 minutes) and replication metrics enabled.",
    controls: ["REL.BoundedRPO"],
    enforcementLevel: "mandatory",
    types: REPLICATION_TYPES,
    module: __filename,
    validate: ({ type, props, report }) => {
        for (const rules of replicationRules(type, props)) {
            if (rules === UNKNOWN) continue;
            for (const r of rules) {
                if (r.rtcStatus !== UNKNOWN && r.rtcStatus !== "Enabled")
                    report(`Replication rule ${r.label} has no Replication Time Control (destination.replicationTime.status "Enabled").`);
                else if (r.rtcStatus === "Enabled" && r.rtcMinutes !== UNKNOWN && r.rtcMinutes !== 15)
                    report(`Replication rule ${r.label} ${r.rtcMinutesPath} is ${String(r.rtcMinutes)}; expected 15.`);
                if (r.metricsStatus !== UNKNOWN && r.metricsStatus !== "Enabled")
                    report(`Replication rule ${r.label} has no replication metrics (destination.metrics.status "Enabled").`);
            }
        }
    },
});

const STACK_REFERENCE = "pulumi:pulumi:StackReference";
/** What a replication side may be linked to: a regional stack (its contract) or a bucket of this stack. */
const SIDE_TYPES = [STACK_REFERENCE, ...S3_BUCKET_TYPES];

/** A regional stack's contract output, read from its StackReference (`props.outputs.<key>`). */
const contractOutput = (ref: PolicyResource, key: string): unknown => get(ref.props, "outputs", key);

/** The label of a replication side in messages: the referenced stack's name, or the bucket's. */
const sideLabel = (side: PolicyResource): string => (side.type === STACK_REFERENCE ? `stack ${side.name}` : `bucket "${side.name}"`);

export const s3RegionalDataBucketsReplicated = stackPolicy({
    name: "s3-regional-data-buckets-replicated",
    description:
        "S3.7 (judged in the global stack): every regional data bucket (a StackReference whose contract exports dataBucketName) is the source of a replication configuration; a regional stack cannot see whether its bucket is replicated.",
    controls: ["S3.7"],
    enforcementLevel: "mandatory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const ref of graph.ofType(STACK_REFERENCE)) {
            const bucket = str(contractOutput(ref, "dataBucketName"));
            if (typeof bucket !== "string") continue; // not a regional stack, or not known
            // Replication configurations whose source bucket is not linked through the graph make absence unprovable.
            const { found, unattributed } = graph.companionsOf(ref, [REPLICATION], "bucket", SIDE_TYPES);
            if (found.length === 0 && !unattributed) {
                report(
                    `The data bucket "${bucket}" of stack ${ref.name} is the source of no BucketReplicationConfig (cross-region replication).`,
                    ref.urn,
                );
            }
        }
    },
});

export const s3ReplicationBothSidesVersioned = stackPolicy({
    name: "s3-replication-both-sides-versioned",
    description:
        'Bounded RPO: both buckets of every replication configuration are versioned (S3 replication requires it): a regional stack\'s contract exports dataBucketVersioning "Enabled", a bucket of this stack has versioning Enabled.',
    controls: ["REL.BoundedRPO"],
    enforcementLevel: "mandatory",
    module: __filename,
    validate: ({ graph, report }) => {
        const joins = new Map(buckets(graph).map((j) => [j.bucket, j]));
        const problemOf = (side: PolicyResource): string | undefined => {
            if (side.type !== STACK_REFERENCE) {
                const j = joins.get(side);
                return j && versioningProblem(j);
            }
            const v = contractOutput(side, "dataBucketVersioning");
            if (v === UNKNOWN) return undefined;
            if (v === undefined || v === null) return `exports no dataBucketVersioning; expected "Enabled".`;
            return v === "Enabled" ? undefined : `exports dataBucketVersioning ${JSON.stringify(v)}; expected "Enabled".`;
        };
        const linked = (rc: PolicyResource, key: string) =>
            (rc.propertyDependencies?.[key] ?? []).filter((r) => SIDE_TYPES.includes(r.type));
        // Each configuration with its sides as the graph links them: a BucketReplicationConfig's source through
        // `bucket` and destinations through `rules`; a bucket replicating inline is its own source, and its
        // destinations are linked through the inline property (read as inlineValues says: only a configuration
        // the program set counts).
        const configs: [PolicyResource, [string, PolicyResource[]][]][] = graph.ofType(REPLICATION).map((rc) => [
            rc,
            [
                ["source", linked(rc, "bucket")],
                ["destination", linked(rc, "rules")],
            ],
        ]);
        for (const b of graph.ofType(...S3_BUCKET_TYPES)) {
            for (const key of ["replicationConfiguration", "replicationConfigurations"]) {
                if (inlineValues(b, key, ...(key.endsWith("s") ? ["[]", "rules"] : ["rules"])).length === 0) continue;
                configs.push([
                    b,
                    [
                        ["source", [b]],
                        ["destination", linked(b, key)],
                    ],
                ]);
            }
        }
        for (const [rc, sides] of configs) {
            for (const [role, resources] of sides) {
                for (const side of resources) {
                    const problem = problemOf(side);
                    if (problem) report(`Replication "${rc.name}" ${role} ${sideLabel(side)} ${problem}`, rc.urn);
                }
            }
        }
    },
});
