/** Shared S3 fixtures: a data and a log bucket with every companion, linked as the engine records them. */
import { type Case, type StackItem, U, set } from "../../harness";

export const B = "aws:s3/bucket:Bucket";
export const T = {
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    logging: "aws:s3/bucketLogging:BucketLogging",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    notification: "aws:s3/bucketNotification:BucketNotification",
};

export const tlsOnly = JSON.stringify({
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
export function bucket(b: string, sse: "aws:kms" | "AES256", extra: { key?: string; logTo?: string } = {}): StackItem[] {
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

export const KEY: StackItem = {
    type: "aws:kms/key:Key",
    name: "data-key",
    props: { enableKeyRotation: true, deletionWindowInDays: 30 },
    protect: true,
};
export const stack: StackItem[] = [KEY, ...bucket("data", "aws:kms", { key: "data-key", logTo: "logs" }), ...bucket("logs", "AES256")];
export const logsExempt = {
    exemptions: [
        {
            urnPattern: "*::aws:s3/bucket:Bucket::logs",
            reason: "The log bucket is the access-log destination; logging it into itself would loop.",
        },
    ],
};

/** Sets every companion property to unknown (harsher than any real preview). */
export const unknownAll = (f: StackItem[]) =>
    f.map((i) =>
        i.type === B || i.type === KEY.type ? i : { ...i, props: Object.fromEntries(Object.keys(i.props ?? {}).map((k) => [k, U.object])) },
    );

/**
 * What a v7 `aws:s3/bucket:Bucket` shows on a create preview: the provider computes the deprecated inline
 * properties (it reads them back from S3), so they are unknown although the program never set them.
 */
export const COMPUTED_INLINE = {
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
export const firstPreview = (f: StackItem[]): StackItem[] =>
    f.map((i) => {
        if (i.type === B) return { ...i, props: { ...i.props, bucket: U.string, arn: U.string, id: U.string, ...COMPUTED_INLINE } };
        if (i.type === KEY.type) return { ...i, props: { ...i.props, arn: U.string, keyId: U.string } };
        let p: Record<string, unknown> = { ...i.props, bucket: U.string };
        if (i.type === T.policy) p = { ...p, policy: U.string };
        if (i.type === T.logging) p = { ...p, targetBucket: U.string };
        if (i.type === T.sse && i.propDeps?.rules) p = set(p, "rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId", U.string);
        return { ...i, props: p };
    });

export const cases = (...c: Case<StackItem[]>[]) => c;
