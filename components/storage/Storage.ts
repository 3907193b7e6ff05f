import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { customerKeyArgs, customerKeyOptions } from "../encryption/customerKey";
import { parseSettings } from "../shared/settings";
import { REGIONS_WITH_ELB_LOG_ACCOUNT } from "./elbLogDelivery";
import { ALB_ACCESS_LOG_PREFIX, S3_ACCESS_LOG_PREFIX, SYNTHETICS_RUNS_PREFIX } from "./logPrefixes";
import { SecureBucket } from "./SecureBucket";
import { type StorageSettingsInput, storageSettings } from "./settings";
import { regionProblem } from "../shared/regions";

/** Where a tier writes or reads the region's logs: the log bucket and the ALB's key prefix in it. */
export interface LogStore {
    readonly logBucketName: pulumi.Input<string>;
    readonly logBucketArn: pulumi.Input<string>;
    /** Key prefix of the ALB access logs (no leading or trailing slash). */
    readonly albLogPrefix: string;
}

/** The region's data: the data bucket and the customer key that encrypts it. */
export interface DataStore {
    readonly dataBucketName: pulumi.Input<string>;
    readonly dataBucketArn: pulumi.Input<string>;
    readonly dataKeyArn: pulumi.Input<string>;
}

/** Arguments of {@link Storage}: its settings ({@link storageSettings}) and its wiring. */
export interface StorageArgs extends StorageSettingsInput {
    /** AWS region of the stack's provider (the key description and the ELB log-delivery grant). */
    readonly region: string;
    /** AWS account id: key administration and the log-delivery grants are pinned to it. */
    readonly accountId: pulumi.Input<string>;
}

/**
 * The regional storage tier: the data bucket (SSE-KMS with a rotating customer key, versioned,
 * TLS-only, logged, lifecycle for noncurrent versions, EventBridge notifications, protected from
 * deletion) and the log bucket that receives ALB and S3 server access logs (SSE-S3, which ALB log
 * delivery requires).
 */
export class Storage extends pulumi.ComponentResource implements LogStore, DataStore {
    public static readonly __pulumiType = "platform:storage:Storage";

    public readonly dataBucketName: pulumi.Output<string>;
    public readonly dataBucketArn: pulumi.Output<string>;
    /**
     * Versioning status of the data bucket (`Enabled`), from its `BucketVersioning` resource: the
     * global stack's replication needs versioning on both buckets and checks it through the contract.
     */
    public readonly dataBucketVersioning: pulumi.Output<string>;
    /** Customer-managed key of the data bucket. */
    public readonly dataKeyArn: pulumi.Output<string>;
    /**
     * Name of the log bucket. Resolves once the log-delivery bucket policy exists, so that an ALB
     * enabling access logs with it (ELB checks its write permission then) waits for the policy.
     */
    public readonly logBucketName: pulumi.Output<string>;
    public readonly logBucketArn: pulumi.Output<string>;
    /** Key prefix of the ALB access logs in the log bucket: the bucket policy lets ELB write only there. */
    public readonly albLogPrefix = ALB_ACCESS_LOG_PREFIX;
    /**
     * The resources created with `protect: true` (the data bucket and its key; empty when
     * `protectData` is false). Pulumi does not report the `protect` option in a resource's state,
     * so this list is how tests and the offline preview see it.
     */
    public readonly protectedResources: readonly pulumi.CustomResource[];

    constructor(name: string, args: StorageArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(Storage.__pulumiType, name, {}, opts);
        const settings = parseSettings(storageSettings, args, Storage.__pulumiType, name, [regionProblem(args.region)]);
        const noncurrentDays = settings.noncurrentVersionExpirationDays;
        const accessLogDays = settings.accessLogExpirationDays;
        const protectData = settings.protectData;

        // Only regions older than August 2022 have an ELB log-delivery account to look up.
        const elbAccount = REGIONS_WITH_ELB_LOG_ACCOUNT.has(args.region)
            ? aws.elb.getServiceAccountOutput({}, { parent: this })
            : undefined;
        const albLogObjects = (arn: pulumi.Output<string>) =>
            pulumi.interpolate`${arn}/${ALB_ACCESS_LOG_PREFIX}/AWSLogs/${args.accountId}/*`;
        const logs = new SecureBucket(
            `${name}-logs`,
            {
                encryption: { sseS3Reason: "ALB access-log delivery supports only SSE-S3 (AES256) on the target bucket" },
                accessLogging: { disabledReason: "the access-log bucket does not log to itself (S3.9 exemption)" },
                noncurrentVersionExpirationDays: noncurrentDays,
                currentVersionExpirationDays: accessLogDays,
                // Only the access logs and the probes' run artifacts expire: the global stack keeps
                // its canary code under `synthetics/` in this bucket, and its canary names that
                // object version, which whole-bucket expiry would turn noncurrent and then delete.
                currentVersionExpirationPrefixes: [`${ALB_ACCESS_LOG_PREFIX}/`, `${S3_ACCESS_LOG_PREFIX}/`, `${SYNTHETICS_RUNS_PREFIX}/`],
                policyStatements: (arn) => [
                    {
                        Sid: "S3ServerAccessLogDelivery",
                        Effect: "Allow",
                        Principal: { Service: "logging.s3.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: pulumi.interpolate`${arn}/${S3_ACCESS_LOG_PREFIX}/*`,
                        Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
                    },
                    // Regions launched before August 2022 deliver ALB logs from a regional ELB account...
                    ...(elbAccount
                        ? [
                              {
                                  Sid: "AlbAccessLogDeliveryAccount",
                                  Effect: "Allow" as const,
                                  Principal: { AWS: elbAccount.arn },
                                  Action: "s3:PutObject",
                                  Resource: albLogObjects(arn),
                              },
                          ]
                        : []),
                    // ...newer regions (and, increasingly, the older ones) from this service principal.
                    {
                        Sid: "AlbAccessLogDeliveryService",
                        Effect: "Allow",
                        Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: albLogObjects(arn),
                    },
                ],
            },
            { parent: this },
        );

        // Key use is granted by IAM policies of this account (task role, replication role).
        const dataKey = new aws.kms.Key(
            `${name}-data`,
            customerKeyArgs({ description: `Data bucket of ${name} (${args.region})`, accountId: args.accountId }),
            customerKeyOptions({ parent: this }, protectData),
        );

        const data = new SecureBucket(
            `${name}-data`,
            {
                encryption: { kmsKeyArn: dataKey.arn },
                accessLogging: { targetBucket: logs.bucketName, targetPrefix: `${S3_ACCESS_LOG_PREFIX}/data/` },
                noncurrentVersionExpirationDays: noncurrentDays,
                eventBridgeNotifications: true,
                protect: protectData,
            },
            { parent: this },
        );

        this.dataBucketName = data.bucketName;
        this.dataBucketArn = data.bucketArn;
        this.dataBucketVersioning = data.versioningStatus;
        this.dataKeyArn = dataKey.arn;
        this.logBucketName = logs.policy.bucket;
        this.logBucketArn = logs.bucketArn;
        this.protectedResources = protectData ? [data.bucket, dataKey] : [];
        this.registerOutputs({
            dataBucketName: this.dataBucketName,
            dataBucketArn: this.dataBucketArn,
            dataBucketVersioning: this.dataBucketVersioning,
            dataKeyArn: this.dataKeyArn,
            logBucketName: this.logBucketName,
            logBucketArn: this.logBucketArn,
        });
    }
}
