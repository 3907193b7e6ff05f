import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { identityPolicy, resourcePolicy, type Statement } from "../identity/policyDocument";
import { parseSettings } from "../shared/settings";
import { type FailoverOperatorSettingsInput, failoverOperatorArgsSettings } from "./settings";

/** An ECS service the operator may scale during a failover. */
export interface OperatedService {
    readonly region: string;
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
}

/** Arguments of {@link FailoverOperatorRole}: its settings ({@link failoverOperatorArgsSettings}) and its wiring. */
export interface FailoverOperatorRoleArgs extends FailoverOperatorSettingsInput {
    /** AWS account id (builds the ARNs and the default trusted principal). */
    readonly accountId: pulumi.Input<string>;
    /** The CloudFront distribution's ARN. */
    readonly distributionArn: pulumi.Input<string>;
    /**
     * ARN of the distribution's WAFv2 web ACL (scope CLOUDFRONT). `UpdateDistribution` re-sends
     * the distribution's `WebACLId`, and CloudFront then checks that the caller may read that web
     * ACL (`wafv2:GetWebACL`), failing with "InvalidWebACLId: Unable to verify read permissions
     * on Web ACL" otherwise.
     */
    readonly webAclArn: pulumi.Input<string>;
    /** Route 53 health-check ids, at least 1. */
    readonly healthCheckIds: readonly pulumi.Input<string>[];
    /**
     * Domain mode: the hosted zone whose records a failover changes.
     * @default - no Route 53 record permissions
     */
    readonly hostedZoneId?: pulumi.Input<string>;
    /** The regional ECS services, at least 1. */
    readonly services: readonly OperatedService[];
}

/**
 * The failover-operator role: assumable only with MFA, allowed exactly what a controlled
 * failover needs: read and update this distribution (and read its web ACL, which an update
 * re-sends), read and update (invert/disable) these health checks, change this zone's records (domain mode), and scale these ECS services.
 *
 * Application Auto Scaling is deliberately not granted: its `Describe*` actions support no
 * resource-level permissions (they would need `Resource: "*"`), and `ecs:UpdateService`'s
 * desired count is enough to pre-scale the surviving region, whose target tracking then follows
 * the load.
 */
export class FailoverOperatorRole extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:global-operations:FailoverOperatorRole";

    public readonly roleArn: pulumi.Output<string>;
    public readonly roleName: pulumi.Output<string>;

    constructor(name: string, args: FailoverOperatorRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(FailoverOperatorRole.__pulumiType, name, {}, opts);
        const { trustedPrincipalArns: principals, maxSessionDurationSeconds: session } = parseSettings(
            failoverOperatorArgsSettings,
            args,
            FailoverOperatorRole.__pulumiType,
            name,
            [
                args.healthCheckIds.length < 1 && `healthCheckIds: expected at least 1 health check, got 0`,
                args.services.length < 1 && `services: expected at least 1 ECS service, got 0`,
            ],
        );

        const trusted: pulumi.Input<string>[] =
            principals.length > 0 ? [...principals] : [pulumi.interpolate`arn:aws:iam::${args.accountId}:root`];
        const role = new aws.iam.Role(
            name,
            {
                description: "Controlled regional failover (MFA required)",
                maxSessionDuration: session,
                assumeRolePolicy: resourcePolicy([
                    {
                        Sid: "AssumeWithMfa",
                        Effect: "Allow",
                        Principal: { AWS: trusted },
                        Action: "sts:AssumeRole",
                        Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
                    },
                ]),
            },
            { parent: this },
        );

        const statements: Statement[] = [
            {
                Sid: "OperateDistribution",
                Effect: "Allow",
                Action: ["cloudfront:GetDistribution", "cloudfront:GetDistributionConfig", "cloudfront:UpdateDistribution"],
                Resource: args.distributionArn,
            },
            {
                // UpdateDistribution re-sends the WebACLId; CloudFront verifies the caller can read it.
                Sid: "ReadEdgeWebAcl",
                Effect: "Allow",
                Action: "wafv2:GetWebACL",
                Resource: args.webAclArn,
            },
            {
                Sid: "OperateHealthChecks",
                Effect: "Allow",
                Action: ["route53:GetHealthCheck", "route53:GetHealthCheckStatus", "route53:UpdateHealthCheck"],
                Resource: args.healthCheckIds.map((id) => pulumi.interpolate`arn:aws:route53:::healthcheck/${id}`),
            },
            {
                Sid: "ScaleServices",
                Effect: "Allow",
                Action: ["ecs:DescribeServices", "ecs:UpdateService"],
                Resource: args.services.map(
                    (s) => pulumi.interpolate`arn:aws:ecs:${s.region}:${args.accountId}:service/${s.clusterName}/${s.serviceName}`,
                ),
            },
        ];
        if (args.hostedZoneId !== undefined) {
            statements.push(
                {
                    Sid: "ChangeRecords",
                    Effect: "Allow",
                    Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
                    Resource: pulumi.interpolate`arn:aws:route53:::hostedzone/${args.hostedZoneId}`,
                },
                {
                    // Change ids are generated per change batch, so they cannot be named in advance.
                    Sid: "FollowChanges",
                    Effect: "Allow",
                    Action: "route53:GetChange",
                    Resource: "arn:aws:route53:::change/*",
                },
            );
        }
        new aws.iam.RolePolicy(`${name}-policy`, { role: role.name, policy: identityPolicy(statements) }, { parent: this });

        this.roleArn = role.arn;
        this.roleName = role.name;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName });
    }
}
