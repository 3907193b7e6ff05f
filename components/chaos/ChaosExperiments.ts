/**
 * Chaos drills for one region: AWS FIS experiment templates that take out part of the
 * service in one availability zone, so that the self-healing paths (ECS task replacement, ALB
 * health checks, multi-AZ placement) are exercised on purpose instead of first during an outage.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { cloudWatchLogsKeyUse, customerKeyArgs, customerKeyOptions } from "../encryption/customerKey";
import { identityPolicy, serviceTrustPolicy, type Statement } from "../identity/policyDocument";
import type { NetworkTier } from "../network/Network";
import type { RunningService } from "../service/FargateService";
import { parseSettings } from "../shared/settings";
import { shown } from "../shared/validation";
import { type ChaosSettingsInput, chaosArgsSettings } from "./settings";
import { isKnownRegion, regionProblem } from "../shared/regions";

/** Arguments of {@link ChaosExperiments}. */
export interface ChaosExperimentsArgs extends ChaosSettingsInput {
    /** AWS account of the stack: pins the FIS trust policy (aws:SourceAccount) and scopes ARNs. */
    readonly accountId: pulumi.Input<string>;
    /** Region of the stack (ARNs, the log key's service principal). */
    readonly region: string;
    /**
     * ARN partition.
     * @default "aws"
     */
    readonly partition?: string;
    /** Availability zones of the service: one stop-task and one network drill per zone. */
    readonly availabilityZones: readonly string[];
    /** The service the drills hit: cluster name (FIS target parameter, task ARNs), ARN (scopes ecs:ListTasks) and name. */
    readonly service: Pick<RunningService, "clusterName" | "clusterArn" | "serviceName">;
    /**
     * The VPC of the service (FIS creates its deny-all network ACL there) and its private subnets,
     * one per zone in the order of `availabilityZones` (as `Network` exports them: awsx creates them
     * by AZ position). Each zone's network drill names only its own subnet, since FIS takes at most
     * 5 `resourceArns` per target, and also filters on the zone, so a subnet in the wrong position
     * makes the drill find nothing and fail, not cut another zone.
     */
    readonly network: Pick<NetworkTier, "vpcId" | "privateSubnetIds">;
    /**
     * Stop conditions of every template, in order: CloudWatch alarms that fire only when the drill
     * hurts users (5xx, latency), 1 to 5 of them (FIS accepts five stop conditions per template).
     * Do not pass an alarm the drill trips on purpose (unhealthy targets, running-task shortfall,
     * or a composite containing them): the drill would stop itself before proving recovery.
     */
    readonly stopAlarmArns: readonly pulumi.Input<string>[];
    /**
     * Mark the experiment log's KMS key `protect`, so that Pulumi refuses to delete it. Turn off only
     * for throw-away environments and tests.
     * @default true
     */
    readonly protectKey?: boolean;
}

/** FIS accepts at most five stop conditions per template. */
const MAX_STOP_CONDITIONS = 5;

/**
 * AWS FIS experiment templates for one region (run only when started by hand, see
 * `docs/chaos-drills.md`), per availability zone:
 *
 * - `stop-tasks-<az>`: `aws:ecs:stop-task` on `stopTaskPercent`% of the service's tasks running
 *   in the zone; ECS starts replacements and the ALB drains the stopped targets.
 * - `disrupt-network-<az>`: `aws:network:disrupt-connectivity` (scope `all`) on the service's
 *   private subnet in the zone for `durationMinutes`; the tasks there fail their health checks
 *   and the service must carry on from the other zones.
 *
 * Every template stops on the `stopAlarmArns` alarms (customer impact: 5xx, latency), so a drill
 * runs its full course unless users are hurt; it runs with a least-privilege FIS role and logs
 * to a KMS-encrypted log group.
 */
