import { expect } from "chai";
import { evaluatePolicies } from "../../policy-pack/offline/evaluate";
import { EvaluationError, evaluateStack, type ResourceRecord, type StackRecord } from "../../simulation/evaluate";
import { evaluateProjectStack, ORGANIZATION, PROJECT } from "../../simulation/project";
import { loadStackConfig } from "../../stacks/config/load";
import { ConfigError } from "../../stacks/config/schema";
import type { RegionalContract } from "../../stacks/contract";
import { runStackProgram } from "../../stacks/program";
import { resolveRegionalStacks } from "../../stacks/regionalReader";
import { REGIONAL_CONTRACT_KEYS } from "../../stacks/contract";
import * as pulumi from "@pulumi/pulumi";
import { defaultContracts, regionalContract, stackOutputsOf } from "../support/regionalContract";
import { configWith, ofType } from "../support/stacks";

const DOMAIN = { hostedZoneId: "Z0123456789ABC", domainName: "app.example.com" };
const US_EU = ["organization/platform/us-east-1", "organization/platform/eu-west-1"];
const DIST = "aws:cloudfront/distribution:Distribution";
const REC = "aws:route53/record:Record";
const CFG = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
/** Domain mode: the regions share one origin-verify secret (the write origin reaches either). */
const SHARED_SECRET = "shared-origin-verify-secret-0123456789";
const sharingSecret = (contracts: Record<string, RegionalContract>): Record<string, RegionalContract> =>
    Object.fromEntries(Object.entries(contracts).map(([stack, c]) => [stack, { ...c, originVerifySecret: SHARED_SECRET }]));
/** [pathPattern, targetOriginId, allowedMethods] of every behaviour, the default one first (pattern "*"). */
const behaviours = (d: any) => [
    ["*", d.defaultCacheBehavior.targetOriginId, d.defaultCacheBehavior.allowedMethods],
    ...(d.orderedCacheBehaviors ?? []).map((b: any) => [b.pathPattern, b.targetOriginId, b.allowedMethods]),
];

function evaluateGlobal(
    overrides: Record<string, unknown> = {},
    contracts: Record<string, RegionalContract> = defaultContracts(),
): Promise<StackRecord> {
    return evaluateProjectStack("global", configWith("global", overrides), stackOutputsOf(contracts));
}

/** Evaluates the global stack expecting it to refuse its configuration or topology. */
async function refusal(overrides: Record<string, unknown>, contracts: Record<string, RegionalContract> = defaultContracts()) {
    let error: unknown;
    const record = await evaluateStack({
        project: PROJECT,
        stack: "global",
        organization: ORGANIZATION,
        config: configWith("global", overrides),
        stackOutputs: stackOutputsOf(contracts),
        program: async () => {
            try {
                return await runStackProgram(loadStackConfig());
            } catch (err) {
                error = err;
                return {};
            }
        },
    });
    expect(error, "expected a ConfigError").to.be.instanceOf(ConfigError);
    return {
        problems: (error as ConfigError).problems,
        message: (error as Error).message,
        types: record.resources.map((r) => r.type).sort(),
    };
}

const one = (record: StackRecord, type: string, name: string): ResourceRecord => {
    const found = ofType(record, type).filter((r) => r.name === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0]!;
};
const providerRegion = (record: StackRecord, resource: ResourceRecord): string => {
    const urn = (resource.provider ?? "").split("::").slice(0, -1).join("::");
    const provider = record.resources.find((r) => r.urn === urn);
    expect(provider, `provider of ${resource.name}`).to.not.equal(undefined);
    return String(provider!.inputs["region"]);
};
/**
 * Where a global-stack resource must live because AWS requires it (us-east-1: CloudFront and what
 * attaches to it, the CLOUDFRONT-scope web ACL and its logging, ACM certificates CloudFront uses,
 * Route 53 health checks and the alarms on their metrics, which exist only there), or because its
 * name says which region it serves (`alerts-<region>`, `probe-<watched region>` runs in the region
 * that watches it, `replication-<source region>`); undefined where either region works.
 */
function expectedRegion(r: ResourceRecord, regions: readonly string[] = ["us-east-1", "eu-west-1"]): string | undefined {
    const US_EAST_1 = [
        DIST,
        "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
        "aws:cloudwatch/logDelivery:LogDelivery",
        "aws:cloudwatch/logDeliverySource:LogDeliverySource",
        "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
        "aws:acm/certificate:Certificate",
        "aws:acm/certificateValidation:CertificateValidation",
        "aws:route53/healthCheck:HealthCheck",
    ];
    if (US_EAST_1.includes(r.type)) return "us-east-1";
    if (r.type === "aws:wafv2/webAcl:WebAcl") return r.inputs["scope"] === "CLOUDFRONT" ? "us-east-1" : undefined;
    if (r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.inputs["namespace"] === "AWS/Route53") return "us-east-1";
    if (r.type === "aws:cloudwatch/logGroup:LogGroup" && r.name.startsWith("edge-")) return "us-east-1"; // CloudFront and its WAF log there
    const alerts = /^alerts-([a-z]+-[a-z]+-\d)(-|$)/.exec(r.name);
    if (alerts) return alerts[1];
    const probe = /^probe-([a-z]+-[a-z]+-\d)(-|$)/.exec(r.name);
    if (probe) return regions[(regions.indexOf(probe[1]!) + 1) % regions.length]; // the next region in the list watches, cyclically
    const replication = /^replication-([a-z]+-[a-z]+-\d)(-|$)/.exec(r.name);
    if (replication) return replication[1];
    return undefined;
}

