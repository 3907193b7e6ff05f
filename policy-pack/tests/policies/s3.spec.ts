import { expect } from "chai";
import * as s3 from "../../policies/s3";
import { Case, StackItem, U, checkResource, checkStack, edit, set, stackPolicySuite, without } from "../harness";

const B = "aws:s3/bucket:Bucket";
const T = {
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    logging: "aws:s3/bucketLogging:BucketLogging",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    notification: "aws:s3/bucketNotification:BucketNotification",
};

const tlsOnly = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
});

/** A bucket named `b` with every companion, linked through propertyDependencies.bucket. */
function bucket(b: string, sse: "aws:kms" | "AES256", extra: { key?: string; logTo?: string } = {}): StackItem[] {
    const dep = { bucket: [b] };
    const items: StackItem[] = [
        { type: B, name: b, props: { bucket: `${b}-123` }, protect: true },
        { type: T.versioning, name: `${b}-versioning`, props: { bucket: `${b}-123`, versioningConfiguration: { status: "Enabled" } }, propDeps: dep },
        {
            type: T.sse,
            name: `${b}-sse`,
            props: { bucket: `${b}-123`, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: sse, kmsMasterKeyId: extra.key ? "arn:aws:kms:us-east-1:111122223333:key/k" : undefined }, bucketKeyEnabled: true }] },
            propDeps: extra.key ? { ...dep, rules: [extra.key] } : dep,
        },
        { type: T.pab, name: `${b}-pab`, props: { bucket: `${b}-123`, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, propDeps: dep },
        { type: T.ownership, name: `${b}-ownership`, props: { bucket: `${b}-123`, rule: { objectOwnership: "BucketOwnerEnforced" } }, propDeps: dep },
        { type: T.policy, name: `${b}-policy`, props: { bucket: `${b}-123`, policy: tlsOnly }, propDeps: dep },
        {
            type: T.lifecycle,
            name: `${b}-lifecycle`,
            props: { bucket: `${b}-123`, rules: [{ id: "noncurrent", status: "Enabled", noncurrentVersionExpiration: { noncurrentDays: 90 } }] },
            propDeps: dep,
        },
        { type: T.notification, name: `${b}-notification`, props: { bucket: `${b}-123`, eventbridge: true }, propDeps: dep },
    ];
    if (extra.logTo) {
        items.push({ type: T.logging, name: `${b}-logging`, props: { bucket: `${b}-123`, targetBucket: `${extra.logTo}-123`, targetPrefix: "s3/" }, propDeps: { bucket: [b], targetBucket: [extra.logTo] } });
    }
    return items;
}

const KEY: StackItem = { type: "aws:kms/key:Key", name: "data-key", props: { enableKeyRotation: true, deletionWindowInDays: 30 }, protect: true };
const stack: StackItem[] = [KEY, ...bucket("data", "aws:kms", { key: "data-key", logTo: "logs" }), ...bucket("logs", "AES256")];
const logsExempt = { exemptions: [{ urnPattern: "*::aws:s3/bucket:Bucket::logs", reason: "The log bucket is the access-log destination; logging it into itself would loop." }] };

/** Sets a companion's props to unknowns (what a first preview shows for computed values). */
const unknownAll = (f: StackItem[]) => f.map((i) => (i.type === B || i.type === KEY.type ? i : { ...i, props: Object.fromEntries(Object.keys(i.props ?? {}).map((k) => [k, U.object])) }));

const cases = (...c: Case<StackItem[]>[]) => c;

stackPolicySuite(s3.s3BucketVersioningEnabled, {
    compliant: stack,
    cases: cases(
        ["status Suspended", (f) => edit(f, "data-versioning", (p) => set(p, "versioningConfiguration.status", "Suspended")), ['data: Bucket "data" versioning status is "Suspended"; expected "Enabled".']],
        ["inline versioning disabled, no companion", (f) => edit(without(f, "logs-versioning"), "logs", (p) => ({ ...p, versioning: { enabled: false } })), ['logs: Bucket "logs" has no BucketVersioning with status "Enabled".']],
        ["BucketV2 token without companion", (f) => [...f, { type: "aws:s3/bucketV2:BucketV2", name: "legacy", props: {} }], ['legacy: Bucket "legacy" has no BucketVersioning with status "Enabled".']],
    ),
    unset: ["no BucketVersioning", (f) => without(f, "data-versioning"), ['data: Bucket "data" has no BucketVersioning with status "Enabled".']],
    unknown: unknownAll,
});

