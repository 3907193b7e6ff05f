import * as elb from "../../policies/elb";
import { type StackItem, U, edit, resourcePolicySuite, set, stackPolicySuite, without } from "../harness";

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
const unknownAlb = {
    loadBalancerType: "application",
    subnets: U.array,
    dropInvalidHeaderFields: U.boolean,
    enableDeletionProtection: U.boolean,
    desyncMitigationMode: U.string,
    accessLogs: U.object,
};

resourcePolicySuite(elb.albDropInvalidHeaderFields, {
    type: LB,
    compliant: alb,
    cases: [["false", (p) => set(p, "dropInvalidHeaderFields", false), ["dropInvalidHeaderFields is not true."]]],
    unset: ["dropInvalidHeaderFields", ["dropInvalidHeaderFields is not true."]],
    unknown: unknownAlb,
    unknownPlusViolation: [
        "subnets and logs unknown, invalid headers kept",
        { ...unknownAlb, dropInvalidHeaderFields: false },
        ["dropInvalidHeaderFields is not true."],
    ],
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
        [
            "bucket set, enabled unset (the provider default is false)",
            (p) => set(p, "accessLogs.enabled", undefined),
            ["accessLogs.enabled is unset (it defaults to false, even with a bucket); expected true."],
        ],
        [
            "enabled with an empty bucket",
            (p) => set(p, "accessLogs.bucket", ""),
            ["accessLogs.enabled is true but accessLogs.bucket is empty."],
        ],
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
    unknownPlusViolation: [
        "subnets and logs unknown, deletion protection off",
        { ...unknownAlb, enableDeletionProtection: false },
        ["enableDeletionProtection is not true."],
    ],
});

resourcePolicySuite(elb.albDesyncMitigationDefensive, {
    type: LB,
    compliant: alb,
    cases: [
        [
            "monitor",
            (p) => set(p, "desyncMitigationMode", "monitor"),
            ['desyncMitigationMode is "monitor"; expected "defensive" or "strictest".'],
        ],
    ],
    unset: ["desyncMitigationMode", []],
    unknown: unknownAlb,
    unknownPlusViolation: [
        "subnets and logs unknown, mode monitor",
        { ...unknownAlb, desyncMitigationMode: "monitor" },
        ['desyncMitigationMode is "monitor"; expected "defensive" or "strictest".'],
    ],
});

const SUBNET = "aws:ec2/subnet:Subnet";
const subnetsIn = (...azs: string[]): StackItem[] =>
    azs.map((az, i) => ({ type: SUBNET, name: `subnet-${i}`, props: { availabilityZone: az, vpcId: "vpc-1" } }));
/** The ALB and the subnets its `subnets` property depends on (how the engine links them). */
const albStack: StackItem[] = [
    ...subnetsIn("us-east-1a", "us-east-1b"),
    { type: LB, name: "alb", props: alb, propDeps: { subnets: ["subnet-0", "subnet-1"] } },
];
const albProps = (f: (p: Record<string, unknown>) => Record<string, unknown>, deps?: Record<string, string[]>) => (items: StackItem[]) =>
    items.map((i) => (i.name === "alb" ? { ...i, props: f(i.props ?? {}), propDeps: deps ?? i.propDeps } : i));
const subnetAz = (name: string, az: unknown) => (items: StackItem[]) => edit(items, name, (p) => ({ ...p, availabilityZone: az }));

stackPolicySuite(elb.albMultiAz, {
    compliant: albStack,
    variants: [
        [
            "compliant: two subnets from a remote component (awsx Vpc): AZs not resolvable, two subnets counted",
            (f) => [{ type: "awsx:ec2:Vpc", name: "net" }, ...albProps((p) => p, { subnets: ["net"] })(f)],
        ],
        [
            "compliant: subnetMappings in two AZs",
            albProps((p) => ({ ...set(p, "subnets", undefined), subnetMappings: [{ subnetId: "subnet-a" }, { subnetId: "subnet-b" }] }), {
                subnetMappings: ["subnet-0", "subnet-1"],
            }),
        ],
    ],
    cases: [
        [
            "two subnets in one AZ (AZs resolved through the graph)",
            subnetAz("subnet-1", "us-east-1a"),
            ['alb: Load balancer "alb" subnets span 1 AZ(s) (us-east-1a); expected at least 2.'],
        ],
        [
            "one subnet, AZs not resolvable",
            albProps((p) => set(p, "subnets", ["subnet-a"]), {}),
            [
                'alb: Load balancer "alb" subnets: 1 subnet(s), AZs not resolvable through the graph (subnets counted); expected at least 2 in distinct AZs.',
            ],
        ],
        [
            "subnet ids unknown but counted",
            albProps((p) => set(p, "subnets", [U.string]), {}),
            [
                'alb: Load balancer "alb" subnets: 1 subnet(s), AZs not resolvable through the graph (subnets counted); expected at least 2 in distinct AZs.',
            ],
        ],
    ],
    unset: [
        "subnets",
        albProps((p) => set(p, "subnets", undefined), {}),
        [
            'alb: Load balancer "alb" subnets: 0 subnet(s), AZs not resolvable through the graph (subnets counted); expected at least 2 in distinct AZs.',
        ],
    ],
    unknown: (f) => subnetAz("subnet-0", U.string)(albProps(() => ({ ...unknownAlb, subnets: [U.string, U.string] }))(f)),
    unknownPlusViolation: [
        "first preview: subnet ids unknown, both subnets in one AZ (resolved through the graph)",
        subnetAz("subnet-1", "us-east-1a")(albProps(() => ({ ...unknownAlb, subnets: [U.string, U.string] }))(albStack)),
        ['alb: Load balancer "alb" subnets span 1 AZ(s) (us-east-1a); expected at least 2.'],
    ],
});

