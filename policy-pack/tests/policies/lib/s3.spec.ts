import { expect } from "chai";
import * as s3 from "../../../policies/s3";
import { type StackItem, U, checkStack, edit, without } from "../../harness";
import { B, T, tlsOnly, stack, logsExempt, unknownAll, COMPUTED_INLINE } from "../s3/fixtures";

describe("s3 split-resource joins", () => {
    it("accepts the deprecated inline property and the V2 companion token", () => {
        const f: StackItem[] = [
            { type: B, name: "inline", props: { versioning: { enabled: true } } },
            { type: "aws:s3/bucketV2:BucketV2", name: "v2" },
            {
                type: "aws:s3/bucketVersioningV2:BucketVersioningV2",
                name: "v2-versioning",
                props: { versioningConfiguration: { status: "Enabled" } },
                propDeps: { bucket: ["v2"] },
            },
        ];
        expect(checkStack(s3.s3BucketVersioningEnabled, f)).to.deep.equal([]);
    });
    it("falls back to dependencies when no property dependencies were recorded", () => {
        const f: StackItem[] = [
            { type: B, name: "b" },
            { type: T.versioning, name: "v", props: { versioningConfiguration: { status: "Enabled" } }, deps: ["b"] },
        ];
        expect(checkStack(s3.s3BucketVersioningEnabled, f)).to.deep.equal([]);
    });
    it("an unlinked companion (a literal name, an auto-named bucket) silences no bucket: the buckets are judged and the companion reported", () => {
        const f: StackItem[] = [
            ...without(stack, "data-versioning"),
            { type: B, name: "auto", props: {} },
            { type: T.versioning, name: "stray", props: { bucket: "b-123", versioningConfiguration: { status: "Enabled" } } },
        ];
        expect(checkStack(s3.s3BucketVersioningEnabled, f)).to.deep.equal([
            'data: Bucket "data" has no BucketVersioning with status "Enabled".',
            'auto: Bucket "auto" has no BucketVersioning with status "Enabled".',
            `stray: BucketVersioning "stray" (bucket "b-123") cannot be linked to a bucket of this stack, so it counts for none: set its bucket from the Bucket resource's output (bucket.id or bucket.bucket), not a name.`,
        ]);
    });
    it("a companion without a graph link whose known name is a bucket's known name (a literal or a variable) is that bucket's", () => {
        const f: StackItem[] = [
            { type: B, name: "b", props: { bucket: "b-123" } },
            { type: T.versioning, name: "v", props: { bucket: "b-123", versioningConfiguration: { status: "Enabled" } } },
        ];
        expect(checkStack(s3.s3BucketVersioningEnabled, f)).to.deep.equal([]);
    });
    it("a companion of a bucket not created in the stack (a name no bucket has, every name known) is not unlinked", () => {
        const f: StackItem[] = [
            ...stack,
            { type: T.versioning, name: "ext-versioning", props: { bucket: "ext", versioningConfiguration: { status: "Enabled" } } },
        ];
        expect(checkStack(s3.s3BucketVersioningEnabled, f)).to.deep.equal([]);
    });
    it("a companion linked through the graph to another stack's bucket (a StackReference output) is not unlinked", () => {
        const f: StackItem[] = [
            ...stack,
            { type: "pulumi:pulumi:StackReference", name: "org/storage/prod", props: { outputs: { bucketName: "ext" } } },
            { type: B, name: "auto", props: {} },
            {
                type: T.pab,
                name: "ext-pab",
                props: {
                    bucket: U.string,
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                },
                propDeps: { bucket: ["org/storage/prod"] },
            },
        ];
        expect(checkStack(s3.s3BucketPublicAccessBlocked, f)).to.deep.equal(['auto: Bucket "auto" has no BucketPublicAccessBlock.']);
    });
    it("never joins by bucket name", () => {
        const f: StackItem[] = [
            { type: B, name: "b", props: { bucket: "same" } },
            { type: B, name: "c", props: { bucket: "other" } },
            {
                type: T.versioning,
                name: "v",
                props: { bucket: "same", versioningConfiguration: { status: "Enabled" } },
                propDeps: { bucket: ["c"] },
            },
        ];
        expect(checkStack(s3.s3BucketVersioningEnabled, f)).to.deep.equal(['b: Bucket "b" has no BucketVersioning with status "Enabled".']);
    });
});

const BUCKET_POLICIES = [
    s3.s3BucketVersioningEnabled,
    s3.s3BucketServerSideEncryption,
    s3.s3BucketSseKms,
    s3.s3BucketPublicAccessBlocked,
    s3.s3BucketPolicyTlsOnly,
    s3.s3BucketAccessLoggingEnabled,
    s3.s3BucketLifecycleNoncurrentVersions,
    s3.s3BucketEventNotifications,
    s3.s3BucketAclsDisabled,
];

