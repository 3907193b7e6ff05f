import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { LoadBalancer, LoadBalancerArgs, MISSING_ORIGIN_VERIFY_MESSAGE, TLS13_SSL_POLICY } from "../../../components/load-balancing";
import { ComponentArgsError } from "../../../components/shared/validation";
import { evaluateStack, maskSecrets, ResourceRecord, StackRecord } from "../../../simulation/evaluate";

const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-1111-2222-3333-444455556666";
const SECRET = "0123456789abcdef0123456789abcdef";

const baseArgs: LoadBalancerArgs = {
    vpcId: "vpc-0123456789abcdef0",
    vpcCidrBlock: "10.1.0.0/16",
    publicSubnetIds: ["subnet-a", "subnet-b", "subnet-c"],
    accessLogBucketName: "logs-bucket",
    accessLogPrefix: "alb",
    originVerifySecret: pulumi.secret(SECRET),
};

function run(build: (opts: pulumi.ComponentResourceOptions) => Record<string, unknown>): Promise<StackRecord> {
    return evaluateStack({
        project: "platform",
        stack: "test",
        config: {},
        program: async () => {
            const provider = new aws.Provider("aws", { region: "eu-west-1" });
            return build({ providers: { aws: provider } });
        },
    });
}

const make = (overrides: Partial<LoadBalancerArgs> = {}, name = "edge") =>
    run((opts) => {
        const lb = new LoadBalancer(name, { ...baseArgs, ...overrides }, opts);
        return {
            albArnSuffix: lb.albArnSuffix,
            albDnsName: lb.albDnsName,
            albZoneId: lb.albZoneId,
            targetGroupArnSuffix: lb.targetGroupArnSuffix,
            listenerArn: lb.listenerArn,
            originProtocol: lb.originProtocol,
            securityGroupId: lb.securityGroupId,
        };
    });

const byName = (record: StackRecord, name: string): ResourceRecord => {
    const found = record.resources.filter((r) => r.custom && r.name === name);
    expect(found, name).to.have.length(1);
    return found[0]!;
};
const ofType = (record: StackRecord, type: string) => record.resources.filter((r) => r.type === type);

