import * as r53 from "../../policies/route53";
import { U, resourcePolicySuite, set } from "../harness";

const record = {
    zoneId: "Z1",
    name: "app.example.com",
    type: "A",
    setIdentifier: "us-east-1",
    failoverRoutingPolicies: [{ type: "PRIMARY" }],
    healthCheckId: "hc-1",
    aliases: [{ name: "alb.example", zoneId: "Z2", evaluateTargetHealth: true }],
};

resourcePolicySuite(r53.route53RecordsHealthChecked, {
    type: "aws:route53/record:Record",
    compliant: record,
    variants: [["out of scope: a simple (not health-routed) record", () => ({ name: "x", type: "CNAME", ttl: 3600, records: ["x"] })]],
    cases: [
        [
            "no health check and alias does not evaluate target health",
            (p) => set(set(p, "healthCheckId", undefined), "aliases.0.evaluateTargetHealth", false),
            ["Failover record has no healthCheckId and no alias with evaluateTargetHealth."],
        ],
        [
            "latency record with a long TTL",
            () => ({
                name: "x",
                type: "CNAME",
                latencyRoutingPolicies: [{ region: "eu-west-1" }],
                healthCheckId: "hc",
                ttl: 300,
                records: ["x"],
            }),
            ["Latency record ttl is 300 s; expected at most 60 s."],
        ],
    ],
    unset: ["healthCheckId", []],
    unknown: { failoverRoutingPolicies: [{ type: "PRIMARY" }], healthCheckId: U.string, aliases: U.array, ttl: U.number },
    unknownPlusViolation: [
        "health check and aliases unknown, a long TTL",
        { failoverRoutingPolicies: [{ type: "PRIMARY" }], healthCheckId: U.string, aliases: U.array, records: [U.string], ttl: 300 },
        ["Failover record ttl is 300 s; expected at most 60 s."],
    ],
});

resourcePolicySuite(r53.route53HealthCheckFast, {
    type: "aws:route53/healthCheck:HealthCheck",
    compliant: { type: "HTTPS", fqdn: "alb.example", port: 443, resourcePath: "/health", requestInterval: 10, failureThreshold: 3 },
    variants: [
        ["out of scope: a calculated health check (no interval of its own)", () => ({ type: "CALCULATED", childHealthchecks: ["a"] })],
    ],
    cases: [
        ["standard interval", (p) => set(p, "requestInterval", 30), ["requestInterval is 30 s; expected at most 10 s."]],
        ["threshold 5", (p) => set(p, "failureThreshold", 5), ["failureThreshold is 5; expected at most 3."]],
    ],
    unset: ["requestInterval", ["requestInterval is 30 s; expected at most 10 s."]],
    unknown: { type: "HTTPS", requestInterval: U.number, failureThreshold: U.number },
    unknownPlusViolation: [
        "the endpoint and threshold unknown, the standard interval",
        { type: "HTTPS", fqdn: U.string, requestInterval: 30, failureThreshold: U.number },
        ["requestInterval is 30 s; expected at most 10 s."],
    ],
});