/** Every AWS resource uses one of the stack's own providers, configured for the region it must live in. */
function expectOwnProviders(record: StackRecord): void {
    const providers = new Map(ofType(record, "pulumi:providers:aws").map((p) => [p.urn, String(p.inputs["region"])]));
    const custom = record.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
    expect(custom.length).to.be.greaterThan(20);
    // A provider reference is `<provider urn>::<provider id>`.
    const providerOf = (r: ResourceRecord) => (r.provider ?? "").split("::").slice(0, -1).join("::");
    const strays = custom.filter((r) => !providers.has(providerOf(r))).map((r) => `${r.urn} -> ${r.provider}`);
    expect(strays, "resources without one of the stack's own providers").to.deep.equal([]);
    const misplaced = custom
        .filter((r) => expectedRegion(r) !== undefined && providers.get(providerOf(r)) !== expectedRegion(r))
        .map((r) => `${r.type} ${r.name}: ${providers.get(providerOf(r))}, expected ${expectedRegion(r)}`);
    expect(misplaced, "resources in the wrong region").to.deep.equal([]);
}

const policy = (record: StackRecord, type: string, name: string, key = "policy") =>
    JSON.parse(String(one(record, type, name).inputs[key])) as { Statement: any[] };

describe("stacks/global (the global stack under the simulated cloud)", () => {
    describe("shipped config: evaluation mode, active-passive, us-east-1 active", () => {
        let g: StackRecord;
        before(async () => {
            g = await evaluateGlobal();
        });

        it("protects every KMS key (one per alert channel)", () => {
            const keys = g.resources.filter((r) => r.type === "aws:kms/key:Key");
            expect(keys.map((k) => [k.name, k.protect]).sort()).to.deep.equal([
                ["alerts-eu-west-1-key", true],
                ["alerts-us-east-1-key", true],
            ]);
        });

        it("reads each regional stack once and builds a provider per region plus the us-east-1 global one", () => {
            expect(ofType(g, "pulumi:pulumi:StackReference").map((r) => r.name)).to.deep.equal(US_EU);
            expect(
                ofType(g, "pulumi:providers:aws")
                    .map((p) => [p.name, p.inputs["region"]])
                    .sort(),
            ).to.deep.equal([
                ["aws-eu-west-1", "eu-west-1"],
                ["aws-global", "us-east-1"],
                ["aws-us-east-1", "us-east-1"],
            ]);
            expectOwnProviders(g);
            // The checks above cover the region-bound resources of evaluation mode.
            const bound = g.resources.filter((r) => r.custom && expectedRegion(r) !== undefined).map((r) => r.type);
            expect(bound).to.include.members([
                DIST,
                "aws:wafv2/webAcl:WebAcl",
                "aws:route53/healthCheck:HealthCheck",
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                "aws:synthetics/canary:Canary",
            ]);
        });

        it("fails over from the primary's origin to the secondary's on 5xx, each origin carrying its region's origin-verify secret", () => {
            const d = one(g, DIST, "edge").inputs as any;
            // Records hold plain values, as policies see them; the preview masks secrets when writing.
            expect(d.origins.map((o: any) => [o.originId, o.customHeaders])).to.deep.equal([
                ["origin-us-east-1", [{ name: "X-Origin-Verify", value: "secret-of-us-east-1-0123456789" }]],
                ["origin-eu-west-1", [{ name: "X-Origin-Verify", value: "secret-of-eu-west-1-0123456789" }]],
            ]);
            expect(g.secretValues).to.include.members(["secret-of-us-east-1-0123456789", "secret-of-eu-west-1-0123456789"]);
            expect(d.originGroups).to.deep.equal([
                {
                    originId: "regional-failover",
                    failoverCriteria: { statusCodes: [500, 502, 503, 504] },
                    members: [{ originId: "origin-us-east-1" }, { originId: "origin-eu-west-1" }],
                },
            ]);
            expect(d.viewerCertificate).to.deep.equal({ cloudfrontDefaultCertificate: true });
            expect(d.webAclId).to.equal(one(g, "aws:wafv2/webAcl:WebAcl", "edge-waf").outputs["arn"]);
            expect(providerRegion(g, one(g, "aws:wafv2/webAcl:WebAcl", "edge-waf"))).to.equal("us-east-1");
            expect(g.secretOutputNames).to.deep.equal([]);
        });

        it("serves reads from the origin group (GET/HEAD/OPTIONS) and the write path /api/* from the active region's origin, exported as writeOrigin", () => {
            const d = one(g, DIST, "edge").inputs as any;
            expect(behaviours(d)).to.deep.equal([
                ["*", "regional-failover", ["GET", "HEAD", "OPTIONS"]],
                ["/api/*", "origin-us-east-1", ALL_METHODS],
            ]);
            expect(
                d.orderedCacheBehaviors.map((b: any) => [b.viewerProtocolPolicy, b.cachePolicyId, b.originRequestPolicyId, b.compress]),
            ).to.deep.equal([["https-only", "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", "b689b0a8-53d0-40ab-baf2-68738e2966ac", false]]);
            expect(d.origins.map((o: any) => o.originId)).to.deep.equal(["origin-us-east-1", "origin-eu-west-1"]);
            expect(g.outputs["writeOrigin"]).to.deep.equal({
                originId: "origin-us-east-1",
                domainName: defaultContracts()["us-east-1"]!.originHostname,
                failsOverBy: "activeRegion",
                pathPatterns: ["/api/*"],
            });
        });

        it("health-checks every region over HTTP without any DNS record or certificate (no hosted zone)", () => {
            const checks = ofType(g, "aws:route53/healthCheck:HealthCheck");
            expect(
                checks.map((c) => [
                    c.name,
                    c.inputs["type"],
                    c.inputs["port"],
                    c.inputs["fqdn"],
                    c.inputs["resourcePath"],
                    c.inputs["requestInterval"],
                    c.inputs["failureThreshold"],
                ]),
            ).to.deep.equal([
                ["health-us-east-1", "HTTP", 80, defaultContracts()["us-east-1"]!.albDnsName, "/healthz", 10, 3],
                ["health-eu-west-1", "HTTP", 80, defaultContracts()["eu-west-1"]!.albDnsName, "/healthz", 10, 3],
            ]);
            expect(ofType(g, REC)).to.deep.equal([]);
            expect(ofType(g, "aws:acm/certificate:Certificate")).to.deep.equal([]);
            const alarms = ofType(g, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.inputs["namespace"] === "AWS/Route53");
            expect(alarms.map((a) => [a.name, providerRegion(g, a)])).to.deep.equal([
                ["health-us-east-1", "us-east-1"],
                ["health-eu-west-1", "us-east-1"],
            ]);
        });

        it("alerts on each region from another region: a probe of us-east-1 in eu-west-1 and of eu-west-1 in us-east-1", () => {
            const probes = ofType(g, "aws:synthetics/canary:Canary");
            // Sorted: the canaries register after their code objects, in no fixed order.
            const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
            expect(
                probes.map((c) => [c.name, providerRegion(g, c), (c.inputs["runConfig"] as any).environmentVariables]).sort(byName),
            ).to.deep.equal([
                [
                    "probe-eu-west-1",
                    "us-east-1",
                    { PROBE_TARGET_REGION: "eu-west-1", PROBE_ALARM_NAME: defaultContracts()["eu-west-1"]!.regionUnhealthyAlarmName },
                ],
                [
                    "probe-us-east-1",
                    "eu-west-1",
                    { PROBE_TARGET_REGION: "us-east-1", PROBE_ALARM_NAME: defaultContracts()["us-east-1"]!.regionUnhealthyAlarmName },
                ],
            ]);
            const euTopic = one(g, "aws:sns/topic:Topic", "alerts-eu-west-1");
            expect(one(g, "aws:cloudwatch/metricAlarm:MetricAlarm", "probe-us-east-1").inputs["alarmActions"]).to.deep.equal([
                euTopic.outputs["arn"],
            ]);
            expect(providerRegion(g, euTopic)).to.equal("eu-west-1");
        });

        it("replicates the data buckets both ways with RTC 15 min, metrics, the destination key and no delete markers", () => {
            const configs = ofType(g, CFG);
            expect(configs.map((c) => [c.name, providerRegion(g, c), c.inputs["bucket"]])).to.deep.equal([
                ["replication-us-east-1", "us-east-1", defaultContracts()["us-east-1"]!.dataBucketName],
                ["replication-eu-west-1", "eu-west-1", defaultContracts()["eu-west-1"]!.dataBucketName],
            ]);
            for (const [source, dest] of [
                ["us-east-1", "eu-west-1"],
                ["eu-west-1", "us-east-1"],
            ] as const) {
                const rules = (one(g, CFG, `replication-${source}`).inputs as any).rules;
                const target = defaultContracts()[dest]!;
                expect(rules).to.have.length(1);
                expect(rules[0].status).to.equal("Enabled");
                expect(rules[0].deleteMarkerReplication).to.deep.equal({ status: "Disabled" });
                expect(rules[0].destination).to.deep.equal({
                    bucket: target.dataBucketArn,
                    storageClass: "STANDARD",
                    encryptionConfiguration: { replicaKmsKeyId: target.dataKeyArn },
                    replicationTime: { status: "Enabled", time: { minutes: 15 } },
                    metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
                });
                const statements = policy(g, "aws:iam/rolePolicy:RolePolicy", `replication-${source}-role`).Statement;
                for (const s of statements) expect([].concat(s.Resource)).to.not.include("*");
                expect(statements.find((s) => s.Sid === "DecryptSource").Resource).to.equal(defaultContracts()[source]!.dataKeyArn);
            }
        });

        it("peers the VPCs from the primary region with routes in every private route table on both sides", () => {
            const [us, eu] = [defaultContracts()["us-east-1"]!, defaultContracts()["eu-west-1"]!];
            const pcx = one(g, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "peering-us-east-1-eu-west-1");
            expect(pcx.inputs).to.deep.include({ vpcId: us.vpcId, peerVpcId: eu.vpcId, peerRegion: "eu-west-1", autoAccept: false });
            expect(providerRegion(g, pcx)).to.equal("us-east-1");
            expect(
                providerRegion(
                    g,
                    one(g, "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter", "peering-us-east-1-eu-west-1-accepter"),
                ),
            ).to.equal("eu-west-1");
            const routes = ofType(g, "aws:ec2/route:Route").map((r) => [
                r.inputs["routeTableId"],
                r.inputs["destinationCidrBlock"],
                providerRegion(g, r),
            ]);
            expect(routes).to.deep.equal([
                ...us.privateRouteTableIds.map((t) => [t, "10.1.0.0/16", "us-east-1"]),
                ...eu.privateRouteTableIds.map((t) => [t, "10.0.0.0/16", "eu-west-1"]),
            ]);
        });

        it("gives the failover operator, with MFA, only scoped actions on this distribution, these health checks and services", () => {
            const trust = policy(g, "aws:iam/role:Role", "failover-operator", "assumeRolePolicy").Statement;
            expect(trust).to.deep.equal([
                {
                    Sid: "AssumeWithMfa",
                    Effect: "Allow",
                    Principal: { AWS: ["arn:aws:iam::123456789012:root"] },
                    Action: "sts:AssumeRole",
                    Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
                },
            ]);
            const statements = policy(g, "aws:iam/rolePolicy:RolePolicy", "failover-operator-policy").Statement;
            expect(statements.map((s) => s.Sid)).to.deep.equal([
                "OperateDistribution",
                "ReadEdgeWebAcl",
                "OperateHealthChecks",
                "ScaleServices",
            ]);
            for (const s of statements) {
                for (const action of [].concat(s.Action) as string[]) expect(action).to.not.match(/(^\*$|:\*$)/);
                expect([].concat(s.Resource)).to.not.include("*");
            }
            expect(statements[0].Resource).to.equal(g.outputs["distributionArn"]);
            // UpdateDistribution re-sends the WebACLId: the role may read exactly the edge's web ACL.
            expect(statements[1]).to.deep.equal({
                Sid: "ReadEdgeWebAcl",
                Effect: "Allow",
                Action: "wafv2:GetWebACL",
                Resource: g.outputs["webAclArn"],
            });
            expect(statements[3].Resource).to.deep.equal([
                "arn:aws:ecs:us-east-1:123456789012:service/cluster-useast1/service-useast1",
                "arn:aws:ecs:eu-west-1:123456789012:service/cluster-euwest1/service-euwest1",
            ]);
        });

        it("exports the edge, health checks, roles, peering ids and the active region, without leaking the secret", () => {
            expect(g.outputs).to.include({ activeRegion: "us-east-1", mode: "evaluation", routingMode: "active-passive" });
            expect(g.outputs["originOrder"]).to.deep.equal(["us-east-1", "eu-west-1"]);
            expect(Object.keys(g.outputs["healthCheckIds"] as object)).to.deep.equal(["us-east-1", "eu-west-1"]);
            expect(Object.keys(g.outputs["replicationRoleArns"] as object)).to.deep.equal(["us-east-1", "eu-west-1"]);
            expect(Object.keys(g.outputs["peeringConnectionIds"] as object)).to.deep.equal(["us-east-1-eu-west-1"]);
            expect(String(g.outputs["failoverOperatorRoleArn"])).to.match(/^arn:aws:iam::123456789012:role\/failover-operator-/);
            expect(String(g.outputs["distributionDomainName"])).to.match(/\.cloudfront\.net$/);
            expect(JSON.stringify(g.outputs)).to.not.include("secret-of-");
        });
    });

    it("activeRegion eu-west-1 puts eu-west-1 first in the origins and the origin group, and moves the writes there", async () => {
        const g = await evaluateGlobal({ "platform:activeRegion": "eu-west-1" });
        const d = one(g, DIST, "edge").inputs as any;
        expect(d.originGroups[0].members).to.deep.equal([{ originId: "origin-eu-west-1" }, { originId: "origin-us-east-1" }]);
        expect(behaviours(d)).to.deep.equal([
            ["*", "regional-failover", ["GET", "HEAD", "OPTIONS"]],
            ["/api/*", "origin-eu-west-1", ALL_METHODS],
        ]);
        expect(g.outputs["writeOrigin"]).to.deep.include({
            originId: "origin-eu-west-1",
            domainName: defaultContracts()["eu-west-1"]!.originHostname,
            failsOverBy: "activeRegion",
        });
        expect(g.outputs["activeRegion"]).to.equal("eu-west-1");
        expect(g.outputs["originOrder"]).to.deep.equal(["eu-west-1", "us-east-1"]);
        // Peering and replication keep the priority order: flipping the active region replaces nothing there.
        expect(ofType(g, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection").map((p) => p.name)).to.deep.equal([
            "peering-us-east-1-eu-west-1",
        ]);
    });

    it("takes the write path patterns from platform:edge.writePathPatterns, one behaviour each, in order", async () => {
        const g = await evaluateGlobal({ "platform:edge": { writePathPatterns: ["/api/*", "/v2/orders/*"] } });
        expect(behaviours(one(g, DIST, "edge").inputs)).to.deep.equal([
            ["*", "regional-failover", ["GET", "HEAD", "OPTIONS"]],
            ["/api/*", "origin-us-east-1", ALL_METHODS],
            ["/v2/orders/*", "origin-us-east-1", ALL_METHODS],
        ]);
        expect((g.outputs["writeOrigin"] as any).pathPatterns).to.deep.equal(["/api/*", "/v2/orders/*"]);
    });

    it("follows each region's contract, not the global stack's mode: over domain-mode regions (the migration's middle state) origins and health checks use HTTPS on 443", async () => {
        // Step 1 of the documented migration: the regions serve HTTPS only (HTTP only redirects), the
        // global stack is still in evaluation mode. HTTP to them would get redirects, 504s and failed checks.
        const mixed = { ...defaultContracts("app.example.com"), "eu-west-1": defaultContracts()["eu-west-1"]! };
        const g = await evaluateGlobal({}, mixed);
        const origins = (one(g, DIST, "edge").inputs as any).origins.map((o: any) => [
            o.originId,
            o.domainName,
            o.customOriginConfig.originProtocolPolicy,
        ]);
        expect(origins).to.deep.equal([
            ["origin-us-east-1", "us-east-1.origin.app.example.com", "https-only"],
            ["origin-eu-west-1", mixed["eu-west-1"]!.albDnsName, "http-only"],
        ]);
        const checks = ofType(g, "aws:route53/healthCheck:HealthCheck")
            .map((c) => [c.name, c.inputs["type"], c.inputs["port"], c.inputs["fqdn"], c.inputs["enableSni"] ?? null])
            .sort((a, b) => String(b[0]).localeCompare(String(a[0])));
        expect(checks).to.deep.equal([
            ["health-us-east-1", "HTTPS", 443, "us-east-1.origin.app.example.com", true],
            ["health-eu-west-1", "HTTP", 80, mixed["eu-west-1"]!.albDnsName, null],
        ]);
    });

    describe("domain mode", () => {
        const contracts = sharingSecret(defaultContracts("app.example.com"));

        it("active-passive: certificate, app alias to CloudFront, PRIMARY/SECONDARY failover pair on health checks, HTTPS everywhere", async () => {
            const g = await evaluateGlobal({ "platform:domain": DOMAIN }, contracts);
            const failover = ofType(g, REC).filter((r) => r.inputs["failoverRoutingPolicies"] !== undefined);
            const hc = g.outputs["healthCheckIds"] as Record<string, string>;
            expect(
                failover.map((r) => [
                    r.name,
                    r.inputs["name"],
                    (r.inputs["failoverRoutingPolicies"] as any)[0].type,
                    r.inputs["healthCheckId"],
                    (r.inputs["aliases"] as any)[0].name,
                ]),
            ).to.deep.equal([
                ["dns-failover-primary", "failover.origin.app.example.com", "PRIMARY", hc["us-east-1"], contracts["us-east-1"]!.albDnsName],
                [
                    "dns-failover-secondary",
                    "failover.origin.app.example.com",
                    "SECONDARY",
                    hc["eu-west-1"],
                    contracts["eu-west-1"]!.albDnsName,
                ],
            ]);
            expect(ofType(g, REC).filter((r) => r.inputs["latencyRoutingPolicies"] !== undefined)).to.deep.equal([]);
            const app = ofType(g, REC).filter((r) => r.inputs["name"] === "app.example.com");
            expect(app.map((r) => [r.inputs["type"], (r.inputs["aliases"] as any)[0].name])).to.deep.equal([
                ["A", g.outputs["distributionDomainName"]],
                ["AAAA", g.outputs["distributionDomainName"]],
            ]);
            for (const r of ofType(g, REC).filter((x) => x.inputs["ttl"] !== undefined)) expect(r.inputs["ttl"]).to.be.at.most(60);
            const d = one(g, DIST, "edge").inputs as any;
            expect(d.aliases).to.deep.equal(["app.example.com"]);
            expect(d.viewerCertificate.sslSupportMethod).to.equal("sni-only");
            expect(d.viewerCertificate.minimumProtocolVersion).to.equal("TLSv1.2_2021");
            expect(d.origins.map((o: any) => o.customOriginConfig.originProtocolPolicy)).to.deep.equal([
                "https-only",
                "https-only",
                "https-only",
            ]);
            expect(d.originGroups[0].members).to.deep.equal([{ originId: "origin-us-east-1" }, { originId: "origin-eu-west-1" }]);
            expect(ofType(g, "aws:route53/healthCheck:HealthCheck").map((c) => [c.inputs["type"], c.inputs["port"]])).to.deep.equal([
                ["HTTPS", 443],
                ["HTTPS", 443],
            ]);
            const statements = policy(g, "aws:iam/rolePolicy:RolePolicy", "failover-operator-policy").Statement;
            expect(statements.find((s) => s.Sid === "ChangeRecords").Resource).to.equal("arn:aws:route53:::hostedzone/Z0123456789ABC");
            // The certificate CloudFront uses must be in us-east-1, like the distribution itself.
            expectOwnProviders(g);
            expect(ofType(g, "aws:acm/certificate:Certificate")).to.have.length.of.at.least(1);
        });

        for (const activeRegion of ["us-east-1", "eu-west-1"]) {
            it(`active-passive, ${activeRegion} active: writes go to one origin on the failover records' name, with the shared secret; reads to the origin group`, async () => {
                const g = await evaluateGlobal({ "platform:domain": DOMAIN, "platform:activeRegion": activeRegion }, contracts);
                const d = one(g, DIST, "edge").inputs as any;
                const other = activeRegion === "us-east-1" ? "eu-west-1" : "us-east-1";
                expect(behaviours(d)).to.deep.equal([
                    ["*", "regional-failover", ["GET", "HEAD", "OPTIONS"]],
                    ["/api/*", "write-failover", ALL_METHODS],
                ]);
                expect(d.originGroups[0].members).to.deep.equal([{ originId: `origin-${activeRegion}` }, { originId: `origin-${other}` }]);
                expect(
                    d.origins.map((o: any) => [o.originId, o.domainName, o.customOriginConfig.originProtocolPolicy, o.customHeaders]),
                ).to.deep.equal([
                    [
                        `origin-${activeRegion}`,
                        `${activeRegion}.origin.app.example.com`,
                        "https-only",
                        [{ name: "X-Origin-Verify", value: SHARED_SECRET }],
                    ],
                    [
                        `origin-${other}`,
                        `${other}.origin.app.example.com`,
                        "https-only",
                        [{ name: "X-Origin-Verify", value: SHARED_SECRET }],
                    ],
                    ["write-failover", "origin.app.example.com", "https-only", [{ name: "X-Origin-Verify", value: SHARED_SECRET }]],
                ]);
                // The write origin's host name is exactly the health-checked PRIMARY/SECONDARY pair's name.
                const failover = ofType(g, REC).filter((r) => r.inputs["failoverRoutingPolicies"] !== undefined);
                expect(
                    failover.map((r) => [
                        r.inputs["name"],
                        (r.inputs["failoverRoutingPolicies"] as any)[0].type,
                        (r.inputs["aliases"] as any)[0].name,
                    ]),
                ).to.deep.equal([
                    ["failover.origin.app.example.com", "PRIMARY", contracts[activeRegion]!.albDnsName],
                    ["failover.origin.app.example.com", "SECONDARY", contracts[other]!.albDnsName],
                ]);
                expect(g.outputs["writeOrigin"]).to.deep.equal({
                    originId: "write-failover",
                    domainName: "origin.app.example.com",
                    failsOverBy: "route53",
                    pathPatterns: ["/api/*"],
                });
                expect(JSON.stringify(g.outputs)).to.not.include(SHARED_SECRET);
            });
        }

        it("refuses regional stacks that do not share the origin-verify secret, naming them, before registering anything else", async () => {
            const { problems, types } = await refusal({ "platform:domain": DOMAIN }, defaultContracts("app.example.com"));
            expect(problems).to.deep.equal([
                "originVerifySecret: domain mode sends writes to the Route 53 failover name, which reaches any region's ALB with one origin-verify header, so every regional stack must export the same secret; stacks with different values: organization/platform/us-east-1 | organization/platform/eu-west-1 (set the same platform:originVerifySecret, with --secret, on each regional stack)",
            ]);
            expect(types).to.deep.equal(["pulumi:pulumi:Stack", "pulumi:pulumi:StackReference", "pulumi:pulumi:StackReference"]);
        });

        it("active-active: one health-checked latency record per region instead of the pair", async () => {
            const g = await evaluateGlobal({ "platform:domain": DOMAIN, "platform:routingMode": "active-active" }, contracts);
            const hc = g.outputs["healthCheckIds"] as Record<string, string>;
            const latency = ofType(g, REC).filter((r) => r.inputs["latencyRoutingPolicies"] !== undefined);
            expect(
                latency.map((r) => [r.name, (r.inputs["latencyRoutingPolicies"] as any)[0].region, r.inputs["healthCheckId"]]),
            ).to.deep.equal([
                ["dns-latency-us-east-1", "us-east-1", hc["us-east-1"]],
                ["dns-latency-eu-west-1", "eu-west-1", hc["eu-west-1"]],
            ]);
            expect(ofType(g, REC).filter((r) => r.inputs["failoverRoutingPolicies"] !== undefined)).to.deep.equal([]);
            // Writes follow the latency records: the nearest healthy region to CloudFront's resolver.
            const write = (one(g, DIST, "edge").inputs as any).origins.find((o: any) => o.originId === "write-failover");
            expect([...new Set(latency.map((r) => r.inputs["name"]))]).to.deep.equal([`latency.${write.domainName}`]);
            expect(write.domainName).to.equal("origin.app.example.com");
            const pointer = one(g, REC, "dns-origin").inputs as any;
            expect([pointer.name, pointer.aliases[0].name]).to.deep.equal([write.domainName, `latency.${write.domainName}`]);
        });
    });

    it("the policy pack follows each replication to both regional stacks' contracts: a side whose data bucket is not versioned is reported", async () => {
        const contracts = defaultContracts();
        contracts["eu-west-1"] = { ...contracts["eu-west-1"]!, dataBucketVersioning: "Suspended" };
        const record = await evaluateGlobal({}, contracts);
        const { violations } = evaluatePolicies({ policyPack: "platform-guard", resources: record.resources });
        expect(violations.filter((v) => v.policyName === "s3-replication-both-sides-versioned").map((v) => v.message)).to.deep.equal([
            'Replication "replication-us-east-1" destination stack organization/platform/eu-west-1 exports dataBucketVersioning "Suspended"; expected "Enabled".',
            'Replication "replication-eu-west-1" source stack organization/platform/eu-west-1 exports dataBucketVersioning "Suspended"; expected "Enabled".',
        ]);
        expect(violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName)).to.deep.equal([
            "s3-replication-both-sides-versioned",
            "s3-replication-both-sides-versioned",
        ]);
    });

    it("replicates delete markers when configured", async () => {
        const g = await evaluateGlobal({ "platform:replication": { replicateDeleteMarkers: true } });
        expect(ofType(g, CFG).map((c) => (c.inputs["rules"] as any[]).map((r) => r.deleteMarkerReplication.status))).to.deep.equal([
            ["Enabled"],
            ["Enabled"],
        ]);
    });

    it("three regions: replication in all 6 directions, 3 peerings, 3 origins with a 2-member group", async () => {
        const contracts = { ...defaultContracts(), "us-west-2": regionalContract("us-west-2", { cidr: "10.2.0.0/16" }) };
        const g = await evaluateGlobal({ "platform:regionalStacks": [...US_EU, "organization/platform/us-west-2"] }, contracts);
        const directions = ofType(g, CFG).flatMap((c) =>
            (c.inputs["rules"] as any[]).map((r) => `${c.name.replace("replication-", "")} -> ${r.id.replace("to-", "")}`),
        );
        expect(directions.sort()).to.deep.equal([
            "eu-west-1 -> us-east-1",
            "eu-west-1 -> us-west-2",
            "us-east-1 -> eu-west-1",
            "us-east-1 -> us-west-2",
            "us-west-2 -> eu-west-1",
            "us-west-2 -> us-east-1",
        ]);
        expect(ofType(g, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection").map((p) => p.name)).to.deep.equal([
            // Of each pair, the region that sorts last by name requests: a rule the priority order does not move.
            "peering-us-east-1-eu-west-1",
            "peering-us-west-2-us-east-1",
            "peering-us-west-2-eu-west-1",
        ]);
        expect(ofType(g, "aws:ec2/route:Route")).to.have.length(3 * 2 * 3);
        const d = one(g, DIST, "edge").inputs as any;
        expect(d.originGroups[0].members).to.deep.equal([{ originId: "origin-us-east-1" }, { originId: "origin-eu-west-1" }]);
        expect(g.outputs["originOrder"]).to.deep.equal(["us-east-1", "eu-west-1", "us-west-2"]);
        expect(ofType(g, "pulumi:providers:aws")).to.have.length(4);
    });

    describe("refused configurations and topologies (nothing but the StackReferences registered)", () => {
        const onlyReferences = (types: string[], count: number) =>
            expect(types).to.deep.equal(["pulumi:pulumi:Stack", ...Array(count).fill("pulumi:pulumi:StackReference")]);

        it("an active region no regional stack is in", async () => {
            const { problems, types } = await refusal({ "platform:activeRegion": "ap-south-1" });
            expect(problems).to.deep.equal([
                'activeRegion: expected one of the regional stacks\' regions (us-east-1, eu-west-1), got "ap-south-1"',
            ]);
            onlyReferences(types, 2);
        });

        it("overlapping CIDRs, naming both stacks and both CIDRs", async () => {
            const contracts = { ...defaultContracts(), "eu-west-1": regionalContract("eu-west-1", { cidr: "10.0.0.0/20" }) };
            const { problems, types } = await refusal({}, contracts);
            expect(problems).to.deep.equal([
                "regionalStacks: VPC CIDR 10.0.0.0/16 of organization/platform/us-east-1 overlaps VPC CIDR 10.0.0.0/20 of organization/platform/eu-west-1; expected disjoint CIDR blocks (VPC peering)",
            ]);
            onlyReferences(types, 2);
        });

        it("two regional stacks in one region", async () => {
            const contracts = { ...defaultContracts(), "eu-west-1": regionalContract("us-east-1", { cidr: "10.1.0.0/16" }) };
            const { problems, types } = await refusal({}, contracts);
            expect(problems).to.deep.equal([
                "regionalStacks: organization/platform/us-east-1 and organization/platform/eu-west-1 are both in region us-east-1; expected one regional stack per region",
            ]);
            onlyReferences(types, 2);
        });

        it("domain mode over a regional stack that serves HTTP", async () => {
            const { problems, types } = await refusal({ "platform:domain": DOMAIN }, sharingSecret(defaultContracts()));
            expect(problems).to.deep.equal([
                "domain: domain mode needs HTTPS origins, but organization/platform/us-east-1 serves http (set platform:loadBalancing.domain in its config)",
                "domain: domain mode needs HTTPS origins, but organization/platform/eu-west-1 serves http (set platform:loadBalancing.domain in its config)",
            ]);
            onlyReferences(types, 2);
        });

        it("fewer than two regional stacks (config)", async () => {
            const { message, types } = await refusal({ "platform:regionalStacks": [US_EU[0]] });
            expect(message).to.equal(
                'invalid configuration of stack global (Pulumi.global.yaml):\n  - regionalStacks: expected at least 2, got 1 (["organization/platform/us-east-1"])',
            );
            onlyReferences(types, 0);
        });

        it("a regional stack listed twice (config)", async () => {
            const { problems, types } = await refusal({ "platform:regionalStacks": [US_EU[0], US_EU[0]] });
            expect(problems).to.deep.equal([
                'regionalStacks.1: expected each regional stack once, listed twice, got "organization/platform/us-east-1"',
            ]);
            onlyReferences(types, 0);
        });
    });

    it("reads every contract key through one typed reader, plain values resolved and the secret kept secret", async () => {
        let checked = false;
        await evaluateStack({
            project: PROJECT,
            stack: "global",
            organization: ORGANIZATION,
            config: {},
            stackOutputs: stackOutputsOf(defaultContracts()),
            program: async () => {
                const [us, eu] = await resolveRegionalStacks({ regionalStacks: US_EU });
                const { originVerifySecret, ...plain } = defaultContracts()["us-east-1"]!;
                expect(us!.stack).to.equal(US_EU[0]);
                expect(us!.contract).to.deep.equal(plain);
                expect(eu!.contract.region).to.equal("eu-west-1");
                expect(Object.keys(us!.outputs).sort()).to.deep.equal([...REGIONAL_CONTRACT_KEYS].sort());
                expect(await pulumi.isSecret(us!.outputs.originVerifySecret)).to.equal(true);
                expect(await pulumi.isSecret(us!.outputs.albDnsName)).to.equal(false);
                expect(await new Promise((resolve) => us!.outputs.originVerifySecret.apply(resolve))).to.equal(originVerifySecret);
                checked = true;
                return {};
            },
        });
        expect(checked).to.equal(true);
    });

    it("fails loudly when a regional stack lacks a contract output", async () => {
        const broken = defaultContracts() as Record<string, any>;
        delete broken["eu-west-1"].dataKeyArn;
        let error: unknown;
        try {
            await evaluateGlobal({}, broken);
        } catch (err) {
            error = err;
        }
        expect(error).to.be.instanceOf(EvaluationError);
        expect((error as Error).message).to.include("dataKeyArn");
    });
});
