import { expect } from "chai";
import { RegionHealthChecks, type RegionHealthChecksArgs } from "../../../components/dns";
import { uuid } from "../../../simulation/ids";
import { argsErrorOf, evaluateInRegions, expectUniqueUrns, type Registered } from "../../support/components";

const T = RegionHealthChecks.__pulumiType;
const HC = "aws:route53/healthCheck:HealthCheck";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:alerts";
const base: RegionHealthChecksArgs = {
    targets: [
        { region: "us-east-1", hostname: "alb-use1.us-east-1.elb.amazonaws.com", path: "/healthz" },
        { region: "eu-west-1", hostname: "alb-euw1.eu-west-1.elb.amazonaws.com", path: "/healthz" },
    ],
    alarmTopicArn: TOPIC,
};
const build = (args: Partial<RegionHealthChecksArgs> = {}) =>
    evaluateInRegions((p) => {
        new RegionHealthChecks("health", { ...base, ...args }, { providers: { aws: p["us-east-1"]! } });
    });

describe("components/dns/RegionHealthChecks", () => {
    let r: Registered;
    before(async () => {
        r = await build({ protocol: "HTTP" });
    });

    it("registers exactly one health check and one alarm per region, parented to the component", () => {
        expect(r.childrenOf(r.one(T, "health").urn)).to.deep.equal([
            `${ALARM} health-eu-west-1`,
            `${ALARM} health-us-east-1`,
            `${HC} health-eu-west-1`,
            `${HC} health-us-east-1`,
        ]);
    });

    it("probes each origin's health path over HTTP on 80 at the fast interval, measuring latency from three checker regions", () => {
        for (const t of base.targets) {
            const check = r.one(HC, `health-${t.region}`).inputs;
            expect(check).to.deep.equal({
                type: "HTTP",
                fqdn: t.hostname,
                port: 80,
                resourcePath: "/healthz",
                requestInterval: 10,
                failureThreshold: 3,
                measureLatency: true,
                regions: ["us-east-1", "us-west-2", "eu-west-1"],
                tags: { Name: `health-${t.region}` },
            });
        }
    });

    it("alarms in us-east-1 on each check's HealthCheckStatus and notifies the topic on failure and recovery", () => {
        for (const t of base.targets) {
            const check = r.one(HC, `health-${t.region}`);
            const alarm = r.one(ALARM, `health-${t.region}`);
            expect(alarm.inputs).to.deep.include({
                namespace: "AWS/Route53",
                metricName: "HealthCheckStatus",
                dimensions: { HealthCheckId: uuid(`test/${HC}/health-${t.region}`) },
                statistic: "Minimum",
                period: 60,
                evaluationPeriods: 1,
                threshold: 1,
                comparisonOperator: "LessThanThreshold",
                treatMissingData: "breaching",
                actionsEnabled: true,
                alarmActions: [TOPIC],
                okActions: [TOPIC],
            });
            expect(alarm.propertyDependencies["dimensions"]).to.deep.equal([check.urn]);
            expect(r.inRegion(alarm, "us-east-1")).to.equal(true);
        }
    });

    it("uses HTTPS on 443 with SNI by default, and the configured interval and threshold", async () => {
        const https = await build({
            requestIntervalSeconds: 30,
            failureThreshold: 2,
            checkerRegions: ["us-west-1", "eu-west-1", "ap-southeast-1"],
        });
        const check = https.one(HC, "health-eu-west-1").inputs;
        expect(check).to.deep.include({ type: "HTTPS", port: 443, enableSni: true, requestInterval: 30, failureThreshold: 2 });
        expect(check["regions"]).to.deep.equal(["us-west-1", "eu-west-1", "ap-southeast-1"]);
    });

    it("lets two instances live in one program without colliding", async () => {
        const two = await evaluateInRegions((p) => {
            new RegionHealthChecks("a", base, { providers: { aws: p["us-east-1"]! } });
            new RegionHealthChecks("b", base, { providers: { aws: p["us-east-1"]! } });
        });
        expectUniqueUrns(two.record);
        expect(two.ofType(HC)).to.have.length(4);
    });

    describe("validation", () => {
        const cases: [string, Partial<RegionHealthChecksArgs>, string][] = [
            ["fewer than 2 regions", { targets: [base.targets[0]!] }, 'targets: expected at least 2 regions, got 1 (["us-east-1"])'],
            [
                "duplicate regions",
                { targets: [base.targets[0]!, base.targets[0]!] },
                'targets: expected distinct regions, got ["us-east-1","us-east-1"]',
            ],
            ["an unknown protocol", { protocol: "TCP" as never }, 'protocol: expected "HTTP" | "HTTPS", got "TCP"'],
            [
                "an interval Route 53 does not offer",
                { requestIntervalSeconds: 20 as never },
                "requestIntervalSeconds: expected 10 | 30, got 20",
            ],
            ["a failure threshold out of 1-10", { failureThreshold: 11 }, "failureThreshold: expected a number <= 10, got 11"],
            [
                "fewer than 3 checker regions",
                { checkerRegions: ["us-east-1", "eu-west-1"] },
                'checkerRegions: expected at least 3 distinct regions, got ["us-east-1","eu-west-1"]',
            ],
            [
                "a region Route 53 has no checkers in",
                { checkerRegions: ["us-east-1", "eu-west-1", "eu-central-1" as never] },
                'checkerRegions.2: expected "us-east-1" | "us-west-1" | "us-west-2" | "eu-west-1" | "ap-southeast-1" | "ap-southeast-2" | "ap-northeast-1" | "sa-east-1", got "eu-central-1"',
            ],
        ];
        for (const [title, args, message] of cases) {
            it(`refuses ${title}`, async () => {
                const { problems } = await argsErrorOf(() => new RegionHealthChecks("health", { ...base, ...args }));
                expect(problems).to.deep.equal([message]);
            });
        }
    });
});
