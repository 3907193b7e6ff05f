import { expect } from "chai";
import { LogEncryptionKey } from "../../../components/encryption";
import { Network, type NetworkArgs } from "../../../components/network";
import { SIMULATED_ACCOUNT_ID } from "../../../simulation/ids";
import {
    argsProblemsOf,
    childrenOf,
    evaluateInstances,
    evaluateWithProvider,
    expectArgsError,
    expectUniqueUrns,
    ofType,
    one,
    type StackRecord,
    policyOf,
    statementsOf,
} from "../../support/components";

const REGION = "eu-west-1";
const ARGS: NetworkArgs = {
    availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    cidrBlock: "10.1.0.0/16",
    region: REGION,
    accountId: SIMULATED_ACCOUNT_ID,
    flowLogRetentionDays: 30,
};

const evaluate = (instances: Record<string, NetworkArgs>): Promise<StackRecord> =>
    evaluateInstances(REGION, instances, (name, args, opts) => {
        const n = new Network(name, args, opts);
        return {
            vpcId: n.vpcId,
            vpcCidrBlock: n.vpcCidrBlock,
            publicSubnetIds: n.publicSubnetIds,
            privateSubnetIds: n.privateSubnetIds,
            privateRouteTableIds: n.privateRouteTableIds,
            availabilityZones: n.availabilityZones,
            flowLogGroupName: n.flowLogGroupName,
        };
    });

const KEY = "aws:kms/key:Key";

