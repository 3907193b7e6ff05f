import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { identityPolicy, serviceTrustPolicy } from "../identity/policyDocument";
import { parseSettings } from "../shared/settings";
import { shown } from "../shared/validation";
import { type ReplicationSettingsInput, replicationSettings } from "./settings";

/** A regional data bucket and the KMS key that encrypts it. */
export interface ReplicatedBucket {
    /** The bucket's region. */
    readonly region: string;
    readonly bucketName: pulumi.Input<string>;
    readonly bucketArn: pulumi.Input<string>;
    /** Customer-managed KMS key of the bucket. */
    readonly keyArn: pulumi.Input<string>;
}

/** Arguments of {@link BucketReplication}: its settings ({@link replicationSettings}) and its wiring. */
export interface BucketReplicationArgs extends ReplicationSettingsInput {
    /** The bucket whose objects are replicated; must be in the provider's region. */
    readonly source: ReplicatedBucket;
    /** Buckets receiving a copy, in other regions; at least 1, distinct regions. */
    readonly destinations: readonly ReplicatedBucket[];
    /** AWS account id: pins the role's trust to this account. */
    readonly accountId: pulumi.Input<string>;
}

/** Replication Time Control's only accepted threshold, in minutes (S3's 15-minute SLA). */
export const REPLICATION_TIME_MINUTES = 15;

/**
 * Cross-region replication out of one regional data bucket: one replication configuration on
 * the source (S3 allows one per bucket) with one rule per destination, each with Replication
 * Time Control, replication metrics and re-encryption with the destination's KMS key, and a
 * least-privilege replication role.
 *
 * Versioning on both sides is owned by the regional stacks: each regional contract exports its
 * data bucket's versioning status (`dataBucketVersioning`), and the policy pack's
 * `s3-replication-both-sides-versioned` follows this configuration to both stacks' contracts to
 * check that both are `Enabled`, which replication requires.
 * Give this component the source region's provider.
 */
export class BucketReplication extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:replication:BucketReplication";

    public readonly roleArn: pulumi.Output<string>;
    /** Rule id per destination region. */
    public readonly ruleIds: Record<string, string>;

    constructor(name: string, args: BucketReplicationArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(BucketReplication.__pulumiType, name, {}, opts);
        const regions = args.destinations.map((d) => d.region);
        const settings = parseSettings(replicationSettings, args, BucketReplication.__pulumiType, name, [
            regions.length < 1 && `destinations: expected at least 1 destination bucket, got 0`,
            new Set(regions).size !== regions.length && `destinations: expected distinct regions, got ${shown(regions)}`,
            regions.includes(args.source.region) &&
                `destinations: expected regions other than the source's (${args.source.region}), got ${shown(regions)}`,
        ]);

        const role = new aws.iam.Role(
            `${name}-role`,
            {
                description: `S3 replication out of ${args.source.region}`,
                assumeRolePolicy: serviceTrustPolicy("s3.amazonaws.com", args.accountId),
            },
            { parent: this },
        );
        const destinationObjects = args.destinations.map((d) => pulumi.interpolate`${d.bucketArn}/*`);
        const policy = new aws.iam.RolePolicy(
            `${name}-role`,
            {
                role: role.name,
                policy: identityPolicy([
                    {
                        Sid: "ReadSourceConfiguration",
                        Effect: "Allow",
                        Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
                        Resource: args.source.bucketArn,
                    },
                    {
                        Sid: "ReadSourceObjects",
                        Effect: "Allow",
                        Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
                        Resource: pulumi.interpolate`${args.source.bucketArn}/*`,
                    },
                    {
                        Sid: "WriteReplicas",
                        Effect: "Allow",
                        Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                        Resource: destinationObjects,
                    },
                    {
                        Sid: "DecryptSource",
                        Effect: "Allow",
                        Action: "kms:Decrypt",
                        Resource: args.source.keyArn,
                        Condition: { StringEquals: { "kms:ViaService": `s3.${args.source.region}.amazonaws.com` } },
                    },
                    ...args.destinations.map((d) => ({
                        Sid: `EncryptReplicasIn${d.region.replace(/-/g, "")}`,
                        Effect: "Allow" as const,
                        Action: "kms:Encrypt",
                        Resource: d.keyArn,
                        Condition: { StringEquals: { "kms:ViaService": `s3.${d.region}.amazonaws.com` } },
                    })),
                ]),
            },
            { parent: this },
        );

        const ruleId = (region: string) => `to-${region}`;
        const deleteMarkers = settings.replicateDeleteMarkers;
        new aws.s3.BucketReplicationConfig(
            name,
            {
                bucket: args.source.bucketName,
                role: role.arn,
                rules: args.destinations.map((d, i) => ({
                    id: ruleId(d.region),
                    // Rules with a filter need distinct priorities; destinations never overlap anyway.
                    priority: i + 1,
                    status: "Enabled",
                    filter: {},
                    deleteMarkerReplication: { status: deleteMarkers ? "Enabled" : "Disabled" },
                    sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                    destination: {
                        bucket: d.bucketArn,
                        storageClass: "STANDARD",
                        encryptionConfiguration: { replicaKmsKeyId: d.keyArn },
                        replicationTime: { status: "Enabled", time: { minutes: REPLICATION_TIME_MINUTES } },
                        metrics: { status: "Enabled", eventThreshold: { minutes: REPLICATION_TIME_MINUTES } },
                    },
                })),
            },
            // The role must be able to act before S3 validates the configuration.
            { parent: this, dependsOn: [policy] },
        );

        this.roleArn = role.arn;
        this.ruleIds = Object.fromEntries(regions.map((r) => [r, ruleId(r)]));
        this.registerOutputs({ roleArn: this.roleArn, ruleIds: this.ruleIds });
    }
}
