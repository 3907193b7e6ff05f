import { expect } from "chai";
import {
    ALARM_KEYS,
    AlertTopic,
    DASHBOARD_WIDGET_TITLES,
    DEFAULT_THRESHOLDS,
    detectionSeconds,
    Observability,
    type ObservabilityArgs,
} from "../../../components/observability";
import { RegionalWaf } from "../../../components/edge-security";
import { SIMULATED_ACCOUNT_ID } from "../../../simulation/ids";
import {
    argsProblemsOf,
    byName,
    childrenOf,
    evaluateWithProvider,
    expectUniqueUrns,
    ofType,
    one,
    type StackRecord,
    statementsOf,
} from "../../support/components";

const ACCOUNT = SIMULATED_ACCOUNT_ID;
const ALB = "app/edge/0123456789abcdef";
const TG = "targetgroup/edge-tg/fedcba9876543210";

const baseArgs: ObservabilityArgs = {
    accountId: ACCOUNT,
    region: "eu-west-1",
    alertEmails: ["oncall@example.com", "platform@example.com"],
    target: { albArnSuffix: ALB, targetGroupArnSuffix: TG },
    service: { clusterName: "cluster-1", serviceName: "service-1", desiredCount: 3 },
    waf: { metricName: "acl-metric-1" },
    data: { dataBucketName: "data-bucket-1" },
};