describe("components/network/Network", () => {
    let record: StackRecord;
    before(async () => {
        record = await evaluate({ net: ARGS });
    });

    it("registers exactly the expected children, all parented to the component", () => {
        const component = one(record, Network.__pulumiType, "net");
        expect(childrenOf(record, component)).to.deep.equal(
            [
                "awsx:ec2:Vpc net",
                `${LogEncryptionKey.__pulumiType} net-flow-logs`,
                "aws:cloudwatch/logGroup:LogGroup net-flow-logs",
                "aws:iam/role:Role net-flow-logs",
                "aws:iam/rolePolicy:RolePolicy net-flow-logs",
                "aws:ec2/flowLog:FlowLog net",
                "aws:ec2/vpcEndpoint:VpcEndpoint net-s3",
                "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup net-default",
            ].sort(),
        );
        expect(childrenOf(record, one(record, LogEncryptionKey.__pulumiType, "net-flow-logs"))).to.deep.equal([`${KEY} net-flow-logs`]);
        // Nothing else outside the component and its flow-log key but the provider and the root stack.
        const keyComponent = one(record, LogEncryptionKey.__pulumiType, "net-flow-logs");
        expect(
            record.resources
                .filter((r) => r.parent !== component.urn && r.parent !== keyComponent.urn)
                .map((r) => r.type)
                .sort(),
        ).to.deep.equal([Network.__pulumiType, "pulumi:providers:aws", "pulumi:pulumi:Stack"].sort());
    });

    it("passes the AZs, CIDR, subnet layout, DNS settings and one NAT gateway per AZ to awsx", () => {
        const vpc = one(record, "awsx:ec2:Vpc", "net");
        expect(vpc.inputs["availabilityZoneNames"]).to.deep.equal(ARGS.availabilityZones);
        expect(vpc.inputs["cidrBlock"]).to.equal("10.1.0.0/16");
        expect(vpc.inputs["enableDnsHostnames"]).to.equal(true);
        expect(vpc.inputs["enableDnsSupport"]).to.equal(true);
        expect(vpc.inputs["natGateways"]).to.deep.equal({ strategy: "OnePerAz" });
        expect(vpc.inputs["subnetSpecs"]).to.deep.equal([{ type: "Public" }, { type: "Private" }]);
        // Pinned: awsx would otherwise size the AZ blocks by the AZ count.
        expect(vpc.inputs["availabilityZoneCidrMask"]).to.equal(18);
    });

    it("appending an AZ keeps every existing subnet's block and name (awsx Auto layout, pinned AZ blocks)", async () => {
        const r = await evaluate({
            three: ARGS,
            four: { ...ARGS, cidrBlock: "10.2.0.0/16", availabilityZones: [...ARGS.availabilityZones, "eu-west-1d"] },
        });
        const layout = (name: string) =>
            (one(r, "awsx:ec2:Vpc", name).outputs["subnets"] as { name: string; cidrBlock: string; availabilityZone: string }[]).map(
                (s) => `${s.name.slice(name.length)} ${s.availabilityZone} ${s.cidrBlock.split(".").slice(2).join(".")}`,
            );
        expect(layout("three")).to.deep.equal([
            "-public-1 eu-west-1a 0.0/19",
            "-private-1 eu-west-1a 32.0/19",
            "-public-2 eu-west-1b 64.0/19",
            "-private-2 eu-west-1b 96.0/19",
            "-public-3 eu-west-1c 128.0/19",
            "-private-3 eu-west-1c 160.0/19",
        ]);
        expect(layout("four")).to.deep.equal([...layout("three"), "-public-4 eu-west-1d 192.0/19", "-private-4 eu-west-1d 224.0/19"]);
    });

    it("logs ALL traffic to a KMS-encrypted log group with the given retention", () => {
        const key = one(record, KEY, "net-flow-logs");
        const group = one(record, "aws:cloudwatch/logGroup:LogGroup", "net-flow-logs");
        const role = one(record, "aws:iam/role:Role", "net-flow-logs");
        const flowLog = one(record, "aws:ec2/flowLog:FlowLog", "net");
        expect([key.inputs["enableKeyRotation"], key.inputs["deletionWindowInDays"], key.inputs["description"]]).to.deep.equal([
            true,
            30,
            "VPC flow logs (net-flow-logs)",
        ]);
        expect(group.inputs["kmsKeyId"]).to.equal(key.outputs["arn"]);
        expect(group.inputs["retentionInDays"]).to.equal(30);
        expect(flowLog.inputs["trafficType"]).to.equal("ALL");
        expect(flowLog.inputs["logDestinationType"]).to.equal("cloud-watch-logs");
        expect(flowLog.inputs["logDestination"]).to.equal(group.outputs["arn"]);
        expect(flowLog.inputs["iamRoleArn"]).to.equal(role.outputs["arn"]);
        expect(flowLog.inputs["vpcId"]).to.equal(one(record, "awsx:ec2:Vpc", "net").outputs["vpcId"]);
    });

    it("lets only CloudWatch Logs of this region and account use the log key", () => {
        expect(statementsOf(one(record, KEY, "net-flow-logs"))).to.deep.equal([
            {
                Sid: "AccountAdministration",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${SIMULATED_ACCOUNT_ID}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchLogsUse",
                Effect: "Allow",
                Principal: { Service: "logs.eu-west-1.amazonaws.com" },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: {
                    ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${SIMULATED_ACCOUNT_ID}:log-group:*` },
                },
            },
        ]);
    });

    it("keeps the flow-log key's URN from before LogEncryptionKey as an alias, so existing stacks move the key instead of replacing it", () => {
        expect(one(record, KEY, "net-flow-logs").aliases).to.deep.equal([
            "urn:pulumi:test::platform::platform:network:Network$aws:kms/key:Key::net-flow-logs",
        ]);
    });

    it("gives the flow-log role only the log-delivery actions on its log group, trusted by the service in this account", () => {
        const group = one(record, "aws:cloudwatch/logGroup:LogGroup", "net-flow-logs");
        const role = one(record, "aws:iam/role:Role", "net-flow-logs");
        expect(statementsOf(role, "assumeRolePolicy")).to.deep.equal([
            {
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": SIMULATED_ACCOUNT_ID } },
            },
        ]);
        const rolePolicy = one(record, "aws:iam/rolePolicy:RolePolicy", "net-flow-logs");
        expect(rolePolicy.inputs["role"]).to.equal(role.outputs["name"]);
        expect(statementsOf(rolePolicy)).to.deep.equal([
            {
                Sid: "DeliverFlowLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [group.outputs["arn"], `${group.outputs["arn"]}:*`],
            },
            // Listed by the flow-logs guide; a list action IAM checks against log-group::log-stream:,
            // so this account's log groups in this region is the narrowest resource.
            {
                Sid: "DescribeLogGroups",
                Effect: "Allow",
                Action: "logs:DescribeLogGroups",
                Resource: `arn:aws:logs:eu-west-1:${SIMULATED_ACCOUNT_ID}:log-group:*`,
            },
        ]);
    });

    it("names the DescribeLogGroups resource in the account's partition", async () => {
        const gov = await evaluate({ gov: { ...ARGS, partition: "aws-us-gov" } });
        const statement = statementsOf(one(gov, "aws:iam/rolePolicy:RolePolicy", "gov-flow-logs")).find(
            (st) => st.Sid === "DescribeLogGroups",
        );
        expect(statement?.Resource).to.equal(`arn:aws-us-gov:logs:eu-west-1:${SIMULATED_ACCOUNT_ID}:log-group:*`);
    });

    it("attaches an S3 gateway endpoint to the private route tables only", () => {
        const vpc = one(record, "awsx:ec2:Vpc", "net");
        const endpoint = one(record, "aws:ec2/vpcEndpoint:VpcEndpoint", "net-s3");
        expect(endpoint.inputs["serviceName"]).to.equal("com.amazonaws.eu-west-1.s3");
        expect(endpoint.inputs["vpcEndpointType"]).to.equal("Gateway");
        const routeTables = vpc.outputs["routeTables"] as { id: string; subnetId: string }[];
        const privateSubnets = vpc.outputs["privateSubnetIds"] as string[];
        const expected = routeTables
            .filter((t) => privateSubnets.includes(t.subnetId))
            .map((t) => t.id)
            .sort();
        expect(expected).to.have.length(3);
        expect(endpoint.inputs["routeTableIds"]).to.deep.equal(expected);
        expect(record.outputs["net.privateRouteTableIds"]).to.deep.equal(expected);
    });

    it("scopes the S3 endpoint to this account's buckets and ECR's layer bucket (no policy would mean full access to every bucket)", () => {
        const endpoint = one(record, "aws:ec2/vpcEndpoint:VpcEndpoint", "net-s3");
        expect(policyOf(endpoint.inputs["policy"])).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ThisAccountsBuckets",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: "*",
                    Condition: {
                        StringEquals: { "aws:PrincipalAccount": SIMULATED_ACCOUNT_ID, "aws:ResourceAccount": SIMULATED_ACCOUNT_ID },
                    },
                },
                {
                    Sid: "EcrImageLayers",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:GetObject",
                    Resource: "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*",
                },
            ],
        });
    });

    it("strips every rule from the default security group", () => {
        const sg = one(record, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "net-default");
        expect(sg.inputs["ingress"]).to.deep.equal([]);
        expect(sg.inputs["egress"]).to.deep.equal([]);
        expect(sg.inputs["vpcId"]).to.equal(one(record, "awsx:ec2:Vpc", "net").outputs["vpcId"]);
    });

    it("exposes the VPC's outputs", () => {
        const vpc = one(record, "awsx:ec2:Vpc", "net");
        expect(record.outputs["net.vpcId"]).to.equal(vpc.outputs["vpcId"]);
        expect(record.outputs["net.vpcCidrBlock"]).to.equal("10.1.0.0/16");
        expect(record.outputs["net.publicSubnetIds"]).to.deep.equal(vpc.outputs["publicSubnetIds"]);
        expect(record.outputs["net.privateSubnetIds"]).to.deep.equal(vpc.outputs["privateSubnetIds"]);
        expect(record.outputs["net.availabilityZones"]).to.deep.equal(ARGS.availabilityZones);
        expect(record.outputs["net.flowLogGroupName"]).to.equal(
            one(record, "aws:cloudwatch/logGroup:LogGroup", "net-flow-logs").outputs["name"],
        );
        expect((record.outputs["net.publicSubnetIds"] as string[]).length).to.equal(3);
    });

    it("places every resource in the provider's region", () => {
        const provider = one(record, "pulumi:providers:aws", "aws");
        expect(provider.inputs["region"]).to.equal(REGION);
        const custom = record.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
        expect(custom.length).to.be.greaterThan(0);
        for (const r of custom) expect(r.provider?.startsWith(`${provider.urn}::`), r.urn).to.equal(true);
    });

    it("defaults the flow-log retention to 90 days", async () => {
        const { flowLogRetentionDays: _omit, ...rest } = ARGS;
        const r = await evaluate({ dflt: rest });
        expect(one(r, "aws:cloudwatch/logGroup:LogGroup", "dflt-flow-logs").inputs["retentionInDays"]).to.equal(90);
    });

    it("lets two instances live in one program without colliding", async () => {
        const r = await evaluate({ a: ARGS, b: { ...ARGS, cidrBlock: "10.2.0.0/16" } });
        expectUniqueUrns(r);
        expect(
            ofType(r, Network.__pulumiType)
                .map((x) => x.name)
                .sort(),
        ).to.deep.equal(["a", "b"]);
        expect(r.outputs["a.vpcId"]).to.not.equal(r.outputs["b.vpcId"]);
    });

    describe("validation", () => {
        const cases: [string, Partial<NetworkArgs>, string][] = [
            ["fewer than 2 AZs", { availabilityZones: ["eu-west-1a"] }, 'availabilityZones: expected at least 2, got 1 (["eu-west-1a"])'],
            [
                "duplicate AZs",
                { availabilityZones: ["eu-west-1a", "eu-west-1a"] },
                'availabilityZones: expected distinct zones, eu-west-1a repeated, got ["eu-west-1a","eu-west-1a"]',
            ],
            [
                "AZs of another region",
                { availabilityZones: ["eu-west-1a", "us-east-1b"] },
                'availabilityZones.1: expected an availability zone of eu-west-1 (eu-west-1a, eu-west-1b, ...), got "us-east-1b"',
            ],
            [
                "a zone id instead of a zone name",
                { availabilityZones: ["eu-west-1a", "euw1-az2"] },
                'availabilityZones.1: expected an availability zone of eu-west-1 (eu-west-1a, eu-west-1b, ...), got "euw1-az2"',
            ],
            ["an unknown region", { region: "eu-west-9" }, 'region: expected a known AWS region such as us-east-1, got "eu-west-9"'],
            ["invalid CIDR", { cidrBlock: "10.0.0.0/33" }, 'cidrBlock: expected an IPv4 CIDR block such as 10.0.0.0/16, got "10.0.0.0/33"'],
            [
                "a VPC too small for a public and a private subnet per AZ",
                { cidrBlock: "10.1.0.0/24" },
                'cidrBlock: expected a prefix length from /16 to /22 (room for a public and a private subnet per AZ), got "10.1.0.0/24"',
            ],
            [
                "host bits in the CIDR block",
                { cidrBlock: "10.1.0.1/16" },
                'cidrBlock: expected the network address 10.1.0.0/16: host bits are set, got "10.1.0.1/16"',
            ],
            [
                "more AZs than the pinned AZ blocks hold",
                { availabilityZones: ["a", "b", "c", "d", "e"].map((z) => `eu-west-1${z}`) },
                'availabilityZones: 5 AZs need 5 blocks of /18, but 10.1.0.0/16 holds 4; expected at most 4 AZs, or availabilityZoneCidrMask 19 or more (a new mask re-lays out every subnet: run npm run plan first), got ["eu-west-1a","eu-west-1b","eu-west-1c","eu-west-1d","eu-west-1e"]',
            ],
            // Reported once, by the field's own bound, not again by the layout check.
            [
                "an AZ block larger than any VPC",
                { availabilityZoneCidrMask: 15 },
                "availabilityZoneCidrMask: expected a number >= 16, got 15",
            ],
            [
                "an AZ block larger than the VPC",
                { cidrBlock: "10.1.0.0/20", availabilityZoneCidrMask: 18 },
                "availabilityZoneCidrMask: expected at least 20 (the VPC prefix of 10.1.0.0/20), got 18",
            ],
            [
                "an AZ block too small for two /28 subnets",
                { availabilityZoneCidrMask: 28 },
                "availabilityZoneCidrMask: expected a number <= 27, got 28",
            ],
            [
                "bad retention",
                { flowLogRetentionDays: 0 },
                "flowLogRetentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 0",
            ],
        ];
        for (const [title, override, message] of cases) {
            it(`refuses ${title}`, () => {
                expectArgsError(() => new Network("bad", { ...ARGS, ...override }), [message]);
            });
        }

        it("reports every problem at once, before registering any child", async () => {
            let problems: readonly string[] = [];
            const r = await evaluateWithProvider(REGION, (opts) => {
                problems = argsProblemsOf(
                    () => new Network("bad", { ...ARGS, availabilityZones: ["eu-west-1a"], cidrBlock: "nope" }, opts),
                );
            });
            expect(problems).to.deep.equal([
                'cidrBlock: expected an IPv4 CIDR block such as 10.0.0.0/16, got "nope"',
                'availabilityZones: expected at least 2, got 1 (["eu-west-1a"])',
            ]);
            // The component itself registers (super() comes first), none of its children do.
            expect(r.resources.map((x) => x.type).sort()).to.deep.equal(
                [Network.__pulumiType, "pulumi:providers:aws", "pulumi:pulumi:Stack"].sort(),
            );
        });

        it("reports repeated and foreign zones even when the CIDR block is invalid", () => {
            expectArgsError(
                () => new Network("bad", { ...ARGS, availabilityZones: ["eu-west-1a", "eu-west-1a", "us-east-1b"], cidrBlock: "nope" }),
                [
                    'cidrBlock: expected an IPv4 CIDR block such as 10.0.0.0/16, got "nope"',
                    'availabilityZones: expected distinct zones, eu-west-1a repeated, got ["eu-west-1a","eu-west-1a","us-east-1b"]',
                    'availabilityZones.2: expected an availability zone of eu-west-1 (eu-west-1a, eu-west-1b, ...), got "us-east-1b"',
                ],
            );
        });
    });
});
