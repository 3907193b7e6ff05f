/**
 * The ALB's security groups: the network half of its lock (CloudFront's origin-facing addresses
 * only, on the one port CloudFront uses, and only the tasks' port out) and the group of the
 * Route 53 health checkers.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/** Name of the AWS-managed prefix list of CloudFront's origin-facing addresses. */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";

/**
 * Name of the AWS-managed prefix list of the Route 53 health checkers' addresses in `region`
 * (the `ROUTE53_HEALTHCHECKS` ranges of ip-ranges.json).
 */
export const route53HealthChecksPrefixList = (region: string): string => `com.amazonaws.${region}.route53-healthchecks`;

/** Arguments of {@link createAlbSecurityGroups}: the load balancer's, defaults applied. */
export interface AlbSecurityGroupsArgs {
    /** Region of the AWS provider: names the Route 53 health checkers' prefix list. */
    readonly region: string;
    /** VPC of the groups. */
    readonly vpcId: pulumi.Input<string>;
    /** CIDR block of the VPC: the only destination the ALB may send to. */
    readonly vpcCidrBlock: pulumi.Input<string>;
    /** Port the tasks listen on: the only port the ALB may send to. */
    readonly containerPort: number;
    /** Domain mode (a certificate): CloudFront and the health checks use HTTPS on 443, otherwise HTTP on 80. */
    readonly domainMode: boolean;
}

/** The ALB's two security groups. */
export interface AlbSecurityGroups {
    /** Admits CloudFront and reaches the tasks. */
    readonly cloudFront: aws.ec2.SecurityGroup;
    /** Admits the Route 53 health checkers on the health-check port; no egress. */
    readonly healthCheckers: aws.ec2.SecurityGroup;
}

/**
 * Creates the ALB's security groups and their rules as children of `parent` (the load balancer),
 * named `<name>-sg`, `<name>-ingress-<http|https>`, `<name>-egress-targets`,
 * `<name>-health-checkers` and `<name>-health-checkers-<http|https>`: names and parent are the
 * children's identity, so they stay as they were when the component created them itself.
 */
export function createAlbSecurityGroups(name: string, args: AlbSecurityGroupsArgs, parent: pulumi.Resource): AlbSecurityGroups {
    const child = { parent };

    const prefixList = aws.ec2.getManagedPrefixListOutput({ name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST }, { parent });

    const securityGroup = new aws.ec2.SecurityGroup(
        `${name}-sg`,
        { vpcId: args.vpcId, description: "ALB: ingress from CloudFront origin-facing addresses only" },
        child,
    );
    // Exactly one rule may reference CloudFront's prefix list: a reference counts as the list's
    // max entries (55) against the group's inbound-rule quota (default 60), so 80 and 443 would
    // weigh 2 × 55 = 110 > 60 and AWS refuses the second with RulesPerSecurityGroupLimitExceeded.
    // One port per mode: CloudFront connects https-only in domain mode (the HTTP listener stays
    // for ELB.1 and only redirects: nothing needs to reach it), HTTP on 80 in evaluation mode.
    const cloudFront = args.domainMode ? { key: "https", port: 443 } : { key: "http", port: 80 };
    new aws.vpc.SecurityGroupIngressRule(
        `${name}-ingress-${cloudFront.key}`,
        {
            securityGroupId: securityGroup.id,
            description: `${cloudFront.key.toUpperCase()} from CloudFront origin-facing addresses`,
            ipProtocol: "tcp",
            fromPort: cloudFront.port,
            toPort: cloudFront.port,
            prefixListId: prefixList.id,
        },
        child,
    );
    new aws.vpc.SecurityGroupEgressRule(
        `${name}-egress-targets`,
        {
            securityGroupId: securityGroup.id,
            description: "To the tasks in the VPC on the container port",
            ipProtocol: "tcp",
            fromPort: args.containerPort,
            toPort: args.containerPort,
            cidrIpv4: args.vpcCidrBlock,
        },
        child,
    );

    // A group of its own: a managed prefix list counts its max entries against the group's rule
    // quota (CloudFront's weighs 55, Route 53's 25; the default quota is 60 rules per group).
    const healthCheckerPrefixList = aws.ec2.getManagedPrefixListOutput({ name: route53HealthChecksPrefixList(args.region) }, { parent });
    const healthCheckers = new aws.ec2.SecurityGroup(
        `${name}-health-checkers`,
        { vpcId: args.vpcId, description: "ALB: ingress from Route 53 health checkers on the health-check port only" },
        child,
    );
    // Exactly the port the health checks use: HTTPS on 443 in domain mode, HTTP on 80 otherwise.
    const healthCheck = args.domainMode ? { key: "https", port: 443 } : { key: "http", port: 80 };
    new aws.vpc.SecurityGroupIngressRule(
        `${name}-health-checkers-${healthCheck.key}`,
        {
            securityGroupId: healthCheckers.id,
            description: `${healthCheck.key.toUpperCase()} from Route 53 health checkers`,
            ipProtocol: "tcp",
            fromPort: healthCheck.port,
            toPort: healthCheck.port,
            prefixListId: healthCheckerPrefixList.id,
        },
        child,
    );

    return { cloudFront: securityGroup, healthCheckers };
}
