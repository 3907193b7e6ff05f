import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs } from "../shared/validation";
import { identityPolicy, serviceTrustPolicy, type Statement } from "./policyDocument";
import { regionProblem } from "../shared/regions";

/** Service principal of ECS tasks (both roles are assumed by it). */
export const ECS_TASKS_PRINCIPAL = "ecs-tasks.amazonaws.com";

/** X-Ray actions the daemon sidecar calls. */
export const XRAY_DAEMON_ACTIONS = [
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:GetSamplingStatisticSummaries",
] as const;

/** Arguments of {@link ServiceRoles}. */
export interface ServiceRolesArgs {
    /** Account the roles live in: pins the trust policies (`aws:SourceAccount`, confused deputy). */
    readonly accountId: pulumi.Input<string>;
    /** Region of the service: scopes the data-key grant to S3 in this region (`kms:ViaService`). */
    readonly region: string;
    /** Log groups the task's containers write to (awsvpc `awslogs` driver), at least one. */
    readonly logGroupArns: readonly pulumi.Input<string>[];
    /** Data bucket the application reads and writes. */
    readonly dataBucketArn: pulumi.Input<string>;
    /** KMS key of the data bucket (SSE-KMS). */
    readonly dataKeyArn: pulumi.Input<string>;
}

/**
 * Least-privilege roles of the Fargate service.
 *
 * - Execution role (used by the ECS agent): write to the task's log groups, nothing else. The
 *   images are public (ECR Public, Docker Hub) so no ECR pull permissions are needed; the log
 *   groups' KMS key is used by CloudWatch Logs itself (granted in the key policy), so no
 *   `kms:Decrypt` either.
 * - Task role (used by the application): objects of the data bucket, its KMS key only through
 *   S3 in this region, and the X-Ray daemon's calls (X-Ray has no resource-level permissions).
 *
 * Every identity policy goes through `identityPolicy`, which refuses `*` and `service:*`
 * actions and an unexplained `Resource: "*"`.
 */
export class ServiceRoles extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:identity:ServiceRoles";

    public readonly executionRoleArn: pulumi.Output<string>;
    public readonly executionRoleName: pulumi.Output<string>;
    public readonly taskRoleArn: pulumi.Output<string>;
    public readonly taskRoleName: pulumi.Output<string>;

    constructor(name: string, args: ServiceRolesArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(ServiceRoles.__pulumiType, name, {}, opts);

        assertValidArgs(ServiceRoles.__pulumiType, name, [
            args.logGroupArns.length === 0 && `logGroupArns: expected at least 1 log group, got 0`,
            regionProblem(args.region),
        ]);

        const child = { parent: this };
        const trust = serviceTrustPolicy(ECS_TASKS_PRINCIPAL, args.accountId);

        const executionRole = new aws.iam.Role(
            `${name}-execution`,
            { description: "ECS agent: writes the task's container logs", assumeRolePolicy: trust },
            child,
        );
        const executionStatements: Statement[] = [
            {
                Sid: "WriteContainerLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                // `<group arn>:*` is the form the CloudWatch Logs docs use: it covers the group's streams.
                Resource: args.logGroupArns.map((arn) => pulumi.interpolate`${arn}:*`),
            },
        ];
        new aws.iam.RolePolicy(`${name}-execution`, { role: executionRole.id, policy: identityPolicy(executionStatements) }, child);

        const taskRole = new aws.iam.Role(
            `${name}-task`,
            { description: "Application: data bucket objects, its key via S3, X-Ray", assumeRolePolicy: trust },
            child,
        );
        const taskStatements: Statement[] = [
            {
                Sid: "DataObjects",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                Resource: pulumi.interpolate`${args.dataBucketArn}/*`,
            },
            { Sid: "DataBucketList", Effect: "Allow", Action: "s3:ListBucket", Resource: args.dataBucketArn },
            {
                Sid: "DataKeyThroughS3",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"],
                Resource: args.dataKeyArn,
                Condition: { StringEquals: { "kms:ViaService": `s3.${args.region}.amazonaws.com` } },
            },
            {
                Sid: "XRayDaemon",
                Effect: "Allow",
                Action: [...XRAY_DAEMON_ACTIONS],
                Resource: "*",
                wildcardResourceReason: "X-Ray actions support no resource-level permissions",
            },
        ];
        new aws.iam.RolePolicy(`${name}-task`, { role: taskRole.id, policy: identityPolicy(taskStatements) }, child);

        this.executionRoleArn = executionRole.arn;
        this.executionRoleName = executionRole.name;
        this.taskRoleArn = taskRole.arn;
        this.taskRoleName = taskRole.name;

        this.registerOutputs({
            executionRoleArn: this.executionRoleArn,
            executionRoleName: this.executionRoleName,
            taskRoleArn: this.taskRoleArn,
            taskRoleName: this.taskRoleName,
        });
    }
}
