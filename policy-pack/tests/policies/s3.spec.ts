import { expect } from "chai";
import * as s3 from "../../policies/s3";
import {
    type Case,
    type StackItem,
    U,
    checkResource,
    checkStack,
    edit,
    resourcePolicySuite,
    set,
    stackPolicySuite,
    without,
} from "../harness";

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
    Statement: [
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ],
});

/** A bucket named `b` with every companion, linked through propertyDependencies.bucket. */
function bucket(b: string, sse: "aws:kms" | "AES256", extra: { key?: string; logTo?: string } = {}): StackItem[] {
    const dep = { bucket: [b] };
    const items: StackItem[] = [
        { type: B, name: b, props: { bucket: `${b}-123` }, protect: true },
        {
            type: T.versioning,
            name: `${b}-versioning`,
            props: { bucket: `${b}-123`, versioningConfiguration: { status: "Enabled" } },
            propDeps: dep,
        },
        {
            type: T.sse,
            name: `${b}-sse`,
            props: {
                bucket: `${b}-123`,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: sse,
                            kmsMasterKeyId: extra.key ? "arn:aws:kms:us-east-1:111122223333:key/k" : undefined,
                        },
                        bucketKeyEnabled: true,
                    },
                ],
            },
            propDeps: extra.key ? { ...dep, rules: [extra.key] } : dep,
        },
        {
            type: T.pab,
            name: `${b}-pab`,
            props: {
                bucket: `${b}-123`,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            propDeps: dep,
        },
        {
            type: T.ownership,
            name: `${b}-ownership`,
            props: { bucket: `${b}-123`, rule: { objectOwnership: "BucketOwnerEnforced" } },
            propDeps: dep,
        },
        { type: T.policy, name: `${b}-policy`, props: { bucket: `${b}-123`, policy: tlsOnly }, propDeps: dep },
        {
            type: T.lifecycle,
            name: `${b}-lifecycle`,
            props: {
                bucket: `${b}-123`,
                rules: [{ id: "noncurrent", status: "Enabled", noncurrentVersionExpiration: { noncurrentDays: 90 } }],
            },
            propDeps: dep,
        },
        { type: T.notification, name: `${b}-notification`, props: { bucket: `${b}-123`, eventbridge: true }, propDeps: dep },
    ];
    if (extra.logTo) {
        items.push({
            type: T.logging,
            name: `${b}-logging`,
            props: { bucket: `${b}-123`, targetBucket: `${extra.logTo}-123`, targetPrefix: "s3/" },
            propDeps: { bucket: [b], targetBucket: [extra.logTo] },
        });
    }
    return items;
}

const KEY: StackItem = {
    type: "aws:kms/key:Key",
    name: "data-key",
    props: { enableKeyRotation: true, deletionWindowInDays: 30 },
    protect: true,
};
const stack: StackItem[] = [KEY, ...bucket("data", "aws:kms", { key: "data-key", logTo: "logs" }), ...bucket("logs", "AES256")];
const logsExempt = {
    exemptions: [
        {
            urnPattern: "*::aws:s3/bucket:Bucket::logs",
            reason: "The log bucket is the access-log destination; logging it into itself would loop.",
        },
    ],
};

/** Sets every companion property to unknown (harsher than any real preview). */
const unknownAll = (f: StackItem[]) =>
    f.map((i) =>
        i.type === B || i.type === KEY.type ? i : { ...i, props: Object.fromEntries(Object.keys(i.props ?? {}).map((k) => [k, U.object])) },
    );

/**
 * What a v7 `aws:s3/bucket:Bucket` shows on a create preview: the provider computes the deprecated inline
 * properties (it reads them back from S3), so they are unknown although the program never set them.
 */
const COMPUTED_INLINE = {
    versioning: U.object,
    serverSideEncryptionConfiguration: U.object,
    logging: U.object,
    lifecycleRules: U.array,
    policy: U.string,
    acl: U.string,
    grants: U.array,
    corsRules: U.array,
    website: U.object,
    replicationConfiguration: U.object,
    objectLockConfiguration: U.object,
    accelerationStatus: U.string,
    requestPayer: U.string,
};

