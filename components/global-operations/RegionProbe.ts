import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { identityPolicy, serviceTrustPolicy } from "../identity/policyDocument";
import { SYNTHETICS_RUNS_PREFIX } from "../storage/logPrefixes";
import { parseSettings } from "../shared/settings";
import { shown } from "../shared/validation";
import { type RegionProbeSettingsInput, regionProbeArgsSettings } from "./settings";

/**
 * The log group Lambda writes the canary's runs to: `/aws/lambda/<function name>`, the function
 * being `cwsyn-<canary name>-<id>` (CloudWatch User Guide, "Required roles and permissions for
 * canaries"), named in the canary's `engineArn` (`arn:aws:lambda:<region>:<account>:function:<name>:<version>`).
 */
export function canaryLogGroupName(engineArn: string): string {
    const functionName = engineArn.split(":")[6];
    if (!functionName) throw new Error(`expected a Lambda function ARN as the canary's engineArn, got ${JSON.stringify(engineArn)}`);
    return `/aws/lambda/${functionName}`;
}

/**
 * Synthetics runtime of the probe script.
 *
 * Assumption (documented, not checked against a deployed canary): this runtime runs on the
 * Lambda Node.js 20.x runtime, which ships the AWS SDK for JavaScript v3 (`@aws-sdk/client-cloudwatch`
 * included, as every Lambda Node.js runtime from 18.x does), so the archive holds only the script.
 * The Puppeteer runtimes also bundle SDK v2, which the script does not use. If a runtime upgrade
 * stops shipping SDK v3, bundle the client in the archive under `nodejs/node_modules/`.
 */
export const PROBE_RUNTIME_VERSION = "syn-nodejs-puppeteer-9.1";

/** Seconds the probe waits for the watched region's CloudWatch API, retries included. */
export const PROBE_TIMEOUT_SECONDS = 10;

/**
 * The probe, a dead-man's switch on the watched region: one `DescribeAlarms` call to the watched
 * region's CloudWatch API for its composite "region unhealthy" alarm. It fails when the call fails
 * or does not answer within {@link PROBE_TIMEOUT_SECONDS} (the region's control plane is
 * unreachable), when the alarm is missing (a renamed alarm, or a permission that hides composite
 * alarms, must not read as healthy), or when the alarm is in ALARM. It needs no network path to the
 * region's load balancer, only the public CloudWatch endpoint.
 *
 * Assumes the runtime ships `@aws-sdk/client-cloudwatch` (AWS SDK for JavaScript v3): see
 * {@link PROBE_RUNTIME_VERSION}.
 */
export const PROBE_SCRIPT = `// @aws-sdk/client-cloudwatch (AWS SDK for JavaScript v3) is not in this archive: the Lambda
// Node.js 20.x runtime under ${PROBE_RUNTIME_VERSION} ships it.
const { CloudWatchClient, DescribeAlarmsCommand } = require("@aws-sdk/client-cloudwatch");

const TIMEOUT_MS = ${PROBE_TIMEOUT_SECONDS * 1000};

exports.handler = async () => {
    const region = process.env.PROBE_TARGET_REGION;
    const alarmName = process.env.PROBE_ALARM_NAME;
    const subject = "alarm " + alarmName + " in " + region;
    const client = new CloudWatchClient({ region });
    const abort = new AbortController();
    let timer;
    const deadline = new Promise((resolve, reject) => {
        timer = setTimeout(() => {
            reject(new Error("CloudWatch in " + region + " did not answer within " + TIMEOUT_MS + " ms"));
            abort.abort();
        }, TIMEOUT_MS);
    });
    let response;
    try {
        const command = new DescribeAlarmsCommand({ AlarmNames: [alarmName], AlarmTypes: ["CompositeAlarm"] });
        response = await Promise.race([client.send(command, { abortSignal: abort.signal }), deadline]);
    } catch (err) {
        throw new Error("could not read " + subject + ": " + (err && err.message ? err.message : String(err)));
    } finally {
        clearTimeout(timer);
        client.destroy();
    }
    const alarm = ((response && response.CompositeAlarms) || []).find((a) => a.AlarmName === alarmName);
    if (!alarm) throw new Error(subject + " not found");
    if (alarm.StateValue === "ALARM") throw new Error(subject + " is in ALARM: " + alarm.StateReason);
    console.log(subject + " is " + alarm.StateValue);
};
`;

