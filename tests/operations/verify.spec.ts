import { CloudWatchClient, DescribeAlarmsCommand, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { FisClient, GetExperimentTemplateCommand } from "@aws-sdk/client-fis";
import { GetHealthCheckStatusCommand, Route53Client } from "@aws-sdk/client-route-53";
import { GetBucketReplicationCommand, S3Client } from "@aws-sdk/client-s3";
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetCanaryRunsCommand, SyntheticsClient } from "@aws-sdk/client-synthetics";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import type { CliEnvironment } from "../../operations/cliEnvironment";
import { EXIT } from "../../operations/orchestrator";
import { stacksMain } from "../../operations/stacksCommand";
import { verifyStacks } from "../../operations/verify/run";
import { sdkClients } from "../../operations/verify/types";
import { parseVerifyArgs, verifyMain } from "../../operations/verifyCommand";
import type { StackConfigFile } from "../../stacks/config/files";
import type { StackEntry } from "../../stacks/stackSet";
import { FakeWorkspace, removeTempDirs, tempProject, TWO_REGIONS } from "./fakes";

const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const cw = mockClient(CloudWatchClient);
const sns = mockClient(SNSClient);
const s3 = mockClient(S3Client);
const r53 = mockClient(Route53Client);
/**
 * client-synthetics and client-fis are pinned to older releases whose @smithy types differ from
 * the other clients': their stubs are used through this narrower, untyped-input view.
 */
interface LooseStub {
    on(command: unknown, input?: object): { resolves(output: object): unknown; rejects(error: Error): unknown };
    reset(): void;
    restore(): void;
}
const syn = mockClient(SyntheticsClient as never) as unknown as LooseStub;
const fis = mockClient(FisClient as never) as unknown as LooseStub;

const MOCKS = [ecs, elb, cw, sns, s3, r53, syn, fis];

after(() => {
    for (const m of MOCKS) m.restore();
    removeTempDirs();
});

const TASK_DEF = (region: string, revision = 7) => `arn:aws:ecs:${region}:111122223333:task-definition/app-${region}:${revision}`;
const regionalOutputs = (region: string) => ({
    region,
    availabilityZones: [`${region}a`, `${region}b`],
    clusterName: `cluster-${region}`,
    serviceName: `app-${region}`,
    taskDefinitionArn: TASK_DEF(region),
    targetGroupArn: `arn:aws:elasticloadbalancing:${region}:111122223333:targetgroup/app/abc`,
    alertTopicArn: `arn:aws:sns:${region}:111122223333:alerts`,
    regionUnhealthyAlarmName: `region-unhealthy-${region}`,
    dataBucketName: `data-${region}`,
});
const GLOBAL_OUTPUTS = {
    healthCheckIds: { "us-east-1": "hc-east", "eu-west-1": "hc-west" },
    probeCanaries: {
        "us-east-1": { name: "probe-us-east-1", region: "eu-west-1" },
        "eu-west-1": { name: "probe-eu-west-1", region: "us-east-1" },
    },
    probeAlarmNames: { "us-east-1": "probe-alarm-us-east-1", "eu-west-1": "probe-alarm-eu-west-1" },
    alertTopicArns: { "us-east-1": "arn:aws:sns:us-east-1:111122223333:global-alerts" },
};
const STACKS: StackEntry[] = [
    { name: "us-east-1", role: "regional", region: "us-east-1" },
    { name: "eu-west-1", role: "regional", region: "eu-west-1" },
    { name: "global", role: "global", regionalStacks: ["us-east-1", "eu-west-1"] },
];
const OUTPUTS = { "us-east-1": regionalOutputs("us-east-1"), "eu-west-1": regionalOutputs("eu-west-1"), global: GLOBAL_OUTPUTS };

