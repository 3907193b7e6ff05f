import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { identityPolicy } from "../identity/policyDocument";
import { assertValidArgs, shown } from "../shared/validation";
import { S3_ACCESS_LOG_PREFIX } from "../storage/logPrefixes";
import { SecureBucket } from "../storage/SecureBucket";
import {
    ALB_LOG_COLUMNS,
    ALB_LOG_PARTITION_KEY,
    ALB_LOG_QUERIES,
    ALB_LOG_REGEX,
    ALB_LOG_TABLE_NAME,
    albLogLocation,
    albLogTableParameters,
} from "./albAccessLogs";

/** Athena's floor for the per-query bytes-scanned cutoff (10 MB). */
export const MIN_BYTES_SCANNED_CUTOFF = 10_000_000;

/** Arguments of {@link Analytics}. */
export interface AnalyticsArgs {
    /** Customer-managed KMS key that encrypts query results (the storage tier's data key). */
    readonly dataKeyArn: pulumi.Input<string>;
    /** Log bucket holding the ALB access logs; also receives the results bucket's access logs. */
    readonly logBucketName: pulumi.Input<string>;
    /** ARN of the log bucket: the query policy may read the ALB logs in it. */
    readonly logBucketArn: pulumi.Input<string>;
    /** Key prefix of the ALB access logs in the log bucket (`ALB_ACCESS_LOG_PREFIX`). */
    readonly albLogPrefix: string;
    /**
     * Largest amount of data one query may scan, in bytes (at least 10 MB).
     * @default 10 GiB
     */
    readonly bytesScannedCutoffPerQuery?: number;
    /** AWS region of the stack's provider (the ALB log location and Glue ARNs). */
    readonly region: string;
    /** AWS account id (the ALB log location and Glue ARNs). */
    readonly accountId: pulumi.Input<string>;
    /**
     * Days after which query results expire.
     * @default 30
     */
    readonly resultExpirationDays?: number;
    /**
     * First day (`yyyy/MM/dd`) of the projected `day` partitions of the ALB log table.
     * @default "2025/01/01"
     */
    readonly logsSince?: string;
    /**
     * Glue database name. Glue names are unique per account and region, so a stack that may share
     * its region with another stack of the project passes one that includes the stack name. Athena
     * accepts only lower-case letters, digits and underscores.
     * @default the component name, lower-cased, other characters replaced by `_`
     */
    readonly databaseName?: string;
    /**
     * Mark the results bucket `protect`. It is encrypted with the data key, and the platform's
     * data-protection rule treats every SSE-KMS bucket as a data store.
     * @default true
     */
    readonly protectResults?: boolean;
}

/**
 * The regional analytics tier: ALB access logs are queryable on day one. An Athena workgroup
 * with enforced, KMS-encrypted results in a secure bucket, CloudWatch metrics and a per-query
 * scan cutoff; a Glue database and a partition-projected table over the ALB log layout; saved
 * queries for 5xx by target, the slowest requests and requests by client IP; and a
 * least-privilege IAM policy to attach to whoever runs them.
 */
