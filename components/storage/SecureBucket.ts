import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourcePolicy, type Statement } from "../identity/policyDocument";
import { assertValidArgs, shown } from "../shared/validation";

/** Default encryption of a {@link SecureBucket}. */
export type BucketEncryption =
    /** SSE-KMS with a customer-managed key, S3 Bucket Keys on (fewer KMS calls). */
    | { readonly kmsKeyArn: pulumi.Input<string> }
    /**
     * SSE-S3 (AES256). Only where AWS requires it, e.g. ALB access-log delivery; the reason is
     * mandatory so that the weaker choice stays visible.
     */
    | { readonly sseS3Reason: string };

/** Where a {@link SecureBucket} writes its S3 server access logs. */
export type BucketAccessLogging =
    | { readonly targetBucket: pulumi.Input<string>; readonly targetPrefix: string }
    /** No access logging, e.g. for the log bucket itself (S3.9 exemption); the reason is mandatory. */
    | { readonly disabledReason: string };

/** Arguments of {@link SecureBucket}. */
export interface SecureBucketArgs {
    /** Default server-side encryption. */
    readonly encryption: BucketEncryption;
    /** Server access logging. */
    readonly accessLogging: BucketAccessLogging;
    /**
     * Days after which noncurrent object versions are deleted.
     * @default 90
     */
    readonly noncurrentVersionExpirationDays?: number;
    /**
     * Days after which current objects expire (become noncurrent). For buckets of short-lived
     * objects such as logs and query results.
     * @default - objects are kept
     */
    readonly currentVersionExpirationDays?: number;
    /**
     * Key prefixes (each ending in "/") that {@link currentVersionExpirationDays} is limited to: one
     * lifecycle rule per prefix, `expire-current-<prefix without the trailing slash>`, so that a
     * bucket holding other objects too keeps them. The noncurrent-version rule still covers the
     * whole bucket.
     * @default - the whole bucket, one rule `expire-current-objects`
     */
    readonly currentVersionExpirationPrefixes?: readonly string[];
    /**
     * Days after which incomplete multipart uploads are aborted.
     * @default 7
     */
    readonly abortIncompleteMultipartUploadDays?: number;
    /**
     * Statements added to the bucket policy after the TLS-only deny (e.g. log-delivery grants).
     * Receives the bucket's ARN.
     * @default no extra statements
     */
    readonly policyStatements?: (bucketArn: pulumi.Output<string>) => Statement[];
    /**
     * Send the bucket's events to Amazon EventBridge (S3.11).
     * @default true
     */
    readonly eventBridgeNotifications?: boolean;
    /**
     * Mark the bucket `protect` so that Pulumi refuses to delete it.
     * @default inherited from the parent's `protect` option (unprotected)
     */
    readonly protect?: boolean;
}

/**
 * An S3 bucket with the platform's secure settings as split `@pulumi/aws` v7 resources: versioning,
 * default encryption, all four public-access blocks, ACLs disabled (BucketOwnerEnforced), a policy
 * that denies plain HTTP, lifecycle rules for noncurrent versions and incomplete uploads, server
 * access logging and EventBridge notifications. Used for the data, log and query-result buckets.
 */
