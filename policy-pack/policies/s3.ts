/**
 * S3 controls. Bucket-level rules are stack policies that join the split companion resources to their
 * bucket through the resource graph (see `lib/s3.ts`); document-level rules are resource policies.
 */
import type { PolicyResource } from "@pulumi/policy";
import { resourcePolicy, stackPolicy } from "./lib/define";
import { type Statement, actionMatches, hasCondition, principalAccounts, principalIsPublic, statements } from "./lib/documents";
import { S3_BUCKET_TYPES } from "./lib/graph";
import { type BucketJoin, buckets, inlineValues, logDestinationBuckets, pluck, setFromOutput } from "./lib/s3";
import { UNKNOWN, bool, get, isSet, list, str } from "./lib/values";

const TEST = "tests/policies/s3.spec.ts";
const POLICY_DOC_TYPES = ["aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

/** Reads one value from every companion of `kind`. */
function values(j: BucketJoin, kind: Parameters<BucketJoin["companions"]>[0], read: (props: Record<string, unknown>) => unknown) {
    return j.companions(kind).map((c) => read(c.props));
}

// ---------------------------------------------------------------- versioning (S3.14, mission)

/**
 * The deprecated inline versioning of a bucket (`versioning.enabled` of a v7 Bucket, `versionings[].enabled`
 * of a BucketV2): see `inlineValues` for what an unknown or a "disabled" inline value proves (nothing).
 */
function inlineVersioning(j: BucketJoin): unknown[] {
    return [...inlineValues(j.bucket, "versioning", "enabled"), ...inlineValues(j.bucket, "versionings", "[]", "enabled")].map(bool);
}

/** `true` when the bucket is provably versioned (a companion with status Enabled, or a known inline `enabled`). */
function provablyVersioned(j: BucketJoin): boolean {
    return (
        values(j, "versioning", (p) => str(get(p, "versioningConfiguration", "status"))).includes("Enabled") ||
        inlineVersioning(j).includes(true)
    );
}

/** What provably keeps the bucket from being versioned (e.g. `versioning status is "Suspended"`), else `undefined`. */
function versioningProblem(j: BucketJoin): string | undefined {
    const statuses = values(j, "versioning", (p) => str(get(p, "versioningConfiguration", "status")));
    const inline = inlineVersioning(j);
    if (statuses.includes("Enabled") || inline.includes(true)) return undefined;
    if (statuses.includes(UNKNOWN) || inline.includes(UNKNOWN)) return undefined;
    const bad = statuses.find((s) => typeof s === "string");
    if (typeof bad === "string") return `versioning status is "${bad}"; expected "Enabled".`;
    if (statuses.length > 0 || !j.ambiguous("versioning")) return `has no BucketVersioning with status "Enabled".`;
    return undefined;
}

export const s3BucketVersioningEnabled = stackPolicy({
    name: "s3-bucket-versioning-enabled",
    description: "S3.14: every S3 bucket has versioning enabled (mission rule: versioning on every bucket).",
    controls: ["S3.14", "MISSION.Versioning"],
    enforcementLevel: "mandatory",
    testFile: TEST,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const problem = versioningProblem(j);
            if (problem) report(`Bucket "${j.bucket.name}" ${problem}`, j.bucket.urn);
        }
    },
});

// ---------------------------------------------------------------- encryption at rest (mission, S3.17)

const SSE_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

/**
 * The SSE algorithms configured for a bucket: its companions', then the deprecated inline property's (a v7
 * Bucket's `serverSideEncryptionConfiguration.rule`, a BucketV2's `serverSideEncryptionConfigurations[].rules[]`),
 * read as `inlineValues` says.
 */
function sseAlgorithms(j: BucketJoin): unknown[] {
    const out: unknown[] = [];
    for (const c of j.companions("encryption"))
        out.push(...pluckStrings(c.props, "rules", "[]", "applyServerSideEncryptionByDefault", "sseAlgorithm"));
    out.push(
        ...inlineValues(j.bucket, "serverSideEncryptionConfiguration", "rule", "applyServerSideEncryptionByDefault", "sseAlgorithm").map(
            str,
        ),
    );
    out.push(
        ...inlineValues(
            j.bucket,
            "serverSideEncryptionConfigurations",
            "[]",
            "rules",
            "[]",
            "applyServerSideEncryptionByDefaults",
            "[]",
            "sseAlgorithm",
        ).map(str),
    );
    return out;
}

