import { expect } from "chai";
import { evaluatePolicies } from "../../offline/evaluate";
import * as ecs from "../../policies/ecs";
import { type StackItem, U, checkResource, edit, resourcePolicySuite, set, stackPolicySuite } from "../harness";

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
const unknownService = {
    desiredCount: U.number,
    networkConfiguration: U.object,
    deploymentCircuitBreaker: U.object,
    availabilityZoneRebalancing: U.string,
    platformVersion: U.string,
    loadBalancers: U.array,
    healthCheckGracePeriodSeconds: U.number,
};

const app = {
    name: "app",
    image: "nginx",
    user: "1000:1000",
    readonlyRootFilesystem: true,
    privileged: false,
    environment: [{ name: "PORT", value: "8080" }],
    logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "g" } },
};
const task = (c: object[] = [app]) => ({
    family: "app",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    containerDefinitions: JSON.stringify(c),
});
const withApp = (path: string, v: unknown) => () => task([set(app, path, v)]);
/** A non-essential init container that runs one chown as root (as components/service/containers.ts does). */
const initContainer = (name: string) => ({
    name,
    image: "busybox",
    essential: false,
    user: "0",
    readonlyRootFilesystem: true,
    command: ["chown", "101:101", "/tmp"],
    logConfiguration: app.logConfiguration,
});

resourcePolicySuite(ecs.ecsServiceNoPublicIp, {
    type: SERVICE,
    compliant: service,
    cases: [
        [
            "assignPublicIp true",
            (p) => set(p, "networkConfiguration.assignPublicIp", true),
            ["networkConfiguration.assignPublicIp is true."],
        ],
    ],
    unset: ["networkConfiguration.assignPublicIp", []],
    unknown: unknownService,
    unknownPlusViolation: [
        "subnets and security groups unknown, a public IP assigned",
        { ...unknownService, networkConfiguration: { subnets: U.array, securityGroups: [U.string], assignPublicIp: true } },
        ["networkConfiguration.assignPublicIp is true."],
    ],
});

resourcePolicySuite(ecs.ecsTaskNoHostPid, {
    type: TASK,
    compliant: task(),
    cases: [["pidMode host", (p) => set(p, "pidMode", "host"), ['pidMode is "host".']]],
    unset: ["pidMode", []],
    unknown: { pidMode: U.string, containerDefinitions: U.string },
    unknownPlusViolation: [
        "containers unknown, pidMode host",
        { containerDefinitions: U.string, executionRoleArn: U.string, pidMode: "host" },
        ['pidMode is "host".'],
    ],
});

resourcePolicySuite(ecs.ecsContainerNotPrivileged, {
    type: TASK,
    compliant: task(),
    cases: [
        ["privileged", withApp("privileged", true), ['Container "app" is privileged.']],
        [
            "definitions as an object, not a string",
            () => ({ containerDefinitions: [set(app, "privileged", true)] }),
            ['Container "app" is privileged.'],
        ],
    ],
    unset: ["containerDefinitions", []],
    unknown: { containerDefinitions: U.string },
    unknownPlusViolation: [
        "one container unknown, another privileged",
        { containerDefinitions: [U.object, set(app, "privileged", true)] },
        ['Container "app" is privileged.'],
    ],
});

resourcePolicySuite(ecs.ecsContainerReadonlyRootFilesystem, {
    type: TASK,
    compliant: task(),
    cases: [
        ["false", withApp("readonlyRootFilesystem", false), ['Container "app" readonlyRootFilesystem is not true.']],
        [
            "second container (X-Ray sidecar) unset",
            () => task([app, { name: "xray", image: "x" }]),
            ['Container "xray" readonlyRootFilesystem is not true.'],
        ],
    ],
    unset: ["containerDefinitions", []],
    unknown: { containerDefinitions: U.string },
    unknownPlusViolation: [
        "one container unknown, another writable",
        { containerDefinitions: [U.object, set(app, "readonlyRootFilesystem", false)] },
        ['Container "app" readonlyRootFilesystem is not true.'],
    ],
});

