import { expect } from "chai";
import { defaultFailoverName, EdgeRecords, type EdgeRecordsArgs, type RegionEndpoint } from "../../../components/dns";
import { argsErrorOf, evaluateInRegions, expectUniqueUrns, type Registered } from "../../support/components";

const T = EdgeRecords.__pulumiType;
const REC = "aws:route53/record:Record";
const ZONE = "Z0123456789ABC";
const endpoint = (region: string, zone: string): RegionEndpoint => ({
    region,
    originHostname: `${region}.origin.example.com`,
    albDnsName: `alb-${region}.${region}.elb.amazonaws.com`,
    albZoneId: zone,
    healthCheckId: `hc-${region}`,
});
const US = endpoint("us-east-1", "Z35SXDOTRQ7X7K");
const EU = endpoint("eu-west-1", "Z32O12XQLNTSW2");
const base: EdgeRecordsArgs = {
    hostedZoneId: ZONE,
    domainName: "app.example.com",
    distribution: { domainName: "d111111abcdef8.cloudfront.net", hostedZoneId: "Z2FDTNDATAQYW2" },
    regions: [US, EU],
};
const build = (args: Partial<EdgeRecordsArgs> = {}) =>
    evaluateInRegions((p) => {
        new EdgeRecords("dns", { ...base, ...args }, { providers: { aws: p["us-east-1"]! } });
    });
const alb = (e: RegionEndpoint) => [{ name: e.albDnsName, zoneId: e.albZoneId, evaluateTargetHealth: true }];

