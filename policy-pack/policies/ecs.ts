/** ECS controls and the multi-AZ service / safe-deployment reliability rules. */
import { multiAzProblem, subnetAzs } from "./lib/azs";
import { resourcePolicy, stackPolicy } from "./lib/define";
import { containerName, containers } from "./lib/documents";
import { UNKNOWN, bool, get, isSet, list, num, str } from "./lib/values";

const SERVICE_TYPES = ["aws:ecs/service:Service"];
const TASK_TYPES = ["aws:ecs/taskDefinition:TaskDefinition"];

export const ecsServiceNoPublicIp = resourcePolicy({
    name: "ecs-service-no-public-ip",
    description: "ECS.2: ECS services do not assign public IP addresses.",
    controls: ["ECS.2"],
    enforcementLevel: "mandatory",
    types: SERVICE_TYPES,
    module: __filename,
    validate: ({ props, report }) => {
        if (bool(get(props, "networkConfiguration", "assignPublicIp")) === true) report("networkConfiguration.assignPublicIp is true.");
    },
});

export const ecsTaskNoHostPid = resourcePolicy({
    name: "ecs-task-no-host-pid",
    description: "ECS.3: task definitions do not share the host's process namespace.",
    controls: ["ECS.3"],
    enforcementLevel: "mandatory",
    types: TASK_TYPES,
    module: __filename,
    validate: ({ props, report }) => {
        if (str(get(props, "pidMode")) === "host") report('pidMode is "host".');
    },
});

/** One rule over every container of a task definition; skips when the definitions are unknown. */
function containerRule(
    name: string,
    description: string,
    controls: string[],
    check: (c: unknown, label: string) => string | undefined,
    enforcementLevel: "advisory" | "mandatory" = "mandatory",
) {
    return resourcePolicy({
        name,
        description,
        controls,
        enforcementLevel,
        types: TASK_TYPES,
        module: __filename,
        validate: ({ props, report }) => {
            const cs = containers(get(props, "containerDefinitions"));
            if (cs === UNKNOWN || !cs) return;
            cs.forEach((c, i) => {
                if (c === UNKNOWN) return;
                const m = check(c, `Container "${containerName(c, i)}"`);
                if (m) report(m);
            });
        },
    });
}

export const ecsContainerNotPrivileged = containerRule(
    "ecs-container-not-privileged",
    "ECS.4: containers do not run privileged.",
    ["ECS.4"],
    (c, label) => (bool(get(c, "privileged")) === true ? `${label} is privileged.` : undefined),
);

export const ecsContainerReadonlyRootFilesystem = containerRule(
    "ecs-container-readonly-root-filesystem",
    "ECS.5: containers have a read-only root filesystem.",
    ["ECS.5"],
    (c, label) => {
        const v = bool(get(c, "readonlyRootFilesystem"));
        return v === UNKNOWN || v === true ? undefined : `${label} readonlyRootFilesystem is not true.`;
    },
);

const AWS_KEY_NAMES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"];

export const ecsContainerNoAwsCredentialsInEnvironment = containerRule(
    "ecs-container-no-aws-credentials-in-environment",
    "ECS.8: container environment variables carry no AWS credentials (use the task role or secrets).",
    ["ECS.8"],
    (c, label) => {
        const env = list(get(c, "environment"));
        if (env === UNKNOWN || !env) return undefined;
        const found = env.map((e) => str(get(e, "name"))).filter((n): n is string => typeof n === "string" && AWS_KEY_NAMES.includes(n));
        return found.length ? `${label} sets ${found.join(", ")} in environment.` : undefined;
    },
);

export const ecsContainerLogConfiguration = containerRule(
    "ecs-container-log-configuration",
    "ECS.9: every container has a log configuration.",
    ["ECS.9"],
    (c, label) => {
        const d = get(c, "logConfiguration", "logDriver");
        return d === UNKNOWN || isSet(d) ? undefined : `${label} has no logConfiguration.logDriver.`;
    },
);

/** A container allowed to run as root, by name, with the reason the allowance is acceptable. */
export interface RootContainerAllowance {
    name: string;
    reason: string;
}

export const ecsContainerNonRootUser = resourcePolicy<{ allowedRootContainers: RootContainerAllowance[] }>({
    name: "ecs-container-non-root-user",
    description:
        "Hardening (DESIGN §3): containers run as a non-root user (allowedRootContainers lists the exceptions, each with a reason).",
    controls: ["DESIGN.NonRootUser"],
    // Not an FSBP control, and an image's own USER is invisible here: advisory unless raised (prod.json).
    enforcementLevel: "advisory",
    types: TASK_TYPES,
    config: {
        allowedRootContainers: {
            type: "array",
            default: [],
            description:
                "Containers (by name) that may run as root, each with a reason, e.g. a short-lived, non-essential init container that only chowns a volume with every other capability dropped.",
            items: {
                type: "object",
                properties: { name: { type: "string", minLength: 1 }, reason: { type: "string", minLength: 1 } },
                required: ["name", "reason"],
                additionalProperties: false,
            },
        },
    },
    module: __filename,
    validate: ({ props, report, config }) => {
        const allowed = new Set(config.allowedRootContainers.map((a) => a.name));
        const cs = containers(get(props, "containerDefinitions"));
        if (cs === UNKNOWN || !cs) return;
        cs.forEach((c, i) => {
            if (c === UNKNOWN) return;
            const name = str(get(c, "name"));
            if (typeof name === "string" && allowed.has(name)) return;
            const label = `Container "${containerName(c, i)}"`;
            const u = str(get(c, "user"));
            if (u === UNKNOWN) return;
            if (u === undefined || u === "") report(`${label} sets no user (runs as root).`);
            else if (/^(root|0)(:|$)/.test(u)) report(`${label} user is "${u}" (root).`);
        });
    },
});

