import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { identityPolicy, serviceTrustPolicy } from "../identity/policyDocument";
import { shown } from "../shared/validation";
import { parseSettings } from "../shared/settings";
import { type BatchReplicationSettingsInput, batchReplicationArgsSettings } from "./settings";

/** One region's data bucket (a Batch Replication source) and the bucket its jobs write to. */
export interface BatchReplicationSource {
    /** The region: a Batch Replication job runs in its source bucket's region. */
    readonly region: string;
    /** ARN of the region's data bucket, the source of its outbound replication rules. */
    readonly bucketArn: pulumi.Input<string>;
    /**
     * ARN of a bucket in the same region (SSE-S3: the role has no KMS permissions) that receives
     * the generated manifest and the completion report, under {@link BatchReplicationRoleArgs.reportPrefix}.
     */
    readonly reportBucketArn: pulumi.Input<string>;
}

/** Arguments of {@link BatchReplicationRole}: its settings ({@link batchReplicationArgsSettings}) and its wiring. */
export interface BatchReplicationRoleArgs extends BatchReplicationSettingsInput {
    /** Every replicated data bucket; at least 1, distinct regions. */
    readonly sources: readonly BatchReplicationSource[];
    /** AWS account id: the trust policy admits S3 Batch Operations on behalf of this account only. */
    readonly accountId: pulumi.Input<string>;
}

/**
 * The role S3 Batch Operations assumes to run S3 Batch Replication jobs: the backfill of objects
 * that live replication never copies (objects written before the replication configuration
 * existed, and a new region's whole backlog; S3 User Guide, "Replicating existing objects with
 * Batch Replication"). The operator creates the job (`s3control:CreateJob` with
 * `S3ReplicateObject` and an S3-generated manifest from the replication configuration) in the
 * source bucket's region; the copying itself is done by the bucket's replication role, so this
 * role only starts replication and handles the manifest and report.
 *
 * Least privilege, as "Configuring an IAM role for S3 Batch Replication" (S3 User Guide) lists it
 * for an S3-generated, stored manifest: `s3:InitiateReplication` on the data buckets' objects,
 * `s3:GetReplicationConfiguration` and `s3:PutInventoryConfiguration` on the data buckets,
 * `s3:GetObject`/`s3:GetObjectVersion` (read the manifest) and `s3:PutObject` (write the manifest
 * and the report) under the report prefix only. Trusted by `batchoperations.s3.amazonaws.com`
 * with `aws:SourceAccount` (confused-deputy protection).
 */
export class BatchReplicationRole extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:replication:BatchReplicationRole";

    public readonly roleArn: pulumi.Output<string>;
    /** Key prefix of the manifests and completion reports in each report bucket (no slashes around it). */
    public readonly reportPrefix: string;

    constructor(name: string, args: BatchReplicationRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(BatchReplicationRole.__pulumiType, name, {}, opts);
        const regions = args.sources.map((s) => s.region);
        const { reportPrefix } = parseSettings(batchReplicationArgsSettings, args, BatchReplicationRole.__pulumiType, name, [
            regions.length < 1 && "sources: expected at least 1 source bucket, got 0",
            new Set(regions).size !== regions.length && `sources: expected distinct regions, got ${shown(regions)}`,
        ]);

        const role = new aws.iam.Role(
            `${name}-role`,
            {
                description: "S3 Batch Replication of existing objects between the regional data buckets",
                assumeRolePolicy: serviceTrustPolicy("batchoperations.s3.amazonaws.com", args.accountId),
            },
            { parent: this },
        );
        const reportObjects = [...new Set(args.sources.map((s) => s.reportBucketArn))].map(
            (arn) => pulumi.interpolate`${arn}/${reportPrefix}/*`,
        );
        new aws.iam.RolePolicy(
            `${name}-role`,
            {
                role: role.name,
                policy: identityPolicy([
                    {
                        Sid: "InitiateReplication",
                        Effect: "Allow",
                        Action: "s3:InitiateReplication",
                        Resource: args.sources.map((s) => pulumi.interpolate`${s.bucketArn}/*`),
                    },
                    {
                        Sid: "GenerateManifest",
                        Effect: "Allow",
                        Action: ["s3:GetReplicationConfiguration", "s3:PutInventoryConfiguration"],
                        Resource: args.sources.map((s) => s.bucketArn),
                    },
                    { Sid: "ReadManifest", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: reportObjects },
                    { Sid: "WriteManifestAndReport", Effect: "Allow", Action: "s3:PutObject", Resource: reportObjects },
                ]),
            },
            { parent: this },
        );

        this.roleArn = role.arn;
        this.reportPrefix = reportPrefix;
        this.registerOutputs({ roleArn: this.roleArn, reportPrefix: this.reportPrefix });
    }
}
