/**
 * The typed contract between a regional stack and the global stack.
 *
 * A regional stack exports exactly these outputs; the global stack reads them with
 * `StackReference.requireOutput` through one typed reader (`stacks/regionalReader.ts`), so a
 * missing or renamed output fails loudly at preview instead of producing a half-wired edge.
 * StackReferences run one way only: regional stacks never read the global stack.
 */

/** What every regional stack exports. */
export interface RegionalContract {
    /** AWS region of the stack, e.g. `us-east-1`. */
    readonly region: string;
    /** Availability zones the regional tiers span. */
    readonly availabilityZones: string[];

    // ------------------------------------------------------------------ network
    readonly vpcId: string;
    readonly vpcCidrBlock: string;
    /** Route tables of the private subnets: peering routes are added here. */
    readonly privateRouteTableIds: string[];

    // ------------------------------------------------------------------ storage
    readonly dataBucketName: string;
    readonly dataBucketArn: string;
    /**
     * Versioning status of the data bucket, from its `BucketVersioning` resource: `Enabled`. S3
     * replication needs versioning on both buckets; the global stack cannot see a regional bucket's
     * versioning, so the policy pack's `s3-replication-both-sides-versioned` reads it here.
     */
    readonly dataBucketVersioning: string;
    /** Customer-managed KMS key that encrypts the data bucket (replication re-encrypts with it). */
    readonly dataKeyArn: string;
    readonly logBucketName: string;
    readonly logBucketArn: string;

    // ------------------------------------------------------------------ request path
    /** DNS name of the internet-facing ALB. */
    readonly albDnsName: string;
    /** Route 53 hosted zone id of the ALB (for alias records). */
    readonly albZoneId: string;
    /** CloudWatch dimension value of the ALB (`app/<name>/<id>`). */
    readonly albArnSuffix: string;
    /** CloudWatch dimension value of the target group (`targetgroup/<name>/<id>`). */
    readonly targetGroupArnSuffix: string;
    /** Host name CloudFront and Route 53 use to reach this region (ALB DNS name or the domain). */
    readonly originHostname: string;
    /** `https` in domain mode, `http` in evaluation mode. */
    readonly originProtocol: "http" | "https";
    /** Path the ALB and Route 53 probe. */
    readonly healthCheckPath: string;
    /** Header CloudFront must send; the ALB rejects requests without it. */
    readonly originVerifyHeaderName: string;
    /** Secret value of that header (a Pulumi secret). */
    readonly originVerifySecret: string;

    // ------------------------------------------------------------------ operations
    /** Encrypted SNS topic for this region's alarms. */
    readonly alertTopicArn: string;
    /** KMS key that encrypts the alert topic (publishers need it). */
    readonly alertKeyArn: string;
    readonly clusterName: string;
    readonly clusterArn: string;
    readonly serviceName: string;
    /** Name of the composite alarm that says the region is unhealthy. */
    readonly regionUnhealthyAlarmName: string;
}

/** The contract's keys, in a stable order: what the reader requires and the preview checks. */
export const REGIONAL_CONTRACT_KEYS: readonly (keyof RegionalContract)[] = [
    "region",
    "availabilityZones",
    "vpcId",
    "vpcCidrBlock",
    "privateRouteTableIds",
    "dataBucketName",
    "dataBucketArn",
    "dataBucketVersioning",
    "dataKeyArn",
    "logBucketName",
    "logBucketArn",
    "albDnsName",
    "albZoneId",
    "albArnSuffix",
    "targetGroupArnSuffix",
    "originHostname",
    "originProtocol",
    "healthCheckPath",
    "originVerifyHeaderName",
    "originVerifySecret",
    "alertTopicArn",
    "alertKeyArn",
    "clusterName",
    "clusterArn",
    "serviceName",
    "regionUnhealthyAlarmName",
];

/**
 * What a regional stack exports for the post-deploy checks (`npm run verify`) beside the
 * contract. Not part of the contract: the global stack never reads them, so a regional stack
 * deployed before they existed still serves it.
 */
export interface RegionalOperationsOutputs {
    /**
     * The task definition Pulumi recorded for the service. `waitForSteadyState` does not notice a
     * deployment circuit breaker rolling a release back (pulumi-aws issue 4487, pulumi-awsx issue
     * 1848): `pulumi up` reports success while the previous task definition keeps running, so
     * verify compares the service's primary deployment against this one.
     */
    readonly taskDefinitionArn: string;
    /** The ALB target group: verify reads target health per AZ from it. */
    readonly targetGroupArn: string;
    /** The FIS experiment template ids (empty when chaos drills are off). */
    readonly chaosExperimentTemplateIds: string[];
}

/** Keys whose values are secrets and must stay secrets across the StackReference. */
export const REGIONAL_CONTRACT_SECRET_KEYS: readonly (keyof RegionalContract)[] = ["originVerifySecret"];

// ---------------------------------------------------------------------- global stack

/**
 * What the global stack exports for the backfill of replication (S3 Batch Replication of objects
 * that live replication never copies): read by the operator command that starts a job. A job runs
 * in its source bucket's region (the regional contract's `dataBucketName`), passes
 * `batchReplicationRoleArn` to S3 Batch Operations, generates its manifest from the source's
 * replication configuration and stores it, with the completion report, in that region's report
 * bucket under `batchReplicationReportPrefix`.
 */
export interface GlobalBackfillOutputs {
    /** The role S3 Batch Operations assumes (`batchoperations.s3.amazonaws.com`, this account only). */
    readonly batchReplicationRoleArn: string;
    /** Report (and manifest) bucket per source region: that region's log bucket, SSE-S3. */
    readonly batchReplicationReportBuckets: Record<string, string>;
    /** Key prefix of the manifests and reports in those buckets (no leading or trailing slash). */
    readonly batchReplicationReportPrefix: string;
}

/** The backfill outputs' names, in a stable order: what the operator command requires. */
export const GLOBAL_BACKFILL_OUTPUT_KEYS: readonly (keyof GlobalBackfillOutputs)[] = [
    "batchReplicationRoleArn",
    "batchReplicationReportBuckets",
    "batchReplicationReportPrefix",
];