/** Arguments of {@link RegionProbe}: its settings ({@link regionProbeArgsSettings}) and its wiring. */
export interface RegionProbeArgs extends RegionProbeSettingsInput {
    /** Region being watched: the probe calls its CloudWatch API. */
    readonly targetRegion: string;
    /**
     * Name of the watched region's composite "region unhealthy" alarm (the regional contract's
     * `regionUnhealthyAlarmName`, 1-255 characters). The probe fails while it is in ALARM.
     */
    readonly targetAlarmName: pulumi.Input<string>;
    /** Region of the provider (the watching region); must differ from `targetRegion`. */
    readonly region: string;
    /** AWS account id (scopes the role's log permissions). */
    readonly accountId: pulumi.Input<string>;
    /** Bucket in the watching region that stores the probe's code and run artifacts (SSE-S3). */
    readonly artifactBucketName: pulumi.Input<string>;
    /** SNS topic in the watching region the alarm notifies. */
    readonly alarmTopicArn: pulumi.Input<string>;
    /**
     * KMS key of the watching region that encrypts the probe's Lambda log group (its key policy
     * must let CloudWatch Logs of that region use it, as the global alert keys do).
     */
    readonly logKeyArn: pulumi.Input<string>;
}

/**
 * Watches a region from another one: a CloudWatch Synthetics canary in the watching region that
 * reads the watched region's composite "region unhealthy" alarm through the watched region's
 * CloudWatch API ({@link PROBE_SCRIPT}), and an alarm in the watching region (on the canary's
 * `SuccessPercent`) that notifies a topic of the watching region.
 *
 * Why: CloudWatch alarms notify only topics of their own region, and Route 53 health-check
 * metrics exist only in us-east-1. When us-east-1 itself fails, its health-check alarms may not
 * fire; this probe, running elsewhere, still does. It reads the region's own verdict instead of
 * requesting its origin because the regional load balancer admits only CloudFront and the Route 53
 * health checkers, and answers 403 without the origin-verify header: a canary cannot reach it.
 */
