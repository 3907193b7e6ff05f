import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { IPv4CidrRange } from "ip-num";
import { LogEncryptionKey } from "../identity/LogEncryptionKey";
import { identityPolicy, serviceTrustPolicy } from "../identity/policyDocument";
import { logRetentionProblem } from "../shared/awsLimits";
import { assertValidArgs, shown } from "../shared/validation";

/** Arguments of {@link Network}. */
export interface NetworkArgs {
    /**
     * Availability-zone names the VPC spans (a public and a private subnet, and a NAT gateway, in
     * each). At least 2, distinct, all in `region`.
     */
    readonly availabilityZones: readonly string[];
    /** IPv4 CIDR block of the VPC, e.g. `10.0.0.0/16`. */
    readonly cidrBlock: string;
    /**
     * Prefix length of the block each AZ owns (its public and private subnet are each half of it).
     * Pinned, so that appending an AZ keeps every existing subnet where it is: left to awsx, the
     * blocks would be sized by the AZ count and adding an AZ would replace every subnet. The AZs
     * must fit: `availabilityZones.length <= 2 ** (availabilityZoneCidrMask - VPC prefix)`.
     * Changing it re-lays out every subnet (run `npm run plan` first).
     * @default - the VPC prefix + 2 (four AZ blocks: a /16 VPC gets /18 per AZ and /19 subnets)
     */
    readonly availabilityZoneCidrMask?: number;
    /** AWS region of the stack's provider: names the S3 endpoint service and the CloudWatch Logs principal. */
    readonly region: string;
    /** AWS account id: pins the flow-log role's trust and the log key's policy to this account. */
    readonly accountId: pulumi.Input<string>;
    /**
     * ARN partition of the account (the flow-log role's log-group ARNs).
     * @default "aws"
     */
    readonly partition?: string;
    /**
     * Retention of the flow-log group, in days (a CloudWatch Logs retention value).
     * @default 90
     */
    readonly flowLogRetentionDays?: number;
}

/**
 * The regional network: an `awsx.ec2.Vpc` with a public and a private subnet and one NAT gateway
 * per availability zone, VPC flow logs (all traffic) to a log group encrypted with a
 * {@link LogEncryptionKey}, an S3 gateway endpoint on the private route tables and the default
 * security group stripped of every rule.
 */