export class SecureBucket extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:storage:SecureBucket";

    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    /** The bucket itself, for `dependsOn` and for the caller's records. */
    public readonly bucket: aws.s3.Bucket;
    /** The bucket policy: services that check their write permission at setup (ALB logs) wait for it. */
    public readonly policy: aws.s3.BucketPolicy;
    /**
     * Versioning status of the bucket (`Enabled`), read from its `BucketVersioning` resource: what a
     * replication counterpart needs to know (S3 replication requires versioning on both buckets).
     */
    public readonly versioningStatus: pulumi.Output<string>;

    constructor(name: string, args: SecureBucketArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(SecureBucket.__pulumiType, name, {}, opts);
        const noncurrentDays = args.noncurrentVersionExpirationDays ?? 90;
        const currentDays = args.currentVersionExpirationDays;
        const abortDays = args.abortIncompleteMultipartUploadDays ?? 7;
        const expiringPrefixes = args.currentVersionExpirationPrefixes;
        const badPrefixes = (expiringPrefixes ?? []).filter((p) => !/^[^/].*\/$/.test(p));
        const repeatedPrefixes = [...new Set((expiringPrefixes ?? []).filter((p, i, all) => all.indexOf(p) !== i))];
        const days = (arg: string, v: number | undefined) =>
            v !== undefined && !(Number.isInteger(v) && v >= 1) && `${arg}: expected a whole number of days >= 1, got ${shown(v)}`;
        const encryption = args.encryption as { kmsKeyArn?: unknown; sseS3Reason?: unknown };
        const logging = args.accessLogging as { targetPrefix?: unknown; disabledReason?: unknown };
        assertValidArgs(SecureBucket.__pulumiType, name, [
            days("noncurrentVersionExpirationDays", noncurrentDays),
            days("currentVersionExpirationDays", currentDays),
            days("abortIncompleteMultipartUploadDays", abortDays),
            expiringPrefixes !== undefined &&
                currentDays === undefined &&
                `currentVersionExpirationPrefixes: expected currentVersionExpirationDays to be set with it, got ${shown(expiringPrefixes)} without it`,
            expiringPrefixes !== undefined &&
                expiringPrefixes.length === 0 &&
                `currentVersionExpirationPrefixes: expected at least 1 prefix (leave it unset for the whole bucket), got []`,
            badPrefixes.length > 0 &&
                `currentVersionExpirationPrefixes: expected key prefixes ending in "/" without a leading "/", got ${shown(badPrefixes)}`,
            repeatedPrefixes.length > 0 &&
                `currentVersionExpirationPrefixes: expected each prefix once, got ${shown(repeatedPrefixes)} more than once`,
            encryption.kmsKeyArn === undefined &&
                !(typeof encryption.sseS3Reason === "string" && encryption.sseS3Reason.trim() !== "") &&
                `encryption: expected a kmsKeyArn, or an sseS3Reason for SSE-S3, got ${shown(args.encryption)}`,
            "targetBucket" in args.accessLogging
                ? !(typeof logging.targetPrefix === "string" && /^[^/].*\/$/.test(logging.targetPrefix)) &&
                  `accessLogging.targetPrefix: expected a key prefix ending in "/", got ${shown(logging.targetPrefix)}`
                : !(typeof logging.disabledReason === "string" && logging.disabledReason.trim() !== "") &&
                  `accessLogging: expected a targetBucket and targetPrefix, or a disabledReason, got ${shown(args.accessLogging)}`,
        ]);

        const child = { parent: this };
        this.bucket = new aws.s3.Bucket(name, {}, { parent: this, protect: args.protect });
        const bucketId = this.bucket.bucket;

        const versioning = new aws.s3.BucketVersioning(
            `${name}-versioning`,
            { bucket: bucketId, versioningConfiguration: { status: "Enabled" } },
            child,
        );

        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucketId,
                rules: [
                    "kmsKeyArn" in args.encryption
                        ? {
                              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.encryption.kmsKeyArn },
                              bucketKeyEnabled: true,
                          }
                        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                ],
            },
            child,
        );

        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access-block`,
            { bucket: bucketId, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            child,
        );

        new aws.s3.BucketOwnershipControls(
            `${name}-ownership`,
            { bucket: bucketId, rule: { objectOwnership: "BucketOwnerEnforced" } },
            child,
        );

        const arn = this.bucket.arn;
        this.policy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                bucket: bucketId,
                policy: resourcePolicy([
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [arn, pulumi.interpolate`${arn}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                    ...(args.policyStatements?.(arn) ?? []),
                ]),
            },
            // S3 refuses a policy while a concurrent public-access-block change is in flight.
            { parent: this, dependsOn: [publicAccessBlock] },
        );

        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: bucketId,
                rules: [
                    {
                        id: "expire-noncurrent-versions",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: { noncurrentDays },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: abortDays },
                    },
                    ...(currentDays === undefined
                        ? []
                        : expiringPrefixes === undefined
                          ? [{ id: "expire-current-objects", status: "Enabled", filter: {}, expiration: { days: currentDays } }]
                          : expiringPrefixes.map((prefix) => ({
                                id: `expire-current-${prefix.slice(0, -1)}`,
                                status: "Enabled",
                                filter: { prefix },
                                expiration: { days: currentDays },
                            }))),
                ],
            },
            child,
        );

        if ("targetBucket" in args.accessLogging) {
            new aws.s3.BucketLogging(
                `${name}-logging`,
                { bucket: bucketId, targetBucket: args.accessLogging.targetBucket, targetPrefix: args.accessLogging.targetPrefix },
                child,
            );
        }

        if (args.eventBridgeNotifications ?? true) {
            new aws.s3.BucketNotification(`${name}-notification`, { bucket: bucketId, eventbridge: true }, child);
        }

        this.bucketName = bucketId;
        this.bucketArn = arn;
        this.versioningStatus = versioning.versioningConfiguration.status;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, versioningStatus: this.versioningStatus });
    }
}
