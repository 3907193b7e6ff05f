import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ChaosExperiments, type ChaosExperimentsArgs } from "../../../components/chaos";
import { leastPrivilegeProblems, type Statement } from "../../../components/identity/policyDocument";
import {
    argsProblemsOf,
    byName,
    childrenOf,
    evaluateWithProvider,
    expectUniqueUrns,
    ofType,
    only,
    type StackRecord,
    statementsOf,
} from "../../support/components";

const ACCOUNT = "123456789012";
const ALARMS = ["elb-5xx", "target-5xx", "latency-p99"].map((key) => `arn:aws:cloudwatch:us-east-1:123456789012:alarm:ops-${key}`);
const STOP_CONDITIONS = ALARMS.map((value) => ({ source: "aws:cloudwatch:alarm", value }));
const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/cluster-1";
const SUBNETS = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"];
const SUBNET_ARNS = SUBNETS.map((id) => `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/${id}`);

const baseArgs: ChaosExperimentsArgs = {
    accountId: ACCOUNT,
    region: "us-east-1",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    service: { clusterName: "cluster-1", clusterArn: CLUSTER_ARN, serviceName: "service-1" },
    network: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: SUBNETS },
    stopAlarmArns: ALARMS,
};

const make = (overrides: Partial<ChaosExperimentsArgs> = {}, name = "drills") =>
    evaluateWithProvider("us-east-1", (opts) => {
        const c = new ChaosExperiments(name, { ...baseArgs, ...overrides }, opts);
        return { experimentTemplateIds: c.experimentTemplateIds, roleArn: c.roleArn, logGroupName: c.logGroupName };
    });

const TEMPLATE = "aws:fis/experimentTemplate:ExperimentTemplate";

