/**
 * The containers of the service's task: the application, the X-Ray daemon sidecar and the
 * init container that hands the writable `/tmp` volume to the application's user. Pure: values
 * may be Inputs, the caller serialises the list with `pulumi.jsonStringify`.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Default image: runs as user 101, listens on 8080, answers `GET /` with 200, ships `wget`, and
 * writes only below `/tmp` (its Dockerfile moves the PID file and every `*_temp_path` there).
 */
export const DEFAULT_APP_IMAGE = "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine";
/** The X-Ray daemon, pinned to its major version. */
export const XRAY_DAEMON_IMAGE = "public.ecr.aws/xray/aws-xray-daemon:3.x";
/** UDP port the X-Ray daemon listens on (the SDKs' default `AWS_XRAY_DAEMON_ADDRESS`). */
export const XRAY_DAEMON_PORT = 2000;
/** Container names inside the task (the target group forwards to `app`). */
export const APP_CONTAINER = "app";
export const XRAY_CONTAINER = "xray-daemon";
/** Name of the init container that hands the writable volume to the app's user. */
export const VOLUME_INIT_CONTAINER = "volume-permissions";
/** Image of that init container (a shell with `chown`). */
export const VOLUME_INIT_IMAGE = "public.ecr.aws/docker/library/busybox:1.37";
/**
 * Docker's default capabilities except CHOWN: the init container runs as root for one
 * `chown` and keeps nothing else.
 */
export const CAPABILITIES_DROPPED_BY_INIT: aws.ecs.KernelCapability[] = [
    "AUDIT_WRITE",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "NET_RAW",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];
/** The task's writable bind volume, mounted at `/tmp` by the app and the init container. */
export const TMP_VOLUME = "tmp";

/** What {@link taskContainers} builds the definitions from: the service's arguments, defaults applied. */
export interface TaskContainersArgs {
    /** Application image. */
    readonly image: string;
    /** Non-root `uid[:gid]` the application runs as; the init container hands `/tmp` to it. */
    readonly user: string;
    /** Port the application listens on. */
    readonly containerPort: number;
    /** Plain environment of the application. */
    readonly environment: Readonly<Record<string, string>>;
    /** Path the container health check probes; must match `LITERAL_ALB_PATH` (it is single-quoted). */
    readonly healthCheckPath: string;
    /** Seconds ECS ignores failing ALB health checks of a new task; the container health check's start period (at most 300). */
    readonly healthCheckGracePeriodSeconds: number;
    /** Region of the log groups. */
    readonly region: string;
    /** Log group of the app and the init container. */
    readonly appLogGroupName: pulumi.Input<string>;
    /** Log group of the X-Ray daemon; absent: no daemon (tracing off). */
    readonly xrayLogGroupName?: pulumi.Input<string>;
}

/** `awslogs` to `group`, streams prefixed with `prefix`. */
const awslogs = (group: pulumi.Input<string>, region: string, prefix: string): aws.ecs.LogConfiguration => ({
    logDriver: "awslogs",
    options: { "awslogs-group": group, "awslogs-region": region, "awslogs-stream-prefix": prefix },
});

/**
 * The task's container definitions, in task-definition order: the app, the X-Ray daemon (only
 * with tracing on), then the volume-permissions init container the app waits for.
 */
export function taskContainers(args: TaskContainersArgs): aws.ecs.ContainerDefinition[] {
    const app: aws.ecs.ContainerDefinition = {
        name: APP_CONTAINER,
        image: args.image,
        essential: true,
        user: args.user,
        privileged: false,
        readonlyRootFilesystem: true,
        portMappings: [{ containerPort: args.containerPort, protocol: "tcp" }],
        environment: [
            ...Object.entries(args.environment).map(([key, value]) => ({ name: key, value })),
            ...(args.xrayLogGroupName === undefined ? [] : [{ name: "AWS_XRAY_DAEMON_ADDRESS", value: `127.0.0.1:${XRAY_DAEMON_PORT}` }]),
        ],
        mountPoints: [{ sourceVolume: TMP_VOLUME, containerPath: "/tmp", readOnly: false }],
        dependsOn: [{ containerName: VOLUME_INIT_CONTAINER, condition: "SUCCESS" }],
        linuxParameters: { initProcessEnabled: true },
        healthCheck: {
            // Single-quoted: LITERAL_ALB_PATH admits no character that ends the quoting or expands.
            command: ["CMD-SHELL", `wget -q -O /dev/null 'http://localhost:${args.containerPort}${args.healthCheckPath}' || exit 1`],
            interval: 10,
            timeout: 5,
            retries: 3,
            startPeriod: Math.min(args.healthCheckGracePeriodSeconds, 300),
        },
        logConfiguration: awslogs(args.appLogGroupName, args.region, APP_CONTAINER),
    };
    // Root, on purpose and alone: nothing but a chown of the empty volume, then it exits.
    const volumeInit: aws.ecs.ContainerDefinition = {
        name: VOLUME_INIT_CONTAINER,
        image: VOLUME_INIT_IMAGE,
        essential: false,
        user: "0",
        privileged: false,
        readonlyRootFilesystem: true,
        command: ["chown", args.user, "/tmp"],
        mountPoints: [{ sourceVolume: TMP_VOLUME, containerPath: "/tmp", readOnly: false }],
        linuxParameters: { capabilities: { drop: CAPABILITIES_DROPPED_BY_INIT } },
        logConfiguration: awslogs(args.appLogGroupName, args.region, VOLUME_INIT_CONTAINER),
    };
    if (args.xrayLogGroupName === undefined) return [app, volumeInit];
    const xray: aws.ecs.ContainerDefinition = {
        name: XRAY_CONTAINER,
        image: XRAY_DAEMON_IMAGE,
        essential: false,
        user: "1337",
        privileged: false,
        readonlyRootFilesystem: true,
        portMappings: [{ containerPort: XRAY_DAEMON_PORT, protocol: "udp" }],
        linuxParameters: { initProcessEnabled: true },
        logConfiguration: awslogs(args.xrayLogGroupName, args.region, XRAY_CONTAINER),
    };
    return [app, xray, volumeInit];
}
