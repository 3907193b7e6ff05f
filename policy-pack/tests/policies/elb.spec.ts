import * as elb from "../../policies/elb";
import { StackItem, U, edit, resourcePolicySuite, set, stackPolicySuite, without } from "../harness";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const TG = "aws:lb/targetGroup:TargetGroup";

const alb = {
    loadBalancerType: "application",
    internal: false,
    subnets: ["subnet-a", "subnet-b"],
    dropInvalidHeaderFields: true,
    enableDeletionProtection: true,
    desyncMitigationMode: "defensive",
    accessLogs: { bucket: "logs-123", prefix: "alb", enabled: true },
};
const unknownAlb = { loadBalancerType: "application", subnets: U.array, dropInvalidHeaderFields: U.boolean, enableDeletionProtection: U.boolean, desyncMitigationMode: U.string, accessLogs: U.object };

resourcePolicySuite(elb.albDropInvalidHeaderFields, {
    type: LB,
    compliant: alb,
    cases: [["false", (p) => set(p, "dropInvalidHeaderFields", false), ["dropInvalidHeaderFields is not true."]]],
    unset: ["dropInvalidHeaderFields", ["dropInvalidHeaderFields is not true."]],
    unknown: unknownAlb,
});

resourcePolicySuite(elb.albAccessLogsEnabled, {
    type: LB,
    compliant: alb,
    variants: [
        ["out of scope: a network load balancer", (p) => set(set(p, "loadBalancerType", "network"), "accessLogs", undefined)],
        ["compliant: the bucket name unknown at preview, enabled true", (p) => set(p, "accessLogs.bucket", U.string)],
    ],
    cases: [
        ["disabled", (p) => set(p, "accessLogs.enabled", false), ["accessLogs.enabled is false; expected true."]],
        ["bucket set, enabled unset (the provider default is false)", (p) => set(p, "accessLogs.enabled", undefined), ["accessLogs.enabled is unset (it defaults to false, even with a bucket); expected true."]],
        ["enabled with an empty bucket", (p) => set(p, "accessLogs.bucket", ""), ["accessLogs.enabled is true but accessLogs.bucket is empty."]],
    ],
    unset: ["accessLogs", ["accessLogs is not configured; expected accessLogs.enabled true with a bucket."]],
    unknown: unknownAlb,
    unknownPlusViolation: [
        "the bucket name unknown, enabled unset",
        { loadBalancerType: "application", subnets: U.array, accessLogs: { bucket: U.string, prefix: "alb" } },
        ["accessLogs.enabled is unset (it defaults to false, even with a bucket); expected true."],
    ],
});

resourcePolicySuite(elb.albDeletionProtectionEnabled, {
    type: LB,
    compliant: alb,
    cases: [["false", (p) => set(p, "enableDeletionProtection", false), ["enableDeletionProtection is not true."]]],
    unset: ["enableDeletionProtection", ["enableDeletionProtection is not true."]],
    unknown: unknownAlb,
});

resourcePolicySuite(elb.albDesyncMitigationDefensive, {
    type: LB,
    compliant: alb,
    cases: [["monitor", (p) => set(p, "desyncMitigationMode", "monitor"), ['desyncMitigationMode is "monitor"; expected "defensive" or "strictest".']]],
    unset: ["desyncMitigationMode", []],
    unknown: unknownAlb,
});

resourcePolicySuite(elb.albMultiAz, {
    type: LB,
    compliant: alb,
    cases: [
        ["one subnet", (p) => set(p, "subnets", ["subnet-a"]), ["Load balancer has 1 subnet(s); expected at least 2 in distinct AZs."]],
        ["subnet ids unknown but counted", (p) => set(p, "subnets", [U.string]), ["Load balancer has 1 subnet(s); expected at least 2 in distinct AZs."]],
    ],
    unset: ["subnets", ["Load balancer has 0 subnet(s); expected at least 2 in distinct AZs."]],
    unknown: unknownAlb,
});

const httpForward = { protocol: "HTTP", port: 80, defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "403" } }] };
const httpRedirect = { protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] };

resourcePolicySuite(elb.albHttpListenerRedirectsToHttps, {
    type: LISTENER,
    compliant: httpRedirect,
    cases: [
        ["evaluation mode fixed-response", () => httpForward, ['HTTP listener default action is "fixed-response"; expected a redirect to HTTPS.']],
        ["redirect to HTTP", (p) => set(p, "defaultActions.0.redirect.protocol", "HTTP"), ['HTTP listener redirects to protocol "HTTP"; expected HTTPS.']],
    ],
    unset: ["defaultActions", ['HTTP listener default action is "unset"; expected a redirect to HTTPS.']],
    unknown: { protocol: "HTTP", defaultActions: U.array },
});

resourcePolicySuite(elb.albHttpsListenerTls13Policy, {
    type: LISTENER,
    compliant: { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: "arn:cert" },
    cases: [["TLS 1.2 policy", (p) => set(p, "sslPolicy", "ELBSecurityPolicy-2016-08"), ['HTTPS listener sslPolicy is "ELBSecurityPolicy-2016-08"; expected ELBSecurityPolicy-TLS13-*.']]],
    unset: ["sslPolicy", ['HTTPS listener sslPolicy is "the provider default"; expected ELBSecurityPolicy-TLS13-*.']],
    unknown: { protocol: "HTTPS", sslPolicy: U.string },
});

const wafStack: StackItem[] = [
    { type: LB, name: "alb", props: alb },
    { type: "aws:wafv2/webAcl:WebAcl", name: "acl", props: { scope: "REGIONAL" } },
    { type: "aws:wafv2/webAclAssociation:WebAclAssociation", name: "acl-assoc", props: { resourceArn: "arn:alb", webAclArn: "arn:acl" }, propDeps: { resourceArn: ["alb"], webAclArn: ["acl"] } },
];

stackPolicySuite(elb.albWafAttached, {
    compliant: wafStack,
    variants: [["out of scope: an internal ALB", (f) => edit(without(f, "acl-assoc"), "alb", (p) => set(p, "internal", true))]],
    cases: [["association to another resource", (f) => [...without(f, "acl-assoc"), { type: LB, name: "other", props: alb }, { ...f[2]!, propDeps: { resourceArn: ["other"] } }], ['alb: Load balancer "alb" has no WebAclAssociation.']]],
    unset: ["no association", (f) => without(f, "acl-assoc"), ['alb: Load balancer "alb" has no WebAclAssociation.']],
    unknown: (f) => edit(f, "acl-assoc", () => ({ resourceArn: U.string, webAclArn: U.string })),
});

resourcePolicySuite(elb.albTargetGroupFastHealthCheck, {
    type: TG,
    compliant: { port: 8080, protocol: "HTTP", targetType: "ip", healthCheck: { enabled: true, path: "/health", interval: 10, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 2 } },
    cases: [
        ["slow interval", (p) => set(p, "healthCheck.interval", 60), ["healthCheck.interval is 60 s; expected at most 30 s."]],
        ["high threshold", (p) => set(p, "healthCheck.unhealthyThreshold", 5), ["healthCheck.unhealthyThreshold is 5; expected at most 3."]],
        ["disabled", (p) => set(p, "healthCheck.enabled", false), ["healthCheck.enabled is false."]],
    ],
    unset: ["healthCheck", []],
    unknown: { targetType: "ip", healthCheck: { interval: U.number, unhealthyThreshold: U.number, enabled: U.boolean } },
});