export class ChaosExperiments extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:chaos:ChaosExperiments";

    /** Experiment template ids keyed by `stop-tasks-<az>` / `disrupt-network-<az>`. */
    public readonly experimentTemplateIds: pulumi.Output<Record<string, string>>;
    /** ARN of the role the experiments run with. */
    public readonly roleArn: pulumi.Output<string>;
    /** Log group that receives the experiment logs. */
    public readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: ChaosExperimentsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(ChaosExperiments.__pulumiType, name, {}, opts);

        const azs = [...args.availabilityZones];
        const partition = args.partition ?? "aws";
        const stopAlarmArns = [...args.stopAlarmArns];
        const knownAlarms = stopAlarmArns.filter((a): a is string => typeof a === "string");
        const repeatedAlarms = [...new Set(knownAlarms.filter((a, i) => knownAlarms.indexOf(a) !== i))];
        const duplicates = [...new Set(azs.filter((az, i) => azs.indexOf(az) !== i))];
        const foreign = azs.filter((az) => !(az.length === args.region.length + 1 && az.startsWith(args.region)));

        const settings = parseSettings(chaosArgsSettings, args, ChaosExperiments.__pulumiType, name, [
            regionProblem(args.region),
            azs.length < 1 && `availabilityZones: expected at least 1, got ${shown(azs)}`,
            duplicates.length > 0 && `availabilityZones: expected distinct zones, got ${shown(azs)}`,
            isKnownRegion(args.region) &&
                foreign.length > 0 &&
                `availabilityZones: expected zones of ${args.region}, got ${shown(foreign)}`,
            stopAlarmArns.length < 1 && `stopAlarmArns: expected at least 1 alarm (a drill must stop when it hurts users), got []`,
            stopAlarmArns.length > MAX_STOP_CONDITIONS &&
                `stopAlarmArns: expected at most ${MAX_STOP_CONDITIONS} (FIS stop conditions per template), got ${stopAlarmArns.length}`,
            // Unknown ARNs (outputs at preview) are skipped: only plain strings can be compared.
            repeatedAlarms.length > 0 && `stopAlarmArns: expected each alarm once, got ${shown(repeatedAlarms)} more than once`,
        ]);
        const percent = settings.stopTaskPercent;
        const minutes = settings.durationMinutes;
        const retention = settings.logRetentionDays;

        const arn = (service: string, resource: pulumi.Input<string>) =>
            pulumi.interpolate`arn:${partition}:${service}:${args.region}:${args.accountId}:${resource}`;

        // ------------------------------------------------------------------ experiment log
        const logKey = new aws.kms.Key(
            `${name}-logs-key`,
            customerKeyArgs({
                description: `Encrypts the AWS FIS experiment log in ${args.region}`,
                accountId: args.accountId,
                partition,
                grants: [cloudWatchLogsKeyUse(args.region, args.accountId, partition)],
            }),
            customerKeyOptions({ parent: this, retainOnDelete: true }, args.protectKey),
        );
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { retentionInDays: retention, kmsKeyId: logKey.arn },
            { parent: this },
        );

        // ------------------------------------------------------------------ experiment role
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                description: "Runs the AWS FIS chaos drills of this region",
                assumeRolePolicy: serviceTrustPolicy("fis.amazonaws.com", args.accountId),
            },
            { parent: this },
        );
        const networkAcls = arn("ec2", "network-acl/*");
        const subnetArns = pulumi
            .all([args.network.privateSubnetIds, args.accountId])
            .apply(([ids, account]) => ids.map((id) => `arn:${partition}:ec2:${args.region}:${account}:subnet/${id}`));
        const statements: Statement[] = [
            {
                Sid: "StopServiceTasks",
                Effect: "Allow",
                Action: ["ecs:StopTask", "ecs:DescribeTasks"],
                Resource: arn("ecs", pulumi.interpolate`task/${args.service.clusterName}/*`),
            },
            {
                Sid: "ListClusterTasks",
                Effect: "Allow",
                Action: "ecs:ListTasks",
                Resource: "*",
                Condition: { ArnEquals: { "ecs:cluster": args.service.clusterArn } },
                wildcardResourceReason:
                    "ecs:ListTasks is authorised on container instances, which Fargate tasks have none of; the ecs:cluster condition pins it to the cluster",
            },
            {
                // disrupt-connectivity creates a deny-all network ACL tagged managedByFIS=true,
                // swaps it onto the target subnets, then swaps the original back and deletes it.
                Sid: "CreateFisNetworkAclInVpc",
                Effect: "Allow",
                Action: "ec2:CreateNetworkAcl",
                Resource: arn("ec2", pulumi.interpolate`vpc/${args.network.vpcId}`),
            },
            {
                Sid: "CreateTaggedFisNetworkAcl",
                Effect: "Allow",
                Action: "ec2:CreateNetworkAcl",
                Resource: networkAcls,
                Condition: { StringEquals: { "aws:RequestTag/managedByFIS": "true" } },
            },
            {
                Sid: "TagFisNetworkAclAtCreation",
                Effect: "Allow",
                Action: "ec2:CreateTags",
                Resource: networkAcls,
                Condition: { StringEquals: { "ec2:CreateAction": "CreateNetworkAcl", "aws:RequestTag/managedByFIS": "true" } },
            },
            {
                Sid: "EditAndDeleteFisNetworkAcl",
                Effect: "Allow",
                Action: ["ec2:CreateNetworkAclEntry", "ec2:DeleteNetworkAcl"],
                Resource: networkAcls,
                Condition: { StringEquals: { "ec2:ResourceTag/managedByFIS": "true" } },
            },
            {
                // The original ACL is put back at the end, so the network-acl side cannot be
                // limited to FIS's own ACL; the subnet side is limited to the service's subnets.
                Sid: "SwapNetworkAclOfServiceSubnets",
                Effect: "Allow",
                Action: "ec2:ReplaceNetworkAclAssociation",
                Resource: pulumi.all([subnetArns, networkAcls]).apply(([subnets, acls]) => [...subnets, acls]),
            },
            {
                // Scope `all` reads no prefix lists (ec2:DescribeManagedPrefixLists and
                // ec2:GetManagedPrefixListEntries serve the s3, dynamodb and prefix-list scopes).
                Sid: "DescribeNetwork",
                Effect: "Allow",
                Action: ["ec2:DescribeNetworkAcls", "ec2:DescribeSubnets", "ec2:DescribeVpcs"],
                Resource: "*",
                wildcardResourceReason: "EC2 Describe actions support no resource-level permissions",
            },
            {
                Sid: "ReadStopConditionAlarms",
                Effect: "Allow",
                Action: "cloudwatch:DescribeAlarms",
                Resource: stopAlarmArns,
            },
            {
                Sid: "DeliverExperimentLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogDelivery", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"],
                Resource: "*",
                wildcardResourceReason: "CloudWatch Logs vended-log delivery actions support no resource-level permissions",
            },
        ];
        const policy = new aws.iam.RolePolicy(`${name}-policy`, { role: role.name, policy: identityPolicy(statements) }, { parent: this });

        // ------------------------------------------------------------------ experiment templates
        // Templates are found by their `platform:drill` tag (docs/chaos-drills.md).
        const common = {
            roleArn: role.arn,
            stopConditions: stopAlarmArns.map((value) => ({ source: "aws:cloudwatch:alarm", value })),
            // A drill whose target is gone (service scaled to zero, subnet renamed) must fail loudly.
            experimentOptions: { accountTargeting: "single-account", emptyTargetResolutionMode: "fail" },
            logConfiguration: {
                logSchemaVersion: 2,
                // FIS requires the log group ARN with its `:*` suffix.
                cloudwatchLogsConfiguration: { logGroupArn: pulumi.interpolate`${logGroup.arn}:*` },
            },
        };
        const templates: Record<string, aws.fis.ExperimentTemplate> = {};
        for (const [zoneIndex, az] of azs.entries()) {
            templates[`stop-tasks-${az}`] = new aws.fis.ExperimentTemplate(
                `${name}-stop-tasks-${az}`,
                {
                    ...common,
                    tags: { "platform:drill": `stop-tasks-${az}` },
                    description: pulumi.interpolate`Stop ${percent}% of the tasks of ${args.service.serviceName} running in ${az}`,
                    targets: [
                        {
                            name: "service-tasks",
                            resourceType: "aws:ecs:task",
                            parameters: { cluster: args.service.clusterName, service: args.service.serviceName },
                            filters: [{ path: "AvailabilityZone", values: [az] }],
                            selectionMode: `PERCENT(${percent})`,
                        },
                    ],
                    actions: [{ name: "stop-tasks", actionId: "aws:ecs:stop-task", target: { key: "Tasks", value: "service-tasks" } }],
                },
                { parent: this, dependsOn: [policy] },
            );
            templates[`disrupt-network-${az}`] = new aws.fis.ExperimentTemplate(
                `${name}-disrupt-network-${az}`,
                {
                    ...common,
                    tags: { "platform:drill": `disrupt-network-${az}` },
                    description: `Cut all traffic of the service's private subnet in ${az} for ${minutes} minutes`,
                    targets: [
                        {
                            name: "private-subnet",
                            resourceType: "aws:ec2:subnet",
                            resourceArns: subnetArns.apply((arns) => (arns[zoneIndex] === undefined ? [] : [arns[zoneIndex]!])),
                            filters: [{ path: "AvailabilityZone", values: [az] }],
                            selectionMode: "ALL",
                        },
                    ],
                    actions: [
                        {
                            name: "disrupt-connectivity",
                            actionId: "aws:network:disrupt-connectivity",
                            parameters: [
                                { key: "duration", value: `PT${minutes}M` },
                                { key: "scope", value: "all" },
                            ],
                            target: { key: "Subnets", value: "private-subnet" },
                        },
                    ],
                },
                { parent: this, dependsOn: [policy] },
            );
        }

        this.experimentTemplateIds = pulumi
            .all(Object.entries(templates).map(([key, t]) => t.id.apply((id) => [key, id] as const)))
            .apply((pairs) => Object.fromEntries(pairs));
        this.roleArn = role.arn;
        this.logGroupName = logGroup.name;

        this.registerOutputs({ experimentTemplateIds: this.experimentTemplateIds, roleArn: this.roleArn, logGroupName: this.logGroupName });
    }
}