/**
 * The realistic first preview of a fixture: each bucket's `bucket`/`arn` and its computed inline properties
 * unknown; companions known, except what they take from the bucket (its name, the policy naming its ARN), the
 * log bucket's name and the KMS key's ARN.
 */
const firstPreview = (f: StackItem[]): StackItem[] =>
    f.map((i) => {
        if (i.type === B) return { ...i, props: { ...i.props, bucket: U.string, arn: U.string, id: U.string, ...COMPUTED_INLINE } };
        if (i.type === KEY.type) return { ...i, props: { ...i.props, arn: U.string, keyId: U.string } };
        let p: Record<string, unknown> = { ...i.props, bucket: U.string };
        if (i.type === T.policy) p = { ...p, policy: U.string };
        if (i.type === T.logging) p = { ...p, targetBucket: U.string };
        if (i.type === T.sse && i.propDeps?.rules) p = set(p, "rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId", U.string);
        return { ...i, props: p };
    });

const cases = (...c: Case<StackItem[]>[]) => c;

stackPolicySuite(s3.s3BucketVersioningEnabled, {
    compliant: stack,
    cases: cases(
        [
            "status Suspended",
            (f) => edit(f, "data-versioning", (p) => set(p, "versioningConfiguration.status", "Suspended")),
            ['data: Bucket "data" versioning status is "Suspended"; expected "Enabled".'],
        ],
        [
            "inline versioning disabled, no companion",
            (f) => edit(without(f, "logs-versioning"), "logs", (p) => ({ ...p, versioning: { enabled: false } })),
            ['logs: Bucket "logs" has no BucketVersioning with status "Enabled".'],
        ],
        [
            "BucketV2 token without companion",
            (f) => [...f, { type: "aws:s3/bucketV2:BucketV2", name: "legacy", props: {} }],
            ['legacy: Bucket "legacy" has no BucketVersioning with status "Enabled".'],
        ],
    ),
    unset: [
        "no BucketVersioning",
        (f) => without(f, "data-versioning"),
        ['data: Bucket "data" has no BucketVersioning with status "Enabled".'],
    ],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview without the data bucket's BucketVersioning",
        firstPreview(without(stack, "data-versioning")),
        ['data: Bucket "data" has no BucketVersioning with status "Enabled".'],
    ],
});

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
    it("does not report a missing companion when some companion cannot be attributed to a bucket", () => {
        const f: StackItem[] = [
            { type: B, name: "b" },
            { type: T.versioning, name: "v", props: { bucket: "b-123", versioningConfiguration: { status: "Enabled" } } },
        ];
        expect(checkStack(s3.s3BucketVersioningEnabled, f)).to.deep.equal([]);
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

stackPolicySuite(s3.s3BucketServerSideEncryption, {
    compliant: stack,
    cases: cases([
        "algorithm not recognised",
        (f) => edit(f, "data-sse", (p) => set(p, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm", "none")),
        ['data: Bucket "data" has no default server-side encryption (expected one of AES256, aws:kms, aws:kms:dsse).'],
    ]),
    unset: [
        "no encryption configuration",
        (f) => without(f, "logs-sse"),
        ['logs: Bucket "logs" has no default server-side encryption (expected one of AES256, aws:kms, aws:kms:dsse).'],
    ],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview without the log bucket's encryption configuration",
        firstPreview(without(stack, "logs-sse")),
        ['logs: Bucket "logs" has no default server-side encryption (expected one of AES256, aws:kms, aws:kms:dsse).'],
    ],
});

stackPolicySuite(s3.s3BucketSseKms, {
    compliant: stack,
    cases: cases(
        [
            "data bucket on AES256",
            (f) => edit(f, "data-sse", (p) => set(p, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm", "AES256")),
            ['data: Bucket "data" uses AES256; expected aws:kms or aws:kms:dsse.'],
        ],
        [
            "the AES256 log bucket once no BucketLogging targets it (not a log destination)",
            (f) => without(f, "data-logging"),
            ['logs: Bucket "logs" uses AES256; expected aws:kms or aws:kms:dsse.'],
        ],
        [
            "after creation: no encryption configuration, the provider reads back S3's default AES256 inline",
            (f) =>
                edit(without(f, "data-sse"), "data", (p) => ({
                    ...p,
                    serverSideEncryptionConfiguration: {
                        rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false },
                    },
                })),
            ['data: Bucket "data" uses AES256; expected aws:kms or aws:kms:dsse.'],
        ],
    ),
    unset: ["no encryption configuration (reported by s3-bucket-server-side-encryption instead)", (f) => without(f, "data-sse"), []],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview with the data bucket's encryption configuration on AES256",
        firstPreview(edit(stack, "data-sse", (p) => set(p, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm", "AES256"))),
        ['data: Bucket "data" uses AES256; expected aws:kms or aws:kms:dsse.'],
    ],
});

describe("s3-bucket-sse-kms: allowSseS3ForLogDestinations false", () => {
    it("reports the log destination on AES256 too", () => {
        expect(checkStack(s3.s3BucketSseKms, stack, { config: { allowSseS3ForLogDestinations: false } })).to.deep.equal([
            'logs: Bucket "logs" uses AES256; expected aws:kms or aws:kms:dsse.',
        ]);
    });
});

stackPolicySuite(s3.s3BucketPublicAccessBlocked, {
    compliant: stack,
    cases: cases(
        [
            "blockPublicPolicy false",
            (f) => edit(f, "data-pab", (p) => set(p, "blockPublicPolicy", false)),
            ['data: Bucket "data" public access block does not set blockPublicPolicy to true.'],
        ],
        [
            "two flags off",
            (f) => edit(f, "logs-pab", (p) => set(set(p, "ignorePublicAcls", false), "restrictPublicBuckets", undefined)),
            ['logs: Bucket "logs" public access block does not set ignorePublicAcls, restrictPublicBuckets to true.'],
        ],
    ),
    unset: ["no public access block", (f) => without(f, "data-pab"), ['data: Bucket "data" has no BucketPublicAccessBlock.']],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview with one public access block's flags unknown and the other bucket's missing",
        edit(firstPreview(without(stack, "data-pab")), "logs-pab", (p) => ({
            ...p,
            blockPublicAcls: U.boolean,
            restrictPublicBuckets: U.boolean,
        })),
        ['data: Bucket "data" has no BucketPublicAccessBlock.'],
    ],
});

stackPolicySuite(s3.s3BucketPolicyTlsOnly, {
    compliant: stack,
    cases: cases(
        [
            "Allow instead of Deny",
            (f) => edit(f, "data-policy", (p) => ({ ...p, policy: tlsOnly.replace('"Deny"', '"Allow"') })),
            ['data: Bucket "data" policy does not deny aws:SecureTransport = false.'],
        ],
        [
            "condition true",
            (f) => edit(f, "data-policy", (p) => ({ ...p, policy: JSON.parse(tlsOnly.replace('"false"', '"true"')) })),
            ['data: Bucket "data" policy does not deny aws:SecureTransport = false.'],
        ],
    ),
    unset: [
        "no bucket policy",
        (f) => without(f, "logs-policy"),
        ['logs: Bucket "logs" has no bucket policy denying aws:SecureTransport = false.'],
    ],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview (the data bucket's policy unknown) without the log bucket's policy",
        firstPreview(without(stack, "logs-policy")),
        ['logs: Bucket "logs" has no bucket policy denying aws:SecureTransport = false.'],
    ],
});

stackPolicySuite(s3.s3BucketAccessLoggingEnabled, {
    compliant: stack,
    config: logsExempt,
    cases: cases([
        "empty targetBucket",
        (f) => edit(f, "data-logging", (p) => set(p, "targetBucket", "")),
        ['data: Bucket "data" has no server access logging (BucketLogging with a targetBucket).'],
    ]),
    unset: [
        "no BucketLogging",
        (f) => without(f, "data-logging"),
        ['data: Bucket "data" has no server access logging (BucketLogging with a targetBucket).'],
    ],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview without the data bucket's BucketLogging",
        firstPreview(without(stack, "data-logging")),
        ['data: Bucket "data" has no server access logging (BucketLogging with a targetBucket).'],
    ],
});

describe("exemptions", () => {
    it("without the exemption the log bucket is reported", () => {
        expect(checkStack(s3.s3BucketAccessLoggingEnabled, stack)).to.deep.equal([
            'logs: Bucket "logs" has no server access logging (BucketLogging with a targetBucket).',
        ]);
    });
});

stackPolicySuite(s3.s3BucketLifecycleNoncurrentVersions, {
    compliant: stack,
    cases: cases(
        [
            "rule disabled",
            (f) => edit(f, "data-lifecycle", (p) => set(p, "rules.0.status", "Disabled")),
            ['data: Bucket "data" is versioned but has no enabled lifecycle rule for noncurrent versions.'],
        ],
        [
            "rule without noncurrent action",
            (f) => edit(f, "logs-lifecycle", (p) => set(p, "rules.0.noncurrentVersionExpiration", undefined)),
            ['logs: Bucket "logs" is versioned but has no enabled lifecycle rule for noncurrent versions.'],
        ],
    ),
    unset: [
        "no lifecycle configuration",
        (f) => without(f, "data-lifecycle"),
        ['data: Bucket "data" is versioned but has no enabled lifecycle rule for noncurrent versions.'],
    ],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview without the data bucket's lifecycle configuration",
        firstPreview(without(stack, "data-lifecycle")),
        ['data: Bucket "data" is versioned but has no enabled lifecycle rule for noncurrent versions.'],
    ],
});

stackPolicySuite(s3.s3BucketEventNotifications, {
    compliant: stack,
    cases: cases([
        "eventbridge false and no targets",
        (f) => edit(f, "data-notification", (p) => set(p, "eventbridge", false)),
        ['data: Bucket "data" BucketNotification sends no events (eventbridge, topics, queues or lambdaFunctions).'],
    ]),
    unset: ["no BucketNotification", (f) => without(f, "logs-notification"), ['logs: Bucket "logs" has no BucketNotification.']],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview with one notification's targets unknown and the other bucket's missing",
        edit(firstPreview(without(stack, "logs-notification")), "data-notification", () => ({ bucket: U.string, eventbridge: U.boolean })),
        ['logs: Bucket "logs" has no BucketNotification.'],
    ],
});

stackPolicySuite(s3.s3BucketAclsDisabled, {
    compliant: stack,
    cases: cases([
        "ObjectWriter",
        (f) => edit(f, "data-ownership", (p) => set(p, "rule.objectOwnership", "ObjectWriter")),
        ['data: Bucket "data" object ownership is "ObjectWriter"; expected "BucketOwnerEnforced".'],
    ]),
    unset: [
        "no ownership controls",
        (f) => without(f, "data-ownership"),
        ['data: Bucket "data" has no BucketOwnershipControls with BucketOwnerEnforced.'],
    ],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview with one bucket's ownership unknown and the other's ObjectWriter",
        edit(
            edit(firstPreview(stack), "logs-ownership", (p) => set(p, "rule", U.object)),
            "data-ownership",
            (p) => set(p, "rule.objectOwnership", "ObjectWriter"),
        ),
        ['data: Bucket "data" object ownership is "ObjectWriter"; expected "BucketOwnerEnforced".'],
    ],
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
            'b: Bucket "b" has no default server-side encryption (expected one of AES256, aws:kms, aws:kms:dsse).',
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

    it("a known disabled inline value proves nothing while a companion may exist unattributed", () => {
        const f: StackItem[] = [
            { type: B, name: "b", props: { versioning: { enabled: false } } },
            { type: T.versioning, name: "v", props: { bucket: "b-123", versioningConfiguration: { status: "Enabled" } } },
        ];
        expect(checkStack(s3.s3BucketVersioningEnabled, f)).to.deep.equal([]);
    });
});

const protect = (name: string, value: boolean | undefined) => (f: StackItem[]) =>
    f.map((i) => (i.name === name ? { ...i, protect: value } : i));

stackPolicySuite(s3.dataStoresProtected, {
    compliant: stack,
    variants: [["out of scope: an unprotected SSE-S3 bucket (not a data bucket)", protect("logs", undefined)]],
    cases: cases(
        [
            "data bucket not protected",
            protect("data", false),
            ['data: Bucket "data" holds data (SSE-KMS) but does not carry protect: true.'],
        ],
        ["data key not protected", protect("data-key", false), ['data-key: KMS key "data-key" does not carry protect: true.']],
        [
            "a key that encrypts no bucket (e.g. a log-group key) not protected",
            (f) => [...f, { type: KEY.type, name: "logs-key", props: { enableKeyRotation: true } }],
            ['logs-key: KMS key "logs-key" does not carry protect: true.'],
        ],
        [
            "a key with retainOnDelete only (policies never see retainOnDelete)",
            (f) => f.map((i) => (i.name === "data-key" ? { ...i, protect: undefined, retainOnDelete: true } : i)),
            ['data-key: KMS key "data-key" does not carry protect: true.'],
        ],
    ),
    unset: [
        "protect not set (recorded only when true, as in a checkpoint: policies see false)",
        (f) => f.map((i) => ({ ...i, protect: undefined })),
        [
            'data: Bucket "data" holds data (SSE-KMS) but does not carry protect: true.',
            'data-key: KMS key "data-key" does not carry protect: true.',
        ],
    ],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview with the data bucket's encryption unknown (not provably a data bucket) and its key unprotected",
        edit(protect("data-key", undefined)(protect("data", undefined)(firstPreview(stack))), "data-sse", (p) => ({
            ...p,
            rules: U.array,
        })),
        ['data-key: KMS key "data-key" does not carry protect: true.'],
    ],
});

