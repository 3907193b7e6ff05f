import { expect } from "chai";
import {
    ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
    CACHING_DISABLED_POLICY_ID,
    EdgeDistribution,
    type EdgeDistributionArgs,
    type EdgeOrigin,
    type EdgeWriteOrigin,
} from "../../../components/edge";
import { argsErrorOf, evaluateInRegions, expectUniqueUrns, type Registered } from "../../support/components";

const T = EdgeDistribution.__pulumiType;
const DIST = "aws:cloudfront/distribution:Distribution";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const WAF = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/abc";
const origin = (key: string): EdgeOrigin => ({
    key,
    domainName: `alb-${key}.${key}.elb.amazonaws.com`,
    verifyHeaderName: "X-Origin-Verify",
    verifyHeaderValue: `secret-${key}`,
});
const base: EdgeDistributionArgs = { origins: [origin("us-east-1"), origin("eu-west-1")], webAclArn: WAF, logKeyArn: KEY };
const DOMAIN = { domainName: "app.example.com", hostedZoneId: "Z0123456789ABC" };
const WRITE_FAILOVER: EdgeWriteOrigin = {
    domainName: "origin.app.example.com",
    verifyHeaderName: "X-Origin-Verify",
    verifyHeaderValue: "shared-secret",
};

function build(args: Partial<EdgeDistributionArgs> = {}, name = "edge") {
    return evaluateInRegions((p) => {
        const edge = new EdgeDistribution(name, { ...base, ...args }, { providers: { aws: p["us-east-1"]! } });
        return {
            id: edge.distributionId,
            writeOriginId: edge.writeOriginId,
            writePathPatterns: edge.writePathPatterns,
            logGroupName: edge.logGroupName,
        };
    });
}

/** The read-only default behaviour, the same in every mode: the origin group, GET/HEAD/OPTIONS. */
const READ_BEHAVIOUR = {
    targetOriginId: "regional-failover",
    viewerProtocolPolicy: "redirect-to-https",
    allowedMethods: ["GET", "HEAD", "OPTIONS"],
    cachedMethods: ["GET", "HEAD"],
    cachePolicyId: CACHING_DISABLED_POLICY_ID,
    originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
    compress: false,
};
/** One write-path behaviour: all seven methods, uncached, to a single origin. */
const writeBehaviour = (pathPattern: string, targetOriginId: string) => ({
    pathPattern,
    targetOriginId,
    viewerProtocolPolicy: "https-only",
    allowedMethods: ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
    cachedMethods: ["GET", "HEAD"],
    cachePolicyId: CACHING_DISABLED_POLICY_ID,
    originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
    compress: false,
});

