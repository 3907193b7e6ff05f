import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
    LoadBalancer,
    type LoadBalancerArgs,
    MISSING_ORIGIN_VERIFY_MESSAGE,
    route53HealthChecksPrefixList,
    TLS13_SSL_POLICY,
} from "../../../components/load-balancing";
import { maskSecrets } from "../../../simulation/evaluate";
import {
    byName,
    childrenOf,
    evaluateWithProvider,
    expectArgsError,
    expectUniqueUrns,
    ofType,
    one,
    only,
    type StackRecord,
} from "../../support/components";

const DOMAIN = "eu-west-1.origin.example.com";
const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-1111-2222-3333-444455556666";
const SECRET = "0123456789abcdef0123456789abcdef";
/** Managed prefix lists the simulated cloud answers in eu-west-1. */
const CLOUDFRONT_PL = "pl-4fa04526";
const ROUTE53_PL = "pl-b2a6d833";

const baseArgs: LoadBalancerArgs = {
    region: "eu-west-1",
    network: { vpcId: "vpc-0123456789abcdef0", vpcCidrBlock: "10.1.0.0/16", publicSubnetIds: ["subnet-a", "subnet-b", "subnet-c"] },
    accessLogs: { logBucketName: "logs-bucket", albLogPrefix: "alb" },
    originVerifySecret: pulumi.secret(SECRET),
};

const T = "platform:load-balancing:LoadBalancer";

const make = (overrides: Partial<LoadBalancerArgs> = {}, name = "edge") =>
    evaluateWithProvider("eu-west-1", (opts) => {
        const lb = new LoadBalancer(name, { ...baseArgs, ...overrides }, opts);
        return {
            albArnSuffix: lb.albArnSuffix,
            albDnsName: lb.albDnsName,
            albZoneId: lb.albZoneId,
            targetGroupArnSuffix: lb.targetGroupArnSuffix,
            listenerArn: lb.listenerArn,
            originProtocol: lb.originProtocol,
            securityGroupId: lb.securityGroupId,
            healthCheckSecurityGroupId: lb.healthCheckSecurityGroupId,
            originHostname: lb.originHostname,
            originVerifyHeaderName: lb.originVerifyHeaderName,
            healthCheckPath: lb.healthCheckPath,
        };
    });

