import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { LoadBalancer } from "../../../components/load-balancing";
import { FargateService, type FargateServiceArgs } from "../../../components/service";
import {
    childrenOf,
    evaluateWithProvider,
    expectArgsError,
    expectUniqueUrns,
    ofType,
    one,
    only,
    type StackRecord,
} from "../../support/components";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const baseArgs: FargateServiceArgs = {
    network: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-p1", "subnet-p2", "subnet-p3"] },
    target: {
        securityGroupId: "sg-0alb",
        targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/0123456789abcdef",
        albArnSuffix: "app/edge/0123456789abcdef",
        targetGroupArnSuffix: "targetgroup/tg/0123456789abcdef",
    },
    accountId: "123456789012",
    region: "us-east-1",
    data: {
        dataBucketArn: "arn:aws:s3:::data-bucket",
        dataKeyArn: "arn:aws:kms:us-east-1:123456789012:key/99999999-2222-3333-4444-555555555555",
    },
    logKeyArn: KEY,
    // The sidecar tests below need it; tracing off (the default) is tested on its own.
    tracing: true,
};

describe("components/service/FargateService", () => {
    let record: StackRecord;
    let containers: any[];
    before(async () => {
        record = await evaluateWithProvider("us-east-1", (opts) => {
            const svc = new FargateService(
                "app",
                { ...baseArgs, desiredCount: 3, maxCount: 9, healthCheckPath: "/healthz", environment: { MODE: "demo" } },
                opts,
            );
            return { clusterName: svc.clusterName, clusterArn: svc.clusterArn, serviceName: svc.serviceName, desired: svc.desiredCount };
        });
        containers = JSON.parse(only(record, "aws:ecs/taskDefinition:TaskDefinition").inputs["containerDefinitions"] as string);
    });

    it("creates exactly the expected children under the component", () => {
        const component = only(record, "platform:service:FargateService");
        expect(component.name).to.equal("app");
        expect(childrenOf(record, component)).to.deep.equal(
            [
                "aws:ecs/cluster:Cluster app",
                "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders app",
                "aws:ec2/securityGroup:SecurityGroup app-tasks",
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule app-tasks-from-alb",
                "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule app-tasks-https-out",
                "aws:cloudwatch/logGroup:LogGroup app-app",
                "aws:cloudwatch/logGroup:LogGroup app-xray-daemon",
                "platform:identity:ServiceRoles app-roles",
                "aws:ecs/taskDefinition:TaskDefinition app",
                "aws:ecs/service:Service app",
                "aws:appautoscaling/target:Target app",
                "aws:appautoscaling/policy:Policy app-cpu",
                "aws:appautoscaling/policy:Policy app-requests",
            ].sort(),
        );
        const roles = only(record, "platform:identity:ServiceRoles");
        expect(childrenOf(record, roles)).to.have.length(4);
    });

    it("runs a Container Insights cluster on Fargate", () => {
        expect(only(record, "aws:ecs/cluster:Cluster").inputs["settings"]).to.deep.equal([
            { name: "containerInsights", value: "enhanced" },
        ]);
        const cp = only(record, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
        expect(cp.inputs["capacityProviders"]).to.deep.equal(["FARGATE"]);
        expect(cp.inputs["clusterName"]).to.equal(only(record, "aws:ecs/cluster:Cluster").outputs["name"]);
    });

    it("admits only the ALB on the container port and lets tasks out on 443 only", () => {
        const ingress = ofType(record, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        expect(
            ingress.map((r) => [
                r.inputs["referencedSecurityGroupId"],
                r.inputs["fromPort"],
                r.inputs["toPort"],
                r.inputs["ipProtocol"],
                r.inputs["cidrIpv4"],
            ]),
        ).to.deep.equal([["sg-0alb", 8080, 8080, "tcp", undefined]]);
        const egress = ofType(record, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
        expect(egress.map((r) => [r.inputs["cidrIpv4"], r.inputs["fromPort"], r.inputs["toPort"], r.inputs["ipProtocol"]])).to.deep.equal([
            ["0.0.0.0/0", 443, 443, "tcp"],
        ]);
    });

    it("encrypts both log groups with the log key and keeps them for the retention period", () => {
        const groups = ofType(record, "aws:cloudwatch/logGroup:LogGroup");
        expect(groups.map((g) => [g.name, g.inputs["kmsKeyId"], g.inputs["retentionInDays"]])).to.deep.equal([
            ["app-app", KEY, 90],
            ["app-xray-daemon", KEY, 90],
        ]);
    });

    it("defines a Fargate awsvpc task with the two roles", () => {
        const td = only(record, "aws:ecs/taskDefinition:TaskDefinition");
        expect(td.inputs["requiresCompatibilities"]).to.deep.equal(["FARGATE"]);
        expect(td.inputs["networkMode"]).to.equal("awsvpc");
        expect([td.inputs["cpu"], td.inputs["memory"]]).to.deep.equal(["256", "512"]);
        expect(td.inputs["runtimePlatform"]).to.deep.equal({ operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" });
        expect(td.inputs["pidMode"]).to.equal(undefined);
        expect(td.inputs["volumes"]).to.deep.equal([{ name: "tmp" }]);
        expect(td.inputs["executionRoleArn"]).to.equal(one(record, "aws:iam/role:Role", "app-roles-execution").outputs["arn"]);
        expect(td.inputs["taskRoleArn"]).to.equal(one(record, "aws:iam/role:Role", "app-roles-task").outputs["arn"]);
        expect(containers.map((c) => c.name)).to.deep.equal(["app", "xray-daemon", "volume-permissions"]);
    });

    it("hardens the application container", () => {
        const app = containers[0];
        const appLogs = one(record, "aws:cloudwatch/logGroup:LogGroup", "app-app");
        expect(app).to.deep.equal({
            name: "app",
            image: "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine",
            essential: true,
            user: "101:101",
            privileged: false,
            readonlyRootFilesystem: true,
            portMappings: [{ containerPort: 8080, protocol: "tcp" }],
            environment: [
                { name: "MODE", value: "demo" },
                { name: "AWS_XRAY_DAEMON_ADDRESS", value: "127.0.0.1:2000" },
            ],
            mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
            dependsOn: [{ containerName: "volume-permissions", condition: "SUCCESS" }],
            linuxParameters: { initProcessEnabled: true },
            healthCheck: {
                command: ["CMD-SHELL", "wget -q -O /dev/null 'http://localhost:8080/healthz' || exit 1"],
                interval: 10,
                timeout: 5,
                retries: 3,
                startPeriod: 60,
            },
            logConfiguration: {
                logDriver: "awslogs",
                options: { "awslogs-group": appLogs.outputs["name"], "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app" },
            },
        });
    });

    it("single-quotes every allowed health-check path in the CMD-SHELL command", async () => {
        const path = "/a-z_A.Z/0~9@v1:+x";
        const r = await evaluateWithProvider("us-east-1", (opts) => {
            new FargateService("app", { ...baseArgs, containerPort: 9000, healthCheckPath: path }, opts);
        });
        const app = (JSON.parse(only(r, "aws:ecs/taskDefinition:TaskDefinition").inputs["containerDefinitions"] as string) as any[]).find(
            (c) => c.name === "app",
        );
        expect(app.healthCheck.command).to.deep.equal([
            "CMD-SHELL",
            "wget -q -O /dev/null 'http://localhost:9000/a-z_A.Z/0~9@v1:+x' || exit 1",
        ]);
    });

    it("runs the X-Ray daemon as a read-only, non-root sidecar on UDP 2000", () => {
        const xray = containers[1];
        expect(xray).to.deep.equal({
            name: "xray-daemon",
            image: "public.ecr.aws/xray/aws-xray-daemon:3.x",
            essential: false,
            user: "1337",
            privileged: false,
            readonlyRootFilesystem: true,
            portMappings: [{ containerPort: 2000, protocol: "udp" }],
            linuxParameters: { initProcessEnabled: true },
            logConfiguration: {
                logDriver: "awslogs",
                options: {
                    "awslogs-group": one(record, "aws:cloudwatch/logGroup:LogGroup", "app-xray-daemon").outputs["name"],
                    "awslogs-region": "us-east-1",
                    "awslogs-stream-prefix": "xray-daemon",
                },
            },
        });
    });

    it("hands the empty /tmp volume to the app user with a root init container that can only chown", () => {
        expect(containers[2]).to.deep.equal({
            name: "volume-permissions",
            image: "public.ecr.aws/docker/library/busybox:1.37",
            essential: false,
            user: "0",
            privileged: false,
            readonlyRootFilesystem: true,
            command: ["chown", "101:101", "/tmp"],
            mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
            linuxParameters: {
                capabilities: {
                    drop: [
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
                    ],
                },
            },
            logConfiguration: {
                logDriver: "awslogs",
                options: {
                    "awslogs-group": one(record, "aws:cloudwatch/logGroup:LogGroup", "app-app").outputs["name"],
                    "awslogs-region": "us-east-1",
                    "awslogs-stream-prefix": "volume-permissions",
                },
            },
        });
    });

    it("runs the service across every private subnet with safe, self-healing deployments", () => {
        const svc = only(record, "aws:ecs/service:Service");
        const i = svc.inputs;
        expect(i["cluster"]).to.equal(only(record, "aws:ecs/cluster:Cluster").outputs["arn"]);
        expect(i["taskDefinition"]).to.equal(only(record, "aws:ecs/taskDefinition:TaskDefinition").outputs["arn"]);
        expect(i["desiredCount"]).to.equal(3);
        expect(i["launchType"]).to.equal("FARGATE");
        expect(i["platformVersion"]).to.equal("LATEST");
        expect(i["networkConfiguration"]).to.deep.equal({
            subnets: ["subnet-p1", "subnet-p2", "subnet-p3"],
            securityGroups: [(i["networkConfiguration"] as any).securityGroups[0]],
            assignPublicIp: false,
        });
        expect((i["networkConfiguration"] as any).securityGroups[0]).to.match(/^sg-/);
        expect(svc.propertyDependencies["networkConfiguration"]).to.include(only(record, "aws:ec2/securityGroup:SecurityGroup").urn);
        expect(i["loadBalancers"]).to.deep.equal([
            { targetGroupArn: baseArgs.target.targetGroupArn, containerName: "app", containerPort: 8080 },
        ]);
        expect(i["deploymentCircuitBreaker"]).to.deep.equal({ enable: true, rollback: true });
        expect([i["deploymentMinimumHealthyPercent"], i["deploymentMaximumPercent"], i["healthCheckGracePeriodSeconds"]]).to.deep.equal([
            100, 200, 60,
        ]);
        expect(i["availabilityZoneRebalancing"]).to.equal("ENABLED");
        expect(i["propagateTags"]).to.equal("SERVICE");
        expect(i["enableExecuteCommand"]).to.equal(false);
        // A failing deployment (rolled back by the circuit breaker) must fail `pulumi up`, not pass.
        expect(i["waitForSteadyState"]).to.equal(true);
        expect(record.outputs["desired"]).to.equal(3);
        expect(record.outputs["clusterName"]).to.equal(only(record, "aws:ecs/cluster:Cluster").outputs["name"]);
        expect(record.outputs["serviceName"]).to.equal(svc.outputs["name"]);
    });

    it("leaves the running count to autoscaling after creation (ignoreChanges desiredCount on the service only)", () => {
        const svc = only(record, "aws:ecs/service:Service");
        expect(svc.inputs["desiredCount"]).to.equal(3);
        expect(svc.ignoreChanges).to.deep.equal(["desiredCount"]);
        expect(record.resources.filter((r) => r.ignoreChanges !== undefined).map((r) => r.urn)).to.deep.equal([svc.urn]);
    });

    it("scales between desired and max on CPU and on requests per target", () => {
        const target = only(record, "aws:appautoscaling/target:Target");
        const cluster = only(record, "aws:ecs/cluster:Cluster").outputs["name"];
        const service = only(record, "aws:ecs/service:Service").outputs["name"];
        expect(target.inputs).to.deep.include({
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: `service/${cluster}/${service}`,
            minCapacity: 3,
            maxCapacity: 9,
        });
        const policies = ofType(record, "aws:appautoscaling/policy:Policy");
        expect(
            policies.map((p) => [
                p.name,
                p.inputs["policyType"],
                p.inputs["resourceId"],
                p.inputs["targetTrackingScalingPolicyConfiguration"],
            ]),
        ).to.deep.equal([
            [
                "app-cpu",
                "TargetTrackingScaling",
                `service/${cluster}/${service}`,
                {
                    predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
                    targetValue: 60,
                    scaleOutCooldown: 60,
                    scaleInCooldown: 300,
                },
            ],
            [
                "app-requests",
                "TargetTrackingScaling",
                `service/${cluster}/${service}`,
                {
                    predefinedMetricSpecification: {
                        predefinedMetricType: "ALBRequestCountPerTarget",
                        resourceLabel: "app/edge/0123456789abcdef/targetgroup/tg/0123456789abcdef",
                    },
                    targetValue: 1000,
                    scaleOutCooldown: 60,
                    scaleInCooldown: 300,
                },
            ],
        ]);
    });

    it("is registered in the target group only after the ALB's forward rule exists (ECS refuses an unused target group)", async () => {
        const wired = await evaluateWithProvider("us-east-1", (opts) => {
            const lb = new LoadBalancer(
                "edge",
                {
                    region: "us-east-1",
                    network: { vpcId: "vpc-0123456789abcdef0", vpcCidrBlock: "10.0.0.0/16", publicSubnetIds: ["subnet-a", "subnet-b"] },
                    accessLogs: { logBucketName: "logs", albLogPrefix: "alb" },
                    originVerifySecret: pulumi.secret("0123456789abcdef"),
                },
                opts,
            );
            // The load balancer is the service's target as it is: target group, security group and dimensions.
            new FargateService("app", { ...baseArgs, target: lb }, opts);
            return {};
        });
        const rule = one(wired, "aws:lb/listenerRule:ListenerRule", "edge-origin-verify");
        const svc = only(wired, "aws:ecs/service:Service");
        expect(svc.propertyDependencies["loadBalancers"]).to.include(rule.urn);
        expect((svc.inputs["loadBalancers"] as any[])[0].targetGroupArn).to.equal(
            only(wired, "aws:lb/targetGroup:TargetGroup").outputs["arn"],
        );
    });

    it("two instances in one program do not collide", async () => {
        const both = await evaluateWithProvider("us-east-1", (opts) => {
            new FargateService("one", baseArgs, opts);
            new FargateService("two", baseArgs, opts);
            return {};
        });
        expectUniqueUrns(both);
        expect(
            ofType(both, "aws:ecs/taskDefinition:TaskDefinition")
                .map((t) => t.inputs["family"])
                .sort(),
        ).to.deep.equal(["one", "two"]);
    });

    describe("validation", () => {
        /** The message of a health-check path the shared field refuses. */
        const badPath = (path: string) =>
            `healthCheckPath: expected an absolute URL path such as /health, at most 128 characters from A-Z a-z 0-9 _ - . / ~ @ : + (no * or ?: the ALB lets this one path through for health checkers; no quotes or $: it is quoted in the container's shell health check), got ${JSON.stringify(path)}`;
        const cases: [string, Partial<FargateServiceArgs>, string][] = [
            ["desiredCount below 2", { desiredCount: 1 }, "desiredCount: expected a number >= 2, got 1"],
            ["a fractional desiredCount", { desiredCount: 2.5 }, "desiredCount: expected an integer, got 2.5"],
            ["maxCount below desiredCount", { desiredCount: 4, maxCount: 3 }, "maxCount: expected at least desiredCount (4), got 3"],
            [
                "fewer than 2 subnets",
                { network: { ...baseArgs.network, privateSubnetIds: ["subnet-p1"] } },
                "network.privateSubnetIds: expected at least 2 subnets (one per availability zone), got 1",
            ],
            [
                "a bad image reference",
                { image: "Nginx:Latest!" },
                'image: expected a container image reference such as registry/repository:tag, got "Nginx:Latest!"',
            ],
            ["a privileged port", { containerPort: 80 }, "containerPort: expected a number >= 1024, got 80"],
            ["a port above 65535", { containerPort: 65536 }, "containerPort: expected a number <= 65535, got 65536"],
            ["a root user", { user: "0:0" }, 'user: expected a non-root uid or uid:gid such as 101:101, got "0:0"'],
            [
                // Only the names are shown: the values would be the credentials.
                "credentials in the environment",
                { environment: { AWS_SECRET_ACCESS_KEY: "x", MODE: "demo" } },
                'environment: expected no AWS credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, ECS_ENGINE_AUTH_DATA: the task role provides them), got ["AWS_SECRET_ACCESS_KEY"]',
            ],
            [
                "an environment name that is not a variable name",
                { environment: { "1MODE": "demo" } },
                'environment.1MODE: expected an environment variable name, got "1MODE"',
            ],
            ["unknown CPU units", { cpu: 300 }, "cpu: expected Fargate CPU units 256, 512, 1024, 2048, 4096, 8192, 16384, got 300"],
            [
                "memory that does not fit the CPU",
                { cpu: 512, memory: 512 },
                "memory: expected 1024..4096 MiB in steps of 1024 for cpu 512, got 512",
            ],
            ["a relative health-check path", { healthCheckPath: "health" }, badPath("health")],
            // Each would end the single quotes of the CMD-SHELL command, or expand inside double ones.
            ...["/x'; rm -rf /tmp; '", '/say"hi"', "/$(id)", "/a b", "/health*", "/health?deep=1"].map(
                (path): [string, Partial<FargateServiceArgs>, string] => [
                    `the health-check path ${JSON.stringify(path)}`,
                    { healthCheckPath: path },
                    badPath(path),
                ],
            ),
            [
                "a negative grace period",
                { healthCheckGracePeriodSeconds: -1 },
                "healthCheckGracePeriodSeconds: expected a number >= 0, got -1",
            ],
            ["a CPU target above 90", { cpuTargetPercent: 95 }, "cpuTargetPercent: expected a number <= 90, got 95"],
            ["a CPU target below 10", { cpuTargetPercent: 5 }, "cpuTargetPercent: expected a number >= 10, got 5"],
            ["zero requests per target", { requestsPerTarget: 0 }, "requestsPerTarget: expected a number >= 1, got 0"],
            [
                "a retention CloudWatch does not accept",
                { logRetentionDays: 2 },
                "logRetentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 2",
            ],
        ];
        for (const [label, overrides, message] of cases) {
            it(`refuses ${label}`, () => {
                expectArgsError(() => new FargateService("bad", { ...baseArgs, ...overrides }), [message]);
            });
        }
    });
});

describe("components/service/FargateService without tracing (the default)", () => {
    it("runs no X-Ray daemon, creates no log group for it and tells the app no daemon address", async () => {
        const { tracing: _tracing, ...untraced } = baseArgs;
        const record = await evaluateWithProvider("us-east-1", (opts) => {
            new FargateService("app", untraced, opts);
        });
        const taskDefinition = ofType(record, "aws:ecs/taskDefinition:TaskDefinition")[0]!;
        const defs = JSON.parse(String(taskDefinition.inputs["containerDefinitions"])) as {
            name: string;
            environment?: { name: string }[];
        }[];
        expect(defs.map((d) => d.name)).to.deep.equal(["app", "volume-permissions"]);
        expect((defs[0]!.environment ?? []).map((e) => e.name)).to.not.include("AWS_XRAY_DAEMON_ADDRESS");
        expect(ofType(record, "aws:cloudwatch/logGroup:LogGroup").map((g) => g.name)).to.deep.equal(["app-app"]);
    });
});