// ---- document policies (resource policies on BucketPolicy and inline Bucket.policy)

const publicStatement = (cond?: object) => ({
    Sid: "Public",
    Effect: "Allow",
    Principal: "*",
    Action: "s3:GetObject",
    Resource: "*",
    ...(cond ? { Condition: cond } : {}),
});
const publicRead = (cond?: object) => JSON.stringify({ Statement: [publicStatement(cond)] });

resourcePolicySuite(s3.s3BucketPolicyNoPublicAccess, {
    type: T.policy,
    compliant: { bucket: "b", policy: tlsOnly },
    variants: [
        [
            'compliant: Principal "*" with a condition (a VPC endpoint)',
            (p) => set(p, "policy", publicRead({ StringEquals: { "aws:SourceVpce": "vpce-1" } })),
        ],
    ],
    cases: [
        ["public read", (p) => set(p, "policy", publicRead()), ['Statement Public allows Principal "*" without a condition.']],
        [
            '{ AWS: ["*"] }',
            (p) => set(p, "policy", publicRead().replace('"Principal":"*"', '"Principal":{"AWS":["*"]}')),
            ['Statement Public allows Principal "*" without a condition.'],
        ],
    ],
    unset: ["policy", []],
    unknown: { bucket: U.string, policy: U.string },
    unknownPlusViolation: [
        "an unknown statement next to a public one",
        { bucket: U.string, policy: { Statement: [U.object, publicStatement()] } },
        ['Statement Public allows Principal "*" without a condition.'],
    ],
});