/** Ingress rules as `name group-name prefix-list from-to protocol`, sorted. */
const ingressOf = (record: StackRecord) => {
    const groups = new Map(ofType(record, "aws:ec2/securityGroup:SecurityGroup").map((g) => [g.urn, g.name]));
    return ofType(record, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        .map((r) => {
            expect(r.inputs["cidrIpv4"], r.name).to.equal(undefined);
            expect(r.inputs["cidrIpv6"], r.name).to.equal(undefined);
            expect(r.inputs["referencedSecurityGroupId"], r.name).to.equal(undefined);
            expect(r.inputs["securityGroupId"], r.name).to.match(/^sg-/);
            const group = (r.propertyDependencies["securityGroupId"] ?? []).map((urn) => groups.get(urn)).join(",");
            return `${r.name} ${group} ${r.inputs["prefixListId"]} ${r.inputs["fromPort"]}-${r.inputs["toPort"]} ${r.inputs["ipProtocol"]}`;
        })
        .sort();
};

/**
 * Every listener rule either requires the secret header, or forwards GET/HEAD of exactly the
 * health-check path (no path-pattern wildcard); every listener's default refuses or redirects.
 */
const assertHeaderlessOnlyForHealthPath = (record: StackRecord, healthCheckPath: string) => {
    for (const listener of ofType(record, "aws:lb/listener:Listener")) {
        const defaults = listener.inputs["defaultActions"] as { type: string; fixedResponse?: { statusCode: string } }[];
        expect(
            defaults.map((a) => (a.type === "fixed-response" ? `fixed-response ${a.fixedResponse!.statusCode}` : a.type)).join(),
            listener.name,
        ).to.be.oneOf(["fixed-response 403", "redirect"]);
    }
    const rules = ofType(record, "aws:lb/listenerRule:ListenerRule");
    expect(new Set(rules.map((r) => `${r.inputs["listenerArn"]} ${r.inputs["priority"]}`)).size, "priorities per listener").to.equal(
        rules.length,
    );
    for (const rule of rules) {
        const conditions = rule.inputs["conditions"] as Record<string, any>[];
        const withHeader = conditions.some((c) => c["httpHeader"]?.values.every((v: string) => record.secretValues.includes(v)));
        if (withHeader) continue;
        expect(conditions, rule.name).to.deep.equal([
            { pathPattern: { values: [healthCheckPath] } },
            { httpRequestMethod: { values: ["GET", "HEAD"] } },
        ]);
        expect(healthCheckPath, rule.name).not.to.match(/[*?]/);
    }
};

describe("components/load-balancing/LoadBalancer", () => {
    describe("evaluation mode (no certificate)", () => {
        let record: StackRecord;
        before(async () => {
            record = await make();
        });

        it("creates exactly the expected children, all parented to the component", () => {
            const component = only(record, T);
            expect(component.name).to.equal("edge");
            expect(childrenOf(record, component)).to.deep.equal(
                [
                    "aws:ec2/securityGroup:SecurityGroup edge-sg",
                    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule edge-ingress-http",
                    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule edge-egress-targets",
                    "aws:ec2/securityGroup:SecurityGroup edge-health-checkers",
                    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule edge-health-checkers-http",
                    "aws:lb/loadBalancer:LoadBalancer edge",
                    "aws:lb/targetGroup:TargetGroup edge-tg",
                    "aws:lb/listener:Listener edge-http",
                    "aws:lb/listenerRule:ListenerRule edge-origin-verify",
                    "aws:lb/listenerRule:ListenerRule edge-health-check",
                ].sort(),
            );
        });

        it("admits only CloudFront's and the Route 53 health checkers' prefix lists on port 80, each in its own group, and sends only to the VPC on the container port", () => {
            expect(ingressOf(record)).to.deep.equal([
                `edge-health-checkers-http edge-health-checkers ${ROUTE53_PL} 80-80 tcp`,
                `edge-ingress-http edge-sg ${CLOUDFRONT_PL} 80-80 tcp`,
            ]);
            const ingress = ofType(record, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
            const egress = ofType(record, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
            expect(
                egress.map((r) => [r.inputs["cidrIpv4"], r.inputs["fromPort"], r.inputs["toPort"], r.inputs["ipProtocol"]]),
            ).to.deep.equal([["10.1.0.0/16", 8080, 8080, "tcp"]]);
            const sg = byName(record, "edge-sg");
            const healthCheckers = byName(record, "edge-health-checkers");
            for (const rule of [...ingress, ...egress]) {
                expect(rule.inputs["securityGroupId"]).to.match(/^sg-/);
                expect(rule.propertyDependencies["securityGroupId"]).to.deep.equal([
                    rule.name.startsWith("edge-health-checkers-") ? healthCheckers.urn : sg.urn,
                ]);
            }
            // Inline rules would fight the rule resources; the health checkers' group has no egress at all.
            for (const group of [sg, healthCheckers]) {
                expect(group.inputs["ingress"], group.name).to.equal(undefined);
                expect(group.inputs["egress"], group.name).to.equal(undefined);
                expect(group.inputs["vpcId"], group.name).to.equal("vpc-0123456789abcdef0");
            }
        });

        it("attaches exactly the CloudFront group and the health checkers' group to the ALB", () => {
            const alb = byName(record, "edge");
            expect(alb.inputs["securityGroups"]).to.deep.equal([
                record.outputs["securityGroupId"],
                record.outputs["healthCheckSecurityGroupId"],
            ]);
            expect(record.outputs["securityGroupId"]).to.match(/^sg-/).and.not.equal(record.outputs["healthCheckSecurityGroupId"]);
            expect(alb.propertyDependencies["securityGroups"])
                .to.have.members([byName(record, "edge-sg").urn, byName(record, "edge-health-checkers").urn])
                .and.have.length(2);
        });

        it("builds a hardened internet-facing ALB in every public subnet", () => {
            const alb = byName(record, "edge");
            expect(alb.type).to.equal("aws:lb/loadBalancer:LoadBalancer");
            expect(alb.inputs["internal"]).to.equal(false);
            expect(alb.inputs["subnets"]).to.deep.equal(["subnet-a", "subnet-b", "subnet-c"]);
            expect(alb.inputs["dropInvalidHeaderFields"]).to.equal(true);
            expect(alb.inputs["enableDeletionProtection"]).to.equal(true);
            expect(alb.inputs["desyncMitigationMode"]).to.equal("defensive");
            expect(alb.inputs["idleTimeout"]).to.equal(60);
            expect(alb.inputs["accessLogs"]).to.deep.equal({ enabled: true, bucket: "logs-bucket", prefix: "alb" });
        });

        it("health-checks targets fast on the container port", () => {
            const tg = byName(record, "edge-tg");
            expect(tg.inputs["targetType"]).to.equal("ip");
            expect(tg.inputs["protocol"]).to.equal("HTTP");
            expect(tg.inputs["port"]).to.equal(8080);
            expect(tg.inputs["deregistrationDelay"]).to.equal(30);
            expect(tg.inputs["healthCheck"]).to.deep.equal({
                enabled: true,
                protocol: "HTTP",
                port: "traffic-port",
                path: "/",
                interval: 10,
                timeout: 5,
                healthyThreshold: 2,
                unhealthyThreshold: 2,
                matcher: "200-399",
            });
        });

        it("answers 403 by default and forwards only with the secret origin-verify header", () => {
            const listeners = ofType(record, "aws:lb/listener:Listener");
            expect(listeners).to.have.length(1);
            const http = listeners[0]!;
            expect([http.inputs["port"], http.inputs["protocol"]]).to.deep.equal([80, "HTTP"]);
            expect(http.inputs["defaultActions"]).to.deep.equal([
                {
                    type: "fixed-response",
                    fixedResponse: { contentType: "text/plain", statusCode: "403", messageBody: MISSING_ORIGIN_VERIFY_MESSAGE },
                },
            ]);
            const rule = byName(record, "edge-origin-verify");
            expect(rule.inputs["listenerArn"]).to.equal(http.outputs["arn"]);
            expect(rule.inputs["priority"]).to.equal(1);
            // Records hold plain values, as policies see them; the secret is listed for masking.
            expect(rule.inputs["conditions"]).to.deep.equal([
                { httpHeader: { httpHeaderName: "X-Origin-Verify", values: [record.secretValues[0]] } },
            ]);
            expect(record.secretValues).to.have.length(1);
            expect(rule.inputs["actions"]).to.deep.equal([{ type: "forward", targetGroupArn: byName(record, "edge-tg").outputs["arn"] }]);
        });

        it("forwards GET/HEAD of exactly the health-check path without the header, after the header rule", () => {
            const rule = byName(record, "edge-health-check");
            expect(rule.inputs["listenerArn"]).to.equal(byName(record, "edge-http").outputs["arn"]);
            expect(rule.inputs["priority"]).to.equal(2);
            expect(rule.inputs["conditions"]).to.deep.equal([
                { pathPattern: { values: ["/"] } },
                { httpRequestMethod: { values: ["GET", "HEAD"] } },
            ]);
            expect(rule.inputs["actions"]).to.deep.equal([{ type: "forward", targetGroupArn: byName(record, "edge-tg").outputs["arn"] }]);
            assertHeaderlessOnlyForHealthPath(record, "/");
        });

        it("exports the ALB's identifiers, the http origin protocol and the ALB's own name as origin host name", () => {
            const alb = byName(record, "edge");
            expect(record.outputs["albArnSuffix"])
                .to.equal(alb.outputs["arnSuffix"])
                .and.match(/^app\//);
            expect(record.outputs["albDnsName"])
                .to.equal(alb.outputs["dnsName"])
                .and.match(/\.eu-west-1\.elb\.amazonaws\.com$/);
            expect(record.outputs["albZoneId"]).to.equal("Z32O12XQLNTSW2");
            expect(record.outputs["targetGroupArnSuffix"]).to.match(/^targetgroup\//);
            expect(record.outputs["listenerArn"]).to.equal(byName(record, "edge-http").outputs["arn"]);
            expect(record.outputs["originProtocol"]).to.equal("http");
            expect(record.outputs["originHostname"]).to.equal(alb.outputs["dnsName"]);
            expect(record.outputs["originVerifyHeaderName"]).to.equal("X-Origin-Verify");
            expect(record.outputs["healthCheckPath"]).to.equal("/");
        });
    });

    describe("domain mode (certificate given)", () => {
        let record: StackRecord;
        before(async () => {
            record = await make({
                domain: { domainName: DOMAIN, certificateArn: CERT },
                deletionProtection: false,
                originVerifyHeaderName: "X-Platform-Secret",
                healthCheckPath: "/healthz",
            });
        });

        it("opens only 443 to CloudFront's prefix list (https-only origin; one 55-entry reference fits the 60-rule quota, two do not) and to the health checkers'", () => {
            expect(ingressOf(record)).to.deep.equal([
                `edge-health-checkers-https edge-health-checkers ${ROUTE53_PL} 443-443 tcp`,
                `edge-ingress-https edge-sg ${CLOUDFRONT_PL} 443-443 tcp`,
            ]);
            const cloudFrontRules = ofType(record, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
                (r) => r.inputs["prefixListId"] === CLOUDFRONT_PL,
            );
            expect(cloudFrontRules.map((r) => r.name)).to.deep.equal(["edge-ingress-https"]);
            expect(byName(record, "edge").inputs["securityGroups"]).to.deep.equal([
                record.outputs["securityGroupId"],
                record.outputs["healthCheckSecurityGroupId"],
            ]);
        });

        it("creates the same children as evaluation mode plus the HTTPS listener, with 443 for CloudFront and the health checkers", () => {
            expect(childrenOf(record, one(record, T, "edge"))).to.deep.equal(
                [
                    "aws:ec2/securityGroup:SecurityGroup edge-sg",
                    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule edge-ingress-https",
                    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule edge-egress-targets",
                    "aws:ec2/securityGroup:SecurityGroup edge-health-checkers",
                    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule edge-health-checkers-https",
                    "aws:lb/loadBalancer:LoadBalancer edge",
                    "aws:lb/targetGroup:TargetGroup edge-tg",
                    "aws:lb/listener:Listener edge-http",
                    "aws:lb/listener:Listener edge-https",
                    "aws:lb/listenerRule:ListenerRule edge-origin-verify",
                    "aws:lb/listenerRule:ListenerRule edge-health-check",
                ].sort(),
            );
        });

        it("forwards GET/HEAD of exactly the health-check path on the HTTPS listener; the HTTP listener only redirects", () => {
            const https = byName(record, "edge-https");
            const rule = byName(record, "edge-health-check");
            expect(rule.inputs["listenerArn"]).to.equal(https.outputs["arn"]);
            expect(rule.inputs["priority"]).to.equal(2);
            expect(byName(record, "edge-origin-verify").inputs["priority"]).to.equal(1);
            expect(rule.inputs["conditions"]).to.deep.equal([
                { pathPattern: { values: ["/healthz"] } },
                { httpRequestMethod: { values: ["GET", "HEAD"] } },
            ]);
            expect(rule.inputs["actions"]).to.deep.equal([{ type: "forward", targetGroupArn: byName(record, "edge-tg").outputs["arn"] }]);
            const http = byName(record, "edge-http");
            expect(
                ofType(record, "aws:lb/listenerRule:ListenerRule").filter((r) => r.inputs["listenerArn"] === http.outputs["arn"]),
            ).to.deep.equal([]);
            assertHeaderlessOnlyForHealthPath(record, "/healthz");
        });

        it("serves HTTPS with a TLS 1.3 policy, redirects HTTP, and checks the header on HTTPS", () => {
            const https = byName(record, "edge-https");
            expect([
                https.inputs["port"],
                https.inputs["protocol"],
                https.inputs["sslPolicy"],
                https.inputs["certificateArn"],
            ]).to.deep.equal([443, "HTTPS", TLS13_SSL_POLICY, CERT]);
            expect((https.inputs["defaultActions"] as any[])[0].fixedResponse.statusCode).to.equal("403");
            const http = byName(record, "edge-http");
            expect(http.inputs["defaultActions"]).to.deep.equal([
                { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
            ]);
            const rule = byName(record, "edge-origin-verify");
            expect(rule.inputs["listenerArn"]).to.equal(https.outputs["arn"]);
            expect(record.outputs["listenerArn"]).to.equal(https.outputs["arn"]);
            expect(record.outputs["originProtocol"]).to.equal("https");
            expect(byName(record, "edge").inputs["enableDeletionProtection"]).to.equal(false);
        });

        it("publishes the domain name as origin host name, and the configured header name and health-check path", () => {
            expect(record.outputs["originHostname"]).to.equal(DOMAIN);
            expect(record.outputs["originVerifyHeaderName"]).to.equal("X-Platform-Secret");
            expect(record.outputs["healthCheckPath"]).to.equal("/healthz");
        });
    });

    it("keeps the origin-verify value secret even when given as plain text", async () => {
        const record = await make({ originVerifySecret: SECRET });
        expect(record.secretValues).to.deep.equal([SECRET]);
        expect(JSON.stringify(maskSecrets(record.resources, record.secretValues))).not.to.contain(SECRET);
    });

    it("during a rotation accepts the current and the previous secret (a header condition matches any of its values), both kept secret", async () => {
        const PREVIOUS = "previous-origin-verify-secret-0123";
        const record = await make({ originVerifySecret: SECRET, originVerifyPreviousSecret: PREVIOUS });
        const rule = one(record, "aws:lb/listenerRule:ListenerRule", "edge-origin-verify");
        expect(rule.inputs["conditions"]).to.deep.equal([
            { httpHeader: { httpHeaderName: "X-Origin-Verify", values: [SECRET, PREVIOUS] } },
        ]);
        expect([...record.secretValues].sort()).to.deep.equal([PREVIOUS, SECRET].sort());
        // Without a previous secret the rule takes one value again: ending the rotation is one update.
        const after = await make({ originVerifySecret: SECRET });
        expect(one(after, "aws:lb/listenerRule:ListenerRule", "edge-origin-verify").inputs["conditions"]).to.deep.equal([
            { httpHeader: { httpHeaderName: "X-Origin-Verify", values: [SECRET] } },
        ]);
    });

    it("looks up the Route 53 health checkers' prefix list of its own region", async () => {
        expect(route53HealthChecksPrefixList("us-east-1")).to.equal("com.amazonaws.us-east-1.route53-healthchecks");
        const record = await evaluateWithProvider("us-east-1", (opts) => {
            new LoadBalancer("edge", { ...baseArgs, region: "us-east-1" }, opts);
        });
        expect(ingressOf(record)).to.deep.equal([
            "edge-health-checkers-http edge-health-checkers pl-57f20079 80-80 tcp",
            "edge-ingress-http edge-sg pl-3b927c52 80-80 tcp",
        ]);
    });

    it("cannot read another region's health-checker prefix list (the lookup runs in the provider's region)", async () => {
        let error: unknown;
        try {
            await make({ region: "us-east-1" });
        } catch (err) {
            error = err;
        }
        expect(String(error)).to.contain('no managed prefix list named "com.amazonaws.us-east-1.route53-healthchecks" in eu-west-1');
    });

    it("two instances in one program do not collide", async () => {
        const record = await evaluateWithProvider("eu-west-1", (opts) => {
            new LoadBalancer("one", baseArgs, opts);
            new LoadBalancer("two", baseArgs, opts);
        });
        expectUniqueUrns(record);
        expect(
            ofType(record, "aws:lb/loadBalancer:LoadBalancer")
                .map((r) => r.name)
                .sort(),
        ).to.deep.equal(["one", "two"]);
    });

    describe("validation", () => {
        /** The message of a health-check path the shared field refuses. */
        const badPath = (path: string) =>
            `healthCheckPath: expected an absolute URL path such as /health, at most 128 characters from A-Z a-z 0-9 _ - . / ~ @ : + (no * or ?: the ALB lets this one path through for health checkers; no quotes or $: it is quoted in the container's shell health check), got ${JSON.stringify(path)}`;
        const cases: [string, Partial<LoadBalancerArgs>, string][] = [
            [
                "fewer than 2 subnets",
                { network: { ...baseArgs.network, publicSubnetIds: ["subnet-a"] } },
                "network.publicSubnetIds: expected at least 2 subnets (one per availability zone), got 1",
            ],
            [
                "interval below 5",
                { healthCheckIntervalSeconds: 4, healthCheckTimeoutSeconds: 2 },
                "healthCheckIntervalSeconds: expected a number >= 5, got 4",
            ],
            ["interval above 300", { healthCheckIntervalSeconds: 301 }, "healthCheckIntervalSeconds: expected a number <= 300, got 301"],
            ["a fractional interval", { healthCheckIntervalSeconds: 7.5 }, "healthCheckIntervalSeconds: expected an integer, got 7.5"],
            ["timeout out of range", { healthCheckTimeoutSeconds: 1 }, "healthCheckTimeoutSeconds: expected a number >= 2, got 1"],
            [
                "timeout not below interval",
                { healthCheckIntervalSeconds: 10, healthCheckTimeoutSeconds: 10 },
                "healthCheckTimeoutSeconds: expected less than healthCheckIntervalSeconds (10), got 10",
            ],
            ["healthy threshold", { healthyThreshold: 11 }, "healthyThreshold: expected a number <= 10, got 11"],
            ["unhealthy threshold", { unhealthyThreshold: 1 }, "unhealthyThreshold: expected a number >= 2, got 1"],
            [
                "a matcher that is not HTTP codes",
                { healthCheckMatcher: "2xx" },
                'healthCheckMatcher: expected HTTP codes such as 200 or 200-399 or 200,302, got "2xx"',
            ],
            ["container port", { containerPort: 70000 }, "containerPort: expected a number <= 65535, got 70000"],
            // Unified with the service tier: the tasks run as a non-root user, which cannot bind a privileged port.
            ["a privileged container port", { containerPort: 80 }, "containerPort: expected a number >= 1024, got 80"],
            ["health-check path", { healthCheckPath: "health" }, badPath("health")],
            ["a wildcard in the health-check path", { healthCheckPath: "/health*" }, badPath("/health*")],
            ["a query in the health-check path", { healthCheckPath: "/health?deep=1" }, badPath("/health?deep=1")],
            ["a health-check path over 128 characters", { healthCheckPath: `/${"a".repeat(128)}` }, badPath(`/${"a".repeat(128)}`)],
            ...["/x'y", '/x"y', "/$HOME"].map((path): [string, Partial<LoadBalancerArgs>, string] => [
                `a quote or $ in the health-check path (${path})`,
                { healthCheckPath: path },
                badPath(path),
            ]),
            ["a malformed region", { region: "Europe" }, 'region: expected a known AWS region such as us-east-1, got "Europe"'],
            ["an unknown region", { region: "eu-north-9" }, 'region: expected a known AWS region such as us-east-1, got "eu-north-9"'],
            [
                "deregistration delay",
                { deregistrationDelaySeconds: 3601 },
                "deregistrationDelaySeconds: expected a number <= 3600, got 3601",
            ],
            ["idle timeout", { idleTimeoutSeconds: 0 }, "idleTimeoutSeconds: expected a number >= 1, got 0"],
            [
                "Host as the header name (ALB matches it only with a host-header condition)",
                { originVerifyHeaderName: "Host" },
                `originVerifyHeaderName: expected a header name of at most 40 characters from A-Z a-z 0-9 and - that ALB header conditions can match and CloudFront may add (not Host, Via, Cookie, Connection, X-Amz-*, X-Edge-*, ...), got "Host"`,
            ],
            [
                "header name",
                { originVerifyHeaderName: "X Origin" },
                'originVerifyHeaderName: expected a header name of at most 40 characters from A-Z a-z 0-9 and - that ALB header conditions can match and CloudFront may add (not Host, Via, Cookie, Connection, X-Amz-*, X-Edge-*, ...), got "X Origin"',
            ],
            [
                "a domain name that is not a lower-case DNS name",
                { domain: { domainName: "Origin.Example.com", certificateArn: CERT } },
                'domain.domainName: expected a lower-case DNS name, got "Origin.Example.com"',
            ],
            [
                "a certificate that is not an ACM certificate ARN",
                { domain: { domainName: DOMAIN, certificateArn: "arn:aws:iam::123456789012:server-certificate/x" } },
                'domain.certificateArn: expected an ACM certificate ARN, got "arn:aws:iam::123456789012:server-certificate/x"',
            ],
            [
                "log prefix",
                { accessLogs: { logBucketName: "logs-bucket", albLogPrefix: "alb/" } },
                'accessLogs.albLogPrefix: expected no leading or trailing slash, got "alb/"',
            ],
        ];
        for (const [label, overrides, message] of cases) {
            it(`refuses ${label}`, () => {
                expectArgsError(() => new LoadBalancer("bad", { ...baseArgs, ...overrides }), [message]);
            });
        }

        it("reports every problem at once", () => {
            expectArgsError(
                () =>
                    new LoadBalancer("bad", {
                        ...baseArgs,
                        region: "Europe",
                        network: { ...baseArgs.network, publicSubnetIds: [] },
                        unhealthyThreshold: 0,
                    }),
                [
                    "unhealthyThreshold: expected a number >= 2, got 0",
                    'region: expected a known AWS region such as us-east-1, got "Europe"',
                    "network.publicSubnetIds: expected at least 2 subnets (one per availability zone), got 0",
                ],
            );
        });
    });
});