const httpForward = {
    protocol: "HTTP",
    port: 80,
    defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "403" } }],
};
const httpRedirect = {
    protocol: "HTTP",
    port: 80,
    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
};

resourcePolicySuite(elb.albHttpListenerRedirectsToHttps, {
    type: LISTENER,
    compliant: httpRedirect,
    cases: [
        [
            "evaluation mode fixed-response",
            () => httpForward,
            ['HTTP listener default action is "fixed-response"; expected a redirect to HTTPS.'],
        ],
        [
            "redirect to HTTP",
            (p) => set(p, "defaultActions.0.redirect.protocol", "HTTP"),
            ['HTTP listener redirects to protocol "HTTP"; expected HTTPS.'],
        ],
    ],
    unset: ["defaultActions", ['HTTP listener default action is "unset"; expected a redirect to HTTPS.']],
    unknown: { protocol: "HTTP", defaultActions: U.array },
    unknownPlusViolation: [
        "port and target group unknown, a forward action",
        { protocol: "HTTP", port: U.number, loadBalancerArn: U.string, defaultActions: [{ type: "forward", targetGroupArn: U.string }] },
        ['HTTP listener default action is "forward"; expected a redirect to HTTPS.'],
    ],
});

resourcePolicySuite(elb.albHttpsListenerTls13Policy, {
    type: LISTENER,
    compliant: { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: "arn:cert" },
    cases: [
        [
            "TLS 1.2 policy",
            (p) => set(p, "sslPolicy", "ELBSecurityPolicy-2016-08"),
            ['HTTPS listener sslPolicy is "ELBSecurityPolicy-2016-08"; expected ELBSecurityPolicy-TLS13-*.'],
        ],
    ],
    unset: ["sslPolicy", ['HTTPS listener sslPolicy is "the provider default"; expected ELBSecurityPolicy-TLS13-*.']],
    unknown: { protocol: "HTTPS", sslPolicy: U.string },
    unknownPlusViolation: [
        "certificate unknown, a TLS 1.2 policy",
        { protocol: "HTTPS", certificateArn: U.string, loadBalancerArn: U.string, sslPolicy: "ELBSecurityPolicy-2016-08" },
        ['HTTPS listener sslPolicy is "ELBSecurityPolicy-2016-08"; expected ELBSecurityPolicy-TLS13-*.'],
    ],
});

const wafStack: StackItem[] = [
    { type: LB, name: "alb", props: alb },
    { type: "aws:wafv2/webAcl:WebAcl", name: "acl", props: { scope: "REGIONAL" } },
    {
        type: "aws:wafv2/webAclAssociation:WebAclAssociation",
        name: "acl-assoc",
        props: { resourceArn: "arn:alb", webAclArn: "arn:acl" },
        propDeps: { resourceArn: ["alb"], webAclArn: ["acl"] },
    },
];

stackPolicySuite(elb.albWafAttached, {
    compliant: wafStack,
    variants: [["out of scope: an internal ALB", (f) => edit(without(f, "acl-assoc"), "alb", (p) => set(p, "internal", true))]],
    cases: [
        [
            "association to another resource",
            (f) => [
                ...without(f, "acl-assoc"),
                { type: LB, name: "other", props: alb },
                { ...f[2]!, propDeps: { resourceArn: ["other"] } },
            ],
            ['alb: Load balancer "alb" has no WebAclAssociation.'],
        ],
    ],
    unset: ["no association", (f) => without(f, "acl-assoc"), ['alb: Load balancer "alb" has no WebAclAssociation.']],
    unknown: (f) => edit(f, "acl-assoc", () => ({ resourceArn: U.string, webAclArn: U.string })),
    unknownPlusViolation: [
        "the association's ARNs unknown, another ALB without one",
        [
            ...edit(wafStack, "acl-assoc", () => ({ resourceArn: U.string, webAclArn: U.string })),
            { type: LB, name: "other", props: { ...alb, arn: U.string } },
        ],
        ['other: Load balancer "other" has no WebAclAssociation.'],
    ],
});

resourcePolicySuite(elb.albTargetGroupFastHealthCheck, {
    type: TG,
    compliant: {
        port: 8080,
        protocol: "HTTP",
        targetType: "ip",
        healthCheck: { enabled: true, path: "/health", interval: 10, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 2 },
    },
    cases: [
        ["slow interval", (p) => set(p, "healthCheck.interval", 60), ["healthCheck.interval is 60 s; expected at most 30 s."]],
        [
            "high threshold",
            (p) => set(p, "healthCheck.unhealthyThreshold", 5),
            ["healthCheck.unhealthyThreshold is 5; expected at most 3."],
        ],
        ["disabled", (p) => set(p, "healthCheck.enabled", false), ["healthCheck.enabled is false."]],
    ],
    unset: ["healthCheck", []],
    unknown: { targetType: "ip", healthCheck: { interval: U.number, unhealthyThreshold: U.number, enabled: U.boolean } },
    unknownPlusViolation: [
        "interval and enabled unknown, a high threshold",
        { targetType: "ip", vpcId: U.string, healthCheck: { interval: U.number, unhealthyThreshold: 5, enabled: U.boolean } },
        ["healthCheck.unhealthyThreshold is 5; expected at most 3."],
    ],
});