describe("components/edge/EdgeDistribution", () => {
    describe("evaluation mode (defaults)", () => {
        let r: Registered;
        let d: any;
        before(async () => {
            r = await build();
            d = r.one(DIST, "edge").inputs;
        });

        it("registers exactly the distribution and its v2 access-log delivery, parented to the component", () => {
            expect(r.childrenOf(r.one(T, "edge").urn)).to.deep.equal([
                "aws:cloudfront/distribution:Distribution edge",
                "aws:cloudwatch/logDelivery:LogDelivery edge-access-logs",
                "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination edge-access-logs",
                "aws:cloudwatch/logDeliverySource:LogDeliverySource edge-access-logs",
                "aws:cloudwatch/logGroup:LogGroup edge-access-logs",
            ]);
        });

        it("has one origin per region over HTTP with the short connection timeout, one attempt and the origin-verify header", () => {
            expect(d.origins.map((o: any) => [o.originId, o.domainName])).to.deep.equal([
                ["origin-us-east-1", "alb-us-east-1.us-east-1.elb.amazonaws.com"],
                ["origin-eu-west-1", "alb-eu-west-1.eu-west-1.elb.amazonaws.com"],
            ]);
            for (const o of d.origins) {
                expect(o.connectionTimeout).to.equal(3);
                expect(o.connectionAttempts).to.equal(1);
                expect(o.customOriginConfig).to.deep.equal({
                    httpPort: 80,
                    httpsPort: 443,
                    originProtocolPolicy: "http-only",
                    originSslProtocols: ["TLSv1.2"],
                    originReadTimeout: 30,
                });
            }
            expect(d.origins.map((o: any) => o.customHeaders)).to.deep.equal([
                [{ name: "X-Origin-Verify", value: "secret-us-east-1" }],
                [{ name: "X-Origin-Verify", value: "secret-eu-west-1" }],
            ]);
        });

        it("fails over from the first origin to the second on 5xx", () => {
            expect(d.originGroups).to.deep.equal([
                {
                    originId: "regional-failover",
                    failoverCriteria: { statusCodes: [500, 502, 503, 504] },
                    members: [{ originId: "origin-us-east-1" }, { originId: "origin-eu-west-1" }],
                },
            ]);
        });

        it("serves reads from the origin group: GET, HEAD and OPTIONS only (CloudFront refuses writes on an origin-group behaviour), uncached, all but Host forwarded", () => {
            expect(d.defaultCacheBehavior).to.deep.equal(READ_BEHAVIOUR);
            expect(CACHING_DISABLED_POLICY_ID).to.equal("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
            expect(ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID).to.equal("b689b0a8-53d0-40ab-baf2-68738e2966ac");
        });

        it("sends the write path /api/* (all seven methods) to the first origin, the active region, never to the origin group", async () => {
            expect(d.orderedCacheBehaviors).to.deep.equal([writeBehaviour("/api/*", "origin-us-east-1")]);
            expect(d.origins.map((o: any) => o.originId)).to.deep.equal(["origin-us-east-1", "origin-eu-west-1"]);
            expect(r.record.outputs["writeOriginId"]).to.equal("origin-us-east-1");
            expect(r.record.outputs["writePathPatterns"]).to.deep.equal(["/api/*"]);
        });

        it("keeps no behaviour that both targets the origin group and allows a method other than GET, HEAD or OPTIONS", () => {
            const groupIds = d.originGroups.map((g: any) => g.originId);
            const behaviours = [d.defaultCacheBehavior, ...d.orderedCacheBehaviors];
            const offending = behaviours.filter(
                (b: any) =>
                    groupIds.includes(b.targetOriginId) && b.allowedMethods.some((m: string) => !["GET", "HEAD", "OPTIONS"].includes(m)),
            );
            expect(offending).to.deep.equal([]);
        });

        it("uses HTTP/2 and 3, IPv6, the price class, the WAF and CloudFront's certificate, without a root object or aliases", () => {
            expect(d.httpVersion).to.equal("http2and3");
            expect(d.isIpv6Enabled).to.equal(true);
            expect(d.priceClass).to.equal("PriceClass_100");
            expect(d.webAclId).to.equal(WAF);
            expect(d.viewerCertificate).to.deep.equal({ cloudfrontDefaultCertificate: true });
            expect(d).to.not.have.property("defaultRootObject");
            expect(d).to.not.have.property("aliases");
            expect(r.ofType("aws:acm/certificate:Certificate")).to.deep.equal([]);
            expect(r.ofType("aws:route53/record:Record")).to.deep.equal([]);
        });

        it("names the access-log group under /aws/vendedlogs/ (one prefix-wide log resource policy)", () => {
            const group = r.one("aws:cloudwatch/logGroup:LogGroup", "edge-access-logs");
            expect(group.inputs["namePrefix"]).to.equal("/aws/vendedlogs/cloudfront/edge-access-logs-");
            expect(group.inputs).to.not.have.property("name");
            expect(String(r.record.outputs["logGroupName"])).to.match(/^\/aws\/vendedlogs\/cloudfront\/edge-access-logs-[0-9a-f]{26}$/);
        });

        it("delivers access logs (v2) from the distribution to a KMS-encrypted log group", () => {
            const dist = r.one(DIST, "edge");
            const group = r.one("aws:cloudwatch/logGroup:LogGroup", "edge-access-logs");
            const source = r.one("aws:cloudwatch/logDeliverySource:LogDeliverySource", "edge-access-logs");
            const destination = r.one("aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", "edge-access-logs");
            const delivery = r.one("aws:cloudwatch/logDelivery:LogDelivery", "edge-access-logs");
            expect(group.inputs).to.include({ kmsKeyId: KEY, retentionInDays: 90 });
            expect(source.inputs).to.include({ logType: "ACCESS_LOGS", resourceArn: dist.outputs["arn"] });
            expect(destination.inputs["deliveryDestinationConfiguration"]).to.deep.equal({ destinationResourceArn: group.outputs["arn"] });
            expect(delivery.inputs).to.include({
                deliverySourceName: source.outputs["name"],
                deliveryDestinationArn: destination.outputs["arn"],
            });
            for (const x of [dist, group, source, destination, delivery]) expect(r.inRegion(x, "us-east-1"), x.type).to.equal(true);
        });
    });

    describe("domain mode", () => {
        let r: Registered;
        before(async () => {
            r = await build({ domain: DOMAIN, writeFailoverOrigin: WRITE_FAILOVER });
        });

        it("adds a DNS-validated ACM certificate, its validation record and the validation", () => {
            expect(r.childrenOf(r.one(T, "edge").urn)).to.deep.equal([
                "aws:acm/certificate:Certificate edge-certificate",
                "aws:acm/certificateValidation:CertificateValidation edge-certificate",
                "aws:cloudfront/distribution:Distribution edge",
                "aws:cloudwatch/logDelivery:LogDelivery edge-access-logs",
                "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination edge-access-logs",
                "aws:cloudwatch/logDeliverySource:LogDeliverySource edge-access-logs",
                "aws:cloudwatch/logGroup:LogGroup edge-access-logs",
                "aws:route53/record:Record edge-certificate-validation",
            ]);
            const cert = r.one("aws:acm/certificate:Certificate", "edge-certificate");
            expect(cert.inputs).to.include({ domainName: "app.example.com", validationMethod: "DNS" });
            expect(r.inRegion(cert, "us-east-1")).to.equal(true);
            const option = (cert.outputs["domainValidationOptions"] as any[])[0];
            const record = r.one("aws:route53/record:Record", "edge-certificate-validation").inputs;
            expect(record).to.deep.include({
                zoneId: "Z0123456789ABC",
                name: option.resourceRecordName,
                type: "CNAME",
                records: [option.resourceRecordValue],
                ttl: 60,
            });
            const validation = r.one("aws:acm/certificateValidation:CertificateValidation", "edge-certificate").inputs;
            expect(validation["certificateArn"]).to.equal(cert.outputs["arn"]);
        });

        it("serves the domain with the certificate over SNI and TLS 1.2 (2021), and reaches every origin over HTTPS", () => {
            const d = r.one(DIST, "edge").inputs as any;
            const cert = r.one("aws:acm/certificate:Certificate", "edge-certificate");
            expect(d.aliases).to.deep.equal(["app.example.com"]);
            expect(d.viewerCertificate).to.deep.equal({
                acmCertificateArn: cert.outputs["arn"],
                sslSupportMethod: "sni-only",
                minimumProtocolVersion: "TLSv1.2_2021",
            });
            expect(d.origins.map((o: any) => o.customOriginConfig.originProtocolPolicy)).to.deep.equal([
                "https-only",
                "https-only",
                "https-only",
            ]);
        });

        it("adds a write origin on the health-checked failover name, with the shared origin-verify header, outside the origin group", async () => {
            const d = r.one(DIST, "edge").inputs as any;
            expect(d.origins[2]).to.deep.equal({
                originId: "write-failover",
                domainName: "origin.app.example.com",
                connectionTimeout: 3,
                connectionAttempts: 1,
                customOriginConfig: {
                    httpPort: 80,
                    httpsPort: 443,
                    originProtocolPolicy: "https-only",
                    originSslProtocols: ["TLSv1.2"],
                    originReadTimeout: 30,
                },
                customHeaders: [{ name: "X-Origin-Verify", value: "shared-secret" }],
            });
            expect(d.originGroups[0].members).to.deep.equal([{ originId: "origin-us-east-1" }, { originId: "origin-eu-west-1" }]);
            expect(r.record.outputs["writeOriginId"]).to.equal("write-failover");
        });

        it("reads still fail over through the origin group; the write path goes to the failover name (Route 53 moves it)", () => {
            const d = r.one(DIST, "edge").inputs as any;
            expect(d.defaultCacheBehavior).to.deep.equal(READ_BEHAVIOUR);
            expect(d.orderedCacheBehaviors).to.deep.equal([writeBehaviour("/api/*", "write-failover")]);
        });

        it("without a write origin, sends writes to the active region's origin as in evaluation mode", async () => {
            const plain = await build({ domain: DOMAIN });
            const d = plain.one(DIST, "edge").inputs as any;
            expect(d.origins.map((o: any) => o.originId)).to.deep.equal(["origin-us-east-1", "origin-eu-west-1"]);
            expect(d.orderedCacheBehaviors).to.deep.equal([writeBehaviour("/api/*", "origin-us-east-1")]);
        });
    });

    it("follows the origin order: with eu-west-1 first, eu-west-1 is the group's primary and takes the writes", async () => {
        const r = await build({ origins: [origin("eu-west-1"), origin("us-east-1")] });
        const d = r.one(DIST, "edge").inputs as any;
        expect(d.originGroups[0].members).to.deep.equal([{ originId: "origin-eu-west-1" }, { originId: "origin-us-east-1" }]);
        expect(d.orderedCacheBehaviors).to.deep.equal([writeBehaviour("/api/*", "origin-eu-west-1")]);
    });

    it("creates one write behaviour per configured pattern, in the given order", async () => {
        const r = await build({ writePathPatterns: ["/api/*", "/v2/orders/*", "upload?"] });
        const d = r.one(DIST, "edge").inputs as any;
        expect(d.orderedCacheBehaviors).to.deep.equal([
            writeBehaviour("/api/*", "origin-us-east-1"),
            writeBehaviour("/v2/orders/*", "origin-us-east-1"),
            writeBehaviour("upload?", "origin-us-east-1"),
        ]);
        expect(d.defaultCacheBehavior).to.deep.equal(READ_BEHAVIOUR);
    });

    it("takes timeouts, attempts and price class from its arguments, and groups only the first two of three origins", async () => {
        const r = await build({
            origins: [origin("eu-west-1"), origin("us-east-1"), origin("us-west-2")],
            originConnectionTimeoutSeconds: 5,
            originConnectionAttempts: 2,
            originReadTimeoutSeconds: 10,
            priceClass: "PriceClass_All",
        });
        const d = r.one(DIST, "edge").inputs as any;
        expect(
            d.origins.map((o: any) => [o.originId, o.connectionTimeout, o.connectionAttempts, o.customOriginConfig.originReadTimeout]),
        ).to.deep.equal([
            ["origin-eu-west-1", 5, 2, 10],
            ["origin-us-east-1", 5, 2, 10],
            ["origin-us-west-2", 5, 2, 10],
        ]);
        expect(d.originGroups[0].members).to.deep.equal([{ originId: "origin-eu-west-1" }, { originId: "origin-us-east-1" }]);
        expect(d.priceClass).to.equal("PriceClass_All");
    });

    it("lets two instances live in one program without colliding", async () => {
        const r = await evaluateInRegions((p) => {
            new EdgeDistribution("a", base, { providers: { aws: p["us-east-1"]! } });
            new EdgeDistribution("b", base, { providers: { aws: p["us-east-1"]! } });
        });
        expectUniqueUrns(r.record);
        expect(
            r
                .ofType(DIST)
                .map((x) => x.name)
                .sort(),
        ).to.deep.equal(["a", "b"]);
    });

    describe("validation", () => {
        const cases: [string, Partial<EdgeDistributionArgs>, string][] = [
            [
                "fewer than 2 origins",
                { origins: [origin("us-east-1")] },
                'origins: expected at least 2 origins (failover needs a second), got 1 (["us-east-1"])',
            ],
            [
                "duplicate origin keys",
                { origins: [origin("us-east-1"), origin("us-east-1")] },
                'origins: expected distinct keys, got ["us-east-1","us-east-1"]',
            ],
            [
                "origin keys that cannot be ids",
                { origins: [origin("us-east-1"), origin("EU West")] },
                'origins: expected keys of lower-case letters, digits and dashes, got ["us-east-1","EU West"]',
            ],
            [
                "a connection timeout out of 1-10",
                { originConnectionTimeoutSeconds: 11 },
                "originConnectionTimeoutSeconds: expected a number <= 10, got 11",
            ],
            ["connection attempts out of 1-3", { originConnectionAttempts: 0 }, "originConnectionAttempts: expected a number >= 1, got 0"],
            ["a read timeout out of 1-60", { originReadTimeoutSeconds: 61 }, "originReadTimeoutSeconds: expected a number <= 60, got 61"],
            [
                "a bad log retention",
                { logRetentionDays: -1 },
                "logRetentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got -1",
            ],
            [
                "no write path pattern",
                { writePathPatterns: [] },
                "writePathPatterns: expected 1 to 25 path patterns (one cache behaviour each), got []",
            ],
            [
                "more than 25 write path patterns",
                { writePathPatterns: Array.from({ length: 26 }, (_, i) => `/w${i}`) },
                `writePathPatterns: expected 1 to 25 path patterns (one cache behaviour each), got ${JSON.stringify(Array.from({ length: 26 }, (_, i) => `/w${i}`))}`,
            ],
            [
                "a write path pattern CloudFront refuses",
                { writePathPatterns: ["/api/*", "/a b", `/${"x".repeat(255)}`] },
                `writePathPatterns: expected CloudFront path patterns: 1-255 characters from A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & and the wildcards * ?, got ["/a b","/${"x".repeat(255)}"]`,
            ],
            [
                "a write path pattern that matches every path",
                { writePathPatterns: ["/*"] },
                'writePathPatterns: expected patterns narrower than every path (the default behaviour serves reads, with origin failover), got ["/*"]',
            ],
            [
                "the same write path pattern twice (with and without the leading /)",
                { writePathPatterns: ["/api/*", "api/*"] },
                'writePathPatterns: expected distinct patterns (a leading / makes no difference to CloudFront), got ["/api/*","api/*"]',
            ],
            [
                "a write failover origin without a domain",
                { writeFailoverOrigin: WRITE_FAILOVER },
                "writeFailoverOrigin: expected only with domain (the failover name is a record of the hosted zone, reached over HTTPS), got a write origin without domain",
            ],
        ];
        for (const [title, args, message] of cases) {
            it(`refuses ${title}`, async () => {
                const { problems } = await argsErrorOf(() => new EdgeDistribution("edge", { ...base, ...args }));
                expect(problems).to.deep.equal([message]);
            });
        }
    });
});
