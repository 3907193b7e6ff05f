import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import * as vm from "node:vm";
import {
    PROBE_RUNTIME_VERSION,
    PROBE_SCRIPT,
    PROBE_TIMEOUT_SECONDS,
    RegionProbe,
    type RegionProbeArgs,
} from "../../../components/global-operations";
import {
    argsErrorOf,
    evaluateInRegions,
    expectNoWildcardActions,
    expectUniqueUrns,
    policyOf,
    type Registered,
    statement,
} from "../../support/components";

const T = RegionProbe.__pulumiType;
const CANARY = "aws:synthetics/canary:Canary";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts-eu";
const ALARM = "platform-us-east-1-region-unhealthy";
const LOG_KEY = "arn:aws:kms:eu-west-1:123456789012:key/probe-logs";
const base: RegionProbeArgs = {
    targetRegion: "us-east-1",
    targetAlarmName: ALARM,
    region: "eu-west-1",
    accountId: "123456789012",
    artifactBucketName: "logs-euwest1",
    alarmTopicArn: TOPIC,
    logKeyArn: LOG_KEY,
};
const build = (args: Partial<RegionProbeArgs> = {}) =>
    evaluateInRegions((p) => {
        new RegionProbe("probe-us-east-1", { ...base, ...args }, { providers: { aws: p["eu-west-1"]! } });
    });

/** What the probe script did against a fake `@aws-sdk/client-cloudwatch`. */
interface ProbeRun {
    /** `undefined` when the handler resolved, else the message it rejected with. */
    readonly failure: string | undefined;
    readonly required: string[];
    readonly clientConfigs: unknown[];
    readonly inputs: unknown[];
    readonly timerDelays: number[];
    readonly aborted: boolean;
    readonly destroyed: number;
    readonly logs: string[];
}

/**
 * Runs PROBE_SCRIPT's handler in a sandbox whose `@aws-sdk/client-cloudwatch` answers with
 * `send`. With `fireTimers`, the script's timers fire at once (a call that never answers times out).
 */
async function runProbe(send: (signal: AbortSignal) => Promise<unknown>, fireTimers = false): Promise<ProbeRun> {
    const required: string[] = [];
    const clientConfigs: unknown[] = [];
    const inputs: unknown[] = [];
    const timerDelays: number[] = [];
    const logs: string[] = [];
    let signal: AbortSignal | undefined;
    let destroyed = 0;
    class CloudWatchClient {
        constructor(config: unknown) {
            clientConfigs.push(config);
        }
        send(command: { input: unknown }, options: { abortSignal: AbortSignal }) {
            inputs.push(command.input);
            signal = options.abortSignal;
            return send(options.abortSignal);
        }
        destroy() {
            destroyed++;
        }
    }
    class DescribeAlarmsCommand {
        constructor(public readonly input: unknown) {}
    }
    const module = { exports: {} as { handler?: () => Promise<void> } };
    vm.runInNewContext(PROBE_SCRIPT, {
        require: (id: string) => {
            required.push(id);
            if (id === "@aws-sdk/client-cloudwatch") return { CloudWatchClient, DescribeAlarmsCommand };
            throw new Error(`the probe requires ${id}, which the runtime does not ship`);
        },
        module,
        exports: module.exports,
        process: { env: { PROBE_TARGET_REGION: "us-east-1", PROBE_ALARM_NAME: ALARM } },
        console: { log: (line: string) => logs.push(line) },
        setTimeout: (fn: () => void, ms: number) => {
            timerDelays.push(ms);
            return fireTimers ? setImmediate(fn) : undefined;
        },
        clearTimeout: () => undefined,
        AbortController,
    });
    let failure: string | undefined;
    try {
        await module.exports.handler!();
    } catch (err) {
        failure = (err as Error).message;
    }
    return { failure, required, clientConfigs, inputs, timerDelays, aborted: signal?.aborted ?? false, destroyed, logs };
}