describe("s3-bucket-policy-no-public-access: the inline bucket policy", () => {
    it('reports { AWS: "*" } on a Bucket\'s own policy', () =>
        expect(
            checkResource(s3.s3BucketPolicyNoPublicAccess, B, {
                policy: publicRead().replace('"Principal":"*"', '"Principal":{"AWS":"*"}'),
            }),
        ).to.deep.equal(['Statement Public allows Principal "*" without a condition.']));
});

const OWN = "111122223333";
const FOREIGN = "444455556666";
const grant = (sid: string, principal: unknown, action: unknown) => ({
    Sid: sid,
    Effect: "Allow",
    Principal: principal,
    Action: action,
    Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
});
const docOf = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const ALL_SENSITIVE = "s3:PutBucketPolicy, s3:PutBucketAcl, s3:DeleteBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl";

resourcePolicySuite(s3.s3BucketPolicyNoCrossAccountSensitiveActions, {
    type: T.policy,
    // The platform's own account: set trustedAccountIds, or no account principal is provably foreign.
    config: { trustedAccountIds: [OWN] },
    compliant: {
        bucket: "b",
        policy: docOf(
            grant("Own", { AWS: `arn:aws:iam::${OWN}:root` }, "s3:PutBucketPolicy"),
            grant("Logs", { Service: "logging.s3.amazonaws.com" }, "s3:PutObject"),
        ),
    },
    variants: [
        [
            "compliant: a foreign account granted only a non-sensitive action (s3:GetObject)",
            (p) => set(p, "policy", docOf(grant("Read", { AWS: `arn:aws:iam::${FOREIGN}:root` }, "s3:GetObject"))),
        ],
    ],
    cases: [
        [
            'Principal "*" with s3:*',
            (p) => set(p, "policy", docOf(grant("X", "*", "s3:*"))),
            [`Statement X allows ${ALL_SENSITIVE} to Principal "*".`],
        ],
        [
            "a foreign account root",
            (p) => set(p, "policy", docOf(grant("X", { AWS: [`arn:aws:iam::${FOREIGN}:root`] }, ["s3:PutObjectAcl"]))),
            [`Statement X allows s3:PutObjectAcl to account(s) ${FOREIGN}.`],
        ],
        [
            "a foreign account by its bare id",
            (p) => set(p, "policy", docOf(grant("X", { AWS: FOREIGN }, "s3:PutBucketAcl"))),
            [`Statement X allows s3:PutBucketAcl to account(s) ${FOREIGN}.`],
        ],
        [
            "a foreign role next to the own account in one statement, with a wildcard action",
            (p) =>
                set(
                    p,
                    "policy",
                    docOf(grant("X", { AWS: [`arn:aws:iam::${OWN}:root`, `arn:aws:iam::${FOREIGN}:role/ops`] }, "s3:Put*Policy")),
                ),
            [`Statement X allows s3:PutBucketPolicy to account(s) ${FOREIGN}.`],
        ],
    ],
    unset: ["policy", []],
    unknown: { bucket: U.string, policy: U.string },
    unknownPlusViolation: [
        "one principal entry unknown, another a foreign account",
        {
            bucket: U.string,
            policy: { Statement: [grant("X", { AWS: [U.string, `arn:aws:iam::${FOREIGN}:root`] }, "s3:PutObjectAcl"), U.object] },
        },
        [`Statement X allows s3:PutObjectAcl to account(s) ${FOREIGN}.`],
    ],
});