/** A healthy platform, answered by every mocked API. */
function healthy(): void {
    for (const m of MOCKS) m.reset();
    ecs.on(DescribeServicesCommand).callsFake((input: { cluster: string }) => {
        const region = input.cluster.replace("cluster-", "");
        return {
            services: [
                {
                    runningCount: 2,
                    desiredCount: 2,
                    deployments: [
                        { status: "PRIMARY", taskDefinition: TASK_DEF(region), rolloutState: "COMPLETED" },
                        { status: "ACTIVE", taskDefinition: TASK_DEF(region, 6), rolloutState: "COMPLETED" },
                    ],
                },
            ],
        };
    });
    elb.on(DescribeTargetHealthCommand).callsFake((input: { TargetGroupArn: string }) => {
        const region = input.TargetGroupArn.split(":")[3]!;
        return {
            TargetHealthDescriptions: ["a", "b"].map((z) => ({
                Target: { Id: `10.0.${z}`, AvailabilityZone: `${region}${z}` },
                TargetHealth: { State: "healthy" },
            })),
        };
    });
    sns.on(ListSubscriptionsByTopicCommand).resolves({
        Subscriptions: [{ SubscriptionArn: "arn:aws:sns:x:1:alerts:1", Protocol: "email", Endpoint: "ops@example.com" }],
    });
    cw.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames: string[] }) => ({
        CompositeAlarms: input.AlarmNames.filter((n) => n.startsWith("region")).map((n) => ({ AlarmName: n, StateValue: "OK" })),
        MetricAlarms: input.AlarmNames.filter((n) => n.startsWith("probe")).map((n) => ({ AlarmName: n, StateValue: "OK" })),
    }));
    cw.on(ListMetricsCommand).callsFake((input: { Dimensions: { Value: string }[] }) => {
        const source = input.Dimensions[0]!.Value;
        const other = source === "data-us-east-1" ? "data-eu-west-1" : "data-us-east-1";
        return {
            Metrics: [
                {
                    Dimensions: [
                        { Name: "SourceBucket", Value: source },
                        { Name: "DestinationBucket", Value: other },
                    ],
                },
            ],
        };
    });
    s3.on(GetBucketReplicationCommand).callsFake((input: { Bucket: string }) => {
        const other = input.Bucket === "data-us-east-1" ? "eu-west-1" : "us-east-1";
        return {
            ReplicationConfiguration: {
                Role: "arn:aws:iam::1:role/r",
                Rules: [
                    {
                        ID: `to-${other}`,
                        Status: "Enabled",
                        Destination: {
                            Bucket: `arn:aws:s3:::data-${other}`,
                            Metrics: { Status: "Enabled" },
                            ReplicationTime: { Status: "Enabled" },
                        },
                    },
                ],
            },
        };
    });
    r53.on(GetHealthCheckStatusCommand).resolves({
        HealthCheckObservations: [
            { Region: "us-east-1", StatusReport: { Status: "Success: HTTP Status Code 200, OK" } },
            { Region: "eu-west-1", StatusReport: { Status: "Success: HTTP Status Code 200, OK" } },
        ],
    });
    syn.on(GetCanaryRunsCommand).resolves({ CanaryRuns: [{ Status: { State: "PASSED" } }] });
    fis.on(GetExperimentTemplateCommand).resolves({ experimentTemplate: { id: "EXT1" } });
}

async function verify(stacks = STACKS, outputs: Record<string, Record<string, unknown>> = OUTPUTS, chaos = false) {
    const files = stacks.map(
        (s): StackConfigFile => ({
            stack: s.name,
            path: `Pulumi.${s.name}.yaml`,
            config: chaos && s.role === "regional" ? { "platform:chaos": '{"enabled":true}' } : {},
            secretKeys: [],
        }),
    );
    return verifyStacks({ stacks, allStacks: STACKS, files, workspace: new FakeWorkspace({}, {}, [], outputs), aws: sdkClients() });
}
const byCheck = (results: Awaited<ReturnType<typeof verify>>) => Object.fromEntries(results.map((r) => [`${r.stack} ${r.check}`, r]));