describe("s3 bucket policies: unknowns", () => {
    for (const p of BUCKET_POLICIES) {
        it(`${p.name}: every companion property unknown: neither throws nor reports`, () => {
            expect(checkStack(p, unknownAll(stack), { unknown: true, config: logsExempt })).to.deep.equal([]);
        });
    }
});

describe("s3 deprecated inline bucket properties", () => {
    const V2 = "aws:s3/bucketV2:BucketV2";
    /** A bucket configured only inline, with the four other companions the other policies need. */
    const inlineOnly = (type: string, props: Record<string, unknown>, propDeps?: Record<string, string[]>): StackItem[] => [
        { type: "aws:ssm/parameter:Parameter", name: "cfg", props: {} },
        { type, name: "b", props, propDeps },
    ];
    const run = (p: (typeof BUCKET_POLICIES)[number], f: StackItem[], unknown = false) => checkStack(p, f, { unknown });

    it("a value the program set from an output (it has a property dependency) stays unprovable while unknown", () => {
        const f = inlineOnly(
            B,
            { versioning: U.object, lifecycleRules: U.array, logging: U.object, policy: U.string },
            { versioning: ["cfg"], lifecycleRules: ["cfg"], logging: ["cfg"], policy: ["cfg"] },
        );
        for (const p of [s3.s3BucketVersioningEnabled, s3.s3BucketAccessLoggingEnabled, s3.s3BucketPolicyTlsOnly])
            expect(run(p, f, true), p.name).to.deep.equal([]);
    });

    it("a computed value (no property dependency) unknown on a create preview counts as not configured inline", () => {
        const f = inlineOnly(B, { bucket: U.string, ...COMPUTED_INLINE });
        expect(run(s3.s3BucketVersioningEnabled, f, true)).to.deep.equal(['b: Bucket "b" has no BucketVersioning with status "Enabled".']);
        expect(run(s3.s3BucketServerSideEncryption, f, true)).to.deep.equal([
            `b: Bucket "b" has no explicit default encryption configuration; S3's implicit SSE-S3 default does not count. Expected a BucketServerSideEncryptionConfiguration with a customer managed KMS key (aws:kms or aws:kms:dsse and a kmsMasterKeyId), or AES256 on a log destination (see s3-bucket-sse-kms).`,
        ]);
        expect(run(s3.s3BucketAccessLoggingEnabled, f, true)).to.deep.equal([
            'b: Bucket "b" has no server access logging (BucketLogging with a targetBucket).',
        ]);
        expect(run(s3.s3BucketPolicyTlsOnly, f, true)).to.deep.equal([
            'b: Bucket "b" has no bucket policy denying aws:SecureTransport = false.',
        ]);
    });

    it("a known positive v7 Bucket inline value is evidence", () => {
        const f = inlineOnly(B, {
            versioning: { enabled: true, mfaDelete: false },
            serverSideEncryptionConfiguration: {
                rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "k" } },
            },
            logging: { targetBucket: "logs", targetPrefix: "b/" },
            lifecycleRules: [{ id: "n", enabled: true, noncurrentVersionExpiration: { days: 30 } }],
            policy: tlsOnly,
        });
        for (const p of [
            s3.s3BucketVersioningEnabled,
            s3.s3BucketServerSideEncryption,
            s3.s3BucketSseKms,
            s3.s3BucketAccessLoggingEnabled,
            s3.s3BucketLifecycleNoncurrentVersions,
            s3.s3BucketPolicyTlsOnly,
        ]) {
            expect(run(p, f), p.name).to.deep.equal([]);
        }
    });

    it("reads the deprecated BucketV2 plural forms (versionings[], serverSideEncryptionConfigurations[], loggings[], lifecycleRules[])", () => {
        const f = inlineOnly(V2, {
            versionings: [{ enabled: true, mfaDelete: false }],
            serverSideEncryptionConfigurations: [
                {
                    rules: [
                        { applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms", kmsMasterKeyId: "k" }], bucketKeyEnabled: true },
                    ],
                },
            ],
            loggings: [{ targetBucket: "logs", targetPrefix: "b/" }],
            lifecycleRules: [{ id: "n", enabled: true, noncurrentVersionExpirations: [{ days: 30 }] }],
        });
        for (const p of [
            s3.s3BucketVersioningEnabled,
            s3.s3BucketServerSideEncryption,
            s3.s3BucketSseKms,
            s3.s3BucketAccessLoggingEnabled,
            s3.s3BucketLifecycleNoncurrentVersions,
        ]) {
            expect(run(p, f), p.name).to.deep.equal([]);
        }
        const off = inlineOnly(V2, {
            versionings: [{ enabled: false }],
            serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "AES256" }] }] }],
            loggings: [],
        });
        expect(run(s3.s3BucketVersioningEnabled, off)).to.deep.equal(['b: Bucket "b" has no BucketVersioning with status "Enabled".']);
        expect(run(s3.s3BucketSseKms, off)).to.deep.equal(['b: Bucket "b" uses AES256; expected aws:kms or aws:kms:dsse.']);
        expect(run(s3.s3BucketAccessLoggingEnabled, off)).to.deep.equal([
            'b: Bucket "b" has no server access logging (BucketLogging with a targetBucket).',
        ]);
        const noncurrentless = inlineOnly(V2, {
            versionings: [{ enabled: true }],
            lifecycleRules: [{ id: "n", enabled: true, noncurrentVersionExpirations: [] }],
        });
        expect(run(s3.s3BucketLifecycleNoncurrentVersions, noncurrentless)).to.deep.equal([
            'b: Bucket "b" is versioned but has no enabled lifecycle rule for noncurrent versions.',
        ]);
    });

    it("a known disabled inline value read back after creation is stale next to a companion: the companion decides", () => {
        const f = edit(stack, "data", (p) => ({
            ...p,
            versioning: { enabled: false, mfaDelete: false },
            logging: {},
            lifecycleRules: [],
            serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } },
        }));
        for (const p of BUCKET_POLICIES) expect(checkStack(p, f, { config: logsExempt }), p.name).to.deep.equal([]);
    });

    it("a known disabled inline value next to an unlinked companion: the bucket is judged (no companion of its own), the companion reported", () => {
        const f: StackItem[] = [
            { type: B, name: "b", props: { versioning: { enabled: false } } },
            { type: T.versioning, name: "v", props: { bucket: "b-123", versioningConfiguration: { status: "Enabled" } } },
        ];
        expect(checkStack(s3.s3BucketVersioningEnabled, f)).to.deep.equal([
            'b: Bucket "b" has no BucketVersioning with status "Enabled".',
            `v: BucketVersioning "v" (bucket "b-123") cannot be linked to a bucket of this stack, so it counts for none: set its bucket from the Bucket resource's output (bucket.id or bucket.bucket), not a name.`,
        ]);
    });
});