export class Analytics extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:analytics:Analytics";

    public readonly workgroupName: pulumi.Output<string>;
    public readonly databaseName: pulumi.Output<string>;
    public readonly albLogTableName: pulumi.Output<string>;
    public readonly resultsBucketName: pulumi.Output<string>;
    public readonly resultsBucketArn: pulumi.Output<string>;
    /** Saved query ids by key (`5xx-by-target`, `slowest-requests`, `requests-by-client-ip`). */
    public readonly namedQueryIds: pulumi.Output<Record<string, string>>;
    /** Managed policy that allows running the workgroup's queries over the ALB logs. */
    public readonly queryPolicyArn: pulumi.Output<string>;

    constructor(name: string, args: AnalyticsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(Analytics.__pulumiType, name, {}, opts);
        const cutoff = args.bytesScannedCutoffPerQuery ?? 10 * 1024 ** 3;
        const resultDays = args.resultExpirationDays ?? 30;
        const since = args.logsSince ?? "2025/01/01";
        const databaseName = args.databaseName ?? glueName(name);
        assertValidArgs(Analytics.__pulumiType, name, [
            !(Number.isInteger(cutoff) && cutoff >= MIN_BYTES_SCANNED_CUTOFF) &&
                `bytesScannedCutoffPerQuery: expected a whole number of bytes >= ${MIN_BYTES_SCANNED_CUTOFF}, got ${shown(cutoff)}`,
            !(Number.isInteger(resultDays) && resultDays >= 1) &&
                `resultExpirationDays: expected a whole number of days >= 1, got ${shown(resultDays)}`,
            !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(args.albLogPrefix) &&
                `albLogPrefix: expected a key prefix without leading or trailing "/", such as "alb", got ${shown(args.albLogPrefix)}`,
            !/^\d{4}\/\d{2}\/\d{2}$/.test(since) && `logsSince: expected a day as yyyy/MM/dd, got ${shown(since)}`,
            !/^[a-z]{2}(-[a-z]+)+-\d$/.test(args.region) &&
                `region: expected an AWS region name such as us-east-1, got ${shown(args.region)}`,
            !/^[a-z0-9_]{1,255}$/.test(databaseName) &&
                `databaseName: expected lower-case letters, digits and underscores (Athena), got ${shown(databaseName)}`,
        ]);

        const results = new SecureBucket(
            `${name}-results`,
            {
                encryption: { kmsKeyArn: args.dataKeyArn },
                accessLogging: { targetBucket: args.logBucketName, targetPrefix: `${S3_ACCESS_LOG_PREFIX}/athena-results/` },
                currentVersionExpirationDays: resultDays,
                noncurrentVersionExpirationDays: resultDays,
                protect: args.protectResults ?? true,
            },
            { parent: this },
        );

        const workgroup = new aws.athena.Workgroup(
            name,
            {
                description: `ALB access-log analytics (${args.region})`,
                state: "ENABLED",
                // Athena refuses to delete a workgroup that has run queries (query history, saved
                // queries) unless forced. It holds no data: results live in the protected bucket.
                forceDestroy: true,
                configuration: {
                    // Clients cannot override the result location or turn off encryption.
                    enforceWorkgroupConfiguration: true,
                    publishCloudwatchMetricsEnabled: true,
                    bytesScannedCutoffPerQuery: cutoff,
                    resultConfiguration: {
                        outputLocation: pulumi.interpolate`s3://${results.bucketName}/results/`,
                        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: args.dataKeyArn },
                    },
                },
            },
            { parent: this },
        );

        // Athena accepts only lower-case letters, digits and underscores in database names, so the
        // name is given (or derived from the component's) instead of auto-named ("-<suffix>").
        const database = new aws.glue.CatalogDatabase(
            name,
            { name: databaseName, description: `ALB access logs of ${args.region}` },
            { parent: this },
        );

        const location = pulumi
            .all([args.logBucketName, args.accountId])
            .apply(([bucket, account]) => albLogLocation(bucket, args.albLogPrefix, account, args.region));
        const table = new aws.glue.CatalogTable(
            `${name}-alb-logs`,
            {
                databaseName: database.name,
                name: ALB_LOG_TABLE_NAME,
                description: "ALB access logs, day partitions projected from the S3 layout",
                tableType: "EXTERNAL_TABLE",
                parameters: location.apply((l) => albLogTableParameters(l, since)),
                partitionKeys: [{ name: ALB_LOG_PARTITION_KEY, type: "string" }],
                storageDescriptor: {
                    location,
                    inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
                    outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                    serDeInfo: {
                        serializationLibrary: "org.apache.hadoop.hive.serde2.RegexSerDe",
                        parameters: { "serialization.format": "1", "input.regex": ALB_LOG_REGEX },
                    },
                    columns: ALB_LOG_COLUMNS.map(([column, type]) => ({ name: column, type })),
                },
            },
            { parent: this },
        );

        const queries = ALB_LOG_QUERIES.map(
            (q) =>
                [
                    q.key,
                    new aws.athena.NamedQuery(
                        `${name}-${q.key}`,
                        { workgroup: workgroup.name, database: database.name, description: q.description, query: q.sql },
                        { parent: this, dependsOn: [table] },
                    ),
                ] as const,
        );

        const glueArn = (resource: string) => pulumi.interpolate`arn:aws:glue:${args.region}:${args.accountId}:${resource}`;
        const queryPolicy = new aws.iam.Policy(
            `${name}-query`,
            {
                description: `Run the ${name} Athena workgroup's queries over the ALB access logs`,
                policy: identityPolicy([
                    {
                        Sid: "RunQueriesInWorkgroup",
                        Effect: "Allow",
                        Action: [
                            "athena:StartQueryExecution",
                            "athena:StopQueryExecution",
                            "athena:GetQueryExecution",
                            "athena:GetQueryResults",
                            "athena:GetWorkGroup",
                            "athena:GetNamedQuery",
                            "athena:ListNamedQueries",
                            "athena:BatchGetNamedQuery",
                        ],
                        Resource: workgroup.arn,
                    },
                    {
                        Sid: "ReadAlbLogTable",
                        Effect: "Allow",
                        Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"],
                        Resource: [
                            glueArn("catalog"),
                            pulumi.interpolate`${glueArn("database")}/${database.name}`,
                            pulumi.interpolate`${glueArn("table")}/${database.name}/${table.name}`,
                        ],
                    },
                    {
                        Sid: "LocateBuckets",
                        Effect: "Allow",
                        Action: "s3:GetBucketLocation",
                        Resource: [args.logBucketArn, results.bucketArn],
                    },
                    {
                        Sid: "ListAlbLogs",
                        Effect: "Allow",
                        Action: "s3:ListBucket",
                        Resource: args.logBucketArn,
                        Condition: { StringLike: { "s3:prefix": [`${args.albLogPrefix}/*`] } },
                    },
                    {
                        Sid: "ReadAlbLogs",
                        Effect: "Allow",
                        Action: "s3:GetObject",
                        Resource: pulumi.interpolate`${args.logBucketArn}/${args.albLogPrefix}/*`,
                    },
                    {
                        Sid: "WriteQueryResults",
                        Effect: "Allow",
                        Action: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
                        Resource: pulumi.interpolate`${results.bucketArn}/results/*`,
                    },
                    { Sid: "ListQueryResults", Effect: "Allow", Action: "s3:ListBucket", Resource: results.bucketArn },
                    {
                        Sid: "EncryptQueryResults",
                        Effect: "Allow",
                        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                        Resource: args.dataKeyArn,
                    },
                ]),
            },
            { parent: this },
        );

        this.workgroupName = workgroup.name;
        this.databaseName = database.name;
        this.albLogTableName = table.name;
        this.resultsBucketName = results.bucketName;
        this.resultsBucketArn = results.bucketArn;
        this.namedQueryIds = pulumi.all(Object.fromEntries(queries.map(([key, q]) => [key, q.id])));
        this.queryPolicyArn = queryPolicy.arn;
        this.registerOutputs({
            workgroupName: this.workgroupName,
            databaseName: this.databaseName,
            albLogTableName: this.albLogTableName,
            resultsBucketName: this.resultsBucketName,
            resultsBucketArn: this.resultsBucketArn,
            namedQueryIds: this.namedQueryIds,
            queryPolicyArn: this.queryPolicyArn,
        });
    }
}

/** A Glue/Athena-safe identifier from a Pulumi logical name. */
function glueName(name: string): string {
    return name.toLowerCase().replace(/[^a-z0-9_]/g, "_");
}
