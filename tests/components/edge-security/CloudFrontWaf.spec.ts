import { expect } from "chai";
import { CloudFrontWaf } from "../../../components/edge-security";
import { argsErrorOf, evaluateInRegions, expectUniqueUrns, type Registered } from "../../support/components";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const T = CloudFrontWaf.__pulumiType;

describe("components/edge/CloudFrontWaf", () => {
    let registered: Registered;
    before(async () => {
        registered = await evaluateInRegions((p) => {
            const waf = new CloudFrontWaf(
                "edge-waf",
                { secretHeaderNames: ["X-Origin-Verify"], logKeyArn: KEY },
                { providers: { aws: p["us-east-1"]! } },
            );
            return { arn: waf.webAclArn };
        });
    });

    it("registers exactly the web ACL, its log group and its logging configuration, parented to the component", () => {
        const component = registered.one(T, "edge-waf");
        expect(registered.childrenOf(component.urn)).to.deep.equal([
            "aws:cloudwatch/logGroup:LogGroup edge-waf-logs",
            "aws:wafv2/webAcl:WebAcl edge-waf",
            "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration edge-waf",
        ]);
        for (const child of registered.record.resources.filter((r) => r.parent === component.urn)) {
            expect(registered.inRegion(child, "us-east-1"), child.name).to.equal(true);
        }
    });

    it("is CLOUDFRONT-scoped, allows by default and runs the managed groups then the rate limit, with metrics and samples on every rule", () => {
        const acl = registered.one("aws:wafv2/webAcl:WebAcl", "edge-waf").inputs as any;
        expect(acl.scope).to.equal("CLOUDFRONT");
        expect(acl.defaultAction).to.deep.equal({ allow: {} });
        expect(acl.rules.map((r: any) => [r.priority, r.name])).to.deep.equal([
            [1, "AWSManagedRulesAmazonIpReputationList"],
            [2, "AWSManagedRulesCommonRuleSet"],
            [3, "AWSManagedRulesKnownBadInputsRuleSet"],
            [4, "RateLimitPerIp"],
        ]);
        for (const rule of acl.rules.slice(0, 3)) {
            expect(rule.statement).to.deep.equal({ managedRuleGroupStatement: { vendorName: "AWS", name: rule.name } });
            expect(rule.overrideAction).to.deep.equal({ none: {} });
        }
        expect(acl.rules[3].action).to.deep.equal({ block: {} });
        expect(acl.rules[3].statement).to.deep.equal({
            rateBasedStatement: { limit: 2000, aggregateKeyType: "IP", evaluationWindowSec: 300 },
        });
        for (const v of [...acl.rules.map((r: any) => r.visibilityConfig), acl.visibilityConfig]) {
            expect(v.cloudwatchMetricsEnabled).to.equal(true);
            expect(v.sampledRequestsEnabled).to.equal(true);
        }
        expect(new Set(acl.rules.map((r: any) => r.visibilityConfig.metricName)).size).to.equal(4);
    });

    it("logs every request to an aws-waf-logs- group, KMS-encrypted, with retention, redacting credentials", () => {
        const group = registered.one("aws:cloudwatch/logGroup:LogGroup", "edge-waf-logs");
        expect(group.inputs["namePrefix"]).to.equal("aws-waf-logs-edge-waf-");
        expect(String(group.outputs["name"])).to.match(/^aws-waf-logs-/);
        expect(group.inputs["kmsKeyId"]).to.equal(KEY);
        expect(group.inputs["retentionInDays"]).to.equal(90); // the shared logRetentionDays default (components/shared/fields.ts)
        const logging = registered.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "edge-waf").inputs as any;
        const acl = registered.one("aws:wafv2/webAcl:WebAcl", "edge-waf");
        expect(logging.resourceArn).to.equal(acl.outputs["arn"]);
        expect(logging.logDestinationConfigs).to.deep.equal([group.outputs["arn"]]);
        expect(logging.redactedFields).to.deep.equal([
            { singleHeader: { name: "authorization" } },
            { singleHeader: { name: "cookie" } },
            { singleHeader: { name: "x-origin-verify" } },
        ]);
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

    it("takes the rate limit and the retention from its arguments; two instances do not collide", async () => {
        const r = await evaluateInRegions((p) => {
            new CloudFrontWaf(
                "a",
                { secretHeaderNames: ["X-Origin-Verify"], logKeyArn: KEY, rateLimitPerFiveMinutes: 500, logRetentionDays: 30 },
                { providers: { aws: p["us-east-1"]! } },
            );
            new CloudFrontWaf("b", { secretHeaderNames: ["X-Origin-Verify"], logKeyArn: KEY }, { providers: { aws: p["us-east-1"]! } });
        });
        expect((r.one("aws:wafv2/webAcl:WebAcl", "a").inputs as any).rules[3].statement.rateBasedStatement.limit).to.equal(500);
        expect(r.one("aws:cloudwatch/logGroup:LogGroup", "a-logs").inputs["retentionInDays"]).to.equal(30);
        expectUniqueUrns(r.record);
        expect(r.ofType("aws:wafv2/webAcl:WebAcl")).to.have.length(2);
    });

    describe("validation", () => {
        it("refuses a rate limit out of WAF's range", async () => {
            const { problems } = await argsErrorOf(
                () => new CloudFrontWaf("w", { secretHeaderNames: ["X-Origin-Verify"], logKeyArn: KEY, rateLimitPerFiveMinutes: 5 }),
            );
            expect(problems).to.deep.equal(["rateLimitPerFiveMinutes: expected a number >= 10, got 5"]);
        });
        it("refuses a retention that is not a positive whole number", async () => {
            const { problems } = await argsErrorOf(
                () => new CloudFrontWaf("w", { secretHeaderNames: ["X-Origin-Verify"], logKeyArn: KEY, logRetentionDays: 0 }),
            );
            expect(problems).to.deep.equal([
                "logRetentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 0",
            ]);
        });
    });
});
