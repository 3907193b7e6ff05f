import { expect } from "chai";
import * as ec2 from "../../policies/ec2";
import {
    type Case,
    type StackItem,
    U,
    checkResource,
    checkStack,
    edit,
    resourcePolicySuite,
    set,
    stackPolicySuite,
    without,
} from "../harness";

const cases = (...c: Case<StackItem[]>[]) => c;

const VPC_T = "aws:ec2/vpc:Vpc";
const DSG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
/** A VPC whose default group is adopted with no rules, and an application group with a rule of its own. */
const sgStack: StackItem[] = [
    { type: VPC_T, name: "vpc", props: { id: "vpc-1", cidrBlock: "10.0.0.0/16", defaultSecurityGroupId: "sg-default" } },
    { type: DSG, name: "vpc-default", props: { id: "sg-default", vpcId: "vpc-1", ingress: [], egress: [] }, propDeps: { vpcId: ["vpc"] } },
    { type: "aws:ec2/securityGroup:SecurityGroup", name: "app", props: { id: "sg-app", vpcId: "vpc-1" }, propDeps: { vpcId: ["vpc"] } },
    {
        type: INGRESS_RULE,
        name: "app-https",
        props: { securityGroupId: "sg-app", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/16" },
        propDeps: { securityGroupId: ["app"] },
    },
];
const allTraffic = { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" };

stackPolicySuite(ec2.ec2DefaultSecurityGroupNoRules, {
    compliant: sgStack,
    variants: [
        [
            "compliant: an awsx Vpc (children not visible) whose default group is adopted through the component's output",
            (f) => [
                { type: "awsx:ec2:Vpc", name: "net", props: {} },
                { type: DSG, name: "net-default", props: { vpcId: U.string, ingress: [], egress: [] }, propDeps: { vpcId: ["net"] } },
                ...f,
            ],
        ],
        [
            "out of scope: a rule whose group id is built from a VPC output and a security group (not the default group)",
            (f) => [
                ...f,
                {
                    type: EGRESS_RULE,
                    name: "mixed",
                    props: { securityGroupId: "sg-app", ...allTraffic },
                    propDeps: { securityGroupId: ["vpc", "app"] },
                },
            ],
        ],
    ],
    cases: cases(
        [
            "an inline ingress rule on the default group",
            (f) => edit(f, "vpc-default", (p) => set(p, "ingress", [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }])),
            ["vpc-default: Default security group has 1 ingress rule(s); expected none."],
        ],
        [
            "a SecurityGroupIngressRule attached to the DefaultSecurityGroup",
            (f) => [
                ...f,
                {
                    type: INGRESS_RULE,
                    name: "dsg-ssh",
                    props: { securityGroupId: "sg-default", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.0.0.0/8" },
                    propDeps: { securityGroupId: ["vpc-default"] },
                },
            ],
            ['dsg-ssh: SecurityGroupIngressRule "dsg-ssh" adds a rule to default security group "vpc-default"; expected none (EC2.2).'],
        ],
        [
            "a SecurityGroupEgressRule on the VPC's defaultSecurityGroupId (the only group id a Vpc outputs)",
            (f) => [
                ...f,
                {
                    type: EGRESS_RULE,
                    name: "out",
                    props: { securityGroupId: U.string, ...allTraffic },
                    propDeps: { securityGroupId: ["vpc"] },
                },
            ],
            ['out: SecurityGroupEgressRule "out" adds a rule to the default security group of VPC "vpc"; expected none (EC2.2).'],
        ],
        [
            "a SecurityGroupRule naming the default group's known id, without a graph link",
            (f) => [
                ...f,
                {
                    type: SG_RULE,
                    name: "literal",
                    props: {
                        type: "ingress",
                        securityGroupId: "sg-default",
                        protocol: "tcp",
                        fromPort: 443,
                        toPort: 443,
                        cidrBlocks: ["10.0.0.0/8"],
                    },
                },
            ],
            ['literal: SecurityGroupRule "literal" adds a rule to default security group "vpc-default"; expected none (EC2.2).'],
        ],
    ),
    unset: [
        "no DefaultSecurityGroup for the VPC",
        (f) => without(f, "vpc-default"),
        [
            'vpc: VPC "vpc" has no DefaultSecurityGroup, so its default security group keeps the rules AWS creates (inbound from itself, all outbound); declare an aws.ec2.DefaultSecurityGroup with no ingress or egress.',
        ],
    ],
    unknown: (f) => f.map((i) => ({ ...i, props: Object.fromEntries(Object.keys(i.props ?? {}).map((k) => [k, U.object])) })),
    unknownPlusViolation: [
        "the default group's rules unknown, a rule resource attached to it",
        [
            ...edit(sgStack, "vpc-default", (p) => ({ ...p, ingress: U.array, egress: U.array, id: U.string })),
            {
                type: EGRESS_RULE,
                name: "out",
                props: { securityGroupId: U.string, ...allTraffic },
                propDeps: { securityGroupId: ["vpc-default"] },
            },
        ],
        ['out: SecurityGroupEgressRule "out" adds a rule to default security group "vpc-default"; expected none (EC2.2).'],
    ],
});

describe("ec2-default-security-group-no-rules: which VPCs are judged", () => {
    it("a DefaultSecurityGroup the graph cannot link makes a VPC's missing one unprovable", () => {
        expect(
            checkStack(ec2.ec2DefaultSecurityGroupNoRules, [
                ...without(sgStack, "vpc-default"),
                { type: DSG, name: "elsewhere", props: { vpcId: "vpc-9", ingress: [], egress: [] } },
            ]),
        ).to.deep.equal([]);
    });
    it("an awsx Vpc's own aws:ec2 Vpc child is covered by a group adopted through the component", () => {
        expect(
            checkStack(ec2.ec2DefaultSecurityGroupNoRules, [
                { type: "awsx:ec2:Vpc", name: "net", props: {} },
                { type: VPC_T, name: "net-vpc", parent: "net", props: {} },
                { type: DSG, name: "net-default", props: { ingress: [], egress: [] }, propDeps: { vpcId: ["net"] } },
            ]),
        ).to.deep.equal([]);
    });
});

const SG = "aws:ec2/securityGroup:SecurityGroup";
const sg = {
    vpcId: "vpc-1",
    ingress: [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
        { protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: ["sg-alb"] },
    ],
};
const HIGH_RISK =
    "20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300";

resourcePolicySuite(ec2.ec2SecurityGroupRestrictedIngress, {
    type: SG,
    compliant: sg,
    variants: [
        [
            "compliant: HTTP on 80 from anywhere, over IPv6 too",
            (p) => set(p, "ingress.0", { protocol: "6", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }),
        ],
        [
            "out of scope: ICMP from anywhere (no ports: EC2.18/EC2.19's Config rules judge TCP and UDP ports)",
            (p) => set(p, "ingress.0", { protocol: "icmp", fromPort: -1, toPort: -1, cidrBlocks: ["0.0.0.0/0"] }),
        ],
        [
            "out of scope: ICMPv6 by protocol number from anywhere",
            (p) => set(p, "ingress.0", { protocol: "58", fromPort: -1, toPort: -1, ipv6CidrBlocks: ["::/0"] }),
        ],
        [
            "compliant: SSH from a private range",
            (p) => set(p, "ingress.0", { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] }),
        ],
    ],
    cases: [
        [
            "SSH from anywhere",
            (p) => set(p, "ingress.0", { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }),
            ["ingress[0] opens TCP port 22 to 0.0.0.0/0, including high-risk port(s) 22 (EC2.19)."],
        ],
        [
            "all traffic over IPv6",
            (p) => set(p, "ingress.0", { protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }),
            [`ingress[0] opens all protocols and ports to ::/0, including high-risk port(s) ${HIGH_RISK} (EC2.19).`],
        ],
        [
            "unauthorised public TCP port",
            (p) => set(set(p, "ingress.0.fromPort", 8443), "ingress.0.toPort", 8443),
            ["ingress[0] opens TCP port 8443 to 0.0.0.0/0; only TCP 80, 443 may be public (EC2.18)."],
        ],
        [
            "a TCP range around the authorized ports",
            (p) => set(set(p, "ingress.0.fromPort", 80), "ingress.0.toPort", 443),
            ["ingress[0] opens TCP ports 80-443 to 0.0.0.0/0, including high-risk port(s) 110, 135, 143 (EC2.19)."],
        ],
        [
            "UDP 443 from anywhere (no UDP port is authorized)",
            (p) => set(p, "ingress.0.protocol", "udp"),
            ["ingress[0] opens UDP port 443 to 0.0.0.0/0; no UDP port may be public (EC2.18)."],
        ],
        [
            "a bad rule next to a rule whose CIDRs are unknown (judged per rule)",
            (p) =>
                set(
                    set(p, "ingress.1", { protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlocks: ["0.0.0.0/0"] }),
                    "ingress.0.cidrBlocks",
                    U.array,
                ),
            ["ingress[1] opens TCP port 3389 to 0.0.0.0/0, including high-risk port(s) 3389 (EC2.19)."],
        ],
    ],
    unset: ["ingress", []],
    unknown: { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: U.array }] },
    unknownPlusViolation: [
        "one rule's CIDRs unknown, another rule SSH from anywhere",
        {
            ingress: [
                { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: U.array },
                { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [U.string, "0.0.0.0/0"] },
                U.object,
            ],
        },
        ["ingress[1] opens TCP port 22 to 0.0.0.0/0, including high-risk port(s) 22 (EC2.19)."],
    ],
});