export const ecsFargateLatestPlatformVersion = resourcePolicy({
    name: "ecs-fargate-latest-platform-version",
    description: "ECS.10: Fargate services run on the latest platform version (platformVersion unset or LATEST).",
    controls: ["ECS.10"],
    enforcementLevel: "mandatory",
    types: SERVICE_TYPES,
    module: __filename,
    validate: ({ props, report }) => {
        const v = str(get(props, "platformVersion"));
        if (typeof v === "string" && v !== "LATEST") report(`platformVersion is "${v}"; expected unset or "LATEST".`);
    },
});

export const ecsClusterContainerInsights = resourcePolicy({
    name: "ecs-cluster-container-insights",
    description: "ECS.12: ECS clusters have Container Insights enabled (or enhanced).",
    controls: ["ECS.12"],
    enforcementLevel: "mandatory",
    types: ["aws:ecs/cluster:Cluster"],
    module: __filename,
    validate: ({ props, report }) => {
        const settings = list(get(props, "settings"));
        if (settings === UNKNOWN) return;
        const ci = (settings ?? []).find((s) => str(get(s, "name")) === "containerInsights");
        const v = ci === undefined ? undefined : str(get(ci, "value"));
        if (v === UNKNOWN || v === "enabled" || v === "enhanced") return;
        report(`containerInsights is ${v === undefined ? "not set" : `"${v}"`}; expected "enabled" or "enhanced".`);
    },
});

export const ecsServiceMultiAz = stackPolicy<{ minDesiredCount: number; minAvailabilityZones: number }>({
    name: "ecs-service-multi-az",
    description:
        "Multi-AZ service (mission rule): desired count at least minDesiredCount, awsvpc subnets in at least minAvailabilityZones AZs (distinct AZs when the graph resolves the subnets, otherwise the number of subnets), AZ rebalancing on.",
    controls: ["REL.MultiAZService", "MISSION.MultiAZ"],
    enforcementLevel: "mandatory",
    config: {
        minDesiredCount: { type: "integer", minimum: 1, default: 2 },
        minAvailabilityZones: { type: "integer", minimum: 1, default: 2 },
    },
    module: __filename,
    validate: ({ graph, report, config }) => {
        for (const svc of graph.ofType(...SERVICE_TYPES)) {
            const props = svc.props;
            const subject = `Service "${svc.name}"`;
            const desired = num(get(props, "desiredCount"));
            // The provider's default desiredCount is 0.
            if (desired !== UNKNOWN && (desired ?? 0) < config.minDesiredCount) {
                report(
                    `${subject} desiredCount is ${desired ?? "unset (the provider default is 0)"}; expected at least ${config.minDesiredCount}.`,
                    svc.urn,
                );
            }
            const subnets = list(get(props, "networkConfiguration", "subnets"));
            if (subnets !== UNKNOWN) {
                const n = subnets?.length ?? 0;
                const problem = multiAzProblem(
                    subject,
                    "networkConfiguration.subnets",
                    n,
                    subnetAzs(svc, "networkConfiguration", n),
                    config.minAvailabilityZones,
                );
                if (problem) report(problem, svc.urn);
            }
            const rebalance = str(get(props, "availabilityZoneRebalancing"));
            if (rebalance !== UNKNOWN && rebalance !== "ENABLED")
                report(`${subject} availabilityZoneRebalancing is ${rebalance ? `"${rebalance}"` : "unset"}; expected "ENABLED".`, svc.urn);
        }
    },
});

export const ecsServiceSafeDeployment = resourcePolicy<{ minHealthyPercent: number }>({
    name: "ecs-service-safe-deployment",
    description:
        "Safe deployments: circuit breaker with rollback, minimum healthy percent at least 100, health-check grace period set behind a load balancer.",
    controls: ["REL.SafeDeployments"],
    enforcementLevel: "mandatory",
    types: SERVICE_TYPES,
    config: { minHealthyPercent: { type: "integer", minimum: 0, maximum: 100, default: 100 } },
    module: __filename,
    validate: ({ props, report, config }) => {
        const enable = bool(get(props, "deploymentCircuitBreaker", "enable"));
        const rollback = bool(get(props, "deploymentCircuitBreaker", "rollback"));
        if (enable !== UNKNOWN && enable !== true) report("deploymentCircuitBreaker.enable is not true.");
        if (rollback !== UNKNOWN && rollback !== true) report("deploymentCircuitBreaker.rollback is not true.");
        // Unset: ECS uses 100 for replica services.
        const minHealthy = num(get(props, "deploymentMinimumHealthyPercent"));
        if (typeof minHealthy === "number" && minHealthy < config.minHealthyPercent) {
            report(`deploymentMinimumHealthyPercent is ${minHealthy}; expected at least ${config.minHealthyPercent}.`);
        }
        const lbs = list(get(props, "loadBalancers"));
        const grace = get(props, "healthCheckGracePeriodSeconds");
        if (lbs !== UNKNOWN && (lbs?.length ?? 0) > 0 && grace !== UNKNOWN && !isSet(grace)) {
            report("healthCheckGracePeriodSeconds is not set on a service behind a load balancer.");
        }
    },
});

export const ecsPolicies = [
    ecsServiceNoPublicIp,
    ecsTaskNoHostPid,
    ecsContainerNotPrivileged,
    ecsContainerReadonlyRootFilesystem,
    ecsContainerNoAwsCredentialsInEnvironment,
    ecsContainerLogConfiguration,
    ecsContainerNonRootUser,
    ecsFargateLatestPlatformVersion,
    ecsClusterContainerInsights,
    ecsServiceMultiAz,
    ecsServiceSafeDeployment,
];