export class RegionProbe extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:global-operations:RegionProbe";

    public readonly canaryName: pulumi.Output<string>;
    public readonly alarmName: pulumi.Output<string>;
    /** The region the canary runs in (the watcher's, never the watched one). */
    public readonly region: string;

    constructor(name: string, args: RegionProbeArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(RegionProbe.__pulumiType, name, {}, opts);
        const settings = parseSettings(regionProbeArgsSettings, args, RegionProbe.__pulumiType, name, [
            args.region === args.targetRegion &&
                `targetRegion: expected a region other than the watching region (${args.region}), got ${shown(args.targetRegion)}`,
            // Checked when known (a StackReference output is known at preview).
            typeof args.targetAlarmName === "string" &&
                !(args.targetAlarmName.length >= 1 && args.targetAlarmName.length <= 255) &&
                `targetAlarmName: expected 1-255 characters (a CloudWatch alarm name), got ${shown(args.targetAlarmName)}`,
        ]);
        const { intervalMinutes: interval, failedPeriods: periods } = settings;

        const prefix = `synthetics/${name}`;
        // Run artifacts go where the bucket's lifecycle expires them; the code above never expires.
        const runsPrefix = `${SYNTHETICS_RUNS_PREFIX}/${name}`;
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

        // No aws:SourceAccount/aws:SourceArn condition: "All IAM roles for canaries must include"
        // exactly the plain lambda.amazonaws.com trust statement (CloudWatch User Guide, "Required
        // roles and permissions for canaries"), and Lambda documents neither key for assuming an
        // execution role; with a condition it does not meet, the canary's creation fails with
        // "The role defined for the function cannot be assumed by Lambda". What guards the role
        // is iam:PassRole: only a principal allowed to pass it can give it to a function.
        const role = new aws.iam.Role(`${name}-role`, { assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com") }, { parent: this });
        const bucketArn = pulumi.interpolate`arn:aws:s3:::${args.artifactBucketName}`;
        const policy = new aws.iam.RolePolicy(
            `${name}-role`,
            {
                role: role.name,
                policy: identityPolicy([
                    {
                        Sid: "ReadCode",
                        Effect: "Allow",
                        Action: "s3:GetObject",
                        Resource: pulumi.interpolate`${bucketArn}/${prefix}/probe.zip`,
                    },
                    {
                        Sid: "WriteArtifacts",
                        Effect: "Allow",
                        Action: "s3:PutObject",
                        Resource: pulumi.interpolate`${bucketArn}/${runsPrefix}/*`,
                    },
                    { Sid: "LocateBucket", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: bucketArn },
                    {
                        // AWS "Required roles and permissions for CloudWatch canaries" lists it, with
                        // s3:GetBucketLocation, among the permissions every canary role needs.
                        Sid: "ListBuckets",
                        Effect: "Allow",
                        Action: "s3:ListAllMyBuckets",
                        Resource: "*",
                        wildcardResourceReason:
                            "s3:ListAllMyBuckets supports no resource-level permissions; the CloudWatch Synthetics canary role requires it",
                    },
                    {
                        Sid: "ReadWatchedRegionAlarm",
                        Effect: "Allow",
                        Action: "cloudwatch:DescribeAlarms",
                        Resource: "*",
                        // The Service Authorization Reference lists the alarm resource type for
                        // DescribeAlarms, but the API returns composite alarms only to a permission
                        // scoped to "*": scoped to the alarm's ARN, the probe would never see it.
                        wildcardResourceReason:
                            'cloudwatch:DescribeAlarms returns composite alarms only when allowed on Resource "*" (CloudWatch API Reference); the condition pins the watched region',
                        Condition: { StringEquals: { "aws:RequestedRegion": args.targetRegion } },
                    },
                    {
                        Sid: "PublishProbeMetrics",
                        Effect: "Allow",
                        Action: "cloudwatch:PutMetricData",
                        Resource: "*",
                        wildcardResourceReason:
                            "cloudwatch:PutMetricData supports no resource-level permissions; the condition pins the namespace",
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
                artifactS3Location: pulumi.interpolate`s3://${args.artifactBucketName}/${runsPrefix}/`,
                artifactConfig: { s3Encryption: { encryptionMode: "SSE_S3" } },
                schedule: { expression: interval === 1 ? "rate(1 minute)" : `rate(${interval} minutes)` },
                runConfig: {
                    timeoutInSeconds: 30,
                    environmentVariables: { PROBE_TARGET_REGION: args.targetRegion, PROBE_ALARM_NAME: args.targetAlarmName },
                },
                startCanary: true,
                successRetentionPeriod: 7,
                failureRetentionPeriod: 31,
                // Synthetics leaves the canary's Lambda function and layers behind on DeleteCanary
                // unless asked (API Reference, DeleteCanary: DeleteLambda, default false).
                deleteLambda: true,
            },
            { parent: this, dependsOn: [policy] },
        );

        // The function's log group, created here so that it is encrypted with the platform key and
        // expires: Lambda would create it itself, unencrypted and kept forever. The role may not
        // create log groups (no logs:CreateLogGroup), so Lambda cannot win the race; runs before
        // this group exists (at most the first minute) are not logged. It is deleted with the stack,
        // unlike the group Lambda would have created.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { name: canary.engineArn.apply(canaryLogGroupName), retentionInDays: settings.logRetentionDays, kmsKeyId: args.logKeyArn },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-logs`,
            {
                role: role.name,
                policy: identityPolicy([
                    {
                        Sid: "WriteLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: pulumi.interpolate`${logGroup.arn}:*`,
                    },
                ]),
            },
            { parent: this },
        );

        const alarm = new aws.cloudwatch.MetricAlarm(
            name,
            {
                alarmDescription: pulumi.interpolate`${args.targetRegion} is unhealthy or its CloudWatch API is unreachable from ${args.region} (Synthetics probe of its alarm ${args.targetAlarmName}).`,
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
        this.region = args.region;
        this.alarmName = alarm.name;
        this.registerOutputs({ canaryName: this.canaryName, alarmName: this.alarmName });
    }
}
