/** Elastic Load Balancing controls (ALB) and the fast-target-health reliability rule. */
import { multiAzProblem, subnetAzs } from "./lib/azs";
import { resourcePolicy, stackPolicy } from "./lib/define";
import { UNKNOWN, bool, get, list, num, str } from "./lib/values";

export const LB_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
const LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
const TARGET_GROUP_TYPES = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"];

/** ALB-only rules: `loadBalancerType` unset means application. */
function isApplication(props: Record<string, unknown>): boolean | typeof UNKNOWN {
    const t = str(get(props, "loadBalancerType"));
    return t === UNKNOWN ? UNKNOWN : t === undefined || t === "application";
}

function albRule(name: string, description: string, controls: string[], check: (props: Record<string, unknown>) => string | undefined) {
    return resourcePolicy({
        name,
        description,
        controls,
        enforcementLevel: "mandatory",
        types: LB_TYPES,
        module: __filename,
        validate: ({ props, report }) => {
            if (isApplication(props) !== true) return;
            const m = check(props);
            if (m) report(m);
        },
    });
}

export const albDropInvalidHeaderFields = albRule(
    "alb-drop-invalid-header-fields",
    "ELB.4: application load balancers drop invalid HTTP header fields.",
    ["ELB.4"],
    (p) =>
        bool(get(p, "dropInvalidHeaderFields")) === UNKNOWN || bool(get(p, "dropInvalidHeaderFields")) === true
            ? undefined
            : "dropInvalidHeaderFields is not true.",
);

export const albAccessLogsEnabled = albRule(
    "alb-access-logs-enabled",
    "ELB.5: application load balancers deliver access logs to S3 (accessLogs.enabled true, with a bucket).",
    ["ELB.5"],
    (p) => {
        const logs = get(p, "accessLogs");
        if (logs === UNKNOWN) return undefined;
        if (logs === undefined || logs === null) return "accessLogs is not configured; expected accessLogs.enabled true with a bucket.";
        // accessLogs.enabled defaults to false, even when a bucket is given: only a known true delivers logs.
        const enabled = bool(get(logs, "enabled"));
        if (enabled === false) return "accessLogs.enabled is false; expected true.";
        if (enabled === undefined) return "accessLogs.enabled is unset (it defaults to false, even with a bucket); expected true.";
        if (enabled === UNKNOWN) return undefined;
        const bucket = get(logs, "bucket");
        return bucket === "" ? "accessLogs.enabled is true but accessLogs.bucket is empty." : undefined;
    },
);

export const albDeletionProtectionEnabled = albRule(
    "alb-deletion-protection-enabled",
    "ELB.6: application load balancers have deletion protection enabled.",
    ["ELB.6"],
    (p) => {
        const v = bool(get(p, "enableDeletionProtection"));
        return v === UNKNOWN || v === true ? undefined : "enableDeletionProtection is not true.";
    },
);

export const albDesyncMitigationDefensive = albRule(
    "alb-desync-mitigation-defensive",
    "ELB.12: application load balancers use desync mitigation mode defensive or strictest.",
    ["ELB.12"],
    (p) => {
        // Unset means the AWS default, "defensive".
        const v = str(get(p, "desyncMitigationMode"));
        return v === UNKNOWN || v === undefined || v === "defensive" || v === "strictest"
            ? undefined
            : `desyncMitigationMode is "${v}"; expected "defensive" or "strictest".`;
    },
);

export const albMultiAz = stackPolicy<{ minAvailabilityZones: number }>({
    name: "alb-multi-az",
    description:
        "ELB.13: load balancers span at least minAvailabilityZones AZs (mission rule: multi-AZ): distinct AZs of their subnets when the graph resolves them (subnets/subnetMappings property dependencies to aws:ec2/subnet:Subnet), otherwise the number of subnets.",
    controls: ["ELB.13", "MISSION.MultiAZ"],
    enforcementLevel: "mandatory",
    config: { minAvailabilityZones: { type: "integer", minimum: 1, default: 2 } },
    module: __filename,
    validate: ({ graph, report, config }) => {
        for (const lb of graph.ofType(...LB_TYPES)) {
            const subnets = list(get(lb.props, "subnets"));
            const mappings = list(get(lb.props, "subnetMappings"));
            if (subnets === UNKNOWN || mappings === UNKNOWN) continue;
            // Subnet ids are unknown on a first preview, but the count of entries is known.
            const [key, n] =
                (mappings?.length ?? 0) > (subnets?.length ?? 0) ? ["subnetMappings", mappings!.length] : ["subnets", subnets?.length ?? 0];
            const problem = multiAzProblem(`Load balancer "${lb.name}"`, key, n, subnetAzs(lb, key, n), config.minAvailabilityZones);
            if (problem) report(problem, lb.urn);
        }
    },
});