describe("components/chaos/ChaosExperiments", () => {
    let record: StackRecord;
    before(async () => {
        record = await make();
    });

    it("creates exactly the expected children, all parented to the component", () => {
        const component = only(record, ChaosExperiments.__pulumiType);
        expect(component.name).to.equal("drills");
        expect(childrenOf(record, component)).to.deep.equal(
            [
                "aws:kms/key:Key drills-logs-key",
                "aws:cloudwatch/logGroup:LogGroup drills-logs",
                "aws:iam/role:Role drills-role",
                "aws:iam/rolePolicy:RolePolicy drills-policy",
                `${TEMPLATE} drills-stop-tasks-us-east-1a`,
                `${TEMPLATE} drills-stop-tasks-us-east-1b`,
                `${TEMPLATE} drills-disrupt-network-us-east-1a`,
                `${TEMPLATE} drills-disrupt-network-us-east-1b`,
            ].sort(),
        );
        expect(Object.keys(record.outputs["experimentTemplateIds"] as object).sort()).to.deep.equal([
            "disrupt-network-us-east-1a",
            "disrupt-network-us-east-1b",
            "stop-tasks-us-east-1a",
            "stop-tasks-us-east-1b",
        ]);
    });

    it("stops stopTaskPercent% of the service's tasks in one zone", () => {
        const t = byName(record, "drills-stop-tasks-us-east-1b");
        expect(t.inputs["targets"]).to.deep.equal([
            {
                name: "service-tasks",
                resourceType: "aws:ecs:task",
                parameters: { cluster: "cluster-1", service: "service-1" },
                filters: [{ path: "AvailabilityZone", values: ["us-east-1b"] }],
                selectionMode: "PERCENT(50)",
            },
        ]);
        expect(t.inputs["actions"]).to.deep.equal([
            { name: "stop-tasks", actionId: "aws:ecs:stop-task", target: { key: "Tasks", value: "service-tasks" } },
        ]);
    });

    it("six AZs: each zone's network drill names only its own subnet (FIS caps resourceArns at 5 per target)", async () => {
        const azs = ["a", "b", "c", "d", "e", "f"].map((z) => `us-east-1${z}`);
        const subnets = azs.map((az) => `subnet-0${az.slice(-1).repeat(16)}`);
        const r = await make({ availabilityZones: azs, network: { ...baseArgs.network, privateSubnetIds: subnets } });
        for (const [i, az] of azs.entries()) {
            const target = (byName(r, `drills-disrupt-network-${az}`).inputs["targets"] as { resourceArns: string[] }[])[0]!;
            expect(target.resourceArns, az).to.deep.equal([`arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/${subnets[i]}`]);
        }
    });

    it("cuts the service's private subnet in one zone off for durationMinutes", () => {
        const t = byName(record, "drills-disrupt-network-us-east-1a");
        expect(t.inputs["targets"]).to.deep.equal([
            {
                name: "private-subnet",
                resourceType: "aws:ec2:subnet",
                // Only that zone's subnet: FIS takes at most 5 resourceArns per target.
                resourceArns: [SUBNET_ARNS[0]],
                filters: [{ path: "AvailabilityZone", values: ["us-east-1a"] }],
                selectionMode: "ALL",
            },
        ]);
        expect(t.inputs["actions"]).to.deep.equal([
            {
                name: "disrupt-connectivity",
                actionId: "aws:network:disrupt-connectivity",
                parameters: [
                    { key: "duration", value: "PT10M" },
                    { key: "scope", value: "all" },
                ],
                target: { key: "Subnets", value: "private-subnet" },
            },
        ]);
    });

    it("leaves the log key unprotected (still retained) only when asked", async () => {
        const key = byName(await make({ protectKey: false }), "drills-logs-key");
        expect([key.protect, key.retainOnDelete]).to.deep.equal([undefined, true]);
    });

    it("stops every drill on exactly the given alarms, runs it with the FIS role and logs it to the encrypted group", () => {
        const role = byName(record, "drills-role");
        const logGroup = byName(record, "drills-logs");
        expect(ofType(record, TEMPLATE)).to.have.length(4);
        for (const t of ofType(record, TEMPLATE)) {
            expect([t.name, t.inputs["stopConditions"]]).to.deep.equal([t.name, STOP_CONDITIONS]);
            expect([t.name, t.inputs["roleArn"]]).to.deep.equal([t.name, role.outputs["arn"]]);
            expect([t.name, t.inputs["logConfiguration"]]).to.deep.equal([
                t.name,
                { logSchemaVersion: 2, cloudwatchLogsConfiguration: { logGroupArn: `${logGroup.outputs["arn"]}:*` } },
            ]);
            expect([t.name, t.inputs["tags"]]).to.deep.equal([t.name, { "platform:drill": t.name.replace(/^drills-/, "") }]);
            expect([t.name, t.inputs["experimentOptions"]]).to.deep.equal([
                t.name,
                { accountTargeting: "single-account", emptyTargetResolutionMode: "fail" },
            ]);
        }
        const key = byName(record, "drills-logs-key");
        expect([logGroup.inputs["kmsKeyId"], logGroup.inputs["retentionInDays"]]).to.deep.equal([key.outputs["arn"], 90]);
        expect([key.inputs["enableKeyRotation"], key.inputs["deletionWindowInDays"]]).to.deep.equal([true, 30]);
        expect([key.protect, key.retainOnDelete]).to.deep.equal([true, true]);
        expect(statementsOf(key)).to.deep.equal([
            {
                Sid: "AccountAdministration",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchLogsUse",
                Effect: "Allow",
                Principal: { Service: "logs.us-east-1.amazonaws.com" },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*` } },
            },
        ]);
    });

    it("lets only FIS of this account assume the role", () => {
        expect(statementsOf(byName(record, "drills-role"), "assumeRolePolicy")).to.deep.equal([
            {
                Effect: "Allow",
                Principal: { Service: "fis.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            },
        ]);
    });

    it("grants the role exactly what the two drills need, scoped to the cluster, VPC, subnets and alarms", () => {
        const policy = byName(record, "drills-policy");
        expect(policy.inputs["role"]).to.equal(byName(record, "drills-role").outputs["name"]);
        const statements = statementsOf(policy);
        const acls = `arn:aws:ec2:us-east-1:${ACCOUNT}:network-acl/*`;
        expect(statements).to.deep.equal([
            {
                Sid: "StopServiceTasks",
                Effect: "Allow",
                Action: ["ecs:StopTask", "ecs:DescribeTasks"],
                Resource: `arn:aws:ecs:us-east-1:${ACCOUNT}:task/cluster-1/*`,
            },
            {
                Sid: "ListClusterTasks",
                Effect: "Allow",
                Action: "ecs:ListTasks",
                Resource: "*",
                Condition: { ArnEquals: { "ecs:cluster": CLUSTER_ARN } },
            },
            {
                Sid: "CreateFisNetworkAclInVpc",
                Effect: "Allow",
                Action: "ec2:CreateNetworkAcl",
                Resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/vpc-0123456789abcdef0`,
            },
            {
                Sid: "CreateTaggedFisNetworkAcl",
                Effect: "Allow",
                Action: "ec2:CreateNetworkAcl",
                Resource: acls,
                Condition: { StringEquals: { "aws:RequestTag/managedByFIS": "true" } },
            },
            {
                Sid: "TagFisNetworkAclAtCreation",
                Effect: "Allow",
                Action: "ec2:CreateTags",
                Resource: acls,
                Condition: { StringEquals: { "ec2:CreateAction": "CreateNetworkAcl", "aws:RequestTag/managedByFIS": "true" } },
            },
            {
                Sid: "EditAndDeleteFisNetworkAcl",
                Effect: "Allow",
                Action: ["ec2:CreateNetworkAclEntry", "ec2:DeleteNetworkAcl"],
                Resource: acls,
                Condition: { StringEquals: { "ec2:ResourceTag/managedByFIS": "true" } },
            },
            {
                Sid: "SwapNetworkAclOfServiceSubnets",
                Effect: "Allow",
                Action: "ec2:ReplaceNetworkAclAssociation",
                Resource: [...SUBNET_ARNS, acls],
            },
            {
                Sid: "DescribeNetwork",
                Effect: "Allow",
                Action: ["ec2:DescribeNetworkAcls", "ec2:DescribeSubnets", "ec2:DescribeVpcs"],
                Resource: "*",
            },
            { Sid: "ReadStopConditionAlarms", Effect: "Allow", Action: "cloudwatch:DescribeAlarms", Resource: ALARMS },
            {
                Sid: "DeliverExperimentLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogDelivery", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"],
                Resource: "*",
            },
        ]);
        // Every wildcard above carries a reason in the source: the document passes the least-privilege check.
        const withReasons = statements.map((s) => (s.Resource === "*" ? { ...s, wildcardResourceReason: "given" } : s));
        expect(leastPrivilegeProblems(withReasons as Statement[])).to.deep.equal([]);
    });

    it("applies the configured percentage, duration, retention and stop alarms", async () => {
        const latency = ALARMS[2]!;
        const custom = await make({
            stopTaskPercent: 25,
            durationMinutes: 3,
            logRetentionDays: 30,
            availabilityZones: ["us-east-1c"],
            stopAlarmArns: [latency],
        });
        expect(
            ofType(custom, TEMPLATE)
                .map((t) => t.name)
                .sort(),
        ).to.deep.equal(["drills-disrupt-network-us-east-1c", "drills-stop-tasks-us-east-1c"]);
        const stop = byName(custom, "drills-stop-tasks-us-east-1c");
        expect((stop.inputs["targets"] as { selectionMode: string }[])[0]!.selectionMode).to.equal("PERCENT(25)");
        const net = byName(custom, "drills-disrupt-network-us-east-1c");
        for (const t of [stop, net]) {
            expect([t.name, t.inputs["stopConditions"]]).to.deep.equal([t.name, [{ source: "aws:cloudwatch:alarm", value: latency }]]);
        }
        expect((net.inputs["actions"] as { parameters: unknown[] }[])[0]!.parameters).to.deep.equal([
            { key: "duration", value: "PT3M" },
            { key: "scope", value: "all" },
        ]);
        expect(byName(custom, "drills-logs").inputs["retentionInDays"]).to.equal(30);
        const statements = statementsOf(byName(custom, "drills-policy"));
        expect(statements.find((s) => s.Sid === "ReadStopConditionAlarms")!.Resource).to.deep.equal([latency]);
    });

    it("lets two instances live in one program without colliding", async () => {
        const both = await evaluateWithProvider("us-east-1", (opts) => {
            const a = new ChaosExperiments("drills-a", baseArgs, opts);
            const b = new ChaosExperiments("drills-b", baseArgs, opts);
            return { a: a.roleArn, b: b.roleArn };
        });
        expectUniqueUrns(both);
        expect(ofType(both, TEMPLATE)).to.have.length(8);
        expect(both.outputs["a"]).to.not.equal(both.outputs["b"]);
    });

    describe("validation", () => {
        const problemsOf = (overrides: Partial<ChaosExperimentsArgs>) =>
            argsProblemsOf(() => new ChaosExperiments("drills", { ...baseArgs, ...overrides }));
        const cases: [string, Partial<ChaosExperimentsArgs>, string][] = [
            ["region", { region: "Virginia" }, 'region: expected a known AWS region such as us-east-1, got "Virginia"'],
            ["no zones", { availabilityZones: [] }, "availabilityZones: expected at least 1, got []"],
            [
                "duplicate zones",
                { availabilityZones: ["us-east-1a", "us-east-1a"] },
                'availabilityZones: expected distinct zones, got ["us-east-1a","us-east-1a"]',
            ],
            ["foreign zones", { availabilityZones: ["eu-west-1a"] }, 'availabilityZones: expected zones of us-east-1, got ["eu-west-1a"]'],
            ["stopTaskPercent", { stopTaskPercent: 0 }, "stopTaskPercent: expected a number >= 1, got 0"],
            ["a fractional stopTaskPercent", { stopTaskPercent: 12.5 }, "stopTaskPercent: expected an integer, got 12.5"],
            ["durationMinutes", { durationMinutes: 721 }, "durationMinutes: expected a number <= 720, got 721"],
            [
                "logRetentionDays",
                { logRetentionDays: 10 },
                "logRetentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 10",
            ],
            [
                "no stop conditions",
                { stopAlarmArns: [] },
                "stopAlarmArns: expected at least 1 alarm (a drill must stop when it hurts users), got []",
            ],
            [
                "too many stop conditions",
                { stopAlarmArns: ["1", "2", "3", "4", "5", "6"] },
                "stopAlarmArns: expected at most 5 (FIS stop conditions per template), got 6",
            ],
            [
                "a repeated stop condition",
                { stopAlarmArns: [ALARMS[0]!, ALARMS[1]!, ALARMS[0]!] },
                `stopAlarmArns: expected each alarm once, got ["${ALARMS[0]}"] more than once`,
            ],
        ];
        for (const [label, overrides, message] of cases) {
            it(`refuses ${label}`, () => {
                expect(problemsOf(overrides)).to.deep.equal([message]);
            });
        }

        it("accepts five stop conditions, outputs included (their values are not checked before deployment)", async () => {
            const known = [...ALARMS, "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ops-a"];
            const later = pulumi.output("arn:aws:cloudwatch:us-east-1:123456789012:alarm:ops-b");
            const record = await make({ stopAlarmArns: [...known, later] });
            const t = byName(record, "drills-stop-tasks-us-east-1a");
            expect(t.inputs["stopConditions"]).to.deep.equal(
                [...known, "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ops-b"].map((value) => ({
                    source: "aws:cloudwatch:alarm",
                    value,
                })),
            );
        });

        it("reports every problem at once", () => {
            expect(problemsOf({ stopTaskPercent: 101, durationMinutes: 0, stopAlarmArns: [] })).to.deep.equal([
                "stopTaskPercent: expected a number <= 100, got 101",
                "durationMinutes: expected a number >= 1, got 0",
                "stopAlarmArns: expected at least 1 alarm (a drill must stop when it hurts users), got []",
            ]);
        });
    });
});