describe("s3-bucket-policy-no-cross-account-sensitive-actions: trustedAccountIds", () => {
    const foreign = { policy: docOf(grant("X", { AWS: FOREIGN }, "s3:PutBucketAcl")) };
    it("out of scope while trustedAccountIds is empty (the example configs): no account principal is provably foreign, so set it", () => {
        expect(checkResource(s3.s3BucketPolicyNoCrossAccountSensitiveActions, T.policy, foreign)).to.deep.equal([]);
    });
    it("with trustedAccountIds set, the same foreign account is reported", () => {
        expect(
            checkResource(s3.s3BucketPolicyNoCrossAccountSensitiveActions, T.policy, foreign, { config: { trustedAccountIds: [OWN] } }),
        ).to.deep.equal([`Statement X allows s3:PutBucketAcl to account(s) ${FOREIGN}.`]);
    });
});

const replication = {
    role: "arn:aws:iam::111122223333:role/replication",
    rules: [
        {
            id: "to-eu",
            status: "Enabled",
            destination: {
                bucket: "arn:aws:s3:::dst",
                replicationTime: { status: "Enabled", time: { minutes: 15 } },
                metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
            },
        },
    ],
};
const R = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const secondRule = (p: Record<string, unknown>, rule: object) => set(p, "rules.1", rule);