describe("s3 split-resource joins", () => {
    it("accepts the deprecated inline property and the V2 companion token", () => {
        const f: StackItem[] = [
            { type: B, name: "inline", props: { versioning: { enabled: true } } },
            { type: "aws:s3/bucketV2:BucketV2", name: "v2" },
            { type: "aws:s3/bucketVersioningV2:BucketVersioningV2", name: "v2-versioning", props: { versioningConfiguration: { status: "Enabled" } }, propDeps: { bucket: ["v2"] } },
        ];
        expect(checkStack(s3.s3BucketVersioningEnabled, f)).to.deep.equal([]);
    });
    it("falls back to dependencies when no property dependencies were recorded", () => {
        const f: StackItem[] = [{ type: B, name: "b" }, { type: T.versioning, name: "v", props: { versioningConfiguration: { status: "Enabled" } }, deps: ["b"] }];
        expect(checkStack(s3.s3BucketVersioningEnabled, f)).to.deep.equal([]);
    });
    it("does not report a missing companion when some companion cannot be attributed to a bucket", () => {
        const f: StackItem[] = [{ type: B, name: "b" }, { type: T.versioning, name: "v", props: { bucket: "b-123", versioningConfiguration: { status: "Enabled" } } }];
        expect(checkStack(s3.s3BucketVersioningEnabled, f)).to.deep.equal([]);
    });
    it("never joins by bucket name", () => {
        const f: StackItem[] = [{ type: B, name: "b", props: { bucket: "same" } }, { type: B, name: "c", props: { bucket: "other" } }, { type: T.versioning, name: "v", props: { bucket: "same", versioningConfiguration: { status: "Enabled" } }, propDeps: { bucket: ["c"] } }];
        expect(checkStack(s3.s3BucketVersioningEnabled, f)).to.deep.equal(['b: Bucket "b" has no BucketVersioning with status "Enabled".']);
    });
});