const answer = (alarms: { AlarmName: string; StateValue: string; StateReason?: string }[]) => () =>
    Promise.resolve({ CompositeAlarms: alarms, MetricAlarms: [] });

describe("components/global-operations/RegionProbe", () => {
    let r: Registered;
    before(async () => {
        r = await build();
    });

    it("registers exactly the probe code, its role, the canary, its log group and the alarm, all in the watching region", () => {
        const urn = r.one(T, "probe-us-east-1").urn;
        expect(r.childrenOf(urn)).to.deep.equal([
            "aws:cloudwatch/logGroup:LogGroup probe-us-east-1-logs",
            "aws:cloudwatch/metricAlarm:MetricAlarm probe-us-east-1",
            "aws:iam/role:Role probe-us-east-1-role",
            "aws:iam/rolePolicy:RolePolicy probe-us-east-1-logs",
            "aws:iam/rolePolicy:RolePolicy probe-us-east-1-role",
            "aws:s3/bucketObjectv2:BucketObjectv2 probe-us-east-1-code",
            `${CANARY} probe-us-east-1`,
        ]);
        for (const child of r.record.resources.filter((x) => x.parent === urn))
            expect(r.inRegion(child, "eu-west-1"), child.name).to.equal(true);
    });

    it("runs the probe every minute from code stored in the artifact bucket, told the watched region and its alarm", () => {
        const canary = r.one(CANARY, "probe-us-east-1").inputs as any;
        expect(canary).to.deep.include({
            runtimeVersion: PROBE_RUNTIME_VERSION,
            handler: "probe.handler",
            s3Bucket: "logs-euwest1",
            s3Key: "synthetics/probe-us-east-1/probe.zip",
            artifactS3Location: "s3://logs-euwest1/synthetics-runs/probe-us-east-1/",
            schedule: { expression: "rate(1 minute)" },
            startCanary: true,
        });
        expect(canary.runConfig).to.deep.equal({
            timeoutInSeconds: 30,
            environmentVariables: { PROBE_TARGET_REGION: "us-east-1", PROBE_ALARM_NAME: ALARM },
        });
        expect(canary.vpcConfig, "the probe needs no network path into a VPC").to.equal(undefined);
        expect(canary.executionRoleArn).to.equal(r.one("aws:iam/role:Role", "probe-us-east-1-role").outputs["arn"]);
        expect(PROBE_TIMEOUT_SECONDS, "the API deadline ends before the canary's own timeout").to.be.lessThan(
            canary.runConfig.timeoutInSeconds,
        );
    });

    it("alarms in the watching region when the probe fails or stops reporting, notifying that region's topic", () => {
        const canary = r.one(CANARY, "probe-us-east-1");
        expect(r.one("aws:cloudwatch/metricAlarm:MetricAlarm", "probe-us-east-1").inputs).to.deep.include({
            alarmDescription: `us-east-1 is unhealthy or its CloudWatch API is unreachable from eu-west-1 (Synthetics probe of its alarm ${ALARM}).`,
            namespace: "CloudWatchSynthetics",
            metricName: "SuccessPercent",
            dimensions: { CanaryName: canary.outputs["name"] },
            period: 60,
            evaluationPeriods: 3,
            datapointsToAlarm: 3,
            threshold: 100,
            comparisonOperator: "LessThanThreshold",
            treatMissingData: "breaching",
            alarmActions: [TOPIC],
            okActions: [TOPIC],
        });
    });

    it("gives the probe role only its code, artifact prefix, the bucket listing canaries need, log groups, the watched region's alarms and namespaced metrics", () => {
        const policy = policyOf(r.one("aws:iam/rolePolicy:RolePolicy", "probe-us-east-1-role").inputs["policy"]);
        expectNoWildcardActions(policy);
        expect(policy.Statement.map((s) => s["Sid"])).to.deep.equal([
            "ReadCode",
            "WriteArtifacts",
            "LocateBucket",
            "ListBuckets",
            "ReadWatchedRegionAlarm",
            "PublishProbeMetrics",
        ]);
        expect(statement(policy, "ReadCode")).to.deep.equal({
            Sid: "ReadCode",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::logs-euwest1/synthetics/probe-us-east-1/probe.zip",
        });
        expect(statement(policy, "WriteArtifacts")["Resource"]).to.equal("arn:aws:s3:::logs-euwest1/synthetics-runs/probe-us-east-1/*");
        expect(statement(policy, "LocateBucket")["Resource"]).to.equal("arn:aws:s3:::logs-euwest1");
        // Required of every canary role (AWS "Required roles and permissions for CloudWatch canaries");
        // the action has no resource-level permissions, so "*" is the only possible resource.
        expect(statement(policy, "ListBuckets")).to.deep.equal({
            Sid: "ListBuckets",
            Effect: "Allow",
            Action: "s3:ListAllMyBuckets",
            Resource: "*",
        });
        // Writing logs is the -logs policy's, on the one group the stack creates (the role cannot create another).
        const logs = policyOf(r.one("aws:iam/rolePolicy:RolePolicy", "probe-us-east-1-logs").inputs["policy"]);
        const group = r.one("aws:cloudwatch/logGroup:LogGroup", "probe-us-east-1-logs");
        expect(logs.Statement).to.deep.equal([
            {
                Sid: "WriteLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${group.outputs["arn"]}:*`,
            },
        ]);
        expect(group.inputs["kmsKeyId"]).to.equal(LOG_KEY);
        expect(group.inputs["retentionInDays"]).to.equal(90);
        // DescribeAlarms returns composite alarms only when allowed on "*"; the region condition narrows it.
        expect(statement(policy, "ReadWatchedRegionAlarm")).to.deep.equal({
            Sid: "ReadWatchedRegionAlarm",
            Effect: "Allow",
            Action: "cloudwatch:DescribeAlarms",
            Resource: "*",
            Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } },
        });
        expect(statement(policy, "PublishProbeMetrics")).to.deep.equal({
            Sid: "PublishProbeMetrics",
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": "CloudWatchSynthetics" } },
        });
        expect(
            policyOf(r.one("aws:iam/role:Role", "probe-us-east-1-role").inputs["assumeRolePolicy"]).Statement[0]!["Principal"],
        ).to.deep.equal({
            Service: "lambda.amazonaws.com",
        });
    });

    it("takes the alarm name as an output (a StackReference value) without checking it", async () => {
        const withOutput = await build({ targetAlarmName: pulumi.output("region-unhealthy-from-a-stack") });
        expect((withOutput.one(CANARY, "probe-us-east-1").inputs as any).runConfig.environmentVariables).to.deep.equal({
            PROBE_TARGET_REGION: "us-east-1",
            PROBE_ALARM_NAME: "region-unhealthy-from-a-stack",
        });
    });

    it("lets two instances live in one program without colliding", async () => {
        const two = await evaluateInRegions((p) => {
            new RegionProbe("a", base, { providers: { aws: p["eu-west-1"]! } });
            new RegionProbe("b", { ...base, targetRegion: "eu-west-1", region: "us-east-1" }, { providers: { aws: p["us-east-1"]! } });
        });
        expectUniqueUrns(two.record);
        expect(two.ofType(CANARY)).to.have.length(2);
    });

    describe("the probe script", () => {
        it("states the SDK it relies on and the runtime that ships it", () => {
            expect(PROBE_SCRIPT.split("\n").slice(0, 5)).to.deep.equal([
                "// @aws-sdk/client-cloudwatch (AWS SDK for JavaScript v3) is not in this archive: the Lambda",
                "// Node.js 20.x runtime under syn-nodejs-puppeteer-9.1 ships it.",
                'const { CloudWatchClient, DescribeAlarmsCommand } = require("@aws-sdk/client-cloudwatch");',
                "",
                "const TIMEOUT_MS = 10000;",
            ]);
        });

        it("asks the watched region's CloudWatch for its composite alarm only, and passes while the alarm is OK", async () => {
            const probe = await runProbe(answer([{ AlarmName: ALARM, StateValue: "OK" }]));
            expect(probe).to.deep.equal({
                failure: undefined,
                required: ["@aws-sdk/client-cloudwatch"],
                clientConfigs: [{ region: "us-east-1" }],
                inputs: [{ AlarmNames: [ALARM], AlarmTypes: ["CompositeAlarm"] }],
                timerDelays: [10000],
                aborted: false,
                destroyed: 1,
                logs: [`alarm ${ALARM} in us-east-1 is OK`],
            });
        });

        it("passes while the alarm has insufficient data (only ALARM means the region says it is unhealthy)", async () => {
            const probe = await runProbe(answer([{ AlarmName: ALARM, StateValue: "INSUFFICIENT_DATA" }]));
            expect([probe.failure, probe.logs]).to.deep.equal([undefined, [`alarm ${ALARM} in us-east-1 is INSUFFICIENT_DATA`]]);
        });

        const failures: [string, () => Promise<unknown>, string][] = [
            [
                "the alarm is in ALARM",
                answer([{ AlarmName: ALARM, StateValue: "ALARM", StateReason: "Alarm rule evaluated to ALARM" }]),
                `alarm ${ALARM} in us-east-1 is in ALARM: Alarm rule evaluated to ALARM`,
            ],
            ["the alarm is missing (renamed, or hidden by a narrower permission)", answer([]), `alarm ${ALARM} in us-east-1 not found`],
            [
                "only another alarm comes back",
                answer([{ AlarmName: `${ALARM}-other`, StateValue: "OK" }]),
                `alarm ${ALARM} in us-east-1 not found`,
            ],
            [
                "the API call fails",
                () => Promise.reject(new Error("connect ETIMEDOUT 52.94.0.1:443")),
                `could not read alarm ${ALARM} in us-east-1: connect ETIMEDOUT 52.94.0.1:443`,
            ],
        ];
        for (const [title, send, message] of failures) {
            it(`fails when ${title}`, async () => {
                const probe = await runProbe(send);
                expect([probe.failure, probe.destroyed]).to.deep.equal([message, 1]);
            });
        }

        it("fails, and aborts the call, when the watched region's CloudWatch does not answer in time", async () => {
            const hang = (signal: AbortSignal) =>
                new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(new Error("Request aborted"))));
            const probe = await runProbe(hang, true);
            expect([probe.failure, probe.timerDelays, probe.aborted, probe.destroyed]).to.deep.equal([
                `could not read alarm ${ALARM} in us-east-1: CloudWatch in us-east-1 did not answer within 10000 ms`,
                [10000],
                true,
                1,
            ]);
        });
    });

    describe("validation", () => {
        const cases: [string, Partial<RegionProbeArgs>, string][] = [
            [
                "probing its own region",
                { targetRegion: "eu-west-1" },
                'targetRegion: expected a region other than the watching region (eu-west-1), got "eu-west-1"',
            ],
            [
                "an empty alarm name",
                { targetAlarmName: "" },
                'targetAlarmName: expected 1-255 characters (a CloudWatch alarm name), got ""',
            ],
            [
                "an alarm name over 255 characters",
                { targetAlarmName: "a".repeat(256) },
                `targetAlarmName: expected 1-255 characters (a CloudWatch alarm name), got "${"a".repeat(256)}"`,
            ],
            ["an interval out of 1-60 minutes", { intervalMinutes: 0 }, "intervalMinutes: expected a number >= 1, got 0"],
            ["failed periods out of 1-10", { failedPeriods: 11 }, "failedPeriods: expected a number <= 10, got 11"],
        ];
        for (const [title, args, message] of cases) {
            it(`refuses ${title}`, async () => {
                const { problems } = await argsErrorOf(() => new RegionProbe("probe", { ...base, ...args }));
                expect(problems).to.deep.equal([message]);
            });
        }
    });
});
