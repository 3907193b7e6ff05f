import { expect } from "chai";
import { PROBE_RUNTIME_VERSION, RegionProbe, RegionProbeArgs } from "../../../components/global-operations";
import { argsErrorOf, expectNoWildcardActions, policyOf, run, statement } from "../../support/globalHarness";

const T = RegionProbe.__pulumiType;
const CANARY = "aws:synthetics/canary:Canary";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts-eu";
const base: RegionProbeArgs = {
    targetRegion: "us-east-1",
    region: "eu-west-1",
    accountId: "123456789012",
    url: "http://alb-use1.us-east-1.elb.amazonaws.com/healthz",
    artifactBucketName: "logs-euwest1",
    alarmTopicArn: TOPIC,
};
const build = (args: Partial<RegionProbeArgs> = {}) =>
    run((p) => {
        new RegionProbe("probe-us-east-1", { ...base, ...args }, { providers: { aws: p["eu-west-1"]! } });
    });

describe("components/global-operations/RegionProbe", () => {
    let r: Awaited<ReturnType<typeof run>>;
    before(async () => {
        r = await build();
    });

    it("registers exactly the probe code, its role, the canary and the alarm, all in the watching region", () => {
        const urn = r.one(T, "probe-us-east-1").urn;
        expect(r.childrenOf(urn)).to.deep.equal([
            "aws:cloudwatch/metricAlarm:MetricAlarm probe-us-east-1",
            "aws:iam/role:Role probe-us-east-1-role",
            "aws:iam/rolePolicy:RolePolicy probe-us-east-1-role",
            "aws:s3/bucketObjectv2:BucketObjectv2 probe-us-east-1-code",
            `${CANARY} probe-us-east-1`,
        ]);
        for (const child of r.record.resources.filter((x) => x.parent === urn)) expect(r.inRegion(child, "eu-west-1"), child.name).to.equal(true);
    });

    it("probes the watched region's URL every minute from code stored in the artifact bucket", () => {
        const canary = r.one(CANARY, "probe-us-east-1").inputs as any;
        expect(canary).to.deep.include({
            runtimeVersion: PROBE_RUNTIME_VERSION,
            handler: "probe.handler",
            s3Bucket: "logs-euwest1",
            s3Key: "synthetics/probe-us-east-1/probe.zip",
            artifactS3Location: "s3://logs-euwest1/synthetics/probe-us-east-1/runs/",
            schedule: { expression: "rate(1 minute)" },
            startCanary: true,
        });
        expect(canary.runConfig).to.deep.equal({ timeoutInSeconds: 30, environmentVariables: { PROBE_URL: base.url } });
        expect(canary.executionRoleArn).to.equal(r.one("aws:iam/role:Role", "probe-us-east-1-role").outputs["arn"]);
    });

    it("alarms in the watching region when the probe fails or stops reporting, notifying that region's topic", () => {
        const canary = r.one(CANARY, "probe-us-east-1");
        expect(r.one("aws:cloudwatch/metricAlarm:MetricAlarm", "probe-us-east-1").inputs).to.deep.include({
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

    it("gives the probe role only its code, artifact prefix, log groups and namespaced metrics", () => {
        const policy = policyOf(r.one("aws:iam/rolePolicy:RolePolicy", "probe-us-east-1-role").inputs["policy"]);
        expectNoWildcardActions(policy);
        expect(statement(policy, "ReadCode")["Resource"]).to.equal("arn:aws:s3:::logs-euwest1/synthetics/probe-us-east-1/probe.zip");
        expect(statement(policy, "WriteArtifacts")["Resource"]).to.equal("arn:aws:s3:::logs-euwest1/synthetics/probe-us-east-1/runs/*");
        expect(statement(policy, "WriteLogs")["Resource"]).to.equal("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/cwsyn-*");
        expect(statement(policy, "PublishProbeMetrics")).to.deep.include({
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": "CloudWatchSynthetics" } },
        });
        expect(policyOf(r.one("aws:iam/role:Role", "probe-us-east-1-role").inputs["assumeRolePolicy"]).Statement[0]!["Principal"]).to.deep.equal({
            Service: "lambda.amazonaws.com",
        });
    });

    it("lets two instances live in one program without colliding", async () => {
        const two = await run((p) => {
            new RegionProbe("a", base, { providers: { aws: p["eu-west-1"]! } });
            new RegionProbe("b", { ...base, targetRegion: "eu-west-1", region: "us-east-1" }, { providers: { aws: p["us-east-1"]! } });
        });
        const urns = two.record.resources.map((x) => x.urn);
        expect(new Set(urns).size).to.equal(urns.length);
        expect(two.ofType(CANARY)).to.have.length(2);
    });

    describe("validation", () => {
        const cases: [string, Partial<RegionProbeArgs>, string][] = [
            ["probing its own region", { targetRegion: "eu-west-1" }, 'targetRegion: expected a region other than the watching region (eu-west-1), got "eu-west-1"'],
            ["an interval out of 1-60 minutes", { intervalMinutes: 0 }, "intervalMinutes: expected a whole number from 1 to 60, got 0"],
            ["failed periods out of 1-10", { failedPeriods: 11 }, "failedPeriods: expected a whole number from 1 to 10, got 11"],
        ];
        for (const [title, args, message] of cases) {
            it(`refuses ${title}`, async () => {
                const { problems } = await argsErrorOf(() => new RegionProbe("probe", { ...base, ...args }));
                expect(problems).to.deep.equal([message]);
            });
        }
    });
});