resourcePolicySuite(s3.s3ReplicationRulesEnabled, {
    type: R,
    compliant: replication,
    cases: [
        [
            "rule disabled",
            (p) => set(p, "rules.0.status", "Disabled"),
            ['Replication rule to-eu status is "Disabled"; expected "Enabled".'],
        ],
        ["no rules", (p) => set(p, "rules", []), ["Replication configuration has no rules."]],
        [
            "a second rule disabled",
            (p) => secondRule(p, { ...replication.rules[0], id: "to-ap", status: "Disabled" }),
            ['Replication rule to-ap status is "Disabled"; expected "Enabled".'],
        ],
    ],
    unset: ["rules", ["Replication configuration has no rules."]],
    unknown: { bucket: U.string, rules: [{ id: "x", status: U.string }] },
    unknownPlusViolation: [
        "one rule's status unknown, another's Disabled",
        { bucket: U.string, rules: [{ id: "a", status: U.string }, U.object, { id: "b", status: "Disabled" }] },
        ['Replication rule b status is "Disabled"; expected "Enabled".'],
    ],
});

resourcePolicySuite(s3.s3ReplicationTimeControl, {
    type: R,
    compliant: replication,
    cases: [
        [
            "RTC disabled",
            (p) => set(p, "rules.0.destination.replicationTime.status", "Disabled"),
            ['Replication rule to-eu has no Replication Time Control (destination.replicationTime.status "Enabled").'],
        ],
        [
            "minutes 30",
            (p) => set(p, "rules.0.destination.replicationTime.time.minutes", 30),
            ["Replication rule to-eu replicationTime.time.minutes is 30; expected 15."],
        ],
        [
            "metrics disabled",
            (p) => set(p, "rules.0.destination.metrics.status", "Disabled"),
            ['Replication rule to-eu has no replication metrics (destination.metrics.status "Enabled").'],
        ],
        [
            "no replicationTime or metrics",
            (p) => set(set(p, "rules.0.destination.replicationTime", undefined), "rules.0.destination.metrics", undefined),
            [
                'Replication rule to-eu has no Replication Time Control (destination.replicationTime.status "Enabled").',
                'Replication rule to-eu has no replication metrics (destination.metrics.status "Enabled").',
            ],
        ],
    ],
    unset: [
        "rules.0.destination.replicationTime",
        ['Replication rule to-eu has no Replication Time Control (destination.replicationTime.status "Enabled").'],
    ],
    unknown: { bucket: U.string, rules: [{ id: "x", destination: U.object }] },
    unknownPlusViolation: [
        "one rule's destination unknown, another's RTC minutes unknown and metrics Disabled",
        {
            rules: [
                { id: "a", destination: U.object },
                {
                    id: "b",
                    destination: { replicationTime: { status: "Enabled", time: { minutes: U.number } }, metrics: { status: "Disabled" } },
                },
            ],
        },
        ['Replication rule b has no replication metrics (destination.metrics.status "Enabled").'],
    ],
});

