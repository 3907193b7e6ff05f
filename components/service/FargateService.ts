import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ServiceRoles } from "../identity/ServiceRoles";
import { FARGATE_MEMORY_BY_CPU, IMAGE_REFERENCE, LITERAL_ALB_PATH, logRetentionProblem } from "../shared/awsLimits";
import { assertValidArgs, shown } from "../shared/validation";
import { APP_CONTAINER, DEFAULT_APP_IMAGE, TMP_VOLUME, taskContainers, XRAY_CONTAINER } from "./containers";

// Kept importable from this module, where they were declared before containers.ts.
export {
    APP_CONTAINER,
    CAPABILITIES_DROPPED_BY_INIT,
    DEFAULT_APP_IMAGE,
    VOLUME_INIT_CONTAINER,
    VOLUME_INIT_IMAGE,
    XRAY_CONTAINER,
    XRAY_DAEMON_IMAGE,
    XRAY_DAEMON_PORT,
} from "./containers";

/** Environment names that would carry AWS credentials (ECS.8): the task role provides them. */
const CREDENTIAL_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "ECS_ENGINE_AUTH_DATA"];

/** Arguments of {@link FargateService}. */
export interface FargateServiceArgs {
    /** VPC of the tasks. */
    readonly vpcId: pulumi.Input<string>;
    /**
     * Private subnets, one per availability zone, at least 2 (checked when given as a list; an
     * output, such as the VPC's, is checked by the config schema's zone count). Tasks spread over all of them.
     */
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security group of the ALB: the only source admitted on the container port. */
    readonly albSecurityGroupId: pulumi.Input<string>;
    /** Target group the service registers its tasks in. */
    readonly targetGroupArn: pulumi.Input<string>;
    /** CloudWatch dimension of the ALB (`app/<name>/<id>`), for request-count scaling. */
    readonly albArnSuffix: pulumi.Input<string>;
    /** CloudWatch dimension of the target group (`targetgroup/<name>/<id>`), for request-count scaling. */
    readonly targetGroupArnSuffix: pulumi.Input<string>;
    /** Account of the service (pins the roles' trust policies). */
    readonly accountId: pulumi.Input<string>;
    /** Region of the service (scopes the data key grant to S3 in this region). */
    readonly region: string;
    /** Data bucket the application uses. */
    readonly dataBucketArn: pulumi.Input<string>;
    /** KMS key of the data bucket. */
    readonly dataKeyArn: pulumi.Input<string>;
    /** KMS key of the container log groups; its key policy must allow `logs.<region>.amazonaws.com`. */
    readonly logKeyArn: pulumi.Input<string>;
    /** Retention of the container logs, a CloudWatch Logs retention value. @default 90 */
    readonly logRetentionDays?: number;
    /** Application image. @default DEFAULT_APP_IMAGE (nginx-unprivileged, stable, Alpine) */
    readonly image?: string;
    /** Port the application listens on (non-privileged: 1024..65535). @default 8080 */
    readonly containerPort?: number;
    /** Non-root `uid[:gid]` the application runs as. @default "101:101" (nginx-unprivileged) */
    readonly user?: string;
    /** Plain environment of the application (never credentials: the task role provides them). @default {} */
    readonly environment?: Readonly<Record<string, string>>;
    /** Task CPU units (Fargate sizes). @default 256 */
    readonly cpu?: number;
    /** Task memory in MiB, valid for `cpu`. @default 512 */
    readonly memory?: number;
    /**
     * Starting task count and autoscaling minimum, at least 2 so that losing one AZ leaves
     * capacity. The service is created with this many tasks; after that Application Auto Scaling
     * owns the running count (between this and `maxCount`): the ECS service ignores changes to
     * `desiredCount`, so `pulumi up` never resets the running count, and changing this value only
     * moves the scalable target's minimum (raising it scales the service out to the new minimum).
     * @default 2
     */
    readonly desiredCount?: number;
    /** Upper bound of autoscaling. @default 6 */
    readonly maxCount?: number;
    /**
     * Path the container health check probes (the ALB's health-check path): at most 128 characters
     * from A-Z a-z 0-9 `_ - . / ~ @ : +`, so that it is safe inside the single-quoted shell command.
     * @default "/"
     */
    readonly healthCheckPath?: string;
    /** Seconds ECS ignores failing ALB health checks of a new task. @default 60 */
    readonly healthCheckGracePeriodSeconds?: number;
    /** Average CPU the service scales to keep (percent, 10..90). @default 60 */
    readonly cpuTargetPercent?: number;
    /** ALB requests per task per minute the service scales to keep. @default 1000 */
    readonly requestsPerTarget?: number;
}