resourcePolicySuite(ecs.ecsContainerNoAwsCredentialsInEnvironment, {
    type: TASK,
    compliant: task(),
    cases: [
        [
            "access keys",
            withApp("environment", [
                { name: "AWS_ACCESS_KEY_ID", value: "A" },
                { name: "AWS_SECRET_ACCESS_KEY", value: "B" },
            ]),
            ['Container "app" sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY in environment.'],
        ],
    ],
    unset: ["containerDefinitions", []],
    unknown: { containerDefinitions: U.string },
    unknownPlusViolation: [
        "one container's environment unknown, another's holding a secret key whose value is unknown",
        {
            containerDefinitions: [
                set(app, "environment", U.array),
                { ...app, name: "worker", environment: [{ name: "AWS_SECRET_ACCESS_KEY", value: U.string }] },
            ],
        },
        ['Container "worker" sets AWS_SECRET_ACCESS_KEY in environment.'],
    ],
});

resourcePolicySuite(ecs.ecsContainerLogConfiguration, {
    type: TASK,
    compliant: task(),
    cases: [["no log configuration", withApp("logConfiguration", undefined), ['Container "app" has no logConfiguration.logDriver.']]],
    unset: ["containerDefinitions", []],
    unknown: { containerDefinitions: U.string },
    unknownPlusViolation: [
        "one container unknown, another without a log configuration",
        { containerDefinitions: [U.object, set(app, "logConfiguration", undefined)] },
        ['Container "app" has no logConfiguration.logDriver.'],
    ],
});

resourcePolicySuite(ecs.ecsContainerNonRootUser, {
    type: TASK,
    compliant: task(),
    cases: [
        ["root", withApp("user", "root"), ['Container "app" user is "root" (root).']],
        ["uid 0", withApp("user", "0:0"), ['Container "app" user is "0:0" (root).']],
        ["no user", withApp("user", undefined), ['Container "app" sets no user (runs as root).']],
        [
            "a root container that allowedRootContainers does not name",
            () => task([app, initContainer("chown-logs")]),
            ['Container "chown-logs" user is "0" (root).'],
        ],
    ],
    variants: [
        [
            "compliant: the init container allowedRootContainers names, with a reason",
            () => task([app, initContainer("volume-permissions")]),
        ],
    ],
    config: {
        allowedRootContainers: [
            {
                name: "volume-permissions",
                reason: "Non-essential init container: one chown of the bind volume, every capability but CHOWN dropped.",
            },
        ],
    },
    unset: ["containerDefinitions", []],
    unknown: { containerDefinitions: U.string },
    unknownPlusViolation: [
        "one container's user unknown, another root",
        { containerDefinitions: [set(app, "user", U.string), set(app, "name", "sidecar"), { ...set(app, "name", "admin"), user: "root" }] },
        ['Container "admin" user is "root" (root).'],
    ],
});

describe("ecs-container-non-root-user: allowedRootContainers", () => {
    it("without the allowance the init container is reported", () => {
        expect(checkResource(ecs.ecsContainerNonRootUser, TASK, task([app, initContainer("volume-permissions")]))).to.deep.equal([
            'Container "volume-permissions" user is "0" (root).',
        ]);
    });
    it("an allowance without a reason is a config error naming the policy and the key", () => {
        expect(() =>
            evaluatePolicies({
                policyPack: "p",
                resources: [],
                config: { "ecs-container-non-root-user": { allowedRootContainers: [{ name: "volume-permissions" }] } },
            }),
        ).to.throw('policy "ecs-container-non-root-user": config allowedRootContainers[0]: missing required property "reason"');
    });
});

resourcePolicySuite(ecs.ecsFargateLatestPlatformVersion, {
    type: SERVICE,
    compliant: service,
    cases: [["pinned", (p) => set(p, "platformVersion", "1.3.0"), ['platformVersion is "1.3.0"; expected unset or "LATEST".']]],
    unset: ["platformVersion", []],
    unknown: unknownService,
    unknownPlusViolation: [
        "everything else unknown, a pinned platform version",
        { ...unknownService, platformVersion: "1.3.0" },
        ['platformVersion is "1.3.0"; expected unset or "LATEST".'],
    ],
});

resourcePolicySuite(ecs.ecsClusterContainerInsights, {
    type: "aws:ecs/cluster:Cluster",
    compliant: { settings: [{ name: "containerInsights", value: "enhanced" }] },
    cases: [
        ["disabled", (p) => set(p, "settings.0.value", "disabled"), ['containerInsights is "disabled"; expected "enabled" or "enhanced".']],
    ],
    unset: ["settings", ['containerInsights is not set; expected "enabled" or "enhanced".']],
    unknown: { settings: U.array },
    unknownPlusViolation: [
        "one setting unknown, Container Insights disabled",
        { name: U.string, settings: [U.object, { name: "containerInsights", value: "disabled" }] },
        ['containerInsights is "disabled"; expected "enabled" or "enhanced".'],
    ],
});