describe("ec2-security-group-restricted-ingress: split rule resources", () => {
    it("SecurityGroupIngressRule with cidrIpv4 0.0.0.0/0 on 3389", () => {
        expect(
            checkResource(ec2.ec2SecurityGroupRestrictedIngress, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
                securityGroupId: "sg",
                ipProtocol: "tcp",
                fromPort: 3389,
                toPort: 3389,
                cidrIpv4: "0.0.0.0/0",
            }),
        ).to.deep.equal(["Ingress rule opens TCP port 3389 to 0.0.0.0/0, including high-risk port(s) 3389 (EC2.19)."]);
    });
    it("SecurityGroupIngressRule ICMP from anywhere is out of scope", () => {
        expect(
            checkResource(ec2.ec2SecurityGroupRestrictedIngress, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
                securityGroupId: "sg",
                ipProtocol: "icmp",
                fromPort: 8,
                toPort: 0,
                cidrIpv4: "0.0.0.0/0",
            }),
        ).to.deep.equal([]);
    });
    it("SecurityGroupRule egress is ignored; ingress on 80 is allowed", () => {
        expect(
            checkResource(ec2.ec2SecurityGroupRestrictedIngress, "aws:ec2/securityGroupRule:SecurityGroupRule", {
                type: "egress",
                protocol: "-1",
                fromPort: 0,
                toPort: 0,
                cidrBlocks: ["0.0.0.0/0"],
            }),
        ).to.deep.equal([]);
        expect(
            checkResource(ec2.ec2SecurityGroupRestrictedIngress, "aws:ec2/securityGroupRule:SecurityGroupRule", {
                type: "ingress",
                protocol: "tcp",
                fromPort: 80,
                toPort: 80,
                cidrBlocks: ["0.0.0.0/0"],
            }),
        ).to.deep.equal([]);
    });
    it("SecurityGroupRule: an unknown IPv6 list does not hide a known 0.0.0.0/0", () => {
        expect(
            checkResource(
                ec2.ec2SecurityGroupRestrictedIngress,
                "aws:ec2/securityGroupRule:SecurityGroupRule",
                { type: "ingress", protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: U.array },
                { unknown: true },
            ),
        ).to.deep.equal(["Ingress rule opens TCP port 5432 to 0.0.0.0/0, including high-risk port(s) 5432 (EC2.19)."]);
    });
    it("authorizedPublicUdpPorts authorizes a UDP port", () => {
        expect(
            checkResource(
                ec2.ec2SecurityGroupRestrictedIngress,
                SG,
                { ingress: [{ protocol: "udp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] },
                { config: { authorizedPublicUdpPorts: [443] } },
            ),
        ).to.deep.equal([]);
    });
});

resourcePolicySuite(ec2.vpcMultiAz, {
    type: "awsx:ec2:Vpc",
    compliant: { cidrBlock: "10.0.0.0/16", availabilityZoneNames: ["us-east-1a", "us-east-1b"], natGateways: { strategy: "OnePerAz" } },
    cases: [
        ["one AZ name", (p) => set(p, "availabilityZoneNames", ["us-east-1a"]), ["VPC spans 1 AZ(s); expected at least 2."]],
        [
            "numberOfAvailabilityZones 1",
            (p) => set(set(p, "availabilityZoneNames", undefined), "numberOfAvailabilityZones", 1),
            ["VPC spans 1 AZ(s); expected at least 2."],
        ],
        ["single NAT gateway", (p) => set(p, "natGateways.strategy", "Single"), ['natGateways.strategy is "Single"; expected "OnePerAz".']],
    ],
    unset: ["availabilityZoneNames", []],
    unknown: { availabilityZoneNames: U.array, numberOfAvailabilityZones: U.number, natGateways: U.object },
    unknownPlusViolation: [
        "AZ names unknown, a single NAT gateway",
        { availabilityZoneNames: U.array, natGateways: { strategy: "Single" } },
        ['natGateways.strategy is "Single"; expected "OnePerAz".'],
    ],
});

describe("vpc-multi-az: unknown AZ names", () => {
    const run = (props: Record<string, unknown>) => checkResource(ec2.vpcMultiAz, "awsx:ec2:Vpc", props, { unknown: true });
    it("two unknown names are not one AZ (a Set would collapse them)", () =>
        expect(run({ availabilityZoneNames: [U.string, U.string] })).to.deep.equal([]));
    it("one known and one unknown name: not provable", () =>
        expect(run({ availabilityZoneNames: ["us-east-1a", U.string], numberOfAvailabilityZones: 1 })).to.deep.equal([]));
    it("known duplicate names are one AZ", () =>
        expect(run({ availabilityZoneNames: ["us-east-1a", "us-east-1a"] })).to.deep.equal(["VPC spans 1 AZ(s); expected at least 2."]));
    it("names known, numberOfAvailabilityZones unknown: the names decide", () =>
        expect(run({ availabilityZoneNames: ["us-east-1a"], numberOfAvailabilityZones: U.number })).to.deep.equal([
            "VPC spans 1 AZ(s); expected at least 2.",
        ]));
});

/** An awsx Vpc as the engine shows it: the component with its child VPC, subnets and NAT gateways. */
const SUBNET = "aws:ec2/subnet:Subnet";
const NAT = "aws:ec2/natGateway:NatGateway";
const vpcStack: StackItem[] = [
    { type: "awsx:ec2:Vpc", name: "net", props: {} },
    { type: "aws:ec2/vpc:Vpc", name: "net-vpc", parent: "net", props: { cidrBlock: "10.0.0.0/16" } },
    ...["a", "b"].flatMap((az): StackItem[] => [
        {
            type: SUBNET,
            name: `net-public-${az}`,
            parent: "net-vpc",
            props: { availabilityZone: `us-east-1${az}`, tags: { SubnetType: "Public" } },
            propDeps: { vpcId: ["net-vpc"] },
        },
        {
            type: SUBNET,
            name: `net-private-${az}`,
            parent: "net-vpc",
            props: { availabilityZone: `us-east-1${az}`, tags: { SubnetType: "Private" } },
            propDeps: { vpcId: ["net-vpc"] },
        },
        { type: NAT, name: `net-nat-${az}`, parent: `net-public-${az}`, props: {}, propDeps: { subnetId: [`net-public-${az}`] } },
    ]),
    { type: "aws:ec2/flowLog:FlowLog", name: "net-flow-logs", props: { trafficType: "ALL" }, propDeps: { vpcId: ["net"] } },
];

const noNats = (f: StackItem[]) => f.filter((i) => i.type !== NAT);
const subnetAzsUnknown = (f: StackItem[]) =>
    f.map((i) => (i.type === SUBNET ? edit([i], i.name, (p) => ({ ...p, availabilityZone: U.string }))[0]! : i));

stackPolicySuite(ec2.vpcSubnetsMultiAz, {
    compliant: vpcStack,
    variants: [
        [
            "compliant: isolated subnets only (no internet route) need no NAT gateway",
            (f) =>
                noNats(f).map((i) =>
                    i.name.startsWith("net-private-") ? edit([i], i.name, (p) => set(p, "tags.SubnetType", "Isolated"))[0]! : i,
                ),
        ],
        [
            "out of scope: a NAT gateway the graph cannot place makes 'no NAT gateway' unprovable",
            (f) => [...noNats(f), { type: NAT, name: "elsewhere", props: {} }],
        ],
    ],
    cases: [
        [
            "all subnets in one AZ",
            (f) => f.map((i) => (i.type === SUBNET ? edit([i], i.name, (p) => ({ ...p, availabilityZone: "us-east-1a" }))[0]! : i)),
            ['net: VPC "net" subnets span 1 AZ(s) (us-east-1a); expected at least 2.'],
        ],
        ["one NAT for two AZs", (f) => without(f, "net-nat-b"), ['net: VPC "net" has no NAT gateway in us-east-1b; expected one per AZ.']],
        [
            "private subnets and no NAT gateway at all (natGateways.strategy None)",
            noNats,
            ['net: VPC "net" has private subnets but no NAT gateway; expected one per AZ.'],
        ],
    ],
    unset: [
        "no subnets visible (mocks): judged from args by vpc-multi-az instead",
        (f) => f.filter((i) => i.type !== SUBNET && i.type !== NAT),
        [],
    ],
    unknown: subnetAzsUnknown,
    unknownPlusViolation: [
        "subnet AZs unknown, private subnets and no NAT gateway",
        noNats(subnetAzsUnknown(vpcStack)),
        ['net: VPC "net" has private subnets but no NAT gateway; expected one per AZ.'],
    ],
});

stackPolicySuite(ec2.ec2VpcFlowLogsEnabled, {
    compliant: vpcStack,
    variants: [
        [
            "compliant: an awsx Vpc under mocks (no children) with a flow log",
            (f) => f.filter((i) => i.name === "net" || i.name === "net-flow-logs"),
        ],
    ],
    cases: [
        [
            "a second plain VPC without flow logs",
            (f) => [...f, { type: "aws:ec2/vpc:Vpc", name: "other", props: {} }],
            ['other: VPC "other" has no flow log.'],
        ],
    ],
    unset: ["no flow log", (f) => without(f, "net-flow-logs"), ['net-vpc: VPC "net-vpc" has no flow log.']],
    unknown: (f) => edit(f, "net-flow-logs", () => ({ trafficType: U.string })),
    unknownPlusViolation: [
        "the flow log's values unknown, a second VPC without one",
        [
            ...edit(vpcStack, "net-flow-logs", () => ({ trafficType: U.string, logDestination: U.string })),
            { type: "aws:ec2/vpc:Vpc", name: "other", props: { cidrBlock: U.string } },
        ],
        ['other: VPC "other" has no flow log.'],
    ],
});

const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const endpointPolicy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const scoped = {
    Sid: "OwnBuckets",
    Effect: "Allow",
    Principal: "*",
    Action: ["s3:GetObject", "s3:PutObject"],
    Resource: "arn:aws:s3:::platform-*/*",
    Condition: { StringEquals: { "aws:ResourceAccount": "111122223333" } },
};
const fullAccess = { Sid: "All", Effect: "Allow", Principal: "*", Action: "*", Resource: "*" };
const NO_POLICY =
    'VPC endpoint has no policy, so AWS applies the default one: full access ("*" on "*") for every principal; scope it to the resources the VPC needs.';

resourcePolicySuite(ec2.ec2VpcEndpointPolicyRestricted, {
    type: ENDPOINT,
    compliant: { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway", policy: endpointPolicy(scoped) },
    variants: [
        [
            "compliant: full access restricted to this organization's principals (aws:PrincipalOrgID, a fixed value)",
            (p) => set(p, "policy", endpointPolicy({ ...fullAccess, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } })),
        ],
        [
            "out of scope: a Gateway Load Balancer endpoint (it takes no policy)",
            (p) => set(set(p, "vpcEndpointType", "GatewayLoadBalancer"), "policy", undefined),
        ],
    ],
    cases: [
        [
            "the AWS default policy written out",
            (p) => set(p, "policy", endpointPolicy(fullAccess)),
            ['Statement All allows Action "*" on Resource "*" to Principal "*" without a condition.'],
        ],
        [
            "every S3 action on every resource, next to a scoped statement",
            (p) => set(p, "policy", endpointPolicy(scoped, { ...fullAccess, Sid: "S3", Action: "s3:*", Principal: { AWS: "*" } })),
            ['Statement S3 allows Action "s3:*" on Resource "*" to Principal "*" without a condition.'],
        ],
        [
            "a condition that restricts no principal (ArnLike aws:PrincipalArn arn:aws:iam::*)",
            (p) => set(p, "policy", endpointPolicy({ ...fullAccess, Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*" } } })),
            [
                'Statement All allows Action "*" on Resource "*" to Principal "*" with a condition that restricts no principal (expected a fixed value of a principal or source key such as aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID).',
            ],
        ],
        ["an Interface endpoint without a policy", (p) => set(set(p, "vpcEndpointType", "Interface"), "policy", undefined), [NO_POLICY]],
    ],
    unset: ["policy", [NO_POLICY]],
    unknown: { vpcId: U.string, serviceName: U.string, vpcEndpointType: U.string, policy: U.string },
    unknownPlusViolation: [
        "the VPC, route tables and one statement unknown, another the default full access",
        { vpcId: U.string, routeTableIds: U.array, serviceName: U.string, policy: { Statement: [U.object, fullAccess] } },
        ['Statement All allows Action "*" on Resource "*" to Principal "*" without a condition.'],
    ],
});

describe("ec2-vpc-endpoint-policy-restricted: the endpoint type", () => {
    it("an endpoint of unknown type without a policy: not provable (a Gateway Load Balancer endpoint takes none)", () => {
        expect(checkResource(ec2.ec2VpcEndpointPolicyRestricted, ENDPOINT, { vpcEndpointType: U.string }, { unknown: true })).to.deep.equal(
            [],
        );
    });
    it("an empty policy string is no policy", () => {
        expect(
            checkResource(ec2.ec2VpcEndpointPolicyRestricted, ENDPOINT, { serviceName: "com.amazonaws.us-east-1.s3", policy: "" }),
        ).to.deep.equal([NO_POLICY]);
    });
});