/**
 * The application tier: an ECS cluster with Container Insights and a Fargate service of 2+ tasks
 * spread over the private subnets, behind the ALB's target group.
 *
 * Self-healing: ECS replaces tasks that fail their container or ALB health check, the deployment
 * circuit breaker rolls a failing deployment back, AZ rebalancing restores the spread after an AZ
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
export class FargateService extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:service:FargateService";

    public readonly clusterName: pulumi.Output<string>;
    public readonly clusterArn: pulumi.Output<string>;
    public readonly serviceName: pulumi.Output<string>;
    public readonly serviceArn: pulumi.Output<string>;
    public readonly taskDefinitionArn: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly appLogGroupName: pulumi.Output<string>;
    public readonly xrayLogGroupName: pulumi.Output<string>;
    public readonly taskRoleArn: pulumi.Output<string>;
    public readonly executionRoleArn: pulumi.Output<string>;
    /** The autoscaling minimum: fewer running tasks is a shortfall (the running-tasks alarm's threshold). */
    public readonly desiredCount: number;

    constructor(name: string, args: FargateServiceArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(FargateService.__pulumiType, name, {}, opts);

        const image = args.image ?? DEFAULT_APP_IMAGE;
        const containerPort = args.containerPort ?? 8080;
        const user = args.user ?? "101:101";
        const environment = args.environment ?? {};
        const cpu = args.cpu ?? 256;
        const memory = args.memory ?? 512;
        const desiredCount = args.desiredCount ?? 2;
        const maxCount = args.maxCount ?? 6;
        const healthCheckPath = args.healthCheckPath ?? "/";
        const grace = args.healthCheckGracePeriodSeconds ?? 60;
        const cpuTarget = args.cpuTargetPercent ?? 60;
        const requestsPerTarget = args.requestsPerTarget ?? 1000;
        const retention = args.logRetentionDays ?? 90;

        const memoryRange = FARGATE_MEMORY_BY_CPU[cpu];
        const credentialNames = Object.keys(environment).filter((k) => CREDENTIAL_VARIABLES.includes(k));
        assertValidArgs(FargateService.__pulumiType, name, [
            Array.isArray(args.privateSubnetIds) &&
                args.privateSubnetIds.length < 2 &&
                `privateSubnetIds: expected at least 2 subnets (one per availability zone), got ${args.privateSubnetIds.length}`,
            !IMAGE_REFERENCE.test(image) &&
                `image: expected a container image reference such as registry/repository:tag, got ${shown(image)}`,
            !(Number.isInteger(containerPort) && containerPort >= 1024 && containerPort <= 65535) &&
                `containerPort: expected an integer from 1024 to 65535 (non-root users cannot bind lower ports), got ${shown(containerPort)}`,
            !/^[1-9][0-9]*(:[1-9][0-9]*)?$/.test(user) && `user: expected a non-root uid or uid:gid such as 101:101, got ${shown(user)}`,
            credentialNames.length > 0 &&
                `environment: expected no AWS credentials (the task role provides them), got ${shown(credentialNames)}`,
            !memoryRange && `cpu: expected Fargate CPU units ${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")}, got ${shown(cpu)}`,
            memoryRange &&
                (memory < memoryRange[0] || memory > memoryRange[1] || (memory - memoryRange[0]) % memoryRange[2] !== 0) &&
                `memory: expected ${memoryRange[0]}..${memoryRange[1]} MiB in steps of ${memoryRange[2]} for cpu ${cpu}, got ${shown(memory)}`,
            !(Number.isInteger(desiredCount) && desiredCount >= 2) &&
                `desiredCount: expected an integer >= 2 (one task may be lost with its AZ), got ${shown(desiredCount)}`,
            !(Number.isInteger(maxCount) && maxCount >= desiredCount) &&
                `maxCount: expected an integer >= desiredCount (${desiredCount}), got ${shown(maxCount)}`,
            !/^\/[\x21-\x7e]*$/.test(healthCheckPath)
                ? `healthCheckPath: expected an absolute URL path such as /health, got ${shown(healthCheckPath)}`
                : !LITERAL_ALB_PATH.test(healthCheckPath) &&
                  `healthCheckPath: expected at most 128 characters from A-Z a-z 0-9 _ - . / ~ @ : + (it is single-quoted in the CMD-SHELL health check), got ${shown(healthCheckPath)}`,
            !(Number.isInteger(grace) && grace >= 0 && grace <= 2_147_483_647) &&
                `healthCheckGracePeriodSeconds: expected an integer >= 0, got ${shown(grace)}`,
            !(Number.isInteger(cpuTarget) && cpuTarget >= 10 && cpuTarget <= 90) &&
                `cpuTargetPercent: expected an integer from 10 to 90, got ${shown(cpuTarget)}`,
            !(Number.isInteger(requestsPerTarget) && requestsPerTarget >= 1) &&
                `requestsPerTarget: expected an integer >= 1, got ${shown(requestsPerTarget)}`,
            logRetentionProblem("logRetentionDays", retention),
        ]);

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
            { vpcId: args.vpcId, description: "Fargate tasks: ingress from the ALB only" },
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
                referencedSecurityGroupId: args.albSecurityGroupId,
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
        const xrayLogs = logGroup(XRAY_CONTAINER);

        const roles = new ServiceRoles(
            `${name}-roles`,
            {
                accountId: args.accountId,
                region: args.region,
                logGroupArns: [appLogs.arn, xrayLogs.arn],
                dataBucketArn: args.dataBucketArn,
                dataKeyArn: args.dataKeyArn,
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
                        xrayLogGroupName: xrayLogs.name,
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
                networkConfiguration: { subnets: args.privateSubnetIds, securityGroups: [securityGroup.id], assignPublicIp: false },
                loadBalancers: [{ targetGroupArn: args.targetGroupArn, containerName: APP_CONTAINER, containerPort }],
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
                resourceLabel: pulumi.interpolate`${args.albArnSuffix}/${args.targetGroupArnSuffix}`,
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
        this.xrayLogGroupName = xrayLogs.name;
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