// ---- the global stack: replication joined to the regional stacks' contracts through StackReferences

const SR = "pulumi:pulumi:StackReference";
const US = "organization/platform/us-east-1";
const EU = "organization/platform/eu-west-1";
/** A regional stack as the global stack reads it: a StackReference with the contract in `outputs`. */
const regional = (stackName: string, outputs: Record<string, unknown> = {}): StackItem => ({
    type: SR,
    name: stackName,
    props: {
        name: stackName,
        outputs: { dataBucketName: `data-${stackName.split("/")[2]}`, dataBucketVersioning: "Enabled", ...outputs },
        secretOutputNames: ["originVerifySecret"],
    },
});
/** The replication out of `from` into `to`, linked as the engine records it: bucket → source ref, rules → destination ref. */
const replicationOf = (from: string, to: string): StackItem[] => [
    { type: "aws:iam/role:Role", name: `replication-${from}-role`, props: {} },
    {
        type: R,
        name: `replication-${from.split("/")[2]}`,
        props: {
            ...replication,
            bucket: `data-${from.split("/")[2]}`,
            rules: [set(replication.rules[0]!, "destination.bucket", `arn:aws:s3:::data-${to.split("/")[2]}`)],
        },
        propDeps: { bucket: [from], role: [`replication-${from}-role`], rules: [to] },
    },
];
const globalStack: StackItem[] = [regional(US), regional(EU), ...replicationOf(US, EU), ...replicationOf(EU, US)];
const withContract = (stackName: string, outputs: Record<string, unknown>) => (f: StackItem[]) =>
    f.map((i) => (i.name === stackName ? set(i, "props.outputs", { ...(i.props!["outputs"] as object), ...outputs }) : i));
const withoutContractKey = (key: string) => (f: StackItem[]) =>
    f.map((i) => (i.type === SR ? set(i, `props.outputs.${key}`, undefined) : i));