describe("operations/verify", () => {
    beforeEach(healthy);

    it("passes every check of a healthy platform, one per stack and check, saying what it saw", async () => {
        const results = await verify();
        expect(results.map((r) => `${r.status} ${r.stack} ${r.check}`)).to.deep.equal([
            "pass us-east-1 ecs-deployment",
            "pass us-east-1 ecs-running-count",
            "pass us-east-1 targets-healthy",
            "pass us-east-1 alert-subscriptions",
            "pass us-east-1 region-unhealthy-alarm",
            "pass eu-west-1 ecs-deployment",
            "pass eu-west-1 ecs-running-count",
            "pass eu-west-1 targets-healthy",
            "pass eu-west-1 alert-subscriptions",
            "pass eu-west-1 region-unhealthy-alarm",
            "pass global health-check:us-east-1",
            "pass global replication:us-east-1",
            "pass global health-check:eu-west-1",
            "pass global replication:eu-west-1",
            "pass global canary:us-east-1",
            "pass global probe-alarm:us-east-1",
            "pass global canary:eu-west-1",
            "pass global probe-alarm:eu-west-1",
            "pass global alert-subscriptions:us-east-1",
        ]);
        const c = byCheck(results);
        expect(c["us-east-1 ecs-deployment"]!.seen).to.equal(`primary deployment runs ${TASK_DEF("us-east-1")}, rolloutState COMPLETED`);
        expect(c["us-east-1 targets-healthy"]!.seen).to.equal("healthy targets: us-east-1a 1, us-east-1b 1");
        expect(c["global replication:eu-west-1"]!.seen).to.equal(
            "data-eu-west-1: 1 rule(s) for 1 destination(s), enabled with RTC and metrics",
        );
    });

    it("fails a circuit-breaker rollback that pulumi up reported as success: the previous task definition is PRIMARY", async () => {
        ecs.on(DescribeServicesCommand).resolves({
            services: [
                {
                    runningCount: 2,
                    desiredCount: 2,
                    deployments: [{ status: "PRIMARY", taskDefinition: TASK_DEF("us-east-1", 6), rolloutState: "COMPLETED" }],
                },
            ],
        });
        const c = byCheck(await verify([STACKS[0]!]));
        expect(c["us-east-1 ecs-deployment"]).to.deep.include({
            status: "fail",
            seen: `primary deployment runs ${TASK_DEF("us-east-1", 6)}, not the recorded ${TASK_DEF("us-east-1")} (rolled back?)`,
        });
    });

    it("fails a rollout that did not complete, and a running count below the desired one", async () => {
        ecs.on(DescribeServicesCommand).resolves({
            services: [
                {
                    runningCount: 1,
                    desiredCount: 2,
                    deployments: [
                        {
                            status: "PRIMARY",
                            taskDefinition: TASK_DEF("us-east-1"),
                            rolloutState: "FAILED",
                            rolloutStateReason: "circuit breaker triggered",
                        },
                    ],
                },
            ],
        });
        const c = byCheck(await verify([STACKS[0]!]));
        expect(c["us-east-1 ecs-deployment"]!.seen).to.equal(
            "primary deployment rolloutState FAILED (circuit breaker triggered), expected COMPLETED",
        );
        expect(c["us-east-1 ecs-running-count"]).to.deep.include({
            status: "fail",
            seen: "running 1, desired 2; expected running >= desired > 0",
        });
    });

    it("fails a zone without a healthy target, naming the unhealthy one", async () => {
        elb.on(DescribeTargetHealthCommand).resolves({
            TargetHealthDescriptions: [
                { Target: { Id: "10.0.1.5", AvailabilityZone: "us-east-1a" }, TargetHealth: { State: "healthy" } },
                {
                    Target: { Id: "10.0.2.5", AvailabilityZone: "us-east-1b" },
                    TargetHealth: { State: "unhealthy", Reason: "Target.Timeout" },
                },
            ],
        });
        const c = byCheck(await verify([STACKS[0]!]));
        expect(c["us-east-1 targets-healthy"]).to.deep.include({
            status: "fail",
            seen: "healthy targets: us-east-1a 1, us-east-1b 0; no healthy target in us-east-1b; not healthy: 10.0.2.5 in us-east-1b unhealthy (Target.Timeout)",
        });
    });

    it("fails a pending alert subscription and a topic nobody subscribed to", async () => {
        sns.on(ListSubscriptionsByTopicCommand, { TopicArn: "arn:aws:sns:us-east-1:111122223333:alerts" }).resolves({
            Subscriptions: [{ SubscriptionArn: "PendingConfirmation", Protocol: "email", Endpoint: "ops@example.com" }],
        });
        sns.on(ListSubscriptionsByTopicCommand, { TopicArn: "arn:aws:sns:eu-west-1:111122223333:alerts" }).resolves({ Subscriptions: [] });
        const c = byCheck(await verify(STACKS.slice(0, 2)));
        expect(c["us-east-1 alert-subscriptions"]!.seen).to.equal(
            "1 subscription(s), 1 pending: email:ops@example.com not confirmed (PendingConfirmation)",
        );
        expect(c["eu-west-1 alert-subscriptions"]).to.deep.include({
            status: "fail",
            seen: "arn:aws:sns:eu-west-1:111122223333:alerts: no subscriptions; alarms reach nobody (set platform:observability.alertEmails)",
        });
    });

    it("fails a region-unhealthy alarm in ALARM and a probe alarm that does not exist", async () => {
        cw.on(DescribeAlarmsCommand).resolves({
            CompositeAlarms: [{ AlarmName: "region-unhealthy-us-east-1", StateValue: "ALARM" }],
            MetricAlarms: [],
        });
        const c = byCheck(await verify());
        expect(c["us-east-1 region-unhealthy-alarm"]!.seen).to.equal("region-unhealthy-us-east-1 ALARM; expected OK");
        expect(c["global probe-alarm:us-east-1"]).to.deep.include({ status: "fail", seen: "probe-alarm-us-east-1 not found; expected OK" });
    });

    it("fails a failing Route 53 health check, a disabled replication rule without metrics, and a failed canary", async () => {
        r53.on(GetHealthCheckStatusCommand, { HealthCheckId: "hc-west" }).resolves({
            HealthCheckObservations: [{ Region: "us-east-1", StatusReport: { Status: "Failure: Connection timed out" } }],
        });
        s3.on(GetBucketReplicationCommand, { Bucket: "data-us-east-1" }).resolves({
            ReplicationConfiguration: {
                Role: "r",
                Rules: [{ ID: "to-eu-west-1", Status: "Disabled", Destination: { Bucket: "arn:aws:s3:::data-eu-west-1" } }],
            },
        });
        cw.on(ListMetricsCommand).resolves({ Metrics: [] });
        syn.on(GetCanaryRunsCommand).resolves({ CanaryRuns: [{ Status: { State: "FAILED", StateReason: "timeout" } }] });
        const c = byCheck(await verify([STACKS[2]!]));
        expect(c["global health-check:eu-west-1"]!.seen).to.equal(
            "health check hc-west (eu-west-1): 0/1 checkers report success; failing: us-east-1: Failure: Connection timed out",
        );
        expect(c["global replication:us-east-1"]!.seen).to.equal(
            "data-us-east-1: 1 rule(s) for 1 destination(s); rule to-eu-west-1 is Disabled; rule to-eu-west-1 has replication metrics off; rule to-eu-west-1 has Replication Time Control off; no ReplicationLatency metric towards data-eu-west-1",
        );
        expect(c["global canary:us-east-1"]).to.deep.include({
            status: "fail",
            seen: "canary probe-us-east-1 (eu-west-1) last run FAILED (timeout); expected PASSED",
        });
    });

    it("checks the FIS templates only when chaos is enabled, and fails a missing one", async () => {
        expect((await verify([STACKS[0]!])).map((r) => r.check)).to.not.include("fis-templates");
        const outputs = { ...OUTPUTS, "us-east-1": { ...OUTPUTS["us-east-1"], chaosExperimentTemplateIds: ["EXT1", "EXT2"] } };
        const gone = Object.assign(new Error("template EXT2 not found"), { name: "ResourceNotFoundException" });
        fis.on(GetExperimentTemplateCommand, { id: "EXT2" }).rejects(gone);
        const c = byCheck(await verify([STACKS[0]!], outputs, true));
        expect(c["us-east-1 fis-templates"]).to.deep.include({ status: "fail", seen: "FIS templates missing: EXT2" });
    });

    it("reports an SDK error (throttling, access denied) as an error, never as a pass", async () => {
        ecs.on(DescribeServicesCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
        r53.on(GetHealthCheckStatusCommand).rejects(
            Object.assign(new Error("not authorized to perform route53:GetHealthCheckStatus"), { name: "AccessDeniedException" }),
        );
        fis.on(GetExperimentTemplateCommand).rejects(
            Object.assign(new Error("no fis:GetExperimentTemplate"), { name: "AccessDeniedException" }),
        );
        const outputs = { ...OUTPUTS, "us-east-1": { ...OUTPUTS["us-east-1"], chaosExperimentTemplateIds: ["EXT1"] } };
        const c = byCheck(await verify(STACKS, outputs, true));
        expect(c["us-east-1 ecs-deployment"]).to.deep.include({ status: "error", seen: "ThrottlingException: Rate exceeded" });
        expect(c["us-east-1 ecs-running-count"]!.status).to.equal("error");
        expect(c["us-east-1 fis-templates"]).to.deep.include({
            status: "error",
            seen: "AccessDeniedException: no fis:GetExperimentTemplate",
        });
        expect(c["global health-check:us-east-1"]).to.deep.include({
            status: "error",
            seen: "AccessDeniedException: not authorized to perform route53:GetHealthCheckStatus",
        });
    });

    it("reports a missing stack output as an error naming the output and what to do", async () => {
        const { taskDefinitionArn: _, ...older } = OUTPUTS["us-east-1"];
        const c = byCheck(await verify([STACKS[0]!], { ...OUTPUTS, "us-east-1": older }));
        expect(c["us-east-1 ecs-deployment"]).to.deep.include({
            status: "error",
            seen: "stack output taskDefinitionArn (the task definition ARN Pulumi recorded for the service) is missing from us-east-1: run `npm run stacks -- up --stacks us-east-1` with a program that exports it",
        });
        expect(c["us-east-1 ecs-running-count"]!.status).to.equal("pass");
    });

    it("reports a stack whose outputs cannot be read as one error", async () => {
        const results = await verify([STACKS[0]!], {});
        expect(results).to.deep.equal([
            {
                stack: "us-east-1",
                check: "outputs",
                status: "error",
                seen: "cannot read the stack's outputs: error: no outputs for us-east-1",
            },
        ]);
    });
});

describe("operations/verify: npm run verify and npm run stacks -- up", () => {
    beforeEach(healthy);
    let project: string;
    before(() => {
        project = tempProject(TWO_REGIONS);
    });

    function io(outputs: Record<string, Record<string, unknown>> = OUTPUTS) {
        const out: string[] = [];
        const err: string[] = [];
        const workspaces: FakeWorkspace[] = [];
        const env: CliEnvironment = {
            projectDir: project,
            cwd: project,
            env: { PATH: "/nowhere", PULUMI_ACCESS_TOKEN: "t", AWS_PROFILE: "p" },
            out: (l) => out.push(l),
            err: (l) => err.push(l),
            interactive: false,
            confirm: async () => false,
            createWorkspace: () => {
                const ws = new FakeWorkspace({}, {}, [], outputs);
                workspaces.push(ws);
                return ws;
            },
            findPulumi: () => "/usr/local/bin/pulumi",
        };
        return { env, out, err, workspaces };
    }

    it("parses its options and refuses others", () => {
        expect(parseVerifyArgs(["--stacks", "global, us-east-1", "--json"])).to.deep.equal({
            stacks: ["global", "us-east-1"],
            json: true,
            help: false,
        });
        expect(() => parseVerifyArgs(["--bogus"])).to.throw("--bogus: unknown option; allowed: --stacks, --json, --help");
    });

    it("prints one line per check and exits 0 when all pass", async () => {
        const h = io();
        expect(await verifyMain(["--stacks", "us-east-1"], h.env), h.err.join("\n")).to.equal(EXIT.ok);
        expect(h.out[0]).to.equal(
            `PASS  [us-east-1] ecs-deployment: primary deployment runs ${TASK_DEF("us-east-1")}, rolloutState COMPLETED`,
        );
        expect(h.out.at(-1)).to.equal("verify: 5 checks passed");
    });

    it("exits 1 on a failure, and --json prints the results", async () => {
        cw.on(DescribeAlarmsCommand).resolves({ CompositeAlarms: [{ AlarmName: "region-unhealthy-eu-west-1", StateValue: "ALARM" }] });
        const h = io();
        expect(await verifyMain(["--stacks", "eu-west-1", "--json"], h.env)).to.equal(EXIT.failed);
        const doc = JSON.parse(h.out.join("\n")) as { passed: boolean; checks: { check: string; status: string }[] };
        expect(doc.passed).to.equal(false);
        expect(doc.checks.filter((c) => c.status !== "pass").map((c) => c.check)).to.deep.equal(["region-unhealthy-alarm"]);
    });

    it("refuses an unknown stack and a missing AWS login before reading anything", async () => {
        const h = io();
        expect(await verifyMain(["--stacks", "mars-1"], h.env)).to.equal(EXIT.usage);
        expect(h.err).to.deep.equal(['error: --stacks: unknown stack "mars-1"; allowed: us-east-1, eu-west-1, global']);
        const logged = io();
        const noAws = { ...logged.env, env: { PATH: "/nowhere", PULUMI_ACCESS_TOKEN: "t", HOME: "/nonexistent" } };
        expect(await verifyMain([], noAws)).to.equal(EXIT.usage);
        expect(logged.err[0]).to.match(/^error: no AWS credentials: /);
        expect(logged.workspaces).to.deep.equal([]);
    });

    it("stacks up verifies after each wave and stops the global wave when a regional check fails", async () => {
        ecs.on(DescribeServicesCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
        const h = io();
        expect(await stacksMain(["up", "--yes"], h.env)).to.equal(EXIT.failed);
        const ws = h.workspaces[0]!;
        expect(ws.callsOf("up").map((c) => c.stack)).to.deep.equal(["us-east-1", "eu-west-1"]);
        expect(h.out).to.include("ERROR [us-east-1] ecs-deployment: ThrottlingException: Rate exceeded");
        expect(h.out).to.include(
            "[global] skipped: the post-deploy verification of us-east-1, eu-west-1 failed (see the checks above); fix it and run again",
        );
    });

    it("stacks up runs every wave when verification passes", async () => {
        const h = io();
        expect(await stacksMain(["up", "--yes"], h.env)).to.equal(EXIT.ok);
        expect(h.workspaces[0]!.callsOf("up").map((c) => c.stack)).to.deep.equal(["us-east-1", "eu-west-1", "global"]);
        expect(h.out.filter((l) => l.startsWith("verify: "))).to.deep.equal(["verify: 10 checks passed", "verify: 9 checks passed"]);
    });
});
