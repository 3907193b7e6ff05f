import { expect } from "chai";
import { RegionalWaf, type RegionalWafArgs } from "../../../components/edge-security";
import {
    childrenOf,
    evaluateWithProvider,
    expectArgsError,
    expectUniqueUrns,
    ofType,
    only,
    type StackRecord,
} from "../../support/components";

const ALB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/edge/0123456789abcdef";
const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const baseArgs: RegionalWafArgs = { albArn: ALB_ARN, logKeyArn: KEY_ARN, secretHeaderNames: ["X-Origin-Verify"] };

describe("components/edge-security/RegionalWaf", () => {
    let record: StackRecord;
    before(async () => {
        record = await evaluateWithProvider("us-east-1", (opts) => {
            const waf = new RegionalWaf("waf", { ...baseArgs, rateLimitPerFiveMinutes: 500 }, opts);
            return {
                webAclArn: waf.webAclArn,
                logGroupName: waf.logGroupName,
                metricName: waf.metricName,
                rateLimitMetricName: waf.rateLimitMetricName,
            };
        });
    });

    it("creates exactly the web ACL, its log group, logging configuration and ALB association under the component", () => {
        const component = only(record, "platform:edge-security:RegionalWaf");
        expect(component.name).to.equal("waf");
        expect(childrenOf(record, component)).to.deep.equal([
            "aws:cloudwatch/logGroup:LogGroup waf-logs",
            "aws:wafv2/webAcl:WebAcl waf",
            "aws:wafv2/webAclAssociation:WebAclAssociation waf-alb",
            "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration waf-logging",
        ]);
    });

    it("is a REGIONAL, default-allow ACL with the managed groups and a rate limit per forwarded client address", () => {
        const acl = only(record, "aws:wafv2/webAcl:WebAcl");
        expect(acl.inputs["scope"]).to.equal("REGIONAL");
        expect(acl.inputs["defaultAction"]).to.deep.equal({ allow: {} });
        const rules = acl.inputs["rules"] as any[];
        expect(rules.map((r) => [r.priority, r.name])).to.deep.equal([
            [10, "AWSManagedRulesAmazonIpReputationList"],
            [20, "AWSManagedRulesCommonRuleSet"],
            [30, "AWSManagedRulesKnownBadInputsRuleSet"],
            [40, "rate-limit-per-ip"],
        ]);
        for (const rule of rules.slice(0, 3)) {
            expect(rule.overrideAction).to.deep.equal({ none: {} });
            expect(rule.action).to.equal(undefined);
            expect(rule.statement).to.deep.equal({ managedRuleGroupStatement: { vendorName: "AWS", name: rule.name } });
        }
        const rate = rules[3];
        expect(rate.action).to.deep.equal({ block: {} });
        // Behind CloudFront the source address is an edge server: the limit keys on the first X-Forwarded-For address.
        expect(rate.statement).to.deep.equal({
            rateBasedStatement: {
                limit: 500,
                aggregateKeyType: "FORWARDED_IP",
                forwardedIpConfig: { headerName: "X-Forwarded-For", fallbackBehavior: "MATCH" },
                evaluationWindowSec: 300,
            },
        });
    });

    it("enables metrics and sampled requests on every rule and on the ACL, with distinct metric names", () => {
        const acl = only(record, "aws:wafv2/webAcl:WebAcl");
        const configs = [acl.inputs["visibilityConfig"], ...(acl.inputs["rules"] as any[]).map((r) => r.visibilityConfig)] as any[];
        for (const c of configs) {
            expect(c.cloudwatchMetricsEnabled).to.equal(true);
            expect(c.sampledRequestsEnabled).to.equal(true);
        }
        expect(configs.map((c) => c.metricName)).to.deep.equal([
            "waf",
            "waf-ip-reputation",
            "waf-common",
            "waf-known-bad-inputs",
            "waf-rate-limit",
        ]);
        expect(record.outputs["metricName"])
            .to.equal("waf")
            .and.equal((acl.inputs["visibilityConfig"] as any).metricName)
            .and.not.equal(acl.outputs["name"]);
        expect(record.outputs["rateLimitMetricName"]).to.equal("waf-rate-limit");
    });

    it("logs to an encrypted aws-waf-logs- group with retention, redacting credentials", () => {
        const group = only(record, "aws:cloudwatch/logGroup:LogGroup");
        expect(group.inputs["name"]).to.equal("aws-waf-logs-waf");
        expect(group.inputs["kmsKeyId"]).to.equal(KEY_ARN);
        expect(group.inputs["retentionInDays"]).to.equal(90);
        const logging = only(record, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration");
        const acl = only(record, "aws:wafv2/webAcl:WebAcl");
        expect(logging.inputs["resourceArn"]).to.equal(acl.outputs["arn"]);
        expect(logging.inputs["logDestinationConfigs"]).to.deep.equal([group.outputs["arn"]]);
        // The origin-verify header's value is the ALB's lock: WAF logs would otherwise carry it.
        expect(logging.inputs["redactedFields"]).to.deep.equal([
            { singleHeader: { name: "authorization" } },
            { singleHeader: { name: "cookie" } },
            { singleHeader: { name: "x-origin-verify" } },
        ]);
        expect(record.outputs["logGroupName"]).to.equal("aws-waf-logs-waf");
    });

    it("substitutes the secret headers in sampled requests too (redactedFields covers the logs only)", () => {
        const acl = only(record, "aws:wafv2/webAcl:WebAcl");
        expect(acl.inputs["dataProtectionConfig"]).to.deep.equal({
            dataProtections: [
                {
                    action: "SUBSTITUTION",
                    field: { fieldType: "SINGLE_HEADER", fieldKeys: ["authorization", "cookie", "x-origin-verify"] },
                    excludeRateBasedDetails: false,
                    excludeRuleMatchDetails: false,
                },
            ],
        });
    });

    it("associates the ACL with the ALB", () => {
        const association = only(record, "aws:wafv2/webAclAssociation:WebAclAssociation");
        expect(association.inputs["resourceArn"]).to.equal(ALB_ARN);
        expect(association.inputs["webAclArn"])
            .to.equal(only(record, "aws:wafv2/webAcl:WebAcl").outputs["arn"])
            .and.match(/:regional\/webacl\//);
    });

    it("two instances in one program do not collide", async () => {
        const both = await evaluateWithProvider("us-east-1", (opts) => {
            new RegionalWaf("one", baseArgs, opts);
            new RegionalWaf("two", baseArgs, opts);
            return {};
        });
        expectUniqueUrns(both);
        expect(
            ofType(both, "aws:cloudwatch/logGroup:LogGroup")
                .map((r) => r.inputs["name"])
                .sort(),
        ).to.deep.equal(["aws-waf-logs-one", "aws-waf-logs-two"]);
    });

    describe("validation", () => {
        const cases: [string, string, Partial<RegionalWafArgs>, string][] = [
            ["rate limit below 10", "waf", { rateLimitPerFiveMinutes: 9 }, "rateLimitPerFiveMinutes: expected a number >= 10, got 9"],
            [
                "rate limit above 2,000,000,000",
                "waf",
                { rateLimitPerFiveMinutes: 2_000_000_001 },
                "rateLimitPerFiveMinutes: expected a number <= 2000000000, got 2000000001",
            ],
            [
                "a retention CloudWatch does not accept",
                "waf",
                { logRetentionDays: 10 },
                "logRetentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 10",
            ],
            [
                "a name WAF metrics cannot carry",
                "my waf",
                {},
                'name: expected letters, digits, "-" or "_" (it names WAF metrics), got "my waf"',
            ],
        ];
        for (const [label, name, overrides, message] of cases) {
            it(`refuses ${label}`, () => {
                expectArgsError(() => new RegionalWaf(name, { ...baseArgs, ...overrides }), [message]);
            });
        }
    });
});

describe("components/edge-security/RegionalWaf request bodies", () => {
    const crsOf = async (args: Partial<RegionalWafArgs>) => {
        const record = await evaluateWithProvider("us-east-1", (opts) => {
            new RegionalWaf("waf", { ...baseArgs, ...args }, opts);
        });
        const rules = only(record, "aws:wafv2/webAcl:WebAcl").inputs["rules"] as { name: string; statement: any }[];
        return rules.find((r) => r.name === "AWSManagedRulesCommonRuleSet")!.statement.managedRuleGroupStatement;
    };

    it("keeps the Core Rule Set's 8 KB body rule blocking by default", async () => {
        expect(await crsOf({})).to.deep.equal({ vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" });
    });

    it("only counts SizeRestrictions_BODY when the application takes larger bodies (a WAF 403 never fails over)", async () => {
        expect((await crsOf({ maxRequestBodyBytes: 1_048_576 })).ruleActionOverrides).to.deep.equal([
            { name: "SizeRestrictions_BODY", actionToUse: { count: {} } },
        ]);
    });

    it("refuses a limit below what the Core Rule Set lets through", () => {
        expectArgsError(
            () => new RegionalWaf("waf", { ...baseArgs, maxRequestBodyBytes: 4096 }),
            ["maxRequestBodyBytes: expected a number >= 8192, got 4096"],
        );
    });
});