stackPolicySuite(s3.s3ReplicationBothSidesVersioned, {
    compliant: globalStack,
    variants: [
        [
            "out of scope: a replication configuration whose buckets the graph does not link (literal names)",
            (f) =>
                f
                    .map((i) => (i.type === R ? { ...i, propDeps: {}, deps: [] } : i))
                    .map((i) => (i.type === SR ? withContract(i.name, { dataBucketVersioning: "Suspended" })([i])[0]! : i)),
        ],
    ],
    cases: cases(
        [
            "the eu-west-1 data bucket's versioning Suspended (destination of one replication, source of the other)",
            withContract(EU, { dataBucketVersioning: "Suspended" }),
            [
                `replication-us-east-1: Replication "replication-us-east-1" destination stack ${EU} exports dataBucketVersioning "Suspended"; expected "Enabled".`,
                `replication-eu-west-1: Replication "replication-eu-west-1" source stack ${EU} exports dataBucketVersioning "Suspended"; expected "Enabled".`,
            ],
        ],
        [
            "a local source bucket with versioning Suspended (replication inside one stack)",
            (f) => [
                ...f,
                { type: B, name: "local" },
                {
                    type: T.versioning,
                    name: "local-versioning",
                    props: { versioningConfiguration: { status: "Suspended" } },
                    propDeps: { bucket: ["local"] },
                },
                { type: R, name: "local-to-us", props: replication, propDeps: { bucket: ["local"], rules: [US] } },
            ],
            ['local-to-us: Replication "local-to-us" source bucket "local" versioning status is "Suspended"; expected "Enabled".'],
        ],
    ),
    unset: [
        "a regional stack that does not export dataBucketVersioning (an older contract)",
        (f) => withoutContractKey("dataBucketVersioning")(f).filter((i) => i.name !== `replication-${US.split("/")[2]}`),
        [
            `replication-eu-west-1: Replication "replication-eu-west-1" source stack ${EU} exports no dataBucketVersioning; expected "Enabled".`,
            `replication-eu-west-1: Replication "replication-eu-west-1" destination stack ${US} exports no dataBucketVersioning; expected "Enabled".`,
        ],
    ],
    unknown: (f) => f.map((i) => (i.type === SR ? set(i, "props.outputs", U.object) : i)),
    unknownPlusViolation: [
        "us-east-1's contract unknown, eu-west-1's versioning Suspended",
        withContract(EU, { dataBucketVersioning: "Suspended" })(globalStack).map((i) =>
            i.name === US ? set(i, "props.outputs.dataBucketVersioning", U.string) : i,
        ),
        [
            `replication-us-east-1: Replication "replication-us-east-1" destination stack ${EU} exports dataBucketVersioning "Suspended"; expected "Enabled".`,
            `replication-eu-west-1: Replication "replication-eu-west-1" source stack ${EU} exports dataBucketVersioning "Suspended"; expected "Enabled".`,
        ],
    ],
});

stackPolicySuite(s3.s3RegionalDataBucketsReplicated, {
    compliant: globalStack,
    variants: [
        [
            "out of scope: a StackReference whose outputs hold no dataBucketName (not a regional stack)",
            (f) => [...f, { type: SR, name: "organization/dns/prod", props: { name: "organization/dns/prod", outputs: { zoneId: "Z1" } } }],
        ],
        [
            "out of scope: a replication configuration the graph does not link makes absence unprovable",
            (f) => [...without(f, "replication-eu-west-1"), { type: R, name: "unlinked", props: replication }],
        ],
    ],
    cases: cases([
        "no replication out of eu-west-1",
        (f) => without(f, "replication-eu-west-1"),
        [`${EU}: The data bucket "data-eu-west-1" of stack ${EU} is the source of no BucketReplicationConfig (cross-region replication).`],
    ]),
    unset: [
        "no replication at all",
        (f) => f.filter((i) => i.type !== R),
        [
            `${US}: The data bucket "data-us-east-1" of stack ${US} is the source of no BucketReplicationConfig (cross-region replication).`,
            `${EU}: The data bucket "data-eu-west-1" of stack ${EU} is the source of no BucketReplicationConfig (cross-region replication).`,
        ],
    ],
    unknown: (f) => f.map((i) => (i.type === SR ? set(i, "props.outputs", U.object) : i)),
    unknownPlusViolation: [
        "us-east-1's contract unknown, no replication out of eu-west-1",
        without(globalStack, "replication-eu-west-1").map((i) => (i.name === US ? set(i, "props.outputs", U.object) : i)),
        [`${EU}: The data bucket "data-eu-west-1" of stack ${EU} is the source of no BucketReplicationConfig (cross-region replication).`],
    ],
});