describe("components/dns/EdgeRecords", () => {
    it("names the failover records origin.<domainName> by default (the edge's write origin connects to that name)", () => {
        expect(defaultFailoverName("app.example.com")).to.equal("origin.app.example.com");
    });

    describe("active-passive (default)", () => {
        let r: Registered;
        before(async () => {
            r = await build();
        });

        it("registers exactly the app records, a record per region and a PRIMARY/SECONDARY pair", () => {
            expect(r.childrenOf(r.one(T, "dns").urn)).to.deep.equal([
                `${REC} dns-app-a`,
                `${REC} dns-app-aaaa`,
                `${REC} dns-failover-primary`,
                `${REC} dns-failover-secondary`,
                `${REC} dns-origin`,
                `${REC} dns-region-eu-west-1`,
                `${REC} dns-region-us-east-1`,
            ]);
        });

        it("aliases the app name (A and AAAA) to CloudFront", () => {
            for (const type of ["A", "AAAA"]) {
                expect(r.one(REC, `dns-app-${type.toLowerCase()}`).inputs).to.deep.equal({
                    zoneId: ZONE,
                    name: "app.example.com",
                    type,
                    aliases: [{ name: "d111111abcdef8.cloudfront.net", zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }],
                });
            }
        });

        it("aliases origin.<domain> to the failover set, which routes to the first region as PRIMARY and the second as SECONDARY, each health-checked", () => {
            // A plain alias: a switch of routing mode moves it (one change batch) instead of mixing policies on one name.
            expect(r.one(REC, "dns-origin").inputs).to.deep.equal({
                zoneId: ZONE,
                name: "origin.app.example.com",
                type: "A",
                aliases: [{ name: "failover.origin.app.example.com", zoneId: ZONE, evaluateTargetHealth: true }],
            });
            expect(r.one(REC, "dns-origin").propertyDependencies["aliases"]).to.include(r.one(REC, "dns-failover-primary").urn);
            expect(r.one(REC, "dns-failover-primary").inputs).to.deep.equal({
                zoneId: ZONE,
                name: "failover.origin.app.example.com",
                type: "A",
                setIdentifier: "primary",
                failoverRoutingPolicies: [{ type: "PRIMARY" }],
                healthCheckId: "hc-us-east-1",
                aliases: alb(US),
            });
            expect(r.one(REC, "dns-failover-secondary").inputs).to.deep.equal({
                zoneId: ZONE,
                name: "failover.origin.app.example.com",
                type: "A",
                setIdentifier: "secondary",
                failoverRoutingPolicies: [{ type: "SECONDARY" }],
                healthCheckId: "hc-eu-west-1",
                aliases: alb(EU),
            });
        });

        it("aliases each region's origin host name to its ALB", () => {
            for (const e of [US, EU]) {
                expect(r.one(REC, `dns-region-${e.region}`).inputs).to.deep.equal({
                    zoneId: ZONE,
                    name: e.originHostname,
                    type: "A",
                    aliases: alb(e),
                });
            }
        });
    });

    it("swaps PRIMARY and SECONDARY in place when the other region is active", async () => {
        const r = await build({ regions: [EU, US] });
        expect(r.one(REC, "dns-failover-primary").inputs["aliases"]).to.deep.equal(alb(EU));
        expect(r.one(REC, "dns-failover-primary").inputs["healthCheckId"]).to.equal("hc-eu-west-1");
        expect(r.one(REC, "dns-failover-secondary").inputs["aliases"]).to.deep.equal(alb(US));
    });

    it("active-active: one health-checked latency record per region instead of the failover pair", async () => {
        const usw = endpoint("us-west-2", "Z1H1FL5HABSF5");
        const r = await build({ routingMode: "active-active", regions: [US, EU, usw], failoverName: "api.example.com" });
        const latency = r.ofType(REC).filter((x) => x.inputs["latencyRoutingPolicies"] !== undefined);
        expect(latency.map((x) => x.name).sort()).to.deep.equal([
            "dns-latency-eu-west-1",
            "dns-latency-us-east-1",
            "dns-latency-us-west-2",
        ]);
        expect(r.ofType(REC).filter((x) => x.inputs["failoverRoutingPolicies"] !== undefined)).to.deep.equal([]);
        expect((r.one(REC, "dns-origin").inputs["aliases"] as { name: string }[])[0]!.name).to.equal("latency.api.example.com");
        for (const e of [US, EU, usw]) {
            expect(r.one(REC, `dns-latency-${e.region}`).inputs).to.deep.equal({
                zoneId: ZONE,
                name: "latency.api.example.com",
                type: "A",
                setIdentifier: e.region,
                latencyRoutingPolicies: [{ region: e.region }],
                healthCheckId: e.healthCheckId,
                aliases: alb(e),
            });
        }
    });

    it("creates no per-region record when the origin host name is the ALB's own DNS name; two instances do not collide", async () => {
        const r = await evaluateInRegions((p) => {
            const plain = [US, EU].map((e) => ({ ...e, originHostname: undefined }));
            new EdgeRecords("a", { ...base, regions: plain }, { providers: { aws: p["us-east-1"]! } });
            new EdgeRecords("b", { ...base, domainName: "b.example.com", regions: plain }, { providers: { aws: p["us-east-1"]! } });
        });
        expect(
            r
                .ofType(REC)
                .map((x) => x.name)
                .sort(),
        ).to.deep.equal([
            "a-app-a",
            "a-app-aaaa",
            "a-failover-primary",
            "a-failover-secondary",
            "a-origin",
            "b-app-a",
            "b-app-aaaa",
            "b-failover-primary",
            "b-failover-secondary",
            "b-origin",
        ]);
        expectUniqueUrns(r.record);
    });

    describe("validation", () => {
        const cases: [string, Partial<EdgeRecordsArgs>, string][] = [
            [
                "a domain name that is not a DNS name",
                { domainName: "-app.example.com" },
                'domainName: expected a lower-case DNS name, got "-app.example.com"',
            ],
            [
                "a failover name that is not a DNS name",
                { failoverName: "origin" },
                'failoverName: expected a lower-case DNS name, got "origin"',
            ],
            [
                "a failover name equal to the app name",
                { failoverName: "app.example.com" },
                'failoverName: expected a name other than domainName (app.example.com), got "app.example.com"',
            ],
            ["fewer than 2 regions", { regions: [US] }, 'regions: expected at least 2 regions, got 1 (["us-east-1"])'],
            ["duplicate regions", { regions: [US, US] }, 'regions: expected distinct regions, got ["us-east-1","us-east-1"]'],
            [
                "an unknown routing mode",
                { routingMode: "weighted" as never },
                'routingMode: expected "active-passive" | "active-active", got "weighted"',
            ],
        ];
        for (const [title, args, message] of cases) {
            it(`refuses ${title}`, async () => {
                const { problems } = await argsErrorOf(() => new EdgeRecords("dns", { ...base, ...args }));
                expect(problems).to.deep.equal([message]);
            });
        }
    });
});
