import * as ecs from "../../policies/ecs";
import { U, resourcePolicySuite, set } from "../harness";

const SERVICE = "aws:ecs/service:Service";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";

const service = {
    launchType: "FARGATE",
    platformVersion: "LATEST",
    desiredCount: 2,
    networkConfiguration: { subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-1"], assignPublicIp: false },
    deploymentCircuitBreaker: { enable: true, rollback: true },
    deploymentMinimumHealthyPercent: 100,
    deploymentMaximumPercent: 200,
    healthCheckGracePeriodSeconds: 60,
    availabilityZoneRebalancing: "ENABLED",
    loadBalancers: [{ targetGroupArn: "arn:tg", containerName: "app", containerPort: 8080 }],
};
const unknownService = { desiredCount: U.number, networkConfiguration: U.object, deploymentCircuitBreaker: U.object, availabilityZoneRebalancing: U.string, platformVersion: U.string, loadBalancers: U.array, healthCheckGracePeriodSeconds: U.number };

const app = {
    name: "app",
    image: "nginx",
    user: "1000:1000",
    readonlyRootFilesystem: true,
    privileged: false,
    environment: [{ name: "PORT", value: "8080" }],
    logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "g" } },
};
const task = (c: object[] = [app]) => ({ family: "app", networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"], cpu: "256", memory: "512", containerDefinitions: JSON.stringify(c) });
const withApp = (path: string, v: unknown) => () => task([set(app, path, v)]);

resourcePolicySuite(ecs.ecsServiceNoPublicIp, {
    type: SERVICE,
    compliant: service,
    cases: [["assignPublicIp true", (p) => set(p, "networkConfiguration.assignPublicIp", true), ["networkConfiguration.assignPublicIp is true."]]],
    unset: ["networkConfiguration.assignPublicIp", []],
    unknown: unknownService,
});

resourcePolicySuite(ecs.ecsTaskNoHostPid, {
    type: TASK,
    compliant: task(),
    cases: [["pidMode host", (p) => set(p, "pidMode", "host"), ['pidMode is "host".']]],
    unset: ["pidMode", []],
    unknown: { pidMode: U.string, containerDefinitions: U.string },
});

resourcePolicySuite(ecs.ecsContainerNotPrivileged, {
    type: TASK,
    compliant: task(),
    cases: [
        ["privileged", withApp("privileged", true), ['Container "app" is privileged.']],
        ["definitions as an object, not a string", () => ({ containerDefinitions: [set(app, "privileged", true)] }), ['Container "app" is privileged.']],
    ],
    unset: ["containerDefinitions", []],
    unknown: { containerDefinitions: U.string },
});

resourcePolicySuite(ecs.ecsContainerReadonlyRootFilesystem, {
    type: TASK,
    compliant: task(),
    cases: [
        ["false", withApp("readonlyRootFilesystem", false), ['Container "app" readonlyRootFilesystem is not true.']],
        ["second container (X-Ray sidecar) unset", () => task([app, { name: "xray", image: "x" }]), ['Container "xray" readonlyRootFilesystem is not true.']],
    ],
    unset: ["containerDefinitions", []],
    unknown: { containerDefinitions: U.string },
});

resourcePolicySuite(ecs.ecsContainerNoAwsCredentialsInEnvironment, {
    type: TASK,
    compliant: task(),
    cases: [["access keys", withApp("environment", [{ name: "AWS_ACCESS_KEY_ID", value: "A" }, { name: "AWS_SECRET_ACCESS_KEY", value: "B" }]), ['Container "app" sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY in environment.']]],
    unset: ["containerDefinitions", []],
    unknown: { containerDefinitions: U.string },
});

resourcePolicySuite(ecs.ecsContainerLogConfiguration, {
    type: TASK,
    compliant: task(),
    cases: [["no log configuration", withApp("logConfiguration", undefined), ['Container "app" has no logConfiguration.logDriver.']]],
    unset: ["containerDefinitions", []],
    unknown: { containerDefinitions: U.string },
});

resourcePolicySuite(ecs.ecsContainerNonRootUser, {
    type: TASK,
    compliant: task(),
    cases: [
        ["root", withApp("user", "root"), ['Container "app" user is "root" (root).']],
        ["uid 0", withApp("user", "0:0"), ['Container "app" user is "0:0" (root).']],
        ["no user", withApp("user", undefined), ['Container "app" sets no user (runs as root).']],
    ],
    unset: ["containerDefinitions", []],
    unknown: { containerDefinitions: U.string },
});

resourcePolicySuite(ecs.ecsFargateLatestPlatformVersion, {
    type: SERVICE,
    compliant: service,
    cases: [["pinned", (p) => set(p, "platformVersion", "1.3.0"), ['platformVersion is "1.3.0"; expected unset or "LATEST".']]],
    unset: ["platformVersion", []],
    unknown: unknownService,
});

resourcePolicySuite(ecs.ecsClusterContainerInsights, {
    type: "aws:ecs/cluster:Cluster",
    compliant: { settings: [{ name: "containerInsights", value: "enhanced" }] },
    cases: [["disabled", (p) => set(p, "settings.0.value", "disabled"), ['containerInsights is "disabled"; expected "enabled" or "enhanced".']]],
    unset: ["settings", ['containerInsights is not set; expected "enabled" or "enhanced".']],
    unknown: { settings: U.array },
});

resourcePolicySuite(ecs.ecsServiceMultiAz, {
    type: SERVICE,
    compliant: service,
    cases: [
        ["one task", (p) => set(p, "desiredCount", 1), ["desiredCount is 1; expected at least 2."]],
        ["one subnet", (p) => set(p, "networkConfiguration.subnets", ["subnet-a"]), ["networkConfiguration.subnets has 1 subnet(s); expected at least 2 in distinct AZs."]],
        ["rebalancing off", (p) => set(p, "availabilityZoneRebalancing", "DISABLED"), ['availabilityZoneRebalancing is "DISABLED"; expected "ENABLED".']],
    ],
    unset: ["desiredCount", ["desiredCount is unset (1); expected at least 2."]],
    unknown: unknownService,
});

resourcePolicySuite(ecs.ecsServiceSafeDeployment, {
    type: SERVICE,
    compliant: service,
    cases: [
        ["no rollback", (p) => set(p, "deploymentCircuitBreaker.rollback", false), ["deploymentCircuitBreaker.rollback is not true."]],
        ["min healthy 50", (p) => set(p, "deploymentMinimumHealthyPercent", 50), ["deploymentMinimumHealthyPercent is 50; expected at least 100."]],
        ["no grace period behind an ALB", (p) => set(p, "healthCheckGracePeriodSeconds", undefined), ["healthCheckGracePeriodSeconds is not set on a service behind a load balancer."]],
    ],
    unset: ["deploymentCircuitBreaker", ["deploymentCircuitBreaker.enable is not true.", "deploymentCircuitBreaker.rollback is not true."]],
    unknown: unknownService,
});