function pluckStrings(v: unknown, ...path: string[]): unknown[] {
    return pluck(v, ...path).map(str);
}

export const s3BucketServerSideEncryption = stackPolicy({
    name: "s3-bucket-server-side-encryption",
    description: "Mission (encryption at rest): every S3 bucket has a default server-side encryption configuration.",
    controls: ["MISSION.EncryptionAtRest"],
    enforcementLevel: "mandatory",
    testFile: TEST,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const algs = sseAlgorithms(j);
            if (algs.includes(UNKNOWN)) continue;
            if (algs.some((a) => typeof a === "string" && SSE_ALGORITHMS.includes(a))) continue;
            if (algs.length === 0 && j.ambiguous("encryption")) continue;
            report(
                `Bucket "${j.bucket.name}" has no default server-side encryption (expected one of ${SSE_ALGORITHMS.join(", ")}).`,
                j.bucket.urn,
            );
        }
    },
});

export const s3BucketSseKms = stackPolicy<{ allowSseS3ForLogDestinations: boolean }>({
    name: "s3-bucket-sse-kms",
    description:
        "S3.17: S3 data buckets are encrypted with SSE-KMS (log destinations may use SSE-S3, which ALB and S3 log delivery require).",
    controls: ["S3.17"],
    enforcementLevel: "mandatory",
    config: {
        allowSseS3ForLogDestinations: {
            type: "boolean",
            default: true,
            description: "Buckets that receive ALB or S3 access logs (found through the graph) may use AES256.",
        },
    },
    testFile: TEST,
    validate: ({ graph, report, config }) => {
        const logs = config.allowSseS3ForLogDestinations ? logDestinationBuckets(graph) : new Set<PolicyResource>();
        for (const j of buckets(graph)) {
            if (logs.has(j.bucket)) continue;
            const algs = sseAlgorithms(j).filter((a) => a !== undefined);
            if (algs.length === 0 || algs.includes(UNKNOWN)) continue; // absence is s3-bucket-server-side-encryption's finding
            if (algs.some((a) => a === "aws:kms" || a === "aws:kms:dsse")) continue;
            report(`Bucket "${j.bucket.name}" uses ${String(algs[0])}; expected aws:kms or aws:kms:dsse.`, j.bucket.urn);
        }
    },
});

// ---------------------------------------------------------------- public access (S3.2, S3.3, S3.8)

const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const s3BucketPublicAccessBlocked = stackPolicy({
    name: "s3-bucket-public-access-blocked",
    description: "S3.2, S3.3, S3.8: every S3 bucket has a bucket-level public access block with all four flags true.",
    controls: ["S3.2", "S3.3", "S3.8"],
    enforcementLevel: "mandatory",
    testFile: TEST,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const blocks = j.companions("publicAccessBlock");
            if (blocks.length === 0) {
                if (!j.ambiguous("publicAccessBlock")) report(`Bucket "${j.bucket.name}" has no BucketPublicAccessBlock.`, j.bucket.urn);
                continue;
            }
            const flagsOf = (p: Record<string, unknown>) => PAB_FLAGS.map((f) => [f, bool(get(p, f))] as const);
            if (blocks.some((b) => flagsOf(b.props).every(([, v]) => v === true))) continue;
            const all = blocks.map((b) => flagsOf(b.props));
            if (all.some((fs) => fs.some(([, v]) => v === UNKNOWN))) continue;
            const off = all[0]!.filter(([, v]) => v !== true).map(([f]) => f);
            report(`Bucket "${j.bucket.name}" public access block does not set ${off.join(", ")} to true.`, j.bucket.urn);
        }
    },
});

export const s3BucketPolicyNoPublicAccess = resourcePolicy({
    name: "s3-bucket-policy-no-public-access",
    description: 'S3.2, S3.3: a bucket policy never allows access to everyone (Principal "*") without a condition.',
    controls: ["S3.2", "S3.3"],
    enforcementLevel: "mandatory",
    types: POLICY_DOC_TYPES,
    testFile: TEST,
    validate: ({ props, report }) => {
        const sts = statements(get(props, "policy"));
        if (sts === UNKNOWN || !sts) return;
        sts.forEach((st, i) => {
            if (st.effect === "Allow" && principalIsPublic(st.principal) === true && !hasCondition(st)) {
                report(`Statement ${st.sid ?? i} allows Principal "*" without a condition.`);
            }
        });
    },
});