const make = (overrides: Partial<ObservabilityArgs> = {}, name = "ops") =>
    evaluateWithProvider("eu-west-1", (opts) => {
        const o = new Observability(name, { ...baseArgs, ...overrides }, opts);
        return {
            alertTopicArn: o.alertTopicArn,
            alertKeyArn: o.alertKeyArn,
            regionUnhealthyAlarmName: o.regionUnhealthyAlarmName,
            regionUnhealthyAlarmArn: o.regionUnhealthyAlarmArn,
            alarmNames: o.alarmNames,
            alarmArns: o.alarmArns,
            dashboardName: o.dashboardName,
            detectionSeconds: o.detectionSeconds,
        };
    });

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe("components/observability/Observability", () => {
    let record: StackRecord;
    before(async () => {
        record = await make();
    });

    it("creates exactly the expected children, all parented to the component or its alert topic", () => {
        const components = ofType(record, Observability.__pulumiType);
        expect(components.map((r) => r.name)).to.deep.equal(["ops"]);
        expect(childrenOf(record, components[0]!)).to.deep.equal(
            [
                `${AlertTopic.__pulumiType} ops-alerts`,
                ...ALARM_KEYS.map((k) => `${ALARM} ops-${k}`),
                "aws:cloudwatch/compositeAlarm:CompositeAlarm ops-region-unhealthy",
                "aws:cloudwatch/dashboard:Dashboard ops-dashboard",
                "aws:kms/key:Key ops-traces-key",
                "aws:xray/samplingRule:SamplingRule ops-sampling",
                "aws:xray/group:Group ops-errors",
                "aws:xray/encryptionConfig:EncryptionConfig ops-traces-encryption",
            ].sort(),
        );
        const alerts = one(record, AlertTopic.__pulumiType, "ops-alerts");
        expect(childrenOf(record, alerts)).to.deep.equal([
            "aws:kms/key:Key ops-alerts-key",
            "aws:sns/topic:Topic ops-alerts",
            "aws:sns/topicPolicy:TopicPolicy ops-alerts-policy",
            "aws:sns/topicSubscription:TopicSubscription ops-alerts-oncall@example.com",
            "aws:sns/topicSubscription:TopicSubscription ops-alerts-platform@example.com",
        ]);
        const parents = new Set([components[0]!.urn, alerts.urn]);
        expect(
            record.resources.filter((r) => r.custom && r.type !== "pulumi:providers:aws" && !parents.has(r.parent!)).map((r) => r.urn),
        ).to.deep.equal([]);
    });

    it("keeps the URNs the alert key, topic, policy and subscriptions had before AlertTopic, so existing stacks move them instead of replacing them", () => {
        const urnBefore = (type: string, name: string) =>
            `urn:pulumi:test::platform::platform:observability:Observability$${type}::${name}`;
        expect(Object.fromEntries(record.resources.filter((r) => r.aliases).map((r) => [`${r.type} ${r.name}`, r.aliases]))).to.deep.equal({
            "aws:kms/key:Key ops-alerts-key": [urnBefore("aws:kms/key:Key", "ops-alerts-key")],
            "aws:sns/topic:Topic ops-alerts": [urnBefore("aws:sns/topic:Topic", "ops-alerts")],
            "aws:sns/topicPolicy:TopicPolicy ops-alerts-policy": [urnBefore("aws:sns/topicPolicy:TopicPolicy", "ops-alerts-policy")],
            "aws:sns/topicSubscription:TopicSubscription ops-alerts-oncall@example.com": [
                urnBefore("aws:sns/topicSubscription:TopicSubscription", "ops-alerts-oncall@example.com"),
            ],
            "aws:sns/topicSubscription:TopicSubscription ops-alerts-platform@example.com": [
                urnBefore("aws:sns/topicSubscription:TopicSubscription", "ops-alerts-platform@example.com"),
            ],
        });
    });

    it("encrypts the topic with a rotating, retained customer key that only the account and CloudWatch alarms can use", () => {
        const key = byName(record, "ops-alerts-key");
        expect([
            key.inputs["enableKeyRotation"],
            key.inputs["deletionWindowInDays"],
            key.inputs["description"],
            key.protect,
            key.retainOnDelete,
        ]).to.deep.equal([true, 30, "Encrypts the eu-west-1 alert topic", true, true]);
        expect(statementsOf(key)).to.deep.equal([
            {
                Sid: "AccountAdministration",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "PublishersEncryptMessages",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            },
        ]);
        const topic = byName(record, "ops-alerts");
        expect(topic.inputs["kmsMasterKeyId"]).to.equal(key.outputs["arn"]);
        expect(record.outputs["alertKeyArn"]).to.equal(key.outputs["arn"]);
        expect(record.outputs["alertTopicArn"]).to.equal(topic.outputs["arn"]);
    });

    it("lets only CloudWatch of this account publish, over TLS (no EventBridge: nothing routes events here, and it sends no aws:SourceAccount)", () => {
        const topicArn = byName(record, "ops-alerts").outputs["arn"];
        const policy = byName(record, "ops-alerts-policy");
        expect(policy.inputs["arn"]).to.equal(topicArn);
        expect(statementsOf(policy)).to.deep.equal([
            {
                Sid: "PublishersPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ]);
    });

    it("subscribes each alert email once, keyed by address", () => {
        const subs = ofType(record, "aws:sns/topicSubscription:TopicSubscription");
        expect(subs.map((s) => [s.inputs["protocol"], s.inputs["endpoint"], s.inputs["topic"]])).to.deep.equal([
            ["email", "oncall@example.com", byName(record, "ops-alerts").outputs["arn"]],
            ["email", "platform@example.com", byName(record, "ops-alerts").outputs["arn"]],
        ]);
    });

    it("sends ALARM and OK of every alarm to the topic, with enabled actions and the configured timing", () => {
        const topicArn = byName(record, "ops-alerts").outputs["arn"];
        const alarms = ofType(record, ALARM);
        expect(alarms).to.have.length(ALARM_KEYS.length);
        for (const a of alarms) {
            expect([a.name, a.inputs["actionsEnabled"], a.inputs["alarmActions"], a.inputs["okActions"]]).to.deep.equal([
                a.name,
                true,
                [topicArn],
                [topicArn],
            ]);
            expect([a.name, a.inputs["evaluationPeriods"], a.inputs["datapointsToAlarm"]]).to.deep.equal([a.name, 2, 2]);
            expect(a.inputs["treatMissingData"], a.name).to.be.oneOf(["notBreaching", "breaching"]);
        }
        expect(record.outputs["detectionSeconds"]).to.equal(120);
    });

    it("watches each tier on its own metric, dimensions and threshold", () => {
        const summary = Object.fromEntries(
            ofType(record, ALARM).map((a) => [
                a.name.replace(/^ops-/, ""),
                [
                    a.inputs["namespace"],
                    a.inputs["metricName"],
                    a.inputs["dimensions"],
                    a.inputs["statistic"] ?? a.inputs["extendedStatistic"],
                    a.inputs["period"],
                    a.inputs["comparisonOperator"],
                    a.inputs["threshold"],
                    a.inputs["treatMissingData"],
                ],
            ]),
        );
        const svc = { ClusterName: "cluster-1", ServiceName: "service-1" };
        expect(summary).to.deep.equal({
            "elb-5xx": [
                "AWS/ApplicationELB",
                "HTTPCode_ELB_5XX_Count",
                { LoadBalancer: ALB },
                "Sum",
                60,
                "GreaterThanOrEqualToThreshold",
                10,
                "notBreaching",
            ],
            "target-5xx": [
                "AWS/ApplicationELB",
                "HTTPCode_Target_5XX_Count",
                { LoadBalancer: ALB },
                "Sum",
                60,
                "GreaterThanOrEqualToThreshold",
                10,
                "notBreaching",
            ],
            "unhealthy-hosts": [
                "AWS/ApplicationELB",
                "UnHealthyHostCount",
                { TargetGroup: TG, LoadBalancer: ALB },
                "Maximum",
                60,
                "GreaterThanOrEqualToThreshold",
                1,
                "notBreaching",
            ],
            "no-healthy-hosts": [
                "AWS/ApplicationELB",
                "HealthyHostCount",
                { TargetGroup: TG, LoadBalancer: ALB },
                "Minimum",
                60,
                "LessThanThreshold",
                1,
                "breaching",
            ],
            "latency-p99": [
                "AWS/ApplicationELB",
                "TargetResponseTime",
                { LoadBalancer: ALB },
                "p99",
                60,
                "GreaterThanThreshold",
                2,
                "notBreaching",
            ],
            "running-tasks": ["ECS/ContainerInsights", "RunningTaskCount", svc, "Minimum", 60, "LessThanThreshold", 3, "breaching"],
            "cpu-high": ["AWS/ECS", "CPUUtilization", svc, "Average", 60, "GreaterThanThreshold", 80, "notBreaching"],
            "memory-high": ["AWS/ECS", "MemoryUtilization", svc, "Average", 60, "GreaterThanThreshold", 80, "notBreaching"],
            "replication-latency": [undefined, undefined, undefined, undefined, undefined, "GreaterThanThreshold", 900, "notBreaching"],
            "replication-failures": [
                undefined,
                undefined,
                undefined,
                undefined,
                undefined,
                "GreaterThanOrEqualToThreshold",
                1,
                "notBreaching",
            ],
            "waf-blocked": [
                "AWS/WAFV2",
                "BlockedRequests",
                { WebACL: "acl-metric-1", Rule: "ALL", Region: "eu-west-1" },
                "Sum",
                60,
                "GreaterThanOrEqualToThreshold",
                1000,
                "notBreaching",
            ],
        });
        expect(byName(record, "ops-latency-p99").inputs["evaluateLowSampleCountPercentiles"]).to.equal("ignore");
    });

    it("alarms on replication of this region's bucket through Metrics Insights over its SourceBucket", () => {
        const queries = (key: string) => byName(record, `ops-${key}`).inputs["metricQueries"];
        expect(queries("replication-latency")).to.deep.equal([
            {
                id: "q",
                expression: `SELECT MAX(ReplicationLatency) FROM SCHEMA("AWS/S3", DestinationBucket, RuleId, SourceBucket) WHERE SourceBucket = 'data-bucket-1'`,
                period: 60,
                returnData: true,
            },
        ]);
        expect(queries("replication-failures")).to.deep.equal([
            {
                id: "q",
                expression: `SELECT SUM(OperationsFailedReplication) FROM SCHEMA("AWS/S3", DestinationBucket, RuleId, SourceBucket) WHERE SourceBucket = 'data-bucket-1'`,
                period: 60,
                returnData: true,
            },
        ]);
    });

    it("ORs only customer impact (5xx, latency, no healthy host) into the region-unhealthy composite, which notifies the topic", () => {
        const topicArn = byName(record, "ops-alerts").outputs["arn"];
        const composite = byName(record, "ops-region-unhealthy");
        const name = (key: string) => byName(record, `ops-${key}`).outputs["name"];
        expect(composite.inputs["alarmName"]).to.equal("ops-region-unhealthy");
        expect(composite.inputs["alarmRule"]).to.equal(
            `ALARM("${name("elb-5xx")}") OR ALARM("${name("target-5xx")}") OR ALARM("${name("latency-p99")}") OR ALARM("${name("no-healthy-hosts")}")`,
        );
        // Losing one task for two minutes trips running-tasks and unhealthy-hosts: routine
        // self-healing, which must not tell the other region this one failed.
        for (const selfHealing of ["running-tasks", "unhealthy-hosts"]) {
            expect(String(composite.inputs["alarmRule"])).not.to.contain(String(name(selfHealing)));
        }
        expect([composite.inputs["actionsEnabled"], composite.inputs["alarmActions"], composite.inputs["okActions"]]).to.deep.equal([
            true,
            [topicArn],
            [topicArn],
        ]);
        expect(record.outputs["regionUnhealthyAlarmName"]).to.equal("ops-region-unhealthy");
        expect(record.outputs["regionUnhealthyAlarmArn"]).to.equal(composite.outputs["arn"]);
        expect(Object.keys(record.outputs["alarmNames"] as object)).to.deep.equal([...ALARM_KEYS]);
        expect((record.outputs["alarmArns"] as Record<string, string>)["waf-blocked"]).to.equal(
            byName(record, "ops-waf-blocked").outputs["arn"],
        );
    });

    it("draws the regional dashboard: request path, service, WAF, S3 and the alarm states", () => {
        const dashboard = byName(record, "ops-dashboard");
        expect(dashboard.inputs["dashboardName"]).to.equal("ops-eu-west-1");
        expect(record.outputs["dashboardName"]).to.equal("ops-eu-west-1");
        const body = JSON.parse(String(dashboard.inputs["dashboardBody"])) as {
            widgets: { type: string; properties: Record<string, any> }[];
        };
        expect(body.widgets.map((w) => w.properties["title"])).to.deep.equal([...DASHBOARD_WIDGET_TITLES]);
        const metricNames = body.widgets.flatMap((w) =>
            (w.properties["metrics"] ?? []).map((m: unknown[]) => (typeof m[0] === "string" ? `${m[0]}/${m[1]}` : "expression")),
        );
        expect(metricNames).to.deep.equal([
            "AWS/ApplicationELB/RequestCount",
            "AWS/ApplicationELB/HTTPCode_ELB_5XX_Count",
            "AWS/ApplicationELB/HTTPCode_Target_5XX_Count",
            "AWS/ApplicationELB/TargetResponseTime",
            "AWS/ApplicationELB/HealthyHostCount",
            "AWS/ApplicationELB/UnHealthyHostCount",
            "ECS/ContainerInsights/RunningTaskCount",
            "ECS/ContainerInsights/DesiredTaskCount",
            "AWS/ECS/CPUUtilization",
            "AWS/ECS/MemoryUtilization",
            "AWS/WAFV2/AllowedRequests",
            "AWS/WAFV2/BlockedRequests",
            "expression",
            "expression",
        ]);
        expect(body.widgets[0]!.properties["alarms"]).to.deep.equal([
            byName(record, "ops-region-unhealthy").outputs["arn"],
            ...ALARM_KEYS.map((k) => byName(record, `ops-${k}`).outputs["arn"]),
        ]);
        expect(body.widgets.slice(1).every((w) => w.properties["region"] === "eu-west-1")).to.equal(true);
        const waf = body.widgets.find((w) => w.properties["title"] === "WAF allowed and blocked requests")!;
        expect(waf.properties["metrics"]).to.deep.equal([
            ["AWS/WAFV2", "AllowedRequests", "WebACL", "acl-metric-1", "Rule", "ALL", "Region", "eu-west-1"],
            ["AWS/WAFV2", "BlockedRequests", "WebACL", "acl-metric-1", "Rule", "ALL", "Region", "eu-west-1"],
        ]);
    });

    it("dimensions the WAF alarm and widgets by the web ACL's visibility-config metric name (RegionalWaf.metricName), not its name", async () => {
        const wired = await evaluateWithProvider("eu-west-1", (opts) => {
            const waf = new RegionalWaf(
                "edge-waf",
                {
                    albArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/edge/0123",
                    logKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
                    secretHeaderNames: ["X-Origin-Verify"],
                },
                opts,
            );
            new Observability("ops", { ...baseArgs, waf }, opts);
        });
        const acl = one(wired, "aws:wafv2/webAcl:WebAcl", "edge-waf");
        const metricName = (acl.inputs["visibilityConfig"] as { metricName: string }).metricName;
        expect(metricName).to.equal("edge-waf").and.not.equal(acl.outputs["name"]);
        expect(byName(wired, "ops-waf-blocked").inputs["dimensions"]).to.deep.equal({
            WebACL: metricName,
            Rule: "ALL",
            Region: "eu-west-1",
        });
        const body = JSON.parse(String(byName(wired, "ops-dashboard").inputs["dashboardBody"])) as {
            widgets: { properties: { metrics?: unknown[][] } }[];
        };
        const dimensions = body.widgets
            .flatMap((w) => w.properties.metrics ?? [])
            .filter((m) => m[0] === "AWS/WAFV2")
            .map((m) => m.slice(2));
        expect(dimensions).to.deep.equal([
            ["WebACL", metricName, "Rule", "ALL", "Region", "eu-west-1"],
            ["WebACL", metricName, "Rule", "ALL", "Region", "eu-west-1"],
        ]);
    });

    it("leaves both keys (alert topic, traces) unprotected, still retained, only when asked", async () => {
        const r = await make({ protectKeys: false });
        expect(
            ofType(r, "aws:kms/key:Key")
                .map((k) => [k.name, k.protect, k.retainOnDelete])
                .sort(),
        ).to.deep.equal([
            ["ops-alerts-key", undefined, true],
            ["ops-traces-key", undefined, true],
        ]);
    });

    it("samples traces at a fixed rate, groups faults and errors with insights (no notifications), and encrypts traces with a customer key", () => {
        const rule = byName(record, "ops-sampling");
        expect([
            rule.inputs["ruleName"],
            rule.inputs["fixedRate"],
            rule.inputs["reservoirSize"],
            rule.inputs["priority"],
            rule.inputs["serviceName"],
        ]).to.deep.equal(["ops-sampling", 0.05, 1, 1000, "*"]);
        const group = byName(record, "ops-errors");
        expect([group.inputs["groupName"], group.inputs["filterExpression"], group.inputs["insightsConfiguration"]]).to.deep.equal([
            "ops-errors",
            "fault = true OR error = true",
            // Insight notifications would go through EventBridge, which nothing routes: off.
            { insightsEnabled: true, notificationsEnabled: false },
        ]);
        const key = byName(record, "ops-traces-key");
        expect([
            key.inputs["enableKeyRotation"],
            key.inputs["deletionWindowInDays"],
            key.inputs["description"],
            key.protect,
            key.retainOnDelete,
        ]).to.deep.equal([true, 30, "Encrypts X-Ray traces in eu-west-1", true, true]);
        // X-Ray uses the key through grants the account's IAM policies give: the key policy only administers.
        expect(statementsOf(key)).to.deep.equal([
            {
                Sid: "AccountAdministration",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                Action: "kms:*",
                Resource: "*",
            },
        ]);
        expect(key.aliases).to.equal(undefined);
        const encryption = byName(record, "ops-traces-encryption");
        expect([encryption.inputs["type"], encryption.inputs["keyId"]]).to.deep.equal(["KMS", key.outputs["arn"]]);
    });

    it("applies custom thresholds, timing and tracing", async () => {
        const custom = await make({
            alertEmails: [],
            thresholds: { latencyP99Seconds: 0.5, cpuUtilizationPercent: 70 },
            alarmPeriodSeconds: 120,
            alarmEvaluationPeriods: 3,
            tracing: { serviceName: "web", fixedRate: 0.5, reservoirSize: 5, namePrefix: "web" },
        });
        expect(ofType(custom, "aws:sns/topicSubscription:TopicSubscription")).to.deep.equal([]);
        expect(byName(custom, "ops-latency-p99").inputs["threshold"]).to.equal(0.5);
        expect(byName(custom, "ops-cpu-high").inputs["threshold"]).to.equal(70);
        expect(byName(custom, "ops-memory-high").inputs["threshold"]).to.equal(DEFAULT_THRESHOLDS.memoryUtilizationPercent);
        expect(
            ofType(custom, ALARM).map((a) => a.inputs["period"] ?? (a.inputs["metricQueries"] as { period: number }[])[0]!.period),
        ).to.deep.equal(ALARM_KEYS.map(() => 120));
        expect(ofType(custom, ALARM).map((a) => a.inputs["evaluationPeriods"])).to.deep.equal(ALARM_KEYS.map(() => 3));
        expect(custom.outputs["detectionSeconds"]).to.equal(detectionSeconds(120, 3));
        expect(byName(custom, "ops-sampling").inputs["serviceName"]).to.equal("web");
        expect(byName(custom, "ops-errors").inputs["groupName"]).to.equal("web-errors");
    });

    it("lets two instances live in one program without colliding", async () => {
        const both = await evaluateWithProvider("eu-west-1", (opts) => {
            const a = new Observability("ops-a", baseArgs, opts);
            const b = new Observability("ops-b", baseArgs, opts);
            return { a: a.alertTopicArn, b: b.alertTopicArn };
        });
        expectUniqueUrns(both);
        expect(ofType(both, ALARM)).to.have.length(2 * ALARM_KEYS.length);
        expect(both.outputs["a"]).to.not.equal(both.outputs["b"]);
    });

    describe("validation", () => {
        const problemsOf = (overrides: Partial<ObservabilityArgs>): readonly string[] =>
            argsProblemsOf(() => new Observability("ops", { ...baseArgs, ...overrides }));
        const cases: [string, Partial<ObservabilityArgs>, string][] = [
            ["region", { region: "Europe" }, 'region: expected a known AWS region such as us-east-1, got "Europe"'],
            ["alertEmails address", { alertEmails: ["oncall"] }, 'alertEmails.0: expected an email address, got "oncall"'],
            [
                "alertEmails duplicates",
                { alertEmails: ["a@example.com", "a@example.com"] },
                'alertEmails: expected each address once, got ["a@example.com"] more than once',
            ],
            [
                "desiredCount",
                { service: { ...baseArgs.service, desiredCount: 0 } },
                "service.desiredCount: expected an integer >= 1, got 0",
            ],
            ["thresholds positive", { thresholds: { elb5xxCount: 0 } }, "thresholds.elb5xxCount: expected a number > 0, got 0"],
            [
                "thresholds percentage",
                { thresholds: { memoryUtilizationPercent: 120 } },
                "thresholds.memoryUtilizationPercent: expected a percentage <= 100, got 120",
            ],
            ["alarmPeriodSeconds", { alarmPeriodSeconds: 45 }, "alarmPeriodSeconds: expected a multiple of 60 seconds, got 45"],
            ["alarmEvaluationPeriods", { alarmEvaluationPeriods: 0 }, "alarmEvaluationPeriods: expected an integer >= 1, got 0"],
            [
                "evaluation range",
                { alarmPeriodSeconds: 3600, alarmEvaluationPeriods: 25 },
                "alarmEvaluationPeriods: expected alarmPeriodSeconds × alarmEvaluationPeriods <= 86400 (one day), got 3600 × 25",
            ],
            ["tracing.fixedRate", { tracing: { fixedRate: 1.5 } }, "tracing.fixedRate: expected a fraction from 0 to 1, got 1.5"],
            ["tracing.reservoirSize", { tracing: { reservoirSize: -1 } }, "tracing.reservoirSize: expected an integer >= 0, got -1"],
            ["tracing.priority", { tracing: { priority: 10000 } }, "tracing.priority: expected an integer from 1 to 9999, got 10000"],
            [
                "tracing.namePrefix",
                { tracing: { namePrefix: "a-very-long-x-ray-prefix-name" } },
                'tracing.namePrefix: expected 1-22 letters, digits, "-" or "_" (X-Ray group and rule names), got "a-very-long-x-ray-prefix-name"',
            ],
            [
                "dashboardName",
                { dashboardName: "ops dashboard" },
                'dashboardName: expected letters, digits, "-" or "_", got "ops dashboard"',
            ],
            ["regionUnhealthyAlarmName", { regionUnhealthyAlarmName: "" }, 'regionUnhealthyAlarmName: expected 1-255 characters, got ""'],
        ];
        for (const [label, overrides, message] of cases) {
            it(`refuses ${label}`, () => {
                expect(problemsOf(overrides)).to.deep.equal([message]);
            });
        }

        it("reports every problem at once", () => {
            expect(problemsOf({ service: { ...baseArgs.service, desiredCount: 0 }, alarmPeriodSeconds: 45 })).to.deep.equal([
                "service.desiredCount: expected an integer >= 1, got 0",
                "alarmPeriodSeconds: expected a multiple of 60 seconds, got 45",
            ]);
        });
    });
});

describe("components/observability/Observability alert recipients", () => {
    const PAGER = "https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue";
    const ONCALL = "arn:aws:sns:eu-west-1:210987654321:oncall";
    let record: StackRecord;
    before(async () => {
        record = await make({ alertEmails: [], alertHttpsEndpoints: [PAGER], alertTopicArns: [ONCALL] });
    });

    it("subscribes a pager's HTTPS endpoint (secret, named by a hash of the URL, waiting for its automatic confirmation)", () => {
        const subscriptions = ofType(record, "aws:sns/topicSubscription:TopicSubscription");
        expect(subscriptions.map((s) => s.name)).to.deep.equal(["ops-alerts-https-88e89970"]);
        expect(subscriptions[0]!.inputs["protocol"]).to.equal("https");
        expect(subscriptions[0]!.inputs["endpointAutoConfirms"]).to.equal(true);
        // The integration key in the URL is kept out of the preview files.
        expect(String(subscriptions[0]!.inputs["endpoint"])).to.match(/^\[secret:[0-9a-f]{8}\]$|^https:/);
    });

    it("makes every alarm and the composite notify an existing topic of another account too, on ALARM and on OK", () => {
        const alarms = [...ofType(record, ALARM), ...ofType(record, "aws:cloudwatch/compositeAlarm:CompositeAlarm")];
        expect(alarms.length).to.be.greaterThan(5);
        for (const alarm of alarms) {
            expect(alarm.inputs["alarmActions"], alarm.name).to.have.length(2);
            expect((alarm.inputs["alarmActions"] as string[])[1], alarm.name).to.equal(ONCALL);
            expect((alarm.inputs["okActions"] as string[])[1], alarm.name).to.equal(ONCALL);
        }
    });

    it("refuses an endpoint that is not HTTPS and a topic that is not an SNS topic ARN, naming each", () => {
        expect(
            argsProblemsOf(
                () =>
                    new Observability("ops", {
                        ...baseArgs,
                        alertHttpsEndpoints: ["http://pager.example.com/hook"],
                        alertTopicArns: ["arn:aws:sqs:eu-west-1:210987654321:q"],
                    }),
            ),
        ).to.deep.equal([
            'alertHttpsEndpoints.0: expected an https:// URL, got "http://pager.example.com/hook"',
            'alertTopicArns.0: expected an SNS topic ARN, got "arn:aws:sqs:eu-west-1:210987654321:q"',
        ]);
    });
});