describe("components/load-balancing/LoadBalancer", () => {
    describe("evaluation mode (no certificate)", () => {
        let record: StackRecord;
        before(async () => {
            record = await make();
        });

        it("creates exactly the expected children, all parented to the component", () => {
            const components = ofType(record, "platform:load-balancing:LoadBalancer");
            expect(components.map((r) => r.name)).to.deep.equal(["edge"]);
            const children = record.resources.filter((r) => r.parent === components[0]!.urn);
            expect(children.map((r) => `${r.type} ${r.name}`).sort()).to.deep.equal(
                [
                    "aws:ec2/securityGroup:SecurityGroup edge-sg",
                    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule edge-ingress-http",
                    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule edge-egress-targets",
                    "aws:lb/loadBalancer:LoadBalancer edge",
                    "aws:lb/targetGroup:TargetGroup edge-tg",
                    "aws:lb/listener:Listener edge-http",
                    "aws:lb/listenerRule:ListenerRule edge-origin-verify",
                ].sort(),
            );
        });

        it("admits only CloudFront's origin-facing prefix list on port 80 and sends only to the VPC on the container port", () => {
            const ingress = ofType(record, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
            expect(ingress.map((r) => [r.inputs["prefixListId"], r.inputs["fromPort"], r.inputs["toPort"], r.inputs["ipProtocol"], r.inputs["cidrIpv4"]])).to.deep.equal([
                ["pl-4fa04526", 80, 80, "tcp", undefined],
            ]);
            const egress = ofType(record, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
            expect(egress.map((r) => [r.inputs["cidrIpv4"], r.inputs["fromPort"], r.inputs["toPort"], r.inputs["ipProtocol"]])).to.deep.equal([
                ["10.1.0.0/16", 8080, 8080, "tcp"],
            ]);
            const sg = byName(record, "edge-sg");
            for (const rule of [...ingress, ...egress]) {
                expect(rule.inputs["securityGroupId"]).to.match(/^sg-/);
                expect(rule.propertyDependencies["securityGroupId"]).to.deep.equal([sg.urn]);
            }
            expect(sg.inputs["ingress"]).to.equal(undefined);
            expect(sg.inputs["egress"]).to.equal(undefined);
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
            expect(alb.inputs["securityGroups"]).to.have.length(1);
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
                { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "403", messageBody: MISSING_ORIGIN_VERIFY_MESSAGE } },
            ]);
            const rule = byName(record, "edge-origin-verify");
            expect(rule.inputs["listenerArn"]).to.equal(http.outputs["arn"]);
            expect(rule.inputs["priority"]).to.equal(1);
            // Records hold plain values, as policies see them; the secret is listed for masking.
            expect(rule.inputs["conditions"]).to.deep.equal([{ httpHeader: { httpHeaderName: "X-Origin-Verify", values: [record.secretValues[0]] } }]);
            expect(record.secretValues).to.have.length(1);
            expect(rule.inputs["actions"]).to.deep.equal([{ type: "forward", targetGroupArn: byName(record, "edge-tg").outputs["arn"] }]);
        });

        it("exports the ALB's identifiers and the http origin protocol", () => {
            const alb = byName(record, "edge");
            expect(record.outputs["albArnSuffix"]).to.equal(alb.outputs["arnSuffix"]).and.match(/^app\//);
            expect(record.outputs["albDnsName"]).to.equal(alb.outputs["dnsName"]).and.match(/\.eu-west-1\.elb\.amazonaws\.com$/);
            expect(record.outputs["albZoneId"]).to.equal("Z32O12XQLNTSW2");
            expect(record.outputs["targetGroupArnSuffix"]).to.match(/^targetgroup\//);
            expect(record.outputs["listenerArn"]).to.equal(byName(record, "edge-http").outputs["arn"]);
            expect(record.outputs["originProtocol"]).to.equal("http");
        });
    });

    describe("domain mode (certificate given)", () => {
        let record: StackRecord;
        before(async () => {
            record = await make({ certificateArn: CERT, deletionProtection: false, originVerifyHeaderName: "X-Edge-Secret" });
        });

        it("opens 80 and 443 to the prefix list only", () => {
            const ingress = ofType(record, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
            expect(ingress.map((r) => `${r.name} ${r.inputs["prefixListId"]} ${r.inputs["fromPort"]}-${r.inputs["toPort"]}`).sort()).to.deep.equal([
                "edge-ingress-http pl-4fa04526 80-80",
                "edge-ingress-https pl-4fa04526 443-443",
            ]);
        });

        it("serves HTTPS with a TLS 1.3 policy, redirects HTTP, and checks the header on HTTPS", () => {
            const https = byName(record, "edge-https");
            expect([https.inputs["port"], https.inputs["protocol"], https.inputs["sslPolicy"], https.inputs["certificateArn"]]).to.deep.equal([
                443,
                "HTTPS",
                TLS13_SSL_POLICY,
                CERT,
            ]);
            expect((https.inputs["defaultActions"] as any[])[0].fixedResponse.statusCode).to.equal("403");
            const http = byName(record, "edge-http");
            expect(http.inputs["defaultActions"]).to.deep.equal([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
            const rule = byName(record, "edge-origin-verify");
            expect(rule.inputs["listenerArn"]).to.equal(https.outputs["arn"]);
            expect(record.outputs["listenerArn"]).to.equal(https.outputs["arn"]);
            expect(record.outputs["originProtocol"]).to.equal("https");
            expect(byName(record, "edge").inputs["enableDeletionProtection"]).to.equal(false);
        });
    });

    it("keeps the origin-verify value secret even when given as plain text", async () => {
        const record = await make({ originVerifySecret: SECRET });
        expect(record.secretValues).to.deep.equal([SECRET]);
        expect(JSON.stringify(maskSecrets(record.resources, record.secretValues))).not.to.contain(SECRET);
    });

    it("two instances in one program do not collide", async () => {
        const record = await run((opts) => {
            new LoadBalancer("one", baseArgs, opts);
            new LoadBalancer("two", baseArgs, opts);
            return {};
        });
        const urns = record.resources.map((r) => r.urn);
        expect(new Set(urns).size).to.equal(urns.length);
        expect(ofType(record, "aws:lb/loadBalancer:LoadBalancer").map((r) => r.name).sort()).to.deep.equal(["one", "two"]);
    });

    describe("validation", () => {
        const cases: [string, Partial<LoadBalancerArgs>, string][] = [
            ["fewer than 2 subnets", { publicSubnetIds: ["subnet-a"] }, "publicSubnetIds: expected at least 2 subnets (one per availability zone), got 1"],
            ["interval below 5", { healthCheckIntervalSeconds: 4, healthCheckTimeoutSeconds: 2 }, "healthCheckIntervalSeconds: expected an integer from 5 to 300, got 4"],
            ["interval above 300", { healthCheckIntervalSeconds: 301 }, "healthCheckIntervalSeconds: expected an integer from 5 to 300, got 301"],
            ["timeout out of range", { healthCheckTimeoutSeconds: 1 }, "healthCheckTimeoutSeconds: expected an integer from 2 to 120, got 1"],
            ["timeout not below interval", { healthCheckIntervalSeconds: 10, healthCheckTimeoutSeconds: 10 }, "healthCheckTimeoutSeconds: expected less than healthCheckIntervalSeconds (10), got 10"],
            ["healthy threshold", { healthyThreshold: 11 }, "healthyThreshold: expected an integer from 2 to 10, got 11"],
            ["unhealthy threshold", { unhealthyThreshold: 1 }, "unhealthyThreshold: expected an integer from 2 to 10, got 1"],
            ["container port", { containerPort: 70000 }, "containerPort: expected an integer from 1 to 65535, got 70000"],
            ["health-check path", { healthCheckPath: "health" }, 'healthCheckPath: expected an absolute URL path such as /health, got "health"'],
            ["deregistration delay", { deregistrationDelaySeconds: 3601 }, "deregistrationDelaySeconds: expected an integer from 0 to 3600, got 3601"],
            ["idle timeout", { idleTimeoutSeconds: 0 }, "idleTimeoutSeconds: expected an integer from 1 to 4000, got 0"],
            ["header name", { originVerifyHeaderName: "X Origin" }, 'originVerifyHeaderName: expected an HTTP header name, got "X Origin"'],
            ["log prefix", { accessLogPrefix: "alb/" }, 'accessLogPrefix: expected no leading or trailing slash, got "alb/"'],
        ];
        for (const [label, overrides, message] of cases) {
            it(`refuses ${label}`, () => {
                let error: unknown;
                try {
                    new LoadBalancer("bad", { ...baseArgs, ...overrides });
                } catch (err) {
                    error = err;
                }
                expect(error).to.be.instanceOf(ComponentArgsError);
                expect((error as ComponentArgsError).problems).to.deep.equal([message]);
            });
        }

        it("reports every problem at once", () => {
            expect(() => new LoadBalancer("bad", { ...baseArgs, publicSubnetIds: [], unhealthyThreshold: 0 })).to.throw(
                ComponentArgsError,
                /publicSubnetIds: .*\n.*unhealthyThreshold: /,
            );
        });
    });
});
