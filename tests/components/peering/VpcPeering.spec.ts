import { expect } from "chai";
import { type PeeringSide, VpcPeering } from "../../../components/peering";
import { argsErrorOf, evaluateInRegions, expectUniqueUrns, type Providers, type Registered } from "../../support/components";

const T = VpcPeering.__pulumiType;
const PCX = "aws:ec2/vpcPeeringConnection:VpcPeeringConnection";
const ACC = "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter";
const OPT = "aws:ec2/peeringConnectionOptions:PeeringConnectionOptions";
const ROUTE = "aws:ec2/route:Route";
const side = (p: Providers, region: string, cidrBlock: string, tables: string[]): PeeringSide => ({
    region,
    vpcId: `vpc-${region}`,
    cidrBlock,
    routeTableIds: tables,
    provider: p[region]!,
});
const US_TABLES = ["rtb-use1a", "rtb-use1b"];
const EU_TABLES = ["rtb-euw1a", "rtb-euw1b", "rtb-euw1c"];

describe("components/peering/VpcPeering", () => {
    let r: Registered;
    before(async () => {
        r = await evaluateInRegions((p) => {
            new VpcPeering("peering", {
                requester: side(p, "us-east-1", "10.0.0.0/16", US_TABLES),
                accepter: side(p, "eu-west-1", "10.1.0.0/16", EU_TABLES),
            });
        });
    });

    it("registers exactly the connection, its accepter, options on both sides and a route per private route table, parented to the component", () => {
        expect(r.childrenOf(r.one(T, "peering").urn)).to.deep.equal(
            [
                `${ACC} peering-accepter`,
                `${OPT} peering-accepter`,
                `${OPT} peering-requester`,
                `${PCX} peering`,
                ...[...US_TABLES, ...EU_TABLES].map((t) => `${ROUTE} peering-${t}`),
            ].sort(),
        );
    });

    it("requests from the requester's region towards the peer region without auto-accepting, and accepts in the peer region", () => {
        const pcx = r.one(PCX, "peering");
        expect(pcx.inputs).to.deep.include({
            vpcId: "vpc-us-east-1",
            peerVpcId: "vpc-eu-west-1",
            peerRegion: "eu-west-1",
            autoAccept: false,
        });
        expect(r.inRegion(pcx, "us-east-1")).to.equal(true);
        const acc = r.one(ACC, "peering-accepter");
        expect(acc.inputs).to.deep.include({ autoAccept: true });
        expect(acc.propertyDependencies["vpcPeeringConnectionId"]).to.deep.equal([pcx.urn]);
        expect(r.inRegion(acc, "eu-west-1")).to.equal(true);
    });

    it("enables remote DNS resolution on each side with that side's provider, once accepted", () => {
        const acc = r.one(ACC, "peering-accepter");
        const req = r.one(OPT, "peering-requester");
        const peer = r.one(OPT, "peering-accepter");
        expect(req.inputs["requester"]).to.deep.equal({ allowRemoteVpcDnsResolution: true });
        expect(req.inputs).to.not.have.property("accepter");
        expect(peer.inputs["accepter"]).to.deep.equal({ allowRemoteVpcDnsResolution: true });
        expect(peer.inputs).to.not.have.property("requester");
        expect(r.inRegion(req, "us-east-1")).to.equal(true);
        expect(r.inRegion(peer, "eu-west-1")).to.equal(true);
        for (const o of [req, peer]) expect(o.propertyDependencies["vpcPeeringConnectionId"]).to.deep.equal([acc.urn]);
    });

    it("routes every private route table to the other VPC's CIDR through the peering, in its own region", () => {
        const acc = r.one(ACC, "peering-accepter");
        for (const [tables, region, cidr] of [
            [US_TABLES, "us-east-1", "10.1.0.0/16"],
            [EU_TABLES, "eu-west-1", "10.0.0.0/16"],
        ] as const) {
            for (const t of tables) {
                const route = r.one(ROUTE, `peering-${t}`);
                expect(route.inputs).to.deep.include({ routeTableId: t, destinationCidrBlock: cidr });
                expect(route.propertyDependencies["vpcPeeringConnectionId"]).to.deep.equal([acc.urn]);
                expect(r.inRegion(route, region)).to.equal(true);
            }
        }
    });

    it("lets two instances live in one program without colliding", async () => {
        const two = await evaluateInRegions(
            (p) => {
                new VpcPeering("a", {
                    requester: side(p, "us-east-1", "10.0.0.0/16", ["rtb-1"]),
                    accepter: side(p, "eu-west-1", "10.1.0.0/16", ["rtb-2"]),
                });
                new VpcPeering("b", {
                    requester: side(p, "us-east-1", "10.0.0.0/16", ["rtb-1"]),
                    accepter: side(p, "us-west-2", "10.2.0.0/16", ["rtb-3"]),
                });
            },
            ["us-east-1", "eu-west-1", "us-west-2"],
        );
        expectUniqueUrns(two.record);
        expect(two.ofType(PCX)).to.have.length(2);
    });

    describe("validation", () => {
        const cases: [string, (p: Providers) => [PeeringSide, PeeringSide], string][] = [
            [
                "two sides in one region",
                (p) => [side(p, "us-east-1", "10.0.0.0/16", ["rtb-1"]), side(p, "us-east-1", "10.1.0.0/16", ["rtb-2"])],
                'accepter.region: expected a region other than the requester\'s, got "us-east-1"',
            ],
            [
                "overlapping CIDRs",
                (p) => [side(p, "us-east-1", "10.0.0.0/16", ["rtb-1"]), side(p, "eu-west-1", "10.0.64.0/18", ["rtb-2"])],
                'accepter.cidrBlock: expected a CIDR block disjoint from the requester\'s (10.0.0.0/16), got "10.0.64.0/18"',
            ],
            [
                "a malformed CIDR",
                (p) => [side(p, "us-east-1", "10.0.0.0/16", ["rtb-1"]), side(p, "eu-west-1", "10.1.0.0", ["rtb-2"])],
                "cidrBlock: expected IPv4 CIDR blocks, got 10.0.0.0/16, 10.1.0.0",
            ],
            [
                "a side without route tables",
                (p) => [side(p, "us-east-1", "10.0.0.0/16", []), side(p, "eu-west-1", "10.1.0.0/16", ["rtb-2"])],
                "routeTableIds: expected at least 1 private route table per side, got none in us-east-1",
            ],
            [
                "a route table on both sides",
                (p) => [side(p, "us-east-1", "10.0.0.0/16", ["rtb-1"]), side(p, "eu-west-1", "10.1.0.0/16", ["rtb-1"])],
                'routeTableIds: expected distinct route tables, got ["rtb-1","rtb-1"]',
            ],
        ];
        for (const [title, sides, message] of cases) {
            it(`refuses ${title}`, async () => {
                const { problems } = await argsErrorOf((p) => {
                    const [requester, accepter] = sides(p);
                    return new VpcPeering("peering", { requester, accepter });
                });
                expect(problems).to.deep.equal([message]);
            });
        }
    });
});