// ---------------------------------------------------------------- TLS only (S3.5, mission in transit)

function deniesInsecureTransport(st: Statement): boolean | typeof UNKNOWN {
    if (st.effect === UNKNOWN) return UNKNOWN;
    if (st.effect !== "Deny") return false;
    const v = get(st.condition, "Bool", "aws:SecureTransport");
    if (v === UNKNOWN) return UNKNOWN;
    const vals = Array.isArray(v) ? list(v) : [v];
    if (vals === UNKNOWN || vals === undefined) return UNKNOWN;
    if (vals.some((x) => x === false || x === "false")) return true;
    return vals.includes(UNKNOWN) ? UNKNOWN : false;
}

export const s3BucketPolicyTlsOnly = stackPolicy({
    name: "s3-bucket-policy-tls-only",
    description: "S3.5: every S3 bucket policy denies requests with aws:SecureTransport = false (mission: encryption in transit).",
    controls: ["S3.5", "MISSION.EncryptionInTransit"],
    enforcementLevel: "mandatory",
    testFile: TEST,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const docs = j.companions("policy").map((c) => get(c.props, "policy"));
            docs.push(...inlineValues(j.bucket, "policy").filter((d) => d === UNKNOWN || isSet(d)));
            let unknown = false;
            let ok = false;
            for (const d of docs) {
                const sts = statements(d);
                if (sts === UNKNOWN) unknown = true;
                else
                    for (const st of sts ?? []) {
                        const r = deniesInsecureTransport(st);
                        if (r === UNKNOWN) unknown = true;
                        else if (r) ok = true;
                    }
            }
            if (ok || unknown) continue;
            if (docs.length === 0) {
                if (!j.ambiguous("policy"))
                    report(`Bucket "${j.bucket.name}" has no bucket policy denying aws:SecureTransport = false.`, j.bucket.urn);
            } else {
                report(`Bucket "${j.bucket.name}" policy does not deny aws:SecureTransport = false.`, j.bucket.urn);
            }
        }
    },
});

// ---------------------------------------------------------------- cross-account (S3.6)

const SENSITIVE_ACTIONS = [
    "s3:PutBucketPolicy",
    "s3:PutBucketAcl",
    "s3:DeleteBucketPolicy",
    "s3:PutEncryptionConfiguration",
    "s3:PutObjectAcl",
];

export const s3BucketPolicyNoCrossAccountSensitiveActions = resourcePolicy<{ trustedAccountIds: string[] }>({
    name: "s3-bucket-policy-no-cross-account-sensitive-actions",
    description:
        "S3.6: a bucket policy does not allow other accounts PutBucketPolicy, PutBucketAcl, DeleteBucketPolicy, PutEncryptionConfiguration or PutObjectAcl.",
    controls: ["S3.6"],
    enforcementLevel: "mandatory",
    types: POLICY_DOC_TYPES,
    config: {
        trustedAccountIds: {
            type: "array",
            items: { type: "string", pattern: "^\\d{12}$" },
            default: [],
            description: 'Account ids (the platform\'s own) that may hold these actions. Empty: only Principal "*" is provably foreign.',
        },
    },
    testFile: TEST,
    validate: ({ props, report, config }) => {
        const sts = statements(get(props, "policy"));
        if (sts === UNKNOWN || !sts) return;
        sts.forEach((st, i) => {
            if (st.effect !== "Allow" || st.actions === UNKNOWN || !st.actions) return;
            const granted = SENSITIVE_ACTIONS.filter(
                (a) => st.actions !== UNKNOWN && st.actions!.some((p) => p !== UNKNOWN && actionMatches(p, a)),
            );
            if (granted.length === 0) return;
            const pub = principalIsPublic(st.principal);
            const accounts = principalAccounts(st.principal);
            if (pub === UNKNOWN || accounts === UNKNOWN) return;
            const foreign = config.trustedAccountIds.length > 0 ? accounts.filter((a) => !config.trustedAccountIds.includes(a)) : [];
            if (pub) report(`Statement ${st.sid ?? i} allows ${granted.join(", ")} to Principal "*".`);
            else if (foreign.length > 0)
                report(`Statement ${st.sid ?? i} allows ${granted.join(", ")} to account(s) ${foreign.join(", ")}.`);
        });
    },
});

// ---------------------------------------------------------------- logging (S3.9)