const SUBNET = "aws:ec2/subnet:Subnet";
/** The service, its security group and the subnets its `networkConfiguration` depends on (how the engine links them). */
const serviceStack: StackItem[] = [
    { type: SUBNET, name: "private-a", props: { availabilityZone: "us-east-1a" } },
    { type: SUBNET, name: "private-b", props: { availabilityZone: "us-east-1b" } },
    { type: "aws:ec2/securityGroup:SecurityGroup", name: "tasks", props: {} },
    { type: SERVICE, name: "app", props: service, propDeps: { networkConfiguration: ["private-a", "private-b", "tasks"] } },
];
const svc = (f: (p: Record<string, unknown>) => Record<string, unknown>, deps?: Record<string, string[]>) => (items: StackItem[]) =>
    items.map((i) => (i.name === "app" ? { ...i, props: f(i.props ?? {}), propDeps: deps ?? i.propDeps } : i));

stackPolicySuite(ecs.ecsServiceMultiAz, {
    compliant: serviceStack,
    variants: [
        [
            "compliant: two subnets from a remote component (awsx Vpc): AZs not resolvable, two subnets counted",
            (f) => [{ type: "awsx:ec2:Vpc", name: "net" }, ...svc((p) => p, { networkConfiguration: ["net", "tasks"] })(f)],
        ],
    ],
    cases: [
        ["one task", svc((p) => set(p, "desiredCount", 1)), ['app: Service "app" desiredCount is 1; expected at least 2.']],
        [
            "two subnets in one AZ (AZs resolved through the graph)",
            (f) => edit(f, "private-b", (p) => ({ ...p, availabilityZone: "us-east-1a" })),
            ['app: Service "app" networkConfiguration.subnets span 1 AZ(s) (us-east-1a); expected at least 2.'],
        ],
        [
            "one subnet, AZs not resolvable",
            svc((p) => set(p, "networkConfiguration.subnets", ["subnet-a"]), {}),
            [
                'app: Service "app" networkConfiguration.subnets: 1 subnet(s), AZs not resolvable through the graph (subnets counted); expected at least 2 in distinct AZs.',
            ],
        ],
        [
            "rebalancing off",
            svc((p) => set(p, "availabilityZoneRebalancing", "DISABLED")),
            ['app: Service "app" availabilityZoneRebalancing is "DISABLED"; expected "ENABLED".'],
        ],
    ],
    unset: [
        "desiredCount",
        svc((p) => set(p, "desiredCount", undefined)),
        ['app: Service "app" desiredCount is unset (the provider default is 0); expected at least 2.'],
    ],
    unknown: svc(() => unknownService),
    unknownPlusViolation: [
        "first preview: desired count and subnet ids unknown, both subnets in one AZ (resolved through the graph)",
        edit(
            svc((p) => ({
                ...unknownService,
                networkConfiguration: {
                    ...(p["networkConfiguration"] as object),
                    subnets: [U.string, U.string],
                    securityGroups: [U.string],
                },
                availabilityZoneRebalancing: "ENABLED",
            }))(serviceStack),
            "private-b",
            (p) => ({ ...p, availabilityZone: "us-east-1a" }),
        ),
        ['app: Service "app" networkConfiguration.subnets span 1 AZ(s) (us-east-1a); expected at least 2.'],
    ],
});

resourcePolicySuite(ecs.ecsServiceSafeDeployment, {
    type: SERVICE,
    compliant: service,
    cases: [
        ["no rollback", (p) => set(p, "deploymentCircuitBreaker.rollback", false), ["deploymentCircuitBreaker.rollback is not true."]],
        [
            "min healthy 50",
            (p) => set(p, "deploymentMinimumHealthyPercent", 50),
            ["deploymentMinimumHealthyPercent is 50; expected at least 100."],
        ],
        [
            "no grace period behind an ALB",
            (p) => set(p, "healthCheckGracePeriodSeconds", undefined),
            ["healthCheckGracePeriodSeconds is not set on a service behind a load balancer."],
        ],
    ],
    unset: ["deploymentCircuitBreaker", ["deploymentCircuitBreaker.enable is not true.", "deploymentCircuitBreaker.rollback is not true."]],
    unknown: unknownService,
    unknownPlusViolation: [
        "everything else unknown, no rollback",
        { ...unknownService, deploymentCircuitBreaker: { enable: true, rollback: false } },
        ["deploymentCircuitBreaker.rollback is not true."],
    ],
});
