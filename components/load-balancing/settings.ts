/**
 * The load balancer's settings: every plain knob of {@link LoadBalancer}, with its AWS bounds,
 * default and description, stated once. The regional stack's `platform:loadBalancing` is this
 * schema; the component parses its arguments with it.
 */
import { z } from "zod";
import { containerPort, dnsName, healthCheckPath } from "../shared/fields";
import { isValidOriginVerifyHeaderName, ORIGIN_VERIFY_HEADER_RULE } from "../shared/headers";
import { int } from "../shared/settings";

/** Domain mode of one region: the name the ALB answers as and its certificate. */
export const loadBalancerDomain = z
    .strictObject({
        domainName: dnsName.meta({ description: "host name the ALB answers as (the origin host name CloudFront and Route 53 use)" }),
        certificateArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, "expected an ACM certificate ARN")
            .meta({ description: "ACM certificate in the stack's region covering domainName" }),
    })
    .meta({ description: "domain mode: HTTPS on 443 (TLS 1.3 policy), HTTP on 80 redirects; absent = evaluation mode, HTTP on 80 only" });

const shape = {
    // AWS bounds for ALB target-group health checks (Elastic Load Balancing API Reference, CreateTargetGroup).
    healthCheckIntervalSeconds: int(5, 300).default(10).meta({ description: "seconds between target health checks" }),
    healthCheckTimeoutSeconds: int(2, 120)
        .default(5)
        .meta({ description: "seconds a target health check may take, less than the interval" }),
    healthyThreshold: int(2, 10).default(2).meta({ description: "consecutive successes before a target is healthy" }),
    unhealthyThreshold: int(2, 10).default(2).meta({ description: "consecutive failures before a target is unhealthy" }),
    healthCheckMatcher: z
        .string()
        .regex(/^[1-5]\d\d(-[1-5]\d\d)?(,[1-5]\d\d(-[1-5]\d\d)?)*$/, "expected HTTP codes such as 200 or 200-399 or 200,302")
        .default("200-399")
        .meta({ description: "HTTP codes a healthy target answers" }),
    deregistrationDelaySeconds: int(0, 3600)
        .default(30)
        .meta({ description: "seconds in-flight requests get to drain from a deregistering target" }),
    deletionProtection: z.boolean().default(true).meta({ description: "protect the ALB from deletion (ELB.6)" }),
    idleTimeoutSeconds: int(1, 4000).default(60).meta({ description: "idle connection timeout in seconds" }),
    originVerifyHeaderName: z
        .string()
        .refine(isValidOriginVerifyHeaderName, ORIGIN_VERIFY_HEADER_RULE)
        .default("X-Origin-Verify")
        .meta({ description: "header CloudFront adds to every origin request; requests without its secret value get a 403" }),
    domain: loadBalancerDomain.optional(),
};

type Timing = { healthCheckIntervalSeconds: number; healthCheckTimeoutSeconds: number };
function timeoutBelowInterval(v: Timing, ctx: z.RefinementCtx): void {
    if (v.healthCheckTimeoutSeconds >= v.healthCheckIntervalSeconds) {
        ctx.addIssue({
            code: "custom",
            path: ["healthCheckTimeoutSeconds"],
            input: v.healthCheckTimeoutSeconds,
            message: `expected less than healthCheckIntervalSeconds (${v.healthCheckIntervalSeconds})`,
        });
    }
}

/** `platform:loadBalancing`: the knobs a stack configures. */
export const loadBalancerSettings = z.strictObject(shape).superRefine(timeoutBelowInterval);

/**
 * What the component parses: the settings plus the service's port and health-check path, which
 * the service tier owns (same fields, same bounds and defaults) and the stack hands to both.
 */
export const loadBalancerArgsSettings = z.strictObject({ ...shape, containerPort, healthCheckPath }).superRefine(timeoutBelowInterval);

/** The settings as a caller may give them (defaults optional). */
export type LoadBalancerSettingsInput = z.input<typeof loadBalancerArgsSettings>;
