import { expect } from "chai";
import { FailoverOperatorRole, type FailoverOperatorRoleArgs } from "../../../components/global-operations";
import {
    argsErrorOf,
    evaluateInRegions,
    expectNoWildcardActions,
    expectUniqueUrns,
    policyOf,
    type Registered,
    statement,
} from "../../support/components";

const T = FailoverOperatorRole.__pulumiType;
const ACCOUNT = "123456789012";
const DIST = `arn:aws:cloudfront::${ACCOUNT}:distribution/E123EXAMPLE`;
const WEB_ACL = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/edge-waf-1234567/0a1b2c3d-4e5f-6789-abcd-ef0123456789`;
const base: FailoverOperatorRoleArgs = {
    accountId: ACCOUNT,
    distributionArn: DIST,
    webAclArn: WEB_ACL,
    healthCheckIds: ["hc-1", "hc-2"],
    services: [
        { region: "us-east-1", clusterName: "cluster-a", serviceName: "service-a" },
        { region: "eu-west-1", clusterName: "cluster-b", serviceName: "service-b" },
    ],
};
const build = (args: Partial<FailoverOperatorRoleArgs> = {}) =>
    evaluateInRegions((p) => {
        new FailoverOperatorRole("operator", { ...base, ...args }, { providers: { aws: p["us-east-1"]! } });
    });

describe("components/global-operations/FailoverOperatorRole", () => {
    let r: Registered;
    before(async () => {
        r = await build({ hostedZoneId: "Z0123456789ABC" });
    });

    it("registers exactly the role and its inline policy, parented to the component", () => {
        expect(r.childrenOf(r.one(T, "operator").urn)).to.deep.equal([
            "aws:iam/role:Role operator",
            "aws:iam/rolePolicy:RolePolicy operator-policy",
        ]);
        expect(r.one("aws:iam/role:Role", "operator").inputs["maxSessionDuration"]).to.equal(3600);
    });

    it("is assumable only with MFA, by this account's root by default", () => {
        expect(policyOf(r.one("aws:iam/role:Role", "operator").inputs["assumeRolePolicy"]).Statement).to.deep.equal([
            {
                Sid: "AssumeWithMfa",
                Effect: "Allow",
                Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] },
                Action: "sts:AssumeRole",
                Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
            },
        ]);
    });

    it("trusts exactly the configured principals when given", async () => {
        const principals = [`arn:aws:iam::${ACCOUNT}:role/oncall`, `arn:aws:iam::${ACCOUNT}:user/alice`];
        const custom = await build({ trustedPrincipalArns: principals });
        const trust = policyOf(custom.one("aws:iam/role:Role", "operator").inputs["assumeRolePolicy"]).Statement[0]!;
        expect(trust["Principal"]).to.deep.equal({ AWS: principals });
        expect(trust["Condition"]).to.deep.equal({ Bool: { "aws:MultiFactorAuthPresent": "true" } });
    });

    it("allows exactly the failover actions, each on the named resources only", () => {
        const policy = policyOf(r.one("aws:iam/rolePolicy:RolePolicy", "operator-policy").inputs["policy"]);
        expectNoWildcardActions(policy);
        expect(policy.Statement.flatMap((s) => s["Resource"])).to.not.include("*");
        expect(policy.Statement.map((s) => s["Sid"])).to.deep.equal([
            "OperateDistribution",
            "ReadEdgeWebAcl",
            "OperateHealthChecks",
            "ScaleServices",
            "ChangeRecords",
            "FollowChanges",
        ]);
        expect(statement(policy, "OperateDistribution")).to.deep.include({
            Action: ["cloudfront:GetDistribution", "cloudfront:GetDistributionConfig", "cloudfront:UpdateDistribution"],
            Resource: DIST,
        });
        expect(statement(policy, "OperateHealthChecks")).to.deep.include({
            Action: ["route53:GetHealthCheck", "route53:GetHealthCheckStatus", "route53:UpdateHealthCheck"],
            Resource: ["arn:aws:route53:::healthcheck/hc-1", "arn:aws:route53:::healthcheck/hc-2"],
        });
        expect(statement(policy, "ScaleServices")).to.deep.include({
            Action: ["ecs:DescribeServices", "ecs:UpdateService"],
            Resource: [
                `arn:aws:ecs:us-east-1:${ACCOUNT}:service/cluster-a/service-a`,
                `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/cluster-b/service-b`,
            ],
        });
        expect(statement(policy, "ChangeRecords")).to.deep.include({
            Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
            Resource: "arn:aws:route53:::hostedzone/Z0123456789ABC",
        });
        expect(statement(policy, "FollowChanges")).to.deep.include({ Action: "route53:GetChange", Resource: "arn:aws:route53:::change/*" });
    });

    it("may read exactly the distribution's web ACL, which UpdateDistribution re-sends and CloudFront verifies (InvalidWebACLId otherwise)", () => {
        const policy = policyOf(r.one("aws:iam/rolePolicy:RolePolicy", "operator-policy").inputs["policy"]);
        expect(statement(policy, "ReadEdgeWebAcl")).to.deep.equal({
            Sid: "ReadEdgeWebAcl",
            Effect: "Allow",
            Action: "wafv2:GetWebACL",
            Resource: WEB_ACL,
        });
        const wafActions = policy.Statement.flatMap((s) => [].concat(s["Action"] as never)).filter((a: string) => a.startsWith("wafv2:"));
        expect(wafActions).to.deep.equal(["wafv2:GetWebACL"]);
    });

    it("grants no Route 53 record permission without a hosted zone; two instances do not collide", async () => {
        const two = await evaluateInRegions((p) => {
            new FailoverOperatorRole("a", base, { providers: { aws: p["us-east-1"]! } });
            new FailoverOperatorRole("b", base, { providers: { aws: p["us-east-1"]! } });
        });
        const policy = policyOf(two.one("aws:iam/rolePolicy:RolePolicy", "a-policy").inputs["policy"]);
        expect(policy.Statement.map((s) => s["Sid"])).to.deep.equal([
            "OperateDistribution",
            "ReadEdgeWebAcl",
            "OperateHealthChecks",
            "ScaleServices",
        ]);
        expectUniqueUrns(two.record);
    });

    describe("validation", () => {
        const cases: [string, Partial<FailoverOperatorRoleArgs>, string][] = [
            [
                "a principal that is not an IAM ARN",
                { trustedPrincipalArns: ["alice"] },
                'trustedPrincipalArns.0: expected an IAM principal ARN, got "alice"',
            ],
            ["no health check", { healthCheckIds: [] }, "healthCheckIds: expected at least 1 health check, got 0"],
            ["no service", { services: [] }, "services: expected at least 1 ECS service, got 0"],
            [
                "a session out of 1-12 hours",
                { maxSessionDurationSeconds: 60 },
                "maxSessionDurationSeconds: expected a number >= 3600, got 60",
            ],
        ];
        for (const [title, args, message] of cases) {
            it(`refuses ${title}`, async () => {
                const { problems } = await argsErrorOf(() => new FailoverOperatorRole("operator", { ...base, ...args }));
                expect(problems).to.deep.equal([message]);
            });
        }
    });
});
