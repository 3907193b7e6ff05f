/**
 * Replication, judged in the global stack which owns it: S3.7 (rules enabled, every regional data bucket
 * replicated) and the bounded-RPO rules (Replication Time Control, both sides versioned).
 */
import type { PolicyResource } from "@pulumi/policy";
import { resourcePolicy, stackPolicy } from "../lib/define";
import { S3_BUCKET_TYPES } from "../lib/graph";
import { buckets } from "../lib/s3";
import { UNKNOWN, get, list, str } from "../lib/values";
import { versioningProblem } from "./versioning";

const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

export const s3ReplicationRulesEnabled = resourcePolicy({
    name: "s3-replication-rules-enabled",
    description:
        "S3.7 (judged in the global stack, which owns replication): S3 replication configurations have at least one rule and every rule is Enabled.",
    controls: ["S3.7"],
    enforcementLevel: "mandatory",
    types: [REPLICATION],
    module: __filename,
    validate: ({ props, report }) => {
        const rules = list(get(props, "rules"));
        if (rules === UNKNOWN) return;
        if (!rules || rules.length === 0) return report("Replication configuration has no rules.");
        rules.forEach((r, i) => {
            const s = str(get(r, "status"));
            const id = str(get(r, "id"));
            if (typeof s === "string" && s !== "Enabled")
                report(`Replication rule ${typeof id === "string" ? id : i} status is "${s}"; expected "Enabled".`);
        });
    },
});

export const s3ReplicationTimeControl = resourcePolicy({
    name: "s3-replication-time-control",
    description: "Bounded RPO: every replication rule has Replication Time Control (15 minutes) and replication metrics enabled.",
    controls: ["REL.BoundedRPO"],
    enforcementLevel: "mandatory",
    types: [REPLICATION],
    module: __filename,
    validate: ({ props, report }) => {
        const rules = list(get(props, "rules"));
        if (rules === UNKNOWN || !rules) return;
        rules.forEach((r, i) => {
            const idv = str(get(r, "id"));
            const id = typeof idv === "string" ? idv : String(i);
            const rtc = str(get(r, "destination", "replicationTime", "status"));
            const minutes = get(r, "destination", "replicationTime", "time", "minutes");
            const metrics = str(get(r, "destination", "metrics", "status"));
            if (rtc !== UNKNOWN && rtc !== "Enabled")
                report(`Replication rule ${id} has no Replication Time Control (destination.replicationTime.status "Enabled").`);
            else if (rtc === "Enabled" && minutes !== UNKNOWN && minutes !== 15)
                report(`Replication rule ${id} replicationTime.time.minutes is ${String(minutes)}; expected 15.`);
            if (metrics !== UNKNOWN && metrics !== "Enabled")
                report(`Replication rule ${id} has no replication metrics (destination.metrics.status "Enabled").`);
        });
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
        for (const rc of graph.ofType(REPLICATION)) {
            // Sides the graph links: the source through `bucket`, the destinations through `rules`.
            const sides: [string, PolicyResource[]][] = [
                ["source", (rc.propertyDependencies?.bucket ?? []).filter((r) => SIDE_TYPES.includes(r.type))],
                ["destination", (rc.propertyDependencies?.rules ?? []).filter((r) => SIDE_TYPES.includes(r.type))],
            ];
            for (const [role, resources] of sides) {
                for (const side of resources) {
                    const problem = problemOf(side);
                    if (problem) report(`Replication "${rc.name}" ${role} ${sideLabel(side)} ${problem}`, rc.urn);
                }
            }
        }
    },
});