export const s3BucketAccessLoggingEnabled = stackPolicy({
    name: "s3-bucket-access-logging-enabled",
    description: "S3.9: every S3 bucket has server access logging (exempt the log bucket itself, with a reason).",
    controls: ["S3.9"],
    enforcementLevel: "advisory",
    testFile: TEST,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const targets = values(j, "logging", (p) => get(p, "targetBucket"));
            // Inline: a v7 Bucket's `logging.targetBucket`, a BucketV2's `loggings[].targetBucket`.
            targets.push(...inlineValues(j.bucket, "logging", "targetBucket"), ...inlineValues(j.bucket, "loggings", "[]", "targetBucket"));
            if (targets.some((t) => t === UNKNOWN || isSet(t))) continue;
            if (targets.length === 0 && j.ambiguous("logging")) continue;
            report(`Bucket "${j.bucket.name}" has no server access logging (BucketLogging with a targetBucket).`, j.bucket.urn);
        }
    },
});

// ---------------------------------------------------------------- lifecycle (S3.10, S3.13)

/** A known, non-empty value (an empty list is not a lifecycle action). */
function present(v: unknown): boolean {
    const l = Array.isArray(v) ? list(v) : undefined;
    return isSet(v) && (l === undefined || (l !== UNKNOWN && l.length > 0));
}

/** The deprecated inline `lifecycleRules` of a bucket (v7 Bucket and BucketV2), read as `inlineValues` says. */
function inlineLifecycle(j: BucketJoin): boolean | typeof UNKNOWN {
    const r = hasNoncurrentRule(get(j.bucket.props, "lifecycleRules"), (rule) => {
        const e = bool(get(rule, "enabled"));
        return e === UNKNOWN ? UNKNOWN : e === true;
    });
    return r === UNKNOWN && !setFromOutput(j.bucket, "lifecycleRules") ? false : r;
}

function hasNoncurrentRule(rules: unknown, enabledOf: (r: unknown) => boolean | typeof UNKNOWN): boolean | typeof UNKNOWN {
    const l = list(rules);
    if (l === UNKNOWN) return UNKNOWN;
    let unknown = false;
    for (const r of l ?? []) {
        if (r === UNKNOWN) {
            unknown = true;
            continue;
        }
        const enabled = enabledOf(r);
        // `noncurrentVersionExpiration` (an object; a BucketV2 inline rule has `noncurrentVersionExpirations[]`)
        // or `noncurrentVersionTransitions[]`.
        const actions = ["noncurrentVersionExpiration", "noncurrentVersionExpirations", "noncurrentVersionTransitions"].map((k) =>
            get(r, k),
        );
        if (enabled === UNKNOWN || actions.includes(UNKNOWN)) unknown = true;
        else if (enabled && actions.some(present)) return true;
    }
    return unknown ? UNKNOWN : false;
}

export const s3BucketLifecycleNoncurrentVersions = stackPolicy({
    name: "s3-bucket-lifecycle-noncurrent-versions",
    description: "S3.10, S3.13: versioned S3 buckets have an enabled lifecycle rule for noncurrent versions.",
    controls: ["S3.10", "S3.13"],
    enforcementLevel: "advisory",
    testFile: TEST,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            if (!provablyVersioned(j)) continue;
            const results = values(j, "lifecycle", (p) =>
                hasNoncurrentRule(get(p, "rules"), (r) => {
                    const s = str(get(r, "status"));
                    return s === UNKNOWN ? UNKNOWN : s === "Enabled";
                }),
            );
            results.push(inlineLifecycle(j));
            if (results.includes(true) || results.includes(UNKNOWN)) continue;
            if (j.companions("lifecycle").length === 0 && j.ambiguous("lifecycle")) continue;
            report(`Bucket "${j.bucket.name}" is versioned but has no enabled lifecycle rule for noncurrent versions.`, j.bucket.urn);
        }
    },
});

// ---------------------------------------------------------------- notifications (S3.11)

