import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LITERAL_ALB_PATH } from "../shared/awsLimits";
import { isValidOriginVerifyHeaderName, ORIGIN_VERIFY_HEADER_RULE } from "../shared/headers";
import { assertValidArgs, shown } from "../shared/validation";
import { createAlbListeners } from "./listeners";
import { createAlbSecurityGroups } from "./securityGroups";

// Kept importable from this module, where they were declared before listeners.ts and securityGroups.ts.
export { MISSING_ORIGIN_VERIFY_MESSAGE, TLS13_SSL_POLICY } from "./listeners";
export { CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST, route53HealthChecksPrefixList } from "./securityGroups";

/** Arguments of {@link LoadBalancer}. */
export interface LoadBalancerArgs {
    /** Region of the AWS provider: names the Route 53 health checkers' prefix list. */
    readonly region: string;
    /** VPC of the target group. */
    readonly vpcId: pulumi.Input<string>;
    /** CIDR block of the VPC: the only destination the ALB may send to (on the container port). */
    readonly vpcCidrBlock: pulumi.Input<string>;
    /**
     * Public subnets, one per availability zone, at least 2 (checked when given as a list; an
     * output, such as the VPC's, is checked by the config schema's zone count). The ALB spans all of them.
     */
    readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Port the tasks listen on. @default 8080 */
    readonly containerPort?: number;
    /**
     * Path the target group and the Route 53 health checks probe; `GET`/`HEAD` of exactly this path
     * is forwarded without the origin-verify header. Only characters an ALB path pattern
     * matches literally and a single-quoted shell word keeps as they are (A-Z a-z 0-9
     * `_ - . / ~ @ : +`), at most 128.
     * @default "/"
     */
    readonly healthCheckPath?: string;
    /** Seconds between target health checks (AWS: 5..300). @default 10 */
    readonly healthCheckIntervalSeconds?: number;
    /** Seconds a health check may take (AWS: 2..120, less than the interval). @default 5 */
    readonly healthCheckTimeoutSeconds?: number;
    /** Consecutive successes before a target is healthy (2..10). @default 2 */
    readonly healthyThreshold?: number;
    /** Consecutive failures before a target is unhealthy (2..10). @default 2 */
    readonly unhealthyThreshold?: number;
    /** HTTP codes a healthy target answers. @default "200-399" */
    readonly healthCheckMatcher?: string;
    /** Seconds in-flight requests get to drain from a deregistering target (0..3600). @default 30 */
    readonly deregistrationDelaySeconds?: number;
    /** Protect the ALB from deletion (ELB.6). @default true */
    readonly deletionProtection?: boolean;
    /** Idle connection timeout in seconds (1..4000). @default 60 */
    readonly idleTimeoutSeconds?: number;
    /** Bucket that receives the access logs (ELB.5; it must use SSE-S3). */
    readonly accessLogBucketName: pulumi.Input<string>;
    /** Key prefix of the access logs in that bucket (no leading or trailing slash). */
    readonly accessLogPrefix: string;
    /**
     * ACM certificate (same region) for domain mode: HTTPS on 443 with a TLS 1.3 policy and HTTP
     * on 80 redirecting to it (ELB.1; CloudFront is admitted on 443 only). Absent: evaluation
     * mode, HTTP on 80 only.
     * @default undefined (evaluation mode)
     */
    readonly certificateArn?: string;
    /** Header CloudFront adds to every origin request. @default "X-Origin-Verify" */
    readonly originVerifyHeaderName?: string;
    /** Value of that header; requests without it get a 403. Pass a Pulumi secret. */
    readonly originVerifySecret: pulumi.Input<string>;
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
export class LoadBalancer extends pulumi.ComponentResource {
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

