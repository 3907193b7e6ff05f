/**
 * The ALB's listeners and rules: the HTTP half of its lock. The traffic listener answers 403
 * unless the origin-verify header is present; a second rule forwards `GET`/`HEAD` of exactly the
 * health-check path without it, for the Route 53 health checkers.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** TLS policy of the HTTPS listener: TLS 1.3 and 1.2 only (ELB.17/ELB.18). */
export const TLS13_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** Body of the listener's default response: a request that did not come through CloudFront. */
export const MISSING_ORIGIN_VERIFY_MESSAGE = "forbidden: missing origin-verify header";

/** Arguments of {@link createAlbListeners}: the load balancer's, defaults applied. */
export interface AlbListenersArgs {
    /** The ALB the listeners belong to. */
    readonly albArn: pulumi.Input<string>;
    /** Target group the rules forward to. */
    readonly targetGroupArn: pulumi.Input<string>;
    /** Domain mode: HTTPS on 443 carries the traffic and HTTP on 80 redirects to it. Absent: HTTP on 80 only. */
    readonly certificateArn?: string;
    /** Header CloudFront adds to every origin request. */
    readonly originVerifyHeaderName: string;
    /** Value of that header (made a secret here). */
    readonly originVerifySecret: pulumi.Input<string>;
    /** During a rotation, the value being replaced: accepted too until CloudFront sends the new one. */
    readonly originVerifyPreviousSecret?: pulumi.Input<string>;
    /** The one path forwarded without the header (`GET`/`HEAD` only). */
    readonly healthCheckPath: string;
}

/** What the load balancer reads back from its listeners. */
export interface AlbListeners {
    /** The listener that carries traffic (HTTPS in domain mode, HTTP otherwise). */
    readonly traffic: aws.lb.Listener;
    /** The rule that forwards requests carrying the origin-verify header. */
    readonly forwardRule: aws.lb.ListenerRule;
}

/**
 * Creates the ALB's listeners and rules as children of `parent` (the load balancer), named
 * `<name>-https` and `<name>-http` (domain mode) or `<name>-http`, then `<name>-origin-verify`
 * and `<name>-health-check`: names and parent are the children's identity, so they stay as they
 * were when the component created them itself.
 */
export function createAlbListeners(name: string, args: AlbListenersArgs, parent: pulumi.Resource): AlbListeners {
    const child = { parent };

    const forbidden: aws.types.input.lb.ListenerDefaultAction = {
        type: "fixed-response",
        fixedResponse: { contentType: "text/plain", statusCode: "403", messageBody: MISSING_ORIGIN_VERIFY_MESSAGE },
    };

    let trafficListener: aws.lb.Listener;
    if (args.certificateArn !== undefined) {
        trafficListener = new aws.lb.Listener(
            `${name}-https`,
            {
                loadBalancerArn: args.albArn,
                port: 443,
                protocol: "HTTPS",
                sslPolicy: TLS13_SSL_POLICY,
                certificateArn: args.certificateArn,
                defaultActions: [forbidden],
            },
            child,
        );
        new aws.lb.Listener(
            `${name}-http`,
            {
                loadBalancerArn: args.albArn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
            },
            child,
        );
    } else {
        trafficListener = new aws.lb.Listener(
            `${name}-http`,
            { loadBalancerArn: args.albArn, port: 80, protocol: "HTTP", defaultActions: [forbidden] },
            child,
        );
    }

    const forwardRule = new aws.lb.ListenerRule(
        `${name}-origin-verify`,
        {
            listenerArn: trafficListener.arn,
            priority: 1,
            // A header condition matches when the header equals any of its values (ELB API Reference,
            // HttpHeaderConditionConfig): during a rotation the ALB accepts both, so the regional
            // stacks (deployed first) take the new secret without a 403 until the global stack sends it.
            conditions: [
                {
                    httpHeader: {
                        httpHeaderName: args.originVerifyHeaderName,
                        values: [
                            args.originVerifySecret,
                            ...(args.originVerifyPreviousSecret === undefined ? [] : [args.originVerifyPreviousSecret]),
                        ].map((v) => pulumi.secret(v)),
                    },
                },
            ],
            actions: [{ type: "forward", targetGroupArn: args.targetGroupArn }],
        },
        child,
    );
    // Route 53 health checkers cannot send custom headers, so the health-check path alone is
    // forwarded without one: exactly that path (no wildcards), GET/HEAD only. It is cheap and
    // read-only, and requests through CloudFront still count against the regional WAF's
    // per-client rate limit. Priority 2: the header rule first.
    new aws.lb.ListenerRule(
        `${name}-health-check`,
        {
            listenerArn: trafficListener.arn,
            priority: 2,
            conditions: [{ pathPattern: { values: [args.healthCheckPath] } }, { httpRequestMethod: { values: ["GET", "HEAD"] } }],
            actions: [{ type: "forward", targetGroupArn: args.targetGroupArn }],
        },
        child,
    );

    return { traffic: trafficListener, forwardRule };
}
