import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ServiceRoles } from "../identity/ServiceRoles";
import type { ServiceTarget } from "../load-balancing/LoadBalancer";
import type { NetworkTier } from "../network/Network";
import { parseSettings } from "../shared/settings";
import type { DataStore } from "../storage/Storage";
import { APP_CONTAINER, TMP_VOLUME, taskContainers, XRAY_CONTAINER } from "./containers";
import { type FargateServiceSettingsInput, fargateServiceArgsSettings } from "./settings";

/** Arguments of {@link FargateService}: its settings ({@link fargateServiceArgsSettings}) and its wiring. */
export interface FargateServiceArgs extends FargateServiceSettingsInput {
    /**
     * VPC of the tasks and its private subnets, one per availability zone, at least 2 (checked when
     * given as a list; an output, such as the VPC's, is checked by the config schema's zone count).
     * Tasks spread over all of them.
     */
    readonly network: Pick<NetworkTier, "vpcId" | "privateSubnetIds">;
    /** The load balancer: target group, its security group (the only source admitted) and scaling dimensions. */
    readonly target: ServiceTarget;
    /** The data bucket the application uses and its KMS key. */
    readonly data: Pick<DataStore, "dataBucketArn" | "dataKeyArn">;
    /** Account of the service (pins the roles' trust policies). */
    readonly accountId: pulumi.Input<string>;
    /** Region of the service (scopes the data key grant to S3 in this region). */
    readonly region: string;
    /** KMS key of the container log groups; its key policy must allow `logs.<region>.amazonaws.com`. */
    readonly logKeyArn: pulumi.Input<string>;
}

/** What the tiers that watch or drill a running service need of it. */
export interface RunningService {
    readonly clusterName: pulumi.Input<string>;
    readonly clusterArn: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
    /** Tasks the service keeps at least (its autoscaling minimum). */
    readonly desiredCount: number;
}

/**
 * The application tier: an ECS cluster with Container Insights and a Fargate service of 2+ tasks
 * spread over the private subnets, behind the ALB's target group.
 *
 * Self-healing: ECS replaces tasks that fail their container or ALB health check, the deployment
 * circuit breaker rolls a failing deployment back (which `waitForSteadyState` does not notice:
 * pulumi-aws issue 4487, pulumi-awsx issue 1848; `pulumi up` then reports success with the new task
 * definition recorded while the old one runs, so `npm run verify` compares the service's primary
 * deployment with the `taskDefinitionArn` output), AZ rebalancing restores the spread after an AZ
 * outage, and target tracking scales on CPU and on requests per target.
 *
 * Task hardening: read-only root filesystem with a writable bind volume at `/tmp` only (the
 * default image writes nothing else), non-root users, not privileged, `init` as PID 1, no
 * credentials in the environment, `awslogs` to KMS-encrypted log groups, and an X-Ray daemon
 * sidecar. Fargate creates an empty bind volume owned by root (mode 0755) unless the image
 * declares the path as a `VOLUME` with its owner, and the default image does not: a short-lived,
 * non-essential init container (`volume-permissions`) runs `chown <user> /tmp` as root with
 * every capability but CHOWN dropped, and the app starts only after it succeeded. (An image
 * built with `VOLUME /tmp` after a `chown` needs none: it is harmless there.)
 */
export class FargateService extends pulumi.ComponentResource implements RunningService {
    public static readonly __pulumiType = "platform:service:FargateService";

    public readonly clusterName: pulumi.Output<string>;
    public readonly clusterArn: pulumi.Output<string>;
    public readonly serviceName: pulumi.Output<string>;
    public readonly serviceArn: pulumi.Output<string>;
    public readonly taskDefinitionArn: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly appLogGroupName: pulumi.Output<string>;
    /** Log group of the X-Ray daemon; undefined with tracing off. */
    public readonly xrayLogGroupName: pulumi.Output<string | undefined>;
    public readonly taskRoleArn: pulumi.Output<string>;
    public readonly executionRoleArn: pulumi.Output<string>;
    /** The autoscaling minimum: fewer running tasks is a shortfall (the running-tasks alarm's threshold). */
    public readonly desiredCount: number;

