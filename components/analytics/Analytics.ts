import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { identityPolicy } from "../identity/policyDocument";
import { parseSettings } from "../shared/settings";
import { shown } from "../shared/validation";
import type { DataStore, LogStore } from "../storage/Storage";
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
import { type AnalyticsSettingsInput, analyticsSettings } from "./settings";
import { regionProblem } from "../shared/regions";

/** Arguments of {@link Analytics}: its settings ({@link analyticsSettings}) and its wiring. */
export interface AnalyticsArgs extends AnalyticsSettingsInput {
    /** The log bucket holding the ALB access logs (also receives the results bucket's access logs) and their prefix. */
    readonly logs: LogStore;
    /** Customer-managed KMS key that encrypts query results (the storage tier's data key). */
    readonly data: Pick<DataStore, "dataKeyArn">;
    /** AWS region of the stack's provider (the ALB log location and Glue ARNs). */
    readonly region: string;
    /** AWS account id (the ALB log location and Glue ARNs). */
    readonly accountId: pulumi.Input<string>;
    /**
     * Glue database name. Glue names are unique per account and region, so a stack that may share
     * its region with another stack of the project passes one that includes the stack name. Athena
     * accepts only lower-case letters, digits and underscores.
     * @default - the component name, lower-cased, other characters replaced by `_`
     */
    readonly databaseName?: string;
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
        const databaseName = args.databaseName ?? glueName(name);
        const settings = parseSettings(analyticsSettings, args, Analytics.__pulumiType, name, [
            !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(args.logs.albLogPrefix) &&
                `logs.albLogPrefix: expected a key prefix without leading or trailing "/", such as "alb", got ${shown(args.logs.albLogPrefix)}`,
            regionProblem(args.region),
            !/^[a-z0-9_]{1,255}$/.test(databaseName) &&
                `databaseName: expected lower-case letters, digits and underscores (Athena), got ${shown(databaseName)}`,
        ]);
        const cutoff = settings.bytesScannedCutoffPerQuery;
        const resultDays = settings.resultExpirationDays;
        const since = settings.logsSince;

        const results = new SecureBucket(
            `${name}-results`,
            {
                encryption: { kmsKeyArn: args.data.dataKeyArn },
                accessLogging: { targetBucket: args.logs.logBucketName, targetPrefix: `${S3_ACCESS_LOG_PREFIX}/athena-results/` },
                currentVersionExpirationDays: resultDays,
                noncurrentVersionExpirationDays: resultDays,
                protect: settings.protectResults,
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
                        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: args.data.dataKeyArn },
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
            .all([args.logs.logBucketName, args.accountId])
            .apply(([bucket, account]) => albLogLocation(bucket, args.logs.albLogPrefix, account, args.region));
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
                        Resource: [args.logs.logBucketArn, results.bucketArn],
                    },
                    {
                        Sid: "ListAlbLogs",
                        Effect: "Allow",
                        Action: "s3:ListBucket",
                        Resource: args.logs.logBucketArn,
                        Condition: { StringLike: { "s3:prefix": [`${args.logs.albLogPrefix}/*`] } },
                    },
                    {
                        Sid: "ReadAlbLogs",
                        Effect: "Allow",
                        Action: "s3:GetObject",
                        Resource: pulumi.interpolate`${args.logs.logBucketArn}/${args.logs.albLogPrefix}/*`,
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
                        Resource: args.data.dataKeyArn,
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