export const albHttpListenerRedirectsToHttps = resourcePolicy({
    name: "alb-http-listener-redirects-to-https",
    description: "ELB.1: HTTP listeners redirect to HTTPS (needs a domain and certificate: advisory in evaluation mode).",
    controls: ["ELB.1"],
    enforcementLevel: "advisory",
    types: LISTENER_TYPES,
    module: __filename,
    validate: ({ props, report }) => {
        const protocol = str(get(props, "protocol"));
        if (protocol !== "HTTP") return;
        const action = get(props, "defaultActions", 0);
        const type = str(get(action, "type"));
        const target = str(get(action, "redirect", "protocol"));
        if (type === UNKNOWN || target === UNKNOWN) return;
        if (type !== "redirect") report(`HTTP listener default action is "${type ?? "unset"}"; expected a redirect to HTTPS.`);
        else if (target !== "HTTPS") report(`HTTP listener redirects to protocol "${target ?? "#{protocol}"}"; expected HTTPS.`);
    },
});

export const albHttpsListenerTls13Policy = resourcePolicy({
    name: "alb-https-listener-tls13-policy",
    description: "ELB.17, ELB.18: HTTPS listeners use an ELBSecurityPolicy-TLS13-* policy (domain mode: advisory in evaluation mode).",
    controls: ["ELB.17", "ELB.18"],
    enforcementLevel: "advisory",
    types: LISTENER_TYPES,
    module: __filename,
    validate: ({ props, report }) => {
        const protocol = str(get(props, "protocol"));
        if (protocol !== "HTTPS" && protocol !== "TLS") return;
        const policy = str(get(props, "sslPolicy"));
        if (policy === UNKNOWN) return;
        if (policy === undefined || !policy.startsWith("ELBSecurityPolicy-TLS13-")) {
            report(`${protocol} listener sslPolicy is "${policy ?? "the provider default"}"; expected ELBSecurityPolicy-TLS13-*.`);
        }
    },
});

export const albWafAttached = stackPolicy({
    name: "alb-waf-attached",
    description: "ELB.16: every internet-facing application load balancer is associated with a WAFv2 web ACL.",
    controls: ["ELB.16"],
    enforcementLevel: "mandatory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const lb of graph.ofType(...LB_TYPES)) {
            if (isApplication(lb.props) !== true || bool(get(lb.props, "internal")) === true) continue;
            const { found, unattributed } = graph.companionsOf(
                lb,
                ["aws:wafv2/webAclAssociation:WebAclAssociation"],
                "resourceArn",
                LB_TYPES,
                true,
            );
            if (found.length === 0 && !unattributed) report(`Load balancer "${lb.name}" has no WebAclAssociation.`, lb.urn);
        }
    },
});

export const albTargetGroupFastHealthCheck = resourcePolicy<{ maxHealthCheckIntervalSeconds: number; maxUnhealthyThreshold: number }>({
    name: "alb-target-group-fast-health-check",
    description: "Fast target health: target group health checks are enabled, with interval and unhealthy threshold within bounds.",
    controls: ["REL.FastTargetHealth"],
    enforcementLevel: "mandatory",
    types: TARGET_GROUP_TYPES,
    config: {
        maxHealthCheckIntervalSeconds: { type: "integer", minimum: 5, maximum: 300, default: 30 },
        maxUnhealthyThreshold: { type: "integer", minimum: 2, maximum: 10, default: 3 },
    },
    module: __filename,
    validate: ({ props, report, config }) => {
        if (str(get(props, "targetType")) === "lambda") return;
        const hc = get(props, "healthCheck");
        if (hc === UNKNOWN) return;
        const enabled = bool(get(hc, "enabled"));
        if (enabled === false) return report("healthCheck.enabled is false.");
        // Provider defaults: interval 30 s, unhealthy threshold 3.
        const interval = num(get(hc, "interval")) ?? 30;
        const threshold = num(get(hc, "unhealthyThreshold")) ?? 3;
        if (interval !== UNKNOWN && interval > config.maxHealthCheckIntervalSeconds) {
            report(`healthCheck.interval is ${interval} s; expected at most ${config.maxHealthCheckIntervalSeconds} s.`);
        }
        if (threshold !== UNKNOWN && threshold > config.maxUnhealthyThreshold) {
            report(`healthCheck.unhealthyThreshold is ${threshold}; expected at most ${config.maxUnhealthyThreshold}.`);
        }
    },
});

export const elbPolicies = [
    albDropInvalidHeaderFields,
    albAccessLogsEnabled,
    albDeletionProtectionEnabled,
    albDesyncMitigationDefensive,
    albMultiAz,
    albHttpListenerRedirectsToHttps,
    albHttpsListenerTls13Policy,
    albWafAttached,
    albTargetGroupFastHealthCheck,
];
