import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { LogEncryptionKey } from "../encryption/LogEncryptionKey";
import { identityPolicy, resourcePolicy, serviceTrustPolicy } from "../identity/policyDocument";
import { movedChildren } from "../shared/aliases";
import { regionProblem, zoneProblems } from "../shared/regions";
import { parseSettings } from "../shared/settings";
import { availabilityZoneMask, type NetworkSettingsInput, networkArgsSettings } from "./settings";

/** What the tiers placed in a VPC need of the network. */
export interface NetworkTier {
    readonly vpcId: pulumi.Input<string>;
    readonly vpcCidrBlock: pulumi.Input<string>;
    /** One public subnet per availability zone, in the order of the zones. */
    readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** One private subnet per availability zone, in the order of the zones. */
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** Arguments of {@link Network}: its settings ({@link networkArgsSettings}) and its wiring. */
export interface NetworkArgs extends NetworkSettingsInput {
    /** AWS region of the stack's provider: names the S3 endpoint service and the CloudWatch Logs principal; the zones must be its. */
    readonly region: string;
    /** AWS account id: pins the flow-log role's trust and the log key's policy to this account. */
    readonly accountId: pulumi.Input<string>;
    /**
     * ARN partition of the account (the flow-log role's log-group ARNs).
     * @default "aws"
     */
    readonly partition?: string;
}

/**
 * The regional network: an `awsx.ec2.Vpc` with a public and a private subnet and one NAT gateway
 * per availability zone, VPC flow logs (all traffic) to a log group encrypted with a
 * {@link LogEncryptionKey}, an S3 gateway endpoint on the private route tables and the default
 * security group stripped of every rule.
 */
export class Network extends pulumi.ComponentResource implements NetworkTier {
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
        const settings = parseSettings(networkArgsSettings, args, Network.__pulumiType, name, [
            regionProblem(args.region),
            ...zoneProblems(args.availabilityZones ?? [], args.region),
        ]);
        const azs = settings.availabilityZones;
        const retentionDays = settings.flowLogRetentionDays;
        const azMask = availabilityZoneMask(settings);

        const vpc = new awsx.ec2.Vpc(
            name,
            {
                cidrBlock: settings.cidrBlock,
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
            { accountId: args.accountId, region: args.region, purpose: "VPC flow logs" },
            { parent: this, ...movedChildren(this) },
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
                // Without a policy AWS attaches full access: the private subnets could reach any
                // bucket of any account (a path out for data). This one admits this account's
                // principals to this account's buckets, plus the one AWS-owned bucket tasks need:
                // ECR keeps private image layers in prod-<region>-starport-layer-bucket, reached
                // through this endpoint (Amazon ECR User Guide, "Amazon ECR interface VPC
                // endpoints": "Create the Amazon S3 gateway endpoint"; Amazon VPC User Guide,
                // "Gateway endpoints for Amazon S3", endpoint policies). Public ECR images (the
                // defaults) come over the NAT gateways, not from S3.
                policy: resourcePolicy([
                    {
                        Sid: "ThisAccountsBuckets",
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: "*",
                        Condition: { StringEquals: { "aws:PrincipalAccount": args.accountId, "aws:ResourceAccount": args.accountId } },
                    },
                    {
                        Sid: "EcrImageLayers",
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:GetObject",
                        Resource: `arn:${args.partition ?? "aws"}:s3:::prod-${args.region}-starport-layer-bucket/*`,
                    },
                ]),
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
