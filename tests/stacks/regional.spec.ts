/**
 * The regional stack program under the simulated cloud, from the shipped stack configs.
 * Each tier appends its own `describe` block below; the shared evaluations are in `shipped`.
 */
import { expect } from "chai";
import { ALARM_KEYS } from "../../components/observability";
import { REGIONAL_CONTRACT_KEYS } from "../../stacks/contract";
import { ConfigError } from "../../stacks/config/schema";
import { loadStackConfig } from "../../stacks/config/load";
import { runStackProgram } from "../../stacks/program";
import { EvaluationError, evaluateStack, maskSecrets, type StackRecord } from "../../simulation/evaluate";
import { SIMULATED_ACCOUNT_ID } from "../../simulation/ids";
import { evaluateProjectStack, ORGANIZATION, PROJECT } from "../../simulation/project";
import { configWith, evaluateRegional, ofType, shippedConfig } from "../support/stacks";

const STACKS = [
    { stack: "us-east-1", region: "us-east-1", cidr: "10.0.0.0/16", azs: ["us-east-1a", "us-east-1b", "us-east-1c"] },
    { stack: "eu-west-1", region: "eu-west-1", cidr: "10.1.0.0/16", azs: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] },
] as const;

/** A third region, added by configuration alone: the us-east-1 config with a new region, CIDR, zones and priority. */
const THIRD_REGION = {
    "platform:region": "ap-southeast-2",
    "platform:network": { cidrBlock: "10.2.0.0/16", availabilityZones: ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"] },
};

/** The outputs the network, storage and analytics tiers add to the regional contract. */
const DATA_PLANE_KEYS = [
    "vpcId",
    "vpcCidrBlock",
    "privateRouteTableIds",
    "dataBucketName",
    "dataBucketArn",
    "dataBucketVersioning",
    "dataKeyArn",
    "logBucketName",
    "logBucketArn",
];

/** Every custom resource uses the stack's one explicit provider, configured for `region`. */
function expectAllIn(record: StackRecord, region: string): void {
    const providers = ofType(record, "pulumi:providers:aws");
    expect(providers.map((p) => p.inputs["region"])).to.deep.equal([region]);
    const provider = providers[0]!;
    // Only aws is disabled as a default provider: random (the generated origin-verify secret) keeps its default one.
    const custom = record.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
    expect(custom.length).to.be.greaterThan(10);
    const strays = custom.filter((r) => !r.provider?.startsWith(`${provider.urn}::`)).map((r) => r.urn);
    expect(strays, "resources without the stack's provider").to.deep.equal([]);
    // awsx's VPC is a remote component: it reaches the provider through its parent's providers map.
    const vpc = ofType(record, "awsx:ec2:Vpc");
    expect(vpc).to.have.length(1);
    expect(vpc[0]!.inputs["availabilityZoneNames"]).to.satisfy((azs: string[]) => azs.every((az) => az.startsWith(region)));
}

describe("stacks/regional", () => {
    const records = new Map<string, StackRecord>();
    before(async () => {
        for (const { stack } of STACKS) records.set(stack, await evaluateRegional(stack));
        records.set("ap-southeast-2", await evaluateProjectStack("ap-southeast-2", configWith("us-east-1", THIRD_REGION)));
    });

    describe("shipped stacks", () => {
        for (const { stack, region, cidr, azs } of STACKS) {
            describe(stack, () => {
                it("ships a config that disables default providers", () => {
                    expect(shippedConfig(stack).config["pulumi:disable-default-providers"]).to.equal('["aws"]');
                });

                it("places every resource in its region through one explicit provider", () => {
                    expectAllIn(records.get(stack)!, region);
                });

                it("exports the contract's identity and data-plane outputs", () => {
                    const outputs = records.get(stack)!.outputs;
                    expect(outputs).to.deep.include({ region, availabilityZones: [...azs], vpcCidrBlock: cidr });
                    expect(Object.keys(outputs)).to.include.members(DATA_PLANE_KEYS);
                    expect(outputs["vpcId"]).to.match(/^vpc-[0-9a-f]{17}$/);
                    expect(outputs["privateRouteTableIds"]).to.have.length(azs.length);
                    expect(outputs["dataKeyArn"]).to.match(new RegExp(`^arn:aws:kms:${region}:${SIMULATED_ACCOUNT_ID}:key/`));
                    expect(outputs["dataBucketArn"]).to.equal(`arn:aws:s3:::${outputs["dataBucketName"]}`);
                    expect(outputs["logBucketArn"]).to.equal(`arn:aws:s3:::${outputs["logBucketName"]}`);
                    expect(outputs["dataBucketName"]).to.not.equal(outputs["logBucketName"]);
                    // Read from the data bucket's BucketVersioning, not restated: the global stack checks both sides of replication with it.
                    const versioning = ofType(records.get(stack)!, "aws:s3/bucketVersioning:BucketVersioning").find(
                        (v) => v.name === "storage-data-versioning",
                    )!;
                    expect([outputs["dataBucketVersioning"], versioning.outputs["versioningConfiguration"]]).to.deep.equal([
                        "Enabled",
                        { status: "Enabled" },
                    ]);
                });

                it("builds the network, storage and analytics tiers once each", () => {
                    const record = records.get(stack)!;
                    for (const type of ["platform:network:Network", "platform:storage:Storage", "platform:analytics:Analytics"]) {
                        expect(
                            ofType(record, type).map((r) => r.name),
                            type,
                        ).to.have.length(1);
                    }
                    expect(ofType(record, "awsx:ec2:Vpc")[0]!.inputs).to.deep.include({ cidrBlock: cidr, availabilityZoneNames: [...azs] });
                    // Glue names are per account and region: the stack name keeps two stacks apart.
                    expect(ofType(record, "aws:glue/catalogDatabase:CatalogDatabase").map((d) => d.inputs["name"])).to.deep.equal([
                        `platform_${stack.replace(/-/g, "_")}`,
                    ]);
                });

                it("protects every KMS key and the SSE-KMS data buckets (the data-stores-protected rule sees only protect)", () => {
                    const record = records.get(stack)!;
                    const unprotected = record.resources
                        .filter((r) => r.type === "aws:kms/key:Key" && r.protect !== true)
                        .map((r) => r.name);
                    expect(unprotected).to.deep.equal([]);
                    expect(
                        ofType(record, "aws:kms/key:Key")
                            .map((k) => k.name)
                            .sort(),
                    ).to.deep.equal(["network-flow-logs", "ops-alerts-key", "ops-traces-key", "request-logs", "storage-data"]);
                    expect(
                        ofType(record, "aws:s3/bucket:Bucket")
                            .filter((b) => b.protect === true)
                            .map((b) => b.name)
                            .sort(),
                    ).to.deep.equal(["analytics-results", "storage-data"]);
                });

                it("uses the configured log retention for the flow logs and the account of the caller", () => {
                    const record = records.get(stack)!;
                    const group = ofType(record, "aws:cloudwatch/logGroup:LogGroup").filter((g) => g.name === "network-flow-logs");
                    expect(group.map((g) => g.inputs["retentionInDays"])).to.deep.equal([90]);
                    const trust = JSON.parse(
                        ofType(record, "aws:iam/role:Role").find((r) => r.name === "network-flow-logs")!.inputs[
                            "assumeRolePolicy"
                        ] as string,
                    );
                    expect(trust.Statement[0].Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": SIMULATED_ACCOUNT_ID } });
                });
            });
        }

        it("gives the two regions distinct resources (no shared bucket or VPC)", () => {
            const [a, b] = STACKS.map(({ stack }) => records.get(stack)!.outputs);
            for (const key of ["vpcId", "dataBucketName", "logBucketName", "dataKeyArn"]) expect(a![key], key).to.not.equal(b![key]);
        });
    });

    describe("a third region by configuration alone", () => {
        it("evaluates ap-southeast-2 from config, with no code change", () => {
            const record = records.get("ap-southeast-2")!;
            expectAllIn(record, "ap-southeast-2");
            expect(record.outputs).to.deep.include({
                region: "ap-southeast-2",
                vpcCidrBlock: "10.2.0.0/16",
                availabilityZones: ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"],
            });
            expect(record.outputs["dataKeyArn"]).to.match(/^arn:aws:kms:ap-southeast-2:/);
            const endpoint = ofType(record, "aws:ec2/vpcEndpoint:VpcEndpoint");
            expect(endpoint.map((e) => e.inputs["serviceName"])).to.deep.equal(["com.amazonaws.ap-southeast-2.s3"]);
        });
    });

    describe("invalid configuration", () => {
        const BAD = { "platform:network": { cidrBlock: "10.0.0.0/24", availabilityZones: ["us-east-1a"] } };
        const PROBLEMS = [
            'network.cidrBlock: expected a prefix length from /16 to /22 (room for a public and a private subnet per AZ), got "10.0.0.0/24"',
            'network.availabilityZones: expected at least 2, got 1 (["us-east-1a"])',
        ];

        it("fails the evaluation with a ConfigError that names the keys", async () => {
            let error: unknown;
            try {
                await evaluateRegional("us-east-1", BAD);
            } catch (err) {
                error = err;
            }
            expect(error).to.be.instanceOf(EvaluationError);
            const cause = (error as EvaluationError).cause;
            expect(cause).to.be.instanceOf(ConfigError);
            expect((cause as ConfigError).problems).to.deep.equal(PROBLEMS);
            expect((error as Error).message).to.contain(
                "stack us-east-1: invalid configuration of stack us-east-1 (Pulumi.us-east-1.yaml):",
            );
        });

        it("registers no resource other than the root stack", async () => {
            let error: unknown;
            const record = await evaluateStack({
                project: PROJECT,
                stack: "us-east-1",
                organization: ORGANIZATION,
                config: configWith("us-east-1", BAD),
                program: async () => {
                    try {
                        await runStackProgram(loadStackConfig());
                    } catch (err) {
                        error = err;
                    }
                },
            });
            expect(error).to.be.instanceOf(ConfigError);
            expect((error as ConfigError).problems).to.deep.equal(PROBLEMS);
            expect(record.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
        });

        it("refuses a misspelt key instead of ignoring it", async () => {
            let error: unknown;
            try {
                await evaluateRegional("us-east-1", { "platform:netwrok": { cidrBlock: "10.0.0.0/16" } });
            } catch (err) {
                error = err;
            }
            expect(((error as EvaluationError).cause as ConfigError).problems).to.deep.equal(["netwrok: unknown key"]);
        });
    });
});

describe("request path", () => {
    const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-1111-2222-3333-444455556666";
    const CONFIGURED_SECRET = "configured-origin-verify-secret-0123456789";
    const records = new Map<string, StackRecord>();
    before(async () => {
        for (const stack of ["us-east-1", "eu-west-1"]) records.set(stack, await evaluateRegional(stack));
        records.set(
            "domain",
            await evaluateRegional("eu-west-1", {
                "platform:loadBalancing": {
                    domain: { domainName: "eu.app.example.com", certificateArn: CERT },
                    healthCheckIntervalSeconds: 15,
                    unhealthyThreshold: 3,
                },
                "platform:service": { desiredCount: 3, maxCount: 8, healthCheckPath: "/healthz" },
                "platform:edgeSecurity": { rateLimitPerFiveMinutes: 750 },
                "platform:originVerifySecret": CONFIGURED_SECRET,
            }),
        );
    });

    const only = (record: StackRecord, type: string) => {
        const found = ofType(record, type);
        expect(found, type).to.have.length(1);
        return found[0]!;
    };

    for (const stack of ["us-east-1", "eu-west-1"]) {
        describe(stack, () => {
            it("builds the WAF, load balancer, service and their log key once each", () => {
                const record = records.get(stack)!;
                for (const [type, names] of [
                    ["platform:edge-security:RegionalWaf", ["waf"]],
                    ["platform:load-balancing:LoadBalancer", ["alb"]],
                    ["platform:service:FargateService", ["app"]],
                    ["platform:identity:ServiceRoles", ["app-roles"]],
                    // The network's flow-log key is the other one.
                    ["platform:identity:LogEncryptionKey", ["network-flow-logs", "request-logs"]],
                ] as const) {
                    expect(
                        ofType(record, type)
                            .map((r) => r.name)
                            .sort(),
                        type,
                    ).to.deep.equal(names);
                }
                expect(ofType(record, "random:index/randomPassword:RandomPassword").map((r) => r.name)).to.deep.equal(["origin-verify"]);
            });

            it("exports the request-path contract in evaluation mode, the secret as a secret", () => {
                const { outputs, secretOutputNames } = records.get(stack)!;
                const alb = only(records.get(stack)!, "aws:lb/loadBalancer:LoadBalancer");
                expect(outputs["albDnsName"])
                    .to.equal(alb.outputs["dnsName"])
                    .and.match(new RegExp(`\\.${stack}\\.elb\\.amazonaws\\.com$`));
                expect(outputs["originHostname"]).to.equal(outputs["albDnsName"]);
                expect(outputs["albZoneId"]).to.equal(alb.outputs["zoneId"]);
                expect(outputs["albArnSuffix"]).to.equal(alb.outputs["arnSuffix"]);
                expect(outputs["targetGroupArnSuffix"]).to.equal(
                    only(records.get(stack)!, "aws:lb/targetGroup:TargetGroup").outputs["arnSuffix"],
                );
                expect(outputs).to.deep.include({
                    originProtocol: "http",
                    healthCheckPath: "/",
                    originVerifyHeaderName: "X-Origin-Verify",
                });
                expect(outputs["originVerifySecret"]).to.be.a("string").with.length.greaterThan(15);
                expect(secretOutputNames).to.deep.equal(["originVerifySecret"]);
                const service = only(records.get(stack)!, "aws:ecs/service:Service");
                const cluster = only(records.get(stack)!, "aws:ecs/cluster:Cluster");
                expect([outputs["clusterName"], outputs["clusterArn"], outputs["serviceName"]]).to.deep.equal([
                    cluster.outputs["name"],
                    cluster.outputs["arn"],
                    service.outputs["name"],
                ]);
            });

            it("wires the tiers together: WAF on the ALB, ALB in the public subnets, tasks in the private ones behind the ALB", () => {
                const record = records.get(stack)!;
                const alb = only(record, "aws:lb/loadBalancer:LoadBalancer");
                const vpc = only(record, "awsx:ec2:Vpc");
                expect(only(record, "aws:wafv2/webAclAssociation:WebAclAssociation").inputs["resourceArn"]).to.equal(alb.outputs["arn"]);
                expect(alb.inputs["subnets"]).to.deep.equal(vpc.outputs["publicSubnetIds"]).and.have.length(3);
                expect(alb.inputs["accessLogs"]).to.deep.equal({
                    enabled: true,
                    bucket: records.get(stack)!.outputs["logBucketName"],
                    prefix: "alb",
                });
                const service = only(record, "aws:ecs/service:Service");
                const net = service.inputs["networkConfiguration"] as any;
                expect(net.subnets).to.deep.equal(vpc.outputs["privateSubnetIds"]).and.have.length(3);
                expect(net.assignPublicIp).to.equal(false);
                const tg = only(record, "aws:lb/targetGroup:TargetGroup");
                expect(service.inputs["loadBalancers"]).to.deep.equal([
                    { targetGroupArn: tg.outputs["arn"], containerName: "app", containerPort: 8080 },
                ]);
                const fromAlb = ofType(record, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").find(
                    (r) => r.name === "app-tasks-from-alb",
                )!;
                expect(fromAlb.propertyDependencies["referencedSecurityGroupId"]).to.deep.equal([
                    ofType(record, "aws:ec2/securityGroup:SecurityGroup").find((r) => r.name === "alb-sg")!.urn,
                ]);
                const roles = JSON.parse(
                    ofType(record, "aws:iam/rolePolicy:RolePolicy").find((r) => r.name === "app-roles-task")!.inputs["policy"] as string,
                );
                expect(roles.Statement[0].Resource).to.equal(`${record.outputs["dataBucketArn"]}/*`);
                expect(roles.Statement[2].Resource).to.equal(record.outputs["dataKeyArn"]);
                expect(roles.Statement[2].Condition).to.deep.equal({ StringEquals: { "kms:ViaService": `s3.${stack}.amazonaws.com` } });
            });

            it("encrypts the WAF and container logs with the request-path key", () => {
                const record = records.get(stack)!;
                const key = ofType(record, "aws:kms/key:Key").find((k) => k.name === "request-logs")!;
                const groups = ofType(record, "aws:cloudwatch/logGroup:LogGroup").filter((g) =>
                    ["waf-logs", "app-app", "app-xray-daemon"].includes(g.name),
                );
                expect(groups.map((g) => [g.name, g.inputs["kmsKeyId"], g.inputs["retentionInDays"]]).sort()).to.deep.equal(
                    [
                        // No X-Ray daemon log group: the shipped image is not instrumented (service.tracing off).
                        ["app-app", key.outputs["arn"], 90],
                        ["waf-logs", key.outputs["arn"], 90],
                    ].sort(),
                );
            });
        });
    }

    describe("domain mode and tier settings from configuration", () => {
        it("serves HTTPS with the configured certificate and exports the domain as the origin", () => {
            const record = records.get("domain")!;
            const https = ofType(record, "aws:lb/listener:Listener").find((l) => l.name === "alb-https")!;
            expect([https.inputs["protocol"], https.inputs["certificateArn"], https.inputs["sslPolicy"]]).to.deep.equal([
                "HTTPS",
                CERT,
                "ELBSecurityPolicy-TLS13-1-2-2021-06",
            ]);
            expect(record.outputs).to.deep.include({
                originHostname: "eu.app.example.com",
                originProtocol: "https",
                healthCheckPath: "/healthz",
            });
        });

        it("uses the configured origin-verify secret, kept secret, and generates none", () => {
            const record = records.get("domain")!;
            expect(record.outputs["originVerifySecret"]).to.equal(CONFIGURED_SECRET);
            expect(record.secretOutputNames).to.deep.equal(["originVerifySecret"]);
            expect(ofType(record, "random:index/randomPassword:RandomPassword")).to.deep.equal([]);
            expect(record.secretValues).to.include(CONFIGURED_SECRET);
            expect(JSON.stringify(maskSecrets(record.resources, record.secretValues))).to.not.contain(CONFIGURED_SECRET);
        });

        it("passes the health-check, service and rate-limit settings to the tiers", () => {
            const record = records.get("domain")!;
            const hc = only(record, "aws:lb/targetGroup:TargetGroup").inputs["healthCheck"] as any;
            expect([hc.path, hc.interval, hc.timeout, hc.unhealthyThreshold]).to.deep.equal(["/healthz", 15, 5, 3]);
            expect(only(record, "aws:ecs/service:Service").inputs["desiredCount"]).to.equal(3);
            expect(only(record, "aws:appautoscaling/target:Target").inputs).to.deep.include({ minCapacity: 3, maxCapacity: 8 });
            const rules = only(record, "aws:wafv2/webAcl:WebAcl").inputs["rules"] as any[];
            expect(rules.find((r) => r.name === "rate-limit-per-ip").statement.rateBasedStatement.limit).to.equal(750);
        });
    });
});

describe("operations", () => {
    const FIS = "aws:fis/experimentTemplate:ExperimentTemplate";
    const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
    const records = new Map<string, StackRecord>();
    before(async () => {
        for (const stack of ["us-east-1", "eu-west-1"]) records.set(stack, await evaluateRegional(stack));
        records.set(
            "drills",
            await evaluateRegional("eu-west-1", {
                "platform:chaos": { enabled: true, stopTaskPercent: 100, durationMinutes: 5 },
                "platform:observability": { alertEmails: ["oncall@example.com"], logRetentionDays: 30 },
                "platform:service": { desiredCount: 3, maxCount: 6 },
            }),
        );
    });

    it("protects the chaos drills' log key too", () => {
        const keys = ofType(records.get("drills")!, "aws:kms/key:Key");
        expect(keys.map((k) => k.name)).to.include("chaos-logs-key");
        expect(keys.filter((k) => k.protect !== true).map((k) => k.name)).to.deep.equal([]);
    });

    const only = (record: StackRecord, type: string, name?: string) => {
        const found = ofType(record, type).filter((r) => name === undefined || r.name === name);
        expect(found, `${type} ${name ?? ""}`).to.have.length(1);
        return found[0]!;
    };

    for (const stack of ["us-east-1", "eu-west-1"]) {
        describe(stack, () => {
            it("exports exactly the regional contract and what npm run verify reads, the operations fields from the observability tier", () => {
                const record = records.get(stack)!;
                expect(Object.keys(record.outputs).sort()).to.deep.equal(
                    [...REGIONAL_CONTRACT_KEYS, "chaosExperimentTemplateIds", "targetGroupArn", "taskDefinitionArn"].sort(),
                );
                // The task definition verify compares the running deployment against is the one Pulumi registered.
                const taskDefinition = only(record, "aws:ecs/taskDefinition:TaskDefinition");
                expect(record.outputs["taskDefinitionArn"]).to.equal(taskDefinition.outputs["arn"]);
                expect(record.outputs["targetGroupArn"]).to.equal(only(record, "aws:lb/targetGroup:TargetGroup").outputs["arn"]);
                expect(record.outputs["chaosExperimentTemplateIds"]).to.deep.equal([]);
                expect(ofType(record, "platform:observability:Observability").map((r) => r.name)).to.deep.equal(["ops"]);
                const topic = only(record, "aws:sns/topic:Topic", "ops-alerts");
                const key = only(record, "aws:kms/key:Key", "ops-alerts-key");
                const composite = only(record, "aws:cloudwatch/compositeAlarm:CompositeAlarm");
                expect([
                    record.outputs["alertTopicArn"],
                    record.outputs["alertKeyArn"],
                    record.outputs["regionUnhealthyAlarmName"],
                ]).to.deep.equal([topic.outputs["arn"], key.outputs["arn"], `platform-${stack}-region-unhealthy`]);
                expect(composite.outputs["alarmName"]).to.equal(`platform-${stack}-region-unhealthy`);
                expect(topic.inputs["kmsMasterKeyId"]).to.equal(key.outputs["arn"]);
                expect(record.outputs["alertTopicArn"]).to.match(new RegExp(`^arn:aws:sns:${stack}:${SIMULATED_ACCOUNT_ID}:`));
            });

            it("alarms on the stack's own ALB, target group, service, web ACL and bucket", () => {
                const record = records.get(stack)!;
                const alarms = Object.fromEntries(ofType(record, ALARM).map((a) => [a.name, a.inputs]));
                expect(Object.keys(alarms).sort()).to.deep.equal(ALARM_KEYS.map((k) => `ops-${k}`).sort());
                const alb = only(record, "aws:lb/loadBalancer:LoadBalancer").outputs["arnSuffix"];
                const tg = only(record, "aws:lb/targetGroup:TargetGroup").outputs["arnSuffix"];
                const svc = { ClusterName: record.outputs["clusterName"], ServiceName: record.outputs["serviceName"] };
                expect(alarms["ops-elb-5xx"]!["dimensions"]).to.deep.equal({ LoadBalancer: alb });
                expect(alarms["ops-unhealthy-hosts"]!["dimensions"]).to.deep.equal({ TargetGroup: tg, LoadBalancer: alb });
                expect(alarms["ops-running-tasks"]!["dimensions"]).to.deep.equal(svc);
                expect(alarms["ops-running-tasks"]!["threshold"]).to.equal(2);
                expect(alarms["ops-cpu-high"]!["dimensions"]).to.deep.equal(svc);
                // WAF metrics are dimensioned by the ACL's visibility-config metric name, not its (auto-generated) name.
                const acl = only(record, "aws:wafv2/webAcl:WebAcl");
                const aclMetricName = (acl.inputs["visibilityConfig"] as { metricName: string }).metricName;
                expect(aclMetricName).to.equal("waf").and.not.equal(acl.outputs["name"]);
                expect(alarms["ops-waf-blocked"]!["dimensions"]).to.deep.equal({ WebACL: aclMetricName, Rule: "ALL", Region: stack });
                const body = JSON.parse(String(only(record, "aws:cloudwatch/dashboard:Dashboard").inputs["dashboardBody"])) as {
                    widgets: { properties: { metrics?: unknown[][] } }[];
                };
                const wafMetrics = body.widgets.flatMap((w) => w.properties.metrics ?? []).filter((m) => m[0] === "AWS/WAFV2");
                expect(wafMetrics).to.deep.equal([
                    ["AWS/WAFV2", "AllowedRequests", "WebACL", aclMetricName, "Rule", "ALL", "Region", stack],
                    ["AWS/WAFV2", "BlockedRequests", "WebACL", aclMetricName, "Rule", "ALL", "Region", stack],
                ]);
                const query = (alarms["ops-replication-latency"]!["metricQueries"] as { expression: string }[])[0]!.expression;
                expect(query).to.contain(`WHERE SourceBucket = '${record.outputs["dataBucketName"]}'`);
            });

            it("creates no chaos drill unless enabled", () => {
                const record = records.get(stack)!;
                expect(ofType(record, "platform:chaos:ChaosExperiments")).to.deep.equal([]);
                expect(ofType(record, FIS)).to.deep.equal([]);
            });
        });
    }

    describe("chaos drills and alerting from configuration", () => {
        it("subscribes the configured emails and watches the configured desired count", () => {
            const record = records.get("drills")!;
            const subs = ofType(record, "aws:sns/topicSubscription:TopicSubscription");
            expect(subs.map((s) => [s.name, s.inputs["endpoint"], s.inputs["topic"]])).to.deep.equal([
                ["ops-alerts-oncall@example.com", "oncall@example.com", record.outputs["alertTopicArn"]],
            ]);
            expect(only(record, ALARM, "ops-running-tasks").inputs["threshold"]).to.equal(3);
        });

        it("creates one stop-task and one network drill per configured zone, stopped only by the 5xx and latency alarms", () => {
            const record = records.get("drills")!;
            expect(ofType(record, "platform:chaos:ChaosExperiments").map((r) => r.name)).to.deep.equal(["chaos"]);
            const azs = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
            expect(
                ofType(record, FIS)
                    .map((t) => t.name)
                    .sort(),
            ).to.deep.equal(azs.flatMap((az) => [`chaos-disrupt-network-${az}`, `chaos-stop-tasks-${az}`]).sort());
            // Customer impact only: the drills cause unhealthy-hosts and running-tasks (and so the composite) on purpose.
            const stopAlarms = ["ops-elb-5xx", "ops-target-5xx", "ops-latency-p99"].map(
                (name) => only(record, ALARM, name).outputs["arn"] as string,
            );
            expect(new Set(stopAlarms).size).to.equal(3);
            for (const t of ofType(record, FIS)) {
                expect([t.name, t.inputs["stopConditions"]]).to.deep.equal([
                    t.name,
                    stopAlarms.map((value) => ({ source: "aws:cloudwatch:alarm", value })),
                ]);
            }
            const policy = JSON.parse(only(record, "aws:iam/rolePolicy:RolePolicy", "chaos-policy").inputs["policy"] as string);
            expect(policy.Statement.find((s: { Sid: string }) => s.Sid === "ReadStopConditionAlarms").Resource).to.deep.equal(stopAlarms);
        });

        it("targets the stack's cluster, service and private subnets with the configured percentage and duration", () => {
            const record = records.get("drills")!;
            const stop = only(record, FIS, "chaos-stop-tasks-eu-west-1b");
            expect(stop.inputs["targets"]).to.deep.equal([
                {
                    name: "service-tasks",
                    resourceType: "aws:ecs:task",
                    parameters: { cluster: record.outputs["clusterName"], service: record.outputs["serviceName"] },
                    filters: [{ path: "AvailabilityZone", values: ["eu-west-1b"] }],
                    selectionMode: "PERCENT(100)",
                },
            ]);
            const net = only(record, FIS, "chaos-disrupt-network-eu-west-1c");
            const vpc = only(record, "awsx:ec2:Vpc").outputs as {
                privateSubnetIds: string[];
                subnets: { id: string; availabilityZone: string }[];
            };
            expect(vpc.privateSubnetIds).to.have.length(3);
            // Exactly the private subnet the VPC put in that zone.
            const inZone = vpc.privateSubnetIds.filter((id) => vpc.subnets.find((s) => s.id === id)!.availabilityZone === "eu-west-1c");
            expect((net.inputs["targets"] as { resourceArns: string[] }[])[0]!.resourceArns).to.deep.equal(
                inZone.map((id) => `arn:aws:ec2:eu-west-1:${SIMULATED_ACCOUNT_ID}:subnet/${id}`),
            );
            expect((net.inputs["actions"] as { parameters: unknown[] }[])[0]!.parameters).to.deep.equal([
                { key: "duration", value: "PT5M" },
                { key: "scope", value: "all" },
            ]);
            const policy = JSON.parse(only(record, "aws:iam/rolePolicy:RolePolicy", "chaos-policy").inputs["policy"] as string);
            expect(policy.Statement.find((s: { Sid: string }) => s.Sid === "ListClusterTasks").Condition).to.deep.equal({
                ArnEquals: { "ecs:cluster": record.outputs["clusterArn"] },
            });
            expect(only(record, "aws:cloudwatch/logGroup:LogGroup", "chaos-logs").inputs["retentionInDays"]).to.equal(30);
        });
    });
});