export const s3BucketEventNotifications = stackPolicy({
    name: "s3-bucket-event-notifications",
    description: "S3.11: every S3 bucket has event notifications (EventBridge, SNS, SQS or Lambda).",
    controls: ["S3.11"],
    enforcementLevel: "advisory",
    testFile: TEST,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const ns = j.companions("notification");
            if (ns.length === 0) {
                if (!j.ambiguous("notification")) report(`Bucket "${j.bucket.name}" has no BucketNotification.`, j.bucket.urn);
                continue;
            }
            const configured = ns.map((n) => {
                const vals = [
                    bool(get(n.props, "eventbridge")),
                    ...["topics", "queues", "lambdaFunctions"].map((k) => list(get(n.props, k))),
                ];
                if (vals.includes(UNKNOWN)) return UNKNOWN;
                return vals[0] === true || vals.slice(1).some((v) => Array.isArray(v) && v.length > 0);
            });
            if (configured.includes(true) || configured.includes(UNKNOWN)) continue;
            report(
                `Bucket "${j.bucket.name}" BucketNotification sends no events (eventbridge, topics, queues or lambdaFunctions).`,
                j.bucket.urn,
            );
        }
    },
});

// ---------------------------------------------------------------- ACLs disabled (S3.12)

export const s3BucketAclsDisabled = stackPolicy({
    name: "s3-bucket-acls-disabled",
    description: "S3.12: every S3 bucket disables ACLs (ownership controls BucketOwnerEnforced).",
    controls: ["S3.12"],
    enforcementLevel: "mandatory",
    testFile: TEST,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const owners = values(j, "ownership", (p) => str(get(p, "rule", "objectOwnership")));
            if (owners.includes("BucketOwnerEnforced") || owners.includes(UNKNOWN)) continue;
            if (owners.length === 0) {
                if (!j.ambiguous("ownership"))
                    report(`Bucket "${j.bucket.name}" has no BucketOwnershipControls with BucketOwnerEnforced.`, j.bucket.urn);
            } else {
                report(
                    `Bucket "${j.bucket.name}" object ownership is "${String(owners[0])}"; expected "BucketOwnerEnforced".`,
                    j.bucket.urn,
                );
            }
        }
    },
});

// ---------------------------------------------------------------- replication (S3.7, bounded RPO)

const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

export const s3ReplicationRulesEnabled = resourcePolicy({
    name: "s3-replication-rules-enabled",
    description:
        "S3.7 (judged in the global stack, which owns replication): S3 replication configurations have at least one rule and every rule is Enabled.",
    controls: ["S3.7"],
    enforcementLevel: "mandatory",
    types: [REPLICATION],
    testFile: TEST,
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
    testFile: TEST,
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
    testFile: TEST,
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
    testFile: TEST,
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

// ---------------------------------------------------------------- data protected (reliability)

const KMS_KEY = "aws:kms/key:Key";

/**
 * `opts.protect` is the only resource option the engine shows a policy (a boolean, false when unset);
 * `retainOnDelete` never reaches it, so protection is judged on `protect` alone.
 */
const isProtected = (r: PolicyResource): boolean => r.opts?.protect === true;

export const dataStoresProtected = stackPolicy({
    name: "data-stores-protected",
    description:
        "Data protected: every KMS key and every data bucket (SSE-KMS) carries protect: true (the engine shows policies protect only, never retainOnDelete).",
    controls: ["REL.DataProtected"],
    enforcementLevel: "mandatory",
    testFile: TEST,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            // A bucket whose encryption is unknown is not provably a data bucket.
            const kms = sseAlgorithms(j).some((a) => a === "aws:kms" || a === "aws:kms:dsse");
            if (kms && !isProtected(j.bucket))
                report(`Bucket "${j.bucket.name}" holds data (SSE-KMS) but does not carry protect: true.`, j.bucket.urn);
        }
        // Deleting a key makes everything it encrypted unreadable: every key is a data store.
        for (const k of graph.ofType(KMS_KEY)) if (!isProtected(k)) report(`KMS key "${k.name}" does not carry protect: true.`, k.urn);
    },
});

export const s3Policies = [
    s3BucketVersioningEnabled,
    s3BucketServerSideEncryption,
    s3BucketSseKms,
    s3BucketPublicAccessBlocked,
    s3BucketPolicyNoPublicAccess,
    s3BucketPolicyTlsOnly,
    s3BucketPolicyNoCrossAccountSensitiveActions,
    s3BucketAccessLoggingEnabled,
    s3BucketLifecycleNoncurrentVersions,
    s3BucketEventNotifications,
    s3BucketAclsDisabled,
    s3ReplicationRulesEnabled,
    s3RegionalDataBucketsReplicated,
    s3ReplicationTimeControl,
    s3ReplicationBothSidesVersioned,
    dataStoresProtected,
];