    constructor(name: string, args: LoadBalancerArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(LoadBalancer.__pulumiType, name, {}, opts);

        const containerPort = args.containerPort ?? 8080;
        const healthCheckPath = args.healthCheckPath ?? "/";
        const interval = args.healthCheckIntervalSeconds ?? 10;
        const timeout = args.healthCheckTimeoutSeconds ?? 5;
        const healthyThreshold = args.healthyThreshold ?? 2;
        const unhealthyThreshold = args.unhealthyThreshold ?? 2;
        const deregistrationDelay = args.deregistrationDelaySeconds ?? 30;
        const idleTimeout = args.idleTimeoutSeconds ?? 60;
        const headerName = args.originVerifyHeaderName ?? "X-Origin-Verify";
        const domainMode = args.certificateArn !== undefined;

        const intIn = (arg: string, value: number, min: number, max: number) =>
            Number.isInteger(value) && value >= min && value <= max
                ? undefined
                : `${arg}: expected an integer from ${min} to ${max}, got ${shown(value)}`;
        assertValidArgs(LoadBalancer.__pulumiType, name, [
            Array.isArray(args.publicSubnetIds) &&
                args.publicSubnetIds.length < 2 &&
                `publicSubnetIds: expected at least 2 subnets (one per availability zone), got ${args.publicSubnetIds.length}`,
            intIn("containerPort", containerPort, 1, 65535),
            !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(args.region) && `region: expected an AWS region such as eu-west-1, got ${shown(args.region)}`,
            !/^\/[\x21-\x7e]*$/.test(healthCheckPath)
                ? `healthCheckPath: expected an absolute URL path such as /health, got ${shown(healthCheckPath)}`
                : !LITERAL_ALB_PATH.test(healthCheckPath) &&
                  `healthCheckPath: expected at most 128 characters from A-Z a-z 0-9 _ - . / ~ @ : + (an ALB path pattern matching this path only, shell-safe in single quotes), got ${shown(healthCheckPath)}`,
            intIn("healthCheckIntervalSeconds", interval, 5, 300),
            intIn("healthCheckTimeoutSeconds", timeout, 2, 120),
            timeout >= interval &&
                `healthCheckTimeoutSeconds: expected less than healthCheckIntervalSeconds (${interval}), got ${shown(timeout)}`,
            intIn("healthyThreshold", healthyThreshold, 2, 10),
            intIn("unhealthyThreshold", unhealthyThreshold, 2, 10),
            intIn("deregistrationDelaySeconds", deregistrationDelay, 0, 3600),
            intIn("idleTimeoutSeconds", idleTimeout, 1, 4000),
            !isValidOriginVerifyHeaderName(headerName) && `originVerifyHeaderName: ${ORIGIN_VERIFY_HEADER_RULE}, got ${shown(headerName)}`,
            /^\/|\/$/.test(args.accessLogPrefix) &&
                `accessLogPrefix: expected no leading or trailing slash, got ${shown(args.accessLogPrefix)}`,
        ]);

        const child = { parent: this };

        const { cloudFront: securityGroup, healthCheckers } = createAlbSecurityGroups(
            name,
            { region: args.region, vpcId: args.vpcId, vpcCidrBlock: args.vpcCidrBlock, containerPort, domainMode },
            this,
        );

        const alb = new aws.lb.LoadBalancer(
            name,
            {
                loadBalancerType: "application",
                internal: false,
                subnets: args.publicSubnetIds,
                securityGroups: [securityGroup.id, healthCheckers.id],
                dropInvalidHeaderFields: true,
                enableDeletionProtection: args.deletionProtection ?? true,
                desyncMitigationMode: "defensive",
                idleTimeout,
                accessLogs: { enabled: true, bucket: args.accessLogBucketName, prefix: args.accessLogPrefix },
            },
            child,
        );

        const targetGroup = new aws.lb.TargetGroup(
            `${name}-tg`,
            {
                vpcId: args.vpcId,
                targetType: "ip",
                protocol: "HTTP",
                port: containerPort,
                deregistrationDelay,
                healthCheck: {
                    enabled: true,
                    protocol: "HTTP",
                    port: "traffic-port",
                    path: healthCheckPath,
                    interval,
                    timeout,
                    healthyThreshold,
                    unhealthyThreshold,
                    matcher: args.healthCheckMatcher ?? "200-399",
                },
            },
            child,
        );

        const { traffic: trafficListener, forwardRule } = createAlbListeners(
            name,
            {
                albArn: alb.arn,
                targetGroupArn: targetGroup.arn,
                certificateArn: args.certificateArn,
                originVerifyHeaderName: headerName,
                originVerifySecret: args.originVerifySecret,
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
        });
    }
}
