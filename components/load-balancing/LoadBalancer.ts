import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NetworkTier } from "../network/Network";
import { parseSettings } from "../shared/settings";
import { shown } from "../shared/validation";
import type { LogStore } from "../storage/Storage";
import { createAlbListeners } from "./listeners";
import { createAlbSecurityGroups } from "./securityGroups";
import { type LoadBalancerSettingsInput, loadBalancerArgsSettings } from "./settings";
import { regionProblem } from "../shared/regions";

/**
 * What a service behind the load balancer needs of it: the target group to register in, the
 * security group to admit, and the CloudWatch dimensions of both.
 */
export interface ServiceTarget {
    /** Target group the service registers its tasks in (resolves once a listener rule uses it). */
    readonly targetGroupArn: pulumi.Input<string>;
    /** CloudWatch `TargetGroup` dimension (`targetgroup/<name>/<id>`). */
    readonly targetGroupArnSuffix: pulumi.Input<string>;
    /** CloudWatch `LoadBalancer` dimension (`app/<name>/<id>`). */
    readonly albArnSuffix: pulumi.Input<string>;
    /** Security group of the ALB: the task security group admits only this one. */
    readonly securityGroupId: pulumi.Input<string>;
}

/** The network a load balancer is placed in. */
export type LoadBalancerNetwork = Pick<NetworkTier, "vpcId" | "vpcCidrBlock" | "publicSubnetIds">;

/** Arguments of {@link LoadBalancer}: its settings ({@link loadBalancerArgsSettings}) and its wiring. */
export interface LoadBalancerArgs extends LoadBalancerSettingsInput {
    /** Region of the AWS provider: names the Route 53 health checkers' prefix list. */
    readonly region: string;
    /**
     * VPC, its CIDR block (the only destination the ALB may send to, on the container port) and
     * the public subnets, one per availability zone, at least 2 (checked when given as a list; an
     * output, such as the VPC's, is checked by the config schema's zone count). The ALB spans all of them.
     */
    readonly network: LoadBalancerNetwork;
    /** Bucket that receives the access logs (ELB.5; it must use SSE-S3) and their key prefix. */
    readonly accessLogs: Pick<LogStore, "logBucketName" | "albLogPrefix">;
    /** Value of the origin-verify header; requests without it get a 403. Pass a Pulumi secret. */
    readonly originVerifySecret: pulumi.Input<string>;
    /**
     * During a rotation only: the value being replaced, still accepted until the global stack sends
     * the new one (docs/operations.md, "Rotate the origin-verify secret").
     * @default - only the current value is accepted
     */
    readonly originVerifyPreviousSecret?: pulumi.Input<string>;
}

/**
 * The regional entry point: an internet-facing ALB reachable only from CloudFront.
 *
 * Two locks keep direct traffic out: the security group admits only CloudFront's origin-facing
 * prefix list, on the one port CloudFront uses (443 in domain mode, 80 in evaluation mode), and the traffic listener answers 403 unless the secret origin-verify header is
 * present (a listener rule forwards only then). The header check lives here rather than in the
 * regional WAF: one enforcement point, the secret never appears in WAF rules or logs, and a
 * rotation touches one resource (CloudFront and this rule read the same stack value).
 *
 * One exception, for the global stack's Route 53 health checks (HTTP on 80 in evaluation mode,
 * HTTPS on 443 in domain mode, on the health-check path): health checkers send no custom headers
 * and come from their own addresses. A second security group admits the Route 53 health-checker
 * prefix list on that one port, and a listener rule after the header rule forwards `GET`/`HEAD`
 * of exactly the health-check path without the header. Every other request still needs the header.
 */
export class LoadBalancer extends pulumi.ComponentResource implements ServiceTarget {
    public static readonly __pulumiType = "platform:load-balancing:LoadBalancer";

    public readonly albArn: pulumi.Output<string>;
    /** CloudWatch `LoadBalancer` dimension (`app/<name>/<id>`). */
    public readonly albArnSuffix: pulumi.Output<string>;
    public readonly albDnsName: pulumi.Output<string>;
    /** Route 53 hosted zone of the ALB, for alias records. */
    public readonly albZoneId: pulumi.Output<string>;
    public readonly targetGroupArn: pulumi.Output<string>;
    /** CloudWatch `TargetGroup` dimension (`targetgroup/<name>/<id>`). */
    public readonly targetGroupArnSuffix: pulumi.Output<string>;
    /**
     * Security group of the ALB that admits CloudFront and reaches the tasks: the task security
     * group admits only this one.
     */
    public readonly securityGroupId: pulumi.Output<string>;
    /** Second security group of the ALB: Route 53 health checkers on the health-check port, no egress. */
    public readonly healthCheckSecurityGroupId: pulumi.Output<string>;
    /** The listener that carries traffic (HTTPS in domain mode, HTTP otherwise). */
    public readonly listenerArn: pulumi.Output<string>;
    /** Protocol CloudFront must use to reach this origin. */
    public readonly originProtocol: pulumi.Output<"http" | "https">;
    /** Host name CloudFront and Route 53 reach this origin by: the domain name in domain mode, else the ALB's. */
    public readonly originHostname: pulumi.Output<string>;
    /** Header CloudFront must add, with the secret, to every origin request. */
    public readonly originVerifyHeaderName: string;
    /** Path the Route 53 health checks probe (the one path admitted without the header). */
    public readonly healthCheckPath: string;