stackPolicySuite(s3.s3BucketServerSideEncryption, {
    compliant: stack,
    cases: cases(["algorithm not recognised", (f) => edit(f, "data-sse", (p) => set(p, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm", "none")), ['data: Bucket "data" has no default server-side encryption (expected one of AES256, aws:kms, aws:kms:dsse).']]),
    unset: ["no encryption configuration", (f) => without(f, "logs-sse"), ['logs: Bucket "logs" has no default server-side encryption (expected one of AES256, aws:kms, aws:kms:dsse).']],
    unknown: unknownAll,
});

stackPolicySuite(s3.s3BucketSseKms, {
    compliant: stack,
    cases: cases(
        ["data bucket on AES256", (f) => edit(f, "data-sse", (p) => set(p, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm", "AES256")), ['data: Bucket "data" uses AES256; expected aws:kms or aws:kms:dsse.']],
        ["log bucket on AES256 when log destinations are not allowed SSE-S3", (f) => f, ['logs: Bucket "logs" uses AES256; expected aws:kms or aws:kms:dsse.']],
    ).map(([l, m, e], i) => (i === 1 ? ([l, (f: StackItem[]) => without(m(f), "data-logging"), e] as Case<StackItem[]>) : ([l, m, e] as Case<StackItem[]>))),
    unset: ["no encryption configuration (reported by s3-bucket-server-side-encryption instead)", (f) => without(f, "data-sse"), []],
    unknown: unknownAll,
});

stackPolicySuite(s3.s3BucketPublicAccessBlocked, {
    compliant: stack,
    cases: cases(
        ["blockPublicPolicy false", (f) => edit(f, "data-pab", (p) => set(p, "blockPublicPolicy", false)), ['data: Bucket "data" public access block does not set blockPublicPolicy to true.']],
        ["two flags off", (f) => edit(f, "logs-pab", (p) => set(set(p, "ignorePublicAcls", false), "restrictPublicBuckets", undefined)), ['logs: Bucket "logs" public access block does not set ignorePublicAcls, restrictPublicBuckets to true.']],
    ),
    unset: ["no public access block", (f) => without(f, "data-pab"), ['data: Bucket "data" has no BucketPublicAccessBlock.']],
    unknown: unknownAll,
});

stackPolicySuite(s3.s3BucketPolicyTlsOnly, {
    compliant: stack,
    cases: cases(
        ["Allow instead of Deny", (f) => edit(f, "data-policy", (p) => ({ ...p, policy: tlsOnly.replace('"Deny"', '"Allow"') })), ['data: Bucket "data" policy does not deny aws:SecureTransport = false.']],
        ["condition true", (f) => edit(f, "data-policy", (p) => ({ ...p, policy: JSON.parse(tlsOnly.replace('"false"', '"true"')) })), ['data: Bucket "data" policy does not deny aws:SecureTransport = false.']],
    ),
    unset: ["no bucket policy", (f) => without(f, "logs-policy"), ['logs: Bucket "logs" has no bucket policy denying aws:SecureTransport = false.']],
    unknown: unknownAll,
});

stackPolicySuite(s3.s3BucketAccessLoggingEnabled, {
    compliant: stack,
    config: logsExempt,
    cases: cases(["empty targetBucket", (f) => edit(f, "data-logging", (p) => set(p, "targetBucket", "")), ['data: Bucket "data" has no server access logging (BucketLogging with a targetBucket).']]),
    unset: ["no BucketLogging", (f) => without(f, "data-logging"), ['data: Bucket "data" has no server access logging (BucketLogging with a targetBucket).']],
    unknown: unknownAll,
});

describe("exemptions", () => {
    it("without the exemption the log bucket is reported", () => {
        expect(checkStack(s3.s3BucketAccessLoggingEnabled, stack)).to.deep.equal(['logs: Bucket "logs" has no server access logging (BucketLogging with a targetBucket).']);
    });
});

stackPolicySuite(s3.s3BucketLifecycleNoncurrentVersions, {
    compliant: stack,
    cases: cases(
        ["rule disabled", (f) => edit(f, "data-lifecycle", (p) => set(p, "rules.0.status", "Disabled")), ['data: Bucket "data" is versioned but has no enabled lifecycle rule for noncurrent versions.']],
        ["rule without noncurrent action", (f) => edit(f, "logs-lifecycle", (p) => set(p, "rules.0.noncurrentVersionExpiration", undefined)), ['logs: Bucket "logs" is versioned but has no enabled lifecycle rule for noncurrent versions.']],
    ),
    unset: ["no lifecycle configuration", (f) => without(f, "data-lifecycle"), ['data: Bucket "data" is versioned but has no enabled lifecycle rule for noncurrent versions.']],
    unknown: unknownAll,
});

stackPolicySuite(s3.s3BucketEventNotifications, {
    compliant: stack,
    cases: cases(["eventbridge false and no targets", (f) => edit(f, "data-notification", (p) => set(p, "eventbridge", false)), ['data: Bucket "data" BucketNotification sends no events (eventbridge, topics, queues or lambdaFunctions).']]),
    unset: ["no BucketNotification", (f) => without(f, "logs-notification"), ['logs: Bucket "logs" has no BucketNotification.']],
    unknown: unknownAll,
});

stackPolicySuite(s3.s3BucketAclsDisabled, {
    compliant: stack,
    cases: cases(["ObjectWriter", (f) => edit(f, "data-ownership", (p) => set(p, "rule.objectOwnership", "ObjectWriter")), ['data: Bucket "data" object ownership is "ObjectWriter"; expected "BucketOwnerEnforced".']]),
    unset: ["no ownership controls", (f) => without(f, "data-ownership"), ['data: Bucket "data" has no BucketOwnershipControls with BucketOwnerEnforced.']],
    unknown: unknownAll,
});

stackPolicySuite(s3.dataStoresProtected, {
    compliant: stack,
    cases: cases(
        ["data bucket not protected", (f) => f.map((i) => (i.name === "data" ? { ...i, protect: false } : i)), ['data: Bucket "data" holds data but is neither protect nor retainOnDelete.']],
        ["data key not protected", (f) => f.map((i) => (i.name === "data-key" ? { ...i, protect: false } : i)), ['data-key: Key "data-key" holds data but is neither protect nor retainOnDelete.']],
    ),
    unset: ["protection not visible in the recorded resources: not provable, not reported", (f) => f.map((i) => ({ ...i, protect: undefined })), []],
    unknown: unknownAll,
});

// ---- document policies (resource policies on BucketPolicy and inline Bucket.policy)

const publicRead = (cond?: object) => JSON.stringify({ Statement: [{ Sid: "Public", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*", ...(cond ? { Condition: cond } : {}) }] });

describe("s3-bucket-policy-no-public-access", () => {
    const p = s3.s3BucketPolicyNoPublicAccess;
    it("compliant: TLS-only policy", () => expect(checkResource(p, T.policy, { policy: tlsOnly })).to.deep.equal([]));
    it("non-compliant 1: public read", () => expect(checkResource(p, T.policy, { policy: publicRead() })).to.deep.equal(['Statement Public allows Principal "*" without a condition.']));
    it('non-compliant 2: { AWS: "*" } on the inline bucket policy', () =>
        expect(checkResource(p, B, { policy: publicRead().replace('"Principal":"*"', '"Principal":{"AWS":["*"]}') })).to.deep.equal(['Statement Public allows Principal "*" without a condition.']));
    it("compliant with a condition", () => expect(checkResource(p, T.policy, { policy: publicRead({ StringEquals: { "aws:SourceVpce": "vpce-1" } }) })).to.deep.equal([]));
    it("unset: no policy", () => expect(checkResource(p, B, {})).to.deep.equal([]));
    it("unknown at preview", () => expect(checkResource(p, T.policy, { policy: U.string }, { unknown: true })).to.deep.equal([]));
});

describe("s3-bucket-policy-no-cross-account-sensitive-actions", () => {
    const p = s3.s3BucketPolicyNoCrossAccountSensitiveActions;
    const doc = (principal: unknown, action: unknown) => JSON.stringify({ Statement: [{ Sid: "X", Effect: "Allow", Principal: principal, Action: action, Resource: "*", Condition: { Bool: { x: "y" } } }] });
    it("compliant: own account", () => expect(checkResource(p, T.policy, { policy: doc({ AWS: "arn:aws:iam::111122223333:root" }, "s3:PutBucketPolicy") }, { config: { trustedAccountIds: ["111122223333"] } })).to.deep.equal([]));
    it("non-compliant 1: public principal with s3:*", () =>
        expect(checkResource(p, T.policy, { policy: doc("*", "s3:*") })).to.deep.equal(['Statement X allows s3:PutBucketPolicy, s3:PutBucketAcl, s3:DeleteBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl to Principal "*".']));
    it("non-compliant 2: foreign account", () =>
        expect(checkResource(p, T.policy, { policy: doc({ AWS: ["arn:aws:iam::444455556666:root"] }, ["s3:PutObjectAcl"]) }, { config: { trustedAccountIds: ["111122223333"] } })).to.deep.equal(["Statement X allows s3:PutObjectAcl to account(s) 444455556666."]));
    it("unset: no trusted accounts configured, only public principals are provably foreign", () => expect(checkResource(p, T.policy, { policy: doc({ AWS: "444455556666" }, "s3:PutBucketAcl") })).to.deep.equal([]));
    it("unknown at preview", () => expect(checkResource(p, T.policy, { policy: JSON.parse(doc(U.string, "s3:*")) }, { unknown: true })).to.deep.equal([]));
});

const replication = {
    role: "arn:aws:iam::111122223333:role/replication",
    rules: [{ id: "to-eu", status: "Enabled", destination: { bucket: "arn:aws:s3:::dst", replicationTime: { status: "Enabled", time: { minutes: 15 } }, metrics: { status: "Enabled", eventThreshold: { minutes: 15 } } } }],
};
const R = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

describe("s3-replication-rules-enabled", () => {
    const p = s3.s3ReplicationRulesEnabled;
    it("compliant", () => expect(checkResource(p, R, replication)).to.deep.equal([]));
    it("non-compliant 1: rule disabled", () => expect(checkResource(p, R, set(replication, "rules.0.status", "Disabled"))).to.deep.equal(['Replication rule to-eu status is "Disabled"; expected "Enabled".']));
    it("unset: no rules", () => expect(checkResource(p, R, set(replication, "rules", undefined))).to.deep.equal(["Replication configuration has no rules."]));
    it("unknown at preview", () => expect(checkResource(p, R, { rules: [{ id: "x", status: U.string }] }, { unknown: true })).to.deep.equal([]));
});

describe("s3-replication-time-control", () => {
    const p = s3.s3ReplicationTimeControl;
    it("compliant", () => expect(checkResource(p, R, replication)).to.deep.equal([]));
    it("non-compliant 1: RTC disabled", () =>
        expect(checkResource(p, R, set(replication, "rules.0.destination.replicationTime.status", "Disabled"))).to.deep.equal(['Replication rule to-eu has no Replication Time Control (destination.replicationTime.status "Enabled").']));
    it("non-compliant 2: minutes 30", () => expect(checkResource(p, R, set(replication, "rules.0.destination.replicationTime.time.minutes", 30))).to.deep.equal(["Replication rule to-eu replicationTime.time.minutes is 30; expected 15."]));
    it("non-compliant 3: metrics disabled", () =>
        expect(checkResource(p, R, set(replication, "rules.0.destination.metrics.status", "Disabled"))).to.deep.equal(['Replication rule to-eu has no replication metrics (destination.metrics.status "Enabled").']));
    it("unset: no replicationTime or metrics", () =>
        expect(checkResource(p, R, set(set(replication, "rules.0.destination.replicationTime", undefined), "rules.0.destination.metrics", undefined))).to.deep.equal([
            'Replication rule to-eu has no Replication Time Control (destination.replicationTime.status "Enabled").',
            'Replication rule to-eu has no replication metrics (destination.metrics.status "Enabled").',
        ]));
    it("unknown at preview", () => expect(checkResource(p, R, { rules: [{ id: "x", destination: U.object }] }, { unknown: true })).to.deep.equal([]));
});