describe("s3 bucket policies: each reports the unlinked companions of its own kind, and only those", () => {
    const byKind: [policy: (typeof BUCKET_POLICIES)[number], type: string][] = [
        [s3.s3BucketVersioningEnabled, T.versioning],
        [s3.s3BucketServerSideEncryption, T.sse],
        [s3.s3BucketPublicAccessBlocked, T.pab],
        [s3.s3BucketPolicyTlsOnly, T.policy],
        [s3.s3BucketAccessLoggingEnabled, T.logging],
        [s3.s3BucketLifecycleNoncurrentVersions, T.lifecycle],
        [s3.s3BucketEventNotifications, T.notification],
        [s3.s3BucketAclsDisabled, T.ownership],
    ];
    for (const [policy, type] of byKind) {
        const kind = type.split(":").pop();
        it(`${policy.name}: a ${kind} whose bucket is not known and not linked`, () => {
            // Every name of the stack's buckets is known, but the strays' own is not: each may be any bucket's. Their
            // content is compliant (a copy of the data bucket's companions), so only the link is reported.
            const strays: StackItem[] = stack
                .filter((i) => i.name.startsWith("data-") && i.name !== "data-key")
                .map((i) => ({ type: i.type, name: `stray-${i.type.split(":").pop()}`, props: { ...i.props, bucket: U.string } }));
            expect(strays.map((i) => i.type)).to.have.members(byKind.map(([, t]) => t));
            expect(checkStack(policy, [...stack, ...strays], { config: logsExempt })).to.deep.equal([
                `stray-${kind}: ${kind} "stray-${kind}" (bucket not known) cannot be linked to a bucket of this stack, so it counts for none: set its bucket from the Bucket resource's output (bucket.id or bucket.bucket), not a name.`,
            ]);
        });
    }
});

describe("s3-bucket-lifecycle-noncurrent-versions: inline rules of an unversioned bucket", () => {
    it("a v7 Bucket's inline expiration rule counts, a BucketV2's disabled one does not", () => {
        expect(
            checkStack(s3.s3BucketLifecycleNoncurrentVersions, [
                { type: B, name: "b", props: { lifecycleRules: [{ id: "e", enabled: true, expiration: { days: 30 } }] } },
            ]),
        ).to.deep.equal([]);
        expect(
            checkStack(s3.s3BucketLifecycleNoncurrentVersions, [
                {
                    type: "aws:s3/bucketV2:BucketV2",
                    name: "v2",
                    props: { lifecycleRules: [{ id: "e", enabled: false, expirations: [{ days: 30 }] }] },
                },
            ]),
        ).to.deep.equal([
            'v2: Bucket "v2" has no enabled lifecycle rule (S3.13: an expiration, transition, abort-incomplete-multipart-upload or noncurrent-version action).',
        ]);
    });
});