export class Network extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:network:Network";

    public readonly vpcId: pulumi.Output<string>;
    public readonly vpcCidrBlock: pulumi.Output<string>;
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    /** Route tables of the private subnets (peering routes and gateway endpoints go here). */
    public readonly privateRouteTableIds: pulumi.Output<string[]>;
    public readonly availabilityZones: pulumi.Output<string[]>;
    public readonly flowLogGroupName: pulumi.Output<string>;

    constructor(name: string, args: NetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(Network.__pulumiType, name, {}, opts);
        const azs = [...args.availabilityZones];
        const retentionDays = args.flowLogRetentionDays ?? 90;
        const duplicates = [...new Set(azs.filter((az, i) => azs.indexOf(az) !== i))];
        const foreign = azs.filter((az) => !(az.length === args.region.length + 1 && az.startsWith(args.region)));
        const vpcPrefix = isIpv4Cidr(args.cidrBlock) ? Number(IPv4CidrRange.fromCidr(args.cidrBlock).getPrefix().getValue()) : undefined;
        const azMask = args.availabilityZoneCidrMask ?? (vpcPrefix === undefined ? undefined : vpcPrefix + AZ_BLOCK_BITS);
        assertValidArgs(Network.__pulumiType, name, [
            azs.length < 2 && `availabilityZones: expected at least 2, got ${azs.length} (${shown(azs)})`,
            duplicates.length > 0 && `availabilityZones: expected distinct zones, got ${shown(azs)}`,
            foreign.length > 0 && `availabilityZones: expected zones of ${args.region}, got ${shown(foreign)}`,
            !isIpv4Cidr(args.cidrBlock) && `cidrBlock: expected an IPv4 CIDR block such as 10.0.0.0/16, got ${shown(args.cidrBlock)}`,
            logRetentionProblem("flowLogRetentionDays", retentionDays),
            ...availabilityZoneBlockProblems(azs.length, args.cidrBlock, vpcPrefix, azMask),
        ]);

        const vpc = new awsx.ec2.Vpc(
            name,
            {
                cidrBlock: args.cidrBlock,
                availabilityZoneNames: azs,
                enableDnsHostnames: true,
                enableDnsSupport: true,
                subnetStrategy: "Auto",
                availabilityZoneCidrMask: azMask,
                subnetSpecs: [{ type: "Public" }, { type: "Private" }],
                // One NAT gateway per AZ: losing an AZ never cuts the others' egress.
                natGateways: { strategy: "OnePerAz" },
            },
            { parent: this },
        );

        // The flow-log key was a direct child of the network before LogEncryptionKey existed: the
        // alias moves it under the LogEncryptionKey in existing stacks instead of replacing it.
        const logKey = new LogEncryptionKey(
            `${name}-flow-logs`,
            { accountId: args.accountId, region: args.region, purpose: "VPC flow logs", movedFrom: { parent: this } },
            { parent: this },
        );

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            { retentionInDays: retentionDays, kmsKeyId: logKey.keyArn },
            { parent: this },
        );

        const role = new aws.iam.Role(
            `${name}-flow-logs`,
            { assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", args.accountId) },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-flow-logs`,
            {
                role: role.name,
                policy: identityPolicy([
                    {
                        Sid: "DeliverFlowLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                        Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
                    },
                    // The VPC flow-logs guide lists DescribeLogGroups for this role. It lists log
                    // groups rather than naming one, and IAM authorizes it against
                    // `log-group::log-stream:` of the account and region, so the narrowest resource
                    // that admits it is every log group of this account in this region.
                    {
                        Sid: "DescribeLogGroups",
                        Effect: "Allow",
                        Action: "logs:DescribeLogGroups",
                        Resource: pulumi.interpolate`arn:${args.partition ?? "aws"}:logs:${args.region}:${args.accountId}:log-group:*`,
                    },
                ]),
            },
            { parent: this },
        );

        new aws.ec2.FlowLog(
            name,
            {
                vpcId: vpc.vpcId,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.arn,
                iamRoleArn: role.arn,
                // One-minute aggregation: fresher data for incident response than the 10-minute default.
                maxAggregationInterval: 60,
            },
            { parent: this },
        );

        const privateRouteTableIds = aws.ec2
            .getRouteTablesOutput(
                { vpcId: vpc.vpcId, filters: [{ name: "association.subnet-id", values: vpc.privateSubnetIds }] },
                { parent: this },
            )
            .apply((r) => [...r.ids].sort());

        new aws.ec2.VpcEndpoint(
            `${name}-s3`,
            {
                vpcId: vpc.vpcId,
                serviceName: `com.amazonaws.${args.region}.s3`,
                vpcEndpointType: "Gateway",
                routeTableIds: privateRouteTableIds,
            },
            { parent: this },
        );

        // Empty rule lists make the provider remove AWS's default allow-all rules (EC2.2).
        new aws.ec2.DefaultSecurityGroup(`${name}-default`, { vpcId: vpc.vpcId, ingress: [], egress: [] }, { parent: this });

        this.vpcId = vpc.vpcId;
        this.vpcCidrBlock = pulumi.output(args.cidrBlock);
        this.publicSubnetIds = vpc.publicSubnetIds;
        this.privateSubnetIds = vpc.privateSubnetIds;
        this.privateRouteTableIds = privateRouteTableIds;
        this.availabilityZones = pulumi.output(azs);
        this.flowLogGroupName = logGroup.name;
        this.registerOutputs({
            vpcId: this.vpcId,
            vpcCidrBlock: this.vpcCidrBlock,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            privateRouteTableIds: this.privateRouteTableIds,
            availabilityZones: this.availabilityZones,
            flowLogGroupName: this.flowLogGroupName,
        });
    }
}

/** Bits the default AZ block adds to the VPC prefix: room for four AZs. */
const AZ_BLOCK_BITS = 2;
/** The smallest AZ block: two subnets of /28, the smallest subnet AWS allows. */
const SMALLEST_AZ_BLOCK = 27;

/** Problems of the per-AZ block size: it must lie inside the VPC block and hold every AZ. */
function availabilityZoneBlockProblems(
    azCount: number,
    cidrBlock: string,
    vpcPrefix: number | undefined,
    azMask: number | undefined,
): string[] {
    if (vpcPrefix === undefined || azMask === undefined) return [];
    if (!Number.isInteger(azMask) || azMask < vpcPrefix || azMask > SMALLEST_AZ_BLOCK) {
        return [
            `availabilityZoneCidrMask: expected an integer from ${vpcPrefix} (the VPC prefix of ${cidrBlock}) to ${SMALLEST_AZ_BLOCK} (two /28 subnets), got ${shown(azMask)}`,
        ];
    }
    const blocks = 2 ** (azMask - vpcPrefix);
    if (azCount <= blocks) return [];
    return [
        `availabilityZones: ${azCount} AZs need ${azCount} blocks of /${azMask}, but ${cidrBlock} holds ${blocks}; expected at most ${blocks} AZs, or availabilityZoneCidrMask ${vpcPrefix + Math.ceil(Math.log2(azCount))} or more (a new mask re-lays out every subnet: run npm run plan first)`,
    ];
}

function isIpv4Cidr(value: string): boolean {
    try {
        IPv4CidrRange.fromCidr(value);
        return true;
    } catch {
        return false;
    }
}