    constructor(name: string, args: FargateServiceArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(FargateService.__pulumiType, name, {}, opts);

        const settings = parseSettings(fargateServiceArgsSettings, args, FargateService.__pulumiType, name, [
            Array.isArray(args.network.privateSubnetIds) &&
                args.network.privateSubnetIds.length < 2 &&
                `network.privateSubnetIds: expected at least 2 subnets (one per availability zone), got ${args.network.privateSubnetIds.length}`,
        ]);
        const { image, containerPort, user, environment, cpu, memory, desiredCount, maxCount, healthCheckPath } = settings;
        const grace = settings.healthCheckGracePeriodSeconds;
        const cpuTarget = settings.cpuTargetPercent;
        const requestsPerTarget = settings.requestsPerTarget;
        const retention = settings.logRetentionDays;

        const child = { parent: this };

        const cluster = new aws.ecs.Cluster(name, { settings: [{ name: "containerInsights", value: "enhanced" }] }, child);
        new aws.ecs.ClusterCapacityProviders(
            name,
            {
                clusterName: cluster.name,
                capacityProviders: ["FARGATE"],
                defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
            },
            child,
        );

        const securityGroup = new aws.ec2.SecurityGroup(
            `${name}-tasks`,
            { vpcId: args.network.vpcId, description: "Fargate tasks: ingress from the ALB only" },
            child,
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-tasks-from-alb`,
            {
                securityGroupId: securityGroup.id,
                description: "Application port from the ALB",
                ipProtocol: "tcp",
                fromPort: containerPort,
                toPort: containerPort,
                referencedSecurityGroupId: args.target.securityGroupId,
            },
            child,
        );
        // Image pulls, CloudWatch Logs, X-Ray and S3 are HTTPS endpoints (reached through NAT or the
        // S3 gateway endpoint); nothing else leaves the task.
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-tasks-https-out`,
            {
                securityGroupId: securityGroup.id,
                description: "HTTPS to AWS APIs and image registries",
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrIpv4: "0.0.0.0/0",
            },
            child,
        );

        const logGroup = (role: string) =>
            new aws.cloudwatch.LogGroup(`${name}-${role}`, { kmsKeyId: args.logKeyArn, retentionInDays: retention }, child);
        const appLogs = logGroup(APP_CONTAINER);
        // The X-Ray daemon only forwards segments an instrumented application sends it; the default
        // image sends none and ALBs do not trace, so the sidecar runs only with tracing on.
        const xrayLogs = settings.tracing ? logGroup(XRAY_CONTAINER) : undefined;

        const roles = new ServiceRoles(
            `${name}-roles`,
            {
                accountId: args.accountId,
                region: args.region,
                logGroupArns: xrayLogs ? [appLogs.arn, xrayLogs.arn] : [appLogs.arn],
                dataBucketArn: args.data.dataBucketArn,
                dataKeyArn: args.data.dataKeyArn,
            },
            child,
        );

        const taskDefinition = new aws.ecs.TaskDefinition(
            name,
            {
                family: name,
                requiresCompatibilities: ["FARGATE"],
                networkMode: "awsvpc",
                cpu: String(cpu),
                memory: String(memory),
                runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
                executionRoleArn: roles.executionRoleArn,
                taskRoleArn: roles.taskRoleArn,
                volumes: [{ name: TMP_VOLUME }],
                containerDefinitions: pulumi.jsonStringify(
                    taskContainers({
                        image,
                        user,
                        containerPort,
                        environment,
                        healthCheckPath,
                        healthCheckGracePeriodSeconds: grace,
                        region: args.region,
                        appLogGroupName: appLogs.name,
                        xrayLogGroupName: xrayLogs?.name,
                    }),
                ),
            },
            child,
        );

        const service = new aws.ecs.Service(
            name,
            {
                cluster: cluster.arn,
                taskDefinition: taskDefinition.arn,
                desiredCount,
                launchType: "FARGATE",
                platformVersion: "LATEST",
                networkConfiguration: { subnets: args.network.privateSubnetIds, securityGroups: [securityGroup.id], assignPublicIp: false },
                loadBalancers: [{ targetGroupArn: args.target.targetGroupArn, containerName: APP_CONTAINER, containerPort }],
                healthCheckGracePeriodSeconds: grace,
                deploymentCircuitBreaker: { enable: true, rollback: true },
                deploymentMinimumHealthyPercent: 100,
                deploymentMaximumPercent: 200,
                availabilityZoneRebalancing: "ENABLED",
                propagateTags: "SERVICE",
                enableEcsManagedTags: true,
                enableExecuteCommand: false,
                // `pulumi up` waits for the deployment to reach a steady state and fails when it does
                // not: with the circuit breaker's rollback, a failing deployment would otherwise
                // report success while ECS quietly runs the previous task definition.
                waitForSteadyState: true,
            },
            // Application Auto Scaling owns the running count after creation (between desiredCount
            // and maxCount): without this every `pulumi up` would set it back to desiredCount,
            // undoing a scale-out under load. The initial desiredCount still applies at creation.
            { parent: this, ignoreChanges: ["desiredCount"] },
        );

        const scalable = new aws.appautoscaling.Target(
            name,
            {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}`,
                minCapacity: desiredCount,
                maxCapacity: maxCount,
            },
            child,
        );
        const targetTracking = (key: string, config: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfiguration) =>
            new aws.appautoscaling.Policy(
                `${name}-${key}`,
                {
                    policyType: "TargetTrackingScaling",
                    serviceNamespace: scalable.serviceNamespace,
                    scalableDimension: scalable.scalableDimension,
                    resourceId: scalable.resourceId,
                    targetTrackingScalingPolicyConfiguration: config,
                },
                child,
            );
        // Scale out fast, scale in slowly: a flapping fleet is worse than a few idle tasks.
        targetTracking("cpu", {
            predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
            targetValue: cpuTarget,
            scaleOutCooldown: 60,
            scaleInCooldown: 300,
        });
        targetTracking("requests", {
            predefinedMetricSpecification: {
                predefinedMetricType: "ALBRequestCountPerTarget",
                resourceLabel: pulumi.interpolate`${args.target.albArnSuffix}/${args.target.targetGroupArnSuffix}`,
            },
            targetValue: requestsPerTarget,
            scaleOutCooldown: 60,
            scaleInCooldown: 300,
        });

        this.clusterName = cluster.name;
        this.clusterArn = cluster.arn;
        this.serviceName = service.name;
        this.serviceArn = service.id;
        this.taskDefinitionArn = taskDefinition.arn;
        this.securityGroupId = securityGroup.id;
        this.appLogGroupName = appLogs.name;
        this.xrayLogGroupName = xrayLogs ? xrayLogs.name : pulumi.output(undefined);
        this.taskRoleArn = roles.taskRoleArn;
        this.executionRoleArn = roles.executionRoleArn;
        this.desiredCount = desiredCount;

        this.registerOutputs({
            clusterName: this.clusterName,
            clusterArn: this.clusterArn,
            serviceName: this.serviceName,
            serviceArn: this.serviceArn,
            taskDefinitionArn: this.taskDefinitionArn,
            securityGroupId: this.securityGroupId,
            appLogGroupName: this.appLogGroupName,
            xrayLogGroupName: this.xrayLogGroupName,
            taskRoleArn: this.taskRoleArn,
            executionRoleArn: this.executionRoleArn,
        });
    }
}