    constructor(name: string, args: LoadBalancerArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(LoadBalancer.__pulumiType, name, {}, opts);

        const settings = parseSettings(loadBalancerArgsSettings, args, LoadBalancer.__pulumiType, name, [
            regionProblem(args.region),
            Array.isArray(args.network.publicSubnetIds) &&
                args.network.publicSubnetIds.length < 2 &&
                `network.publicSubnetIds: expected at least 2 subnets (one per availability zone), got ${args.network.publicSubnetIds.length}`,
            /^\/|\/$/.test(args.accessLogs.albLogPrefix) &&
                `accessLogs.albLogPrefix: expected no leading or trailing slash, got ${shown(args.accessLogs.albLogPrefix)}`,
        ]);
        const { containerPort, healthCheckPath } = settings;
        const domainMode = settings.domain !== undefined;

        const child = { parent: this };

        const { cloudFront: securityGroup, healthCheckers } = createAlbSecurityGroups(
            name,
            { region: args.region, vpcId: args.network.vpcId, vpcCidrBlock: args.network.vpcCidrBlock, containerPort, domainMode },
            this,
        );

        const alb = new aws.lb.LoadBalancer(
            name,
            {
                loadBalancerType: "application",
                internal: false,
                subnets: args.network.publicSubnetIds,
                securityGroups: [securityGroup.id, healthCheckers.id],
                dropInvalidHeaderFields: true,
                enableDeletionProtection: settings.deletionProtection,
                desyncMitigationMode: "defensive",
                idleTimeout: settings.idleTimeoutSeconds,
                accessLogs: { enabled: true, bucket: args.accessLogs.logBucketName, prefix: args.accessLogs.albLogPrefix },
            },
            child,
        );

        const targetGroup = new aws.lb.TargetGroup(
            `${name}-tg`,
            {
                vpcId: args.network.vpcId,
                targetType: "ip",
                protocol: "HTTP",
                port: containerPort,
                deregistrationDelay: settings.deregistrationDelaySeconds,
                healthCheck: {
                    enabled: true,
                    protocol: "HTTP",
                    port: "traffic-port",
                    path: healthCheckPath,
                    interval: settings.healthCheckIntervalSeconds,
                    timeout: settings.healthCheckTimeoutSeconds,
                    healthyThreshold: settings.healthyThreshold,
                    unhealthyThreshold: settings.unhealthyThreshold,
                    matcher: settings.healthCheckMatcher,
                },
            },
            child,
        );

        const { traffic: trafficListener, forwardRule } = createAlbListeners(
            name,
            {
                albArn: alb.arn,
                targetGroupArn: targetGroup.arn,
                certificateArn: settings.domain?.certificateArn,
                originVerifyHeaderName: settings.originVerifyHeaderName,
                originVerifySecret: args.originVerifySecret,
                originVerifyPreviousSecret: args.originVerifyPreviousSecret,
                healthCheckPath,
            },
            this,
        );

        this.albArn = alb.arn;
        this.albArnSuffix = alb.arnSuffix;
        this.albDnsName = alb.dnsName;
        this.albZoneId = alb.zoneId;
        // ECS refuses a target group that no listener uses yet: consumers of the ARN wait for the rule.
        this.targetGroupArn = pulumi.all([targetGroup.arn, forwardRule.arn]).apply(([arn]) => arn);
        this.targetGroupArnSuffix = targetGroup.arnSuffix;
        this.securityGroupId = securityGroup.id;
        this.healthCheckSecurityGroupId = healthCheckers.id;
        this.listenerArn = trafficListener.arn;
        this.originProtocol = pulumi.output<"http" | "https">(domainMode ? "https" : "http");
        this.originHostname = settings.domain ? pulumi.output(settings.domain.domainName) : alb.dnsName;
        this.originVerifyHeaderName = settings.originVerifyHeaderName;
        this.healthCheckPath = healthCheckPath;

        this.registerOutputs({
            albArn: this.albArn,
            albArnSuffix: this.albArnSuffix,
            albDnsName: this.albDnsName,
            albZoneId: this.albZoneId,
            targetGroupArn: this.targetGroupArn,
            targetGroupArnSuffix: this.targetGroupArnSuffix,
            securityGroupId: this.securityGroupId,
            healthCheckSecurityGroupId: this.healthCheckSecurityGroupId,
            listenerArn: this.listenerArn,
            originProtocol: this.originProtocol,
            originHostname: this.originHostname,
        });
    }
}
