import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { identityPolicy, serviceTrustPolicy } from "../identity/policyDocument";
import { assertValidArgs, shown } from "../shared/validation";

/** Synthetics runtime of the probe script (Node.js; the script uses only Node's http/https). */
export const PROBE_RUNTIME_VERSION = "syn-nodejs-puppeteer-9.1";

/**
 * The probe: one GET of `PROBE_URL`, failing on a network error, a timeout or a status other
 * than 2xx/3xx (what a Route 53 HTTP health check accepts).
 */
export const PROBE_SCRIPT = `const http = require("http");
const https = require("https");

exports.handler = async () => {
    const url = new URL(process.env.PROBE_URL);
    const client = url.protocol === "https:" ? https : http;
    await new Promise((resolve, reject) => {
        const request = client.get(url, { timeout: 5000 }, (response) => {
            response.resume();
            const status = response.statusCode || 0;
            if (status >= 200 && status < 400) resolve();
            else reject(new Error("probe " + url + " answered " + status));
        });
        request.on("timeout", () => request.destroy(new Error("probe " + url + " timed out")));
        request.on("error", reject);
    });
};
`;

/** Arguments of {@link RegionProbe}. */
export interface RegionProbeArgs {
    /** Region being probed (the watched region), for names and the alarm text. */
    readonly targetRegion: string;
    /** Region of the provider (the watching region); must differ from `targetRegion`. */
    readonly region: string;
    /** AWS account id (scopes the role's log permissions). */
    readonly accountId: pulumi.Input<string>;
    /** URL probed: the watched region's health-check path on its origin. */
    readonly url: pulumi.Input<string>;
    /** Bucket in the watching region that stores the probe's code and run artifacts (SSE-S3). */
    readonly artifactBucketName: pulumi.Input<string>;
    /** SNS topic in the watching region the alarm notifies. */
    readonly alarmTopicArn: pulumi.Input<string>;
    /**
     * Minutes between probes (1-60).
     * @default 1
     */
    readonly intervalMinutes?: number;
    /**
     * Consecutive failed minutes before the alarm fires (1-10).
     * @default 3
     */
    readonly failedPeriods?: number;
}

/**
 * Watches a region from another one: a CloudWatch Synthetics canary in the watching region
 * that probes the watched region's origin, and an alarm in the watching region (on the
 * canary's `SuccessPercent`) that notifies a topic of the watching region.
 *
 * Why: CloudWatch alarms notify only topics of their own region, and Route 53 health-check
 * metrics exist only in us-east-1. When us-east-1 itself fails, its health-check alarms may not
 * fire; this probe, running elsewhere, still does.
 */
export class RegionProbe extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:global-operations:RegionProbe";

    public readonly canaryName: pulumi.Output<string>;
    public readonly alarmName: pulumi.Output<string>;

    constructor(name: string, args: RegionProbeArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(RegionProbe.__pulumiType, name, {}, opts);
        const interval = args.intervalMinutes ?? 1;
        const periods = args.failedPeriods ?? 3;
        assertValidArgs(RegionProbe.__pulumiType, name, [
            args.region === args.targetRegion && `targetRegion: expected a region other than the watching region (${args.region}), got ${shown(args.targetRegion)}`,
            !(Number.isInteger(interval) && interval >= 1 && interval <= 60) && `intervalMinutes: expected a whole number from 1 to 60, got ${shown(interval)}`,
            !(Number.isInteger(periods) && periods >= 1 && periods <= 10) && `failedPeriods: expected a whole number from 1 to 10, got ${shown(periods)}`,
        ]);

        const prefix = `synthetics/${name}`;
        const code = new aws.s3.BucketObjectv2(
            `${name}-code`,
            {
                bucket: args.artifactBucketName,
                key: `${prefix}/probe.zip`,
                // Synthetics loads Node.js scripts from nodejs/node_modules/ in the archive.
                source: new pulumi.asset.AssetArchive({ "nodejs/node_modules/probe.js": new pulumi.asset.StringAsset(PROBE_SCRIPT) }),
            },
            { parent: this },
        );

        const role = new aws.iam.Role(`${name}-role`, { assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com", args.accountId) }, { parent: this });
        const bucketArn = pulumi.interpolate`arn:aws:s3:::${args.artifactBucketName}`;
        const policy = new aws.iam.RolePolicy(
            `${name}-role`,
            {
                role: role.name,
                policy: identityPolicy([
                    { Sid: "ReadCode", Effect: "Allow", Action: "s3:GetObject", Resource: pulumi.interpolate`${bucketArn}/${prefix}/probe.zip` },
                    { Sid: "WriteArtifacts", Effect: "Allow", Action: "s3:PutObject", Resource: pulumi.interpolate`${bucketArn}/${prefix}/runs/*` },
                    { Sid: "LocateBucket", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: bucketArn },
                    {
                        Sid: "WriteLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: pulumi.interpolate`arn:aws:logs:${args.region}:${args.accountId}:log-group:/aws/lambda/cwsyn-*`,
                    },
                    {
                        Sid: "PublishProbeMetrics",
                        Effect: "Allow",
                        Action: "cloudwatch:PutMetricData",
                        Resource: "*",
                        wildcardResourceReason: "cloudwatch:PutMetricData supports no resource-level permissions; the condition pins the namespace",
                        Condition: { StringEquals: { "cloudwatch:namespace": "CloudWatchSynthetics" } },
                    },
                ]),
            },
            { parent: this },
        );

        const canary = new aws.synthetics.Canary(
            name,
            {
                runtimeVersion: PROBE_RUNTIME_VERSION,
                handler: "probe.handler",
                s3Bucket: args.artifactBucketName,
                s3Key: code.key,
                s3Version: code.versionId,
                executionRoleArn: role.arn,
                artifactS3Location: pulumi.interpolate`s3://${args.artifactBucketName}/${prefix}/runs/`,
                artifactConfig: { s3Encryption: { encryptionMode: "SSE_S3" } },
                schedule: { expression: interval === 1 ? "rate(1 minute)" : `rate(${interval} minutes)` },
                runConfig: { timeoutInSeconds: 30, environmentVariables: { PROBE_URL: args.url } },
                startCanary: true,
                successRetentionPeriod: 7,
                failureRetentionPeriod: 31,
            },
            { parent: this, dependsOn: [policy] },
        );

        const alarm = new aws.cloudwatch.MetricAlarm(
            name,
            {
                alarmDescription: `${args.targetRegion} is unreachable from ${args.region} (Synthetics probe of its origin).`,
                namespace: "CloudWatchSynthetics",
                metricName: "SuccessPercent",
                dimensions: { CanaryName: canary.name },
                statistic: "Average",
                period: 60 * interval,
                evaluationPeriods: periods,
                datapointsToAlarm: periods,
                threshold: 100,
                comparisonOperator: "LessThanThreshold",
                // A probe that stops reporting is as alarming as one that fails.
                treatMissingData: "breaching",
                actionsEnabled: true,
                alarmActions: [args.alarmTopicArn],
                okActions: [args.alarmTopicArn],
            },
            { parent: this },
        );

        this.canaryName = canary.name;
        this.alarmName = alarm.name;
        this.registerOutputs({ canaryName: this.canaryName, alarmName: this.alarmName });
    }
}
