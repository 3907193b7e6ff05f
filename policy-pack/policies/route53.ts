/** Route 53: the health-checked DNS reliability rule. */
import { resourcePolicy } from "./lib/define";
import { UNKNOWN, bool, get, isSet, list, num, str } from "./lib/values";

export const route53RecordsHealthChecked = resourcePolicy<{ maxDnsTtlSeconds: number }>({
    name: "route53-records-health-checked",
    description:
        "Health-checked DNS: failover and latency records have a health check or evaluate target health, and a TTL of at most maxDnsTtlSeconds.",
    controls: ["REL.HealthCheckedDNS"],
    enforcementLevel: "mandatory",
    types: ["aws:route53/record:Record"],
    config: { maxDnsTtlSeconds: { type: "integer", minimum: 0, default: 60 } },
    module: __filename,
    validate: ({ props, report, config }) => {
        const failover = list(get(props, "failoverRoutingPolicies"));
        const latency = list(get(props, "latencyRoutingPolicies"));
        if (failover === UNKNOWN || latency === UNKNOWN) return;
        if ((failover?.length ?? 0) === 0 && (latency?.length ?? 0) === 0) return;
        const kind = (failover?.length ?? 0) > 0 ? "Failover" : "Latency";
        const hc = get(props, "healthCheckId");
        const aliases = list(get(props, "aliases"));
        if (hc !== UNKNOWN && aliases !== UNKNOWN && !isSet(hc)) {
            const evaluates = (aliases ?? []).map((a) => bool(get(a, "evaluateTargetHealth")));
            if (!evaluates.includes(true) && !evaluates.includes(UNKNOWN))
                report(`${kind} record has no healthCheckId and no alias with evaluateTargetHealth.`);
        }
        const ttl = num(get(props, "ttl"));
        if (typeof ttl === "number" && ttl > config.maxDnsTtlSeconds)
            report(`${kind} record ttl is ${ttl} s; expected at most ${config.maxDnsTtlSeconds} s.`);
    },
});

const ENDPOINT_TYPES = ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP"];

export const route53HealthCheckFast = resourcePolicy<{ maxRequestIntervalSeconds: number; maxFailureThreshold: number }>({
    name: "route53-health-check-fast",
    description: "Health-checked DNS: endpoint health checks use the fast interval and a bounded failure threshold.",
    controls: ["REL.HealthCheckedDNS"],
    enforcementLevel: "mandatory",
    types: ["aws:route53/healthCheck:HealthCheck"],
    config: {
        maxRequestIntervalSeconds: { type: "integer", enum: [10, 30], default: 10 },
        maxFailureThreshold: { type: "integer", minimum: 1, maximum: 10, default: 3 },
    },
    module: __filename,
    validate: ({ props, report, config }) => {
        const type = str(get(props, "type"));
        if (typeof type !== "string" || !ENDPOINT_TYPES.includes(type)) return;
        // Route 53 defaults: 30 s interval, failure threshold 3.
        const interval = num(get(props, "requestInterval")) ?? 30;
        const threshold = num(get(props, "failureThreshold")) ?? 3;
        if (interval !== UNKNOWN && interval > config.maxRequestIntervalSeconds)
            report(`requestInterval is ${interval} s; expected at most ${config.maxRequestIntervalSeconds} s.`);
        if (threshold !== UNKNOWN && threshold > config.maxFailureThreshold)
            report(`failureThreshold is ${threshold}; expected at most ${config.maxFailureThreshold}.`);
    },
});

export const route53Policies = [route53RecordsHealthChecked, route53HealthCheckFast];
