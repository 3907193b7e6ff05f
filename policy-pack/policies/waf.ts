/** AWS WAFv2 controls. */
import { resourcePolicy, stackPolicy } from "./lib/define";
import { UNKNOWN, bool, get, list, str } from "./lib/values";

export const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
const LOGGING_CONFIGURATION = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";

export const wafWebAclHasRules = resourcePolicy({
    name: "waf-web-acl-has-rules",
    description: "WAF.10: WAFv2 web ACLs have at least one rule or rule group.",
    controls: ["WAF.10"],
    enforcementLevel: "mandatory",
    types: [WEB_ACL],
    module: __filename,
    validate: ({ props, report }) => {
        const rules = list(get(props, "rules"));
        if (rules === UNKNOWN) return;
        // Rules may also be managed as separate resources (rule JSON or WebAclRule); only report when none are set inline or as JSON.
        const json = get(props, "ruleJson");
        if ((!rules || rules.length === 0) && json === undefined) report("Web ACL has no rules.");
    },
});

export const wafRuleMetricsEnabled = resourcePolicy({
    name: "waf-rule-metrics-enabled",
    description: "WAF.12: every WAFv2 rule and the web ACL itself have CloudWatch metrics enabled.",
    controls: ["WAF.12"],
    enforcementLevel: "mandatory",
    types: [WEB_ACL],
    module: __filename,
    validate: ({ props, report }) => {
        if (bool(get(props, "visibilityConfig", "cloudwatchMetricsEnabled")) === false)
            report("Web ACL visibilityConfig.cloudwatchMetricsEnabled is false.");
        const rules = list(get(props, "rules"));
        if (rules === UNKNOWN || !rules) return;
        rules.forEach((r, i) => {
            if (bool(get(r, "visibilityConfig", "cloudwatchMetricsEnabled")) === false) {
                const n = str(get(r, "name"));
                report(`Rule ${typeof n === "string" ? n : i} has cloudwatchMetricsEnabled false.`);
            }
        });
    },
});

export const wafWebAclLogging = stackPolicy({
    name: "waf-web-acl-logging",
    description: "WAF.11: every WAFv2 web ACL has a logging configuration.",
    controls: ["WAF.11"],
    enforcementLevel: "advisory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const acl of graph.ofType(WEB_ACL)) {
            const { found, unattributed } = graph.companionsOf(acl, [LOGGING_CONFIGURATION], "resourceArn", [WEB_ACL]);
            if (found.length === 0 && !unattributed) report(`Web ACL "${acl.name}" has no WebAclLoggingConfiguration.`, acl.urn);
        }
    },
});

/**
 * The platform's origin-verify header: the secret CloudFront adds and the ALB requires (the default of the
 * stack setting `originVerifyHeaderName`, stacks/config/schema.ts).
 * Written here too because the pack loads nothing from the program; a fork that renames the header sets
 * `secretHeaderNames` in its pack config.
 */
const ORIGIN_VERIFY_HEADER = "x-origin-verify";

export const wafLoggingRedactsSecretHeaders = resourcePolicy<{ secretHeaderNames: string[] }>({
    name: "waf-logging-redacts-secret-headers",
    description:
        "Hardening: every WAFv2 logging configuration redacts (redactedFields singleHeader) each header of secretHeaderNames (default the origin-verify header), compared case-insensitively.",
    controls: ["SEC.SecretHeadersRedacted"],
    enforcementLevel: "mandatory",
    types: [LOGGING_CONFIGURATION],
    config: {
        secretHeaderNames: {
            type: "array",
            minItems: 1,
            // An HTTP header name (RFC 9110 token).
            items: { type: "string", pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
            default: [ORIGIN_VERIFY_HEADER],
            description:
                "Request headers that carry a secret (the origin-verify header, and the previous one during a rotation): WAF logs every request header unless redacted.",
        },
    },
    module: __filename,
    validate: ({ props, report, config }) => {
        // AWS WAF Developer Guide, "Log fields": logs carry every request header; only redactedFields are replaced
        // by REDACTED (singleHeader names are matched case-insensitively, as HTTP header names are).
        const fields = list(get(props, "redactedFields"));
        if (fields === UNKNOWN) return;
        const redacted = new Set<string>();
        for (const f of fields ?? []) {
            const name = str(get(f, "singleHeader", "name"));
            if (name === UNKNOWN || f === UNKNOWN) return; // it could be the missing one
            if (typeof name === "string") redacted.add(name.toLowerCase());
        }
        const missing = config.secretHeaderNames.filter((h) => !redacted.has(h.toLowerCase()));
        if (missing.length > 0)
            report(
                `Logging configuration does not redact header(s) ${missing.join(", ")} (redactedFields singleHeader): WAF logs would carry them in clear.`,
            );
    },
});

export const wafPolicies = [wafWebAclHasRules, wafRuleMetricsEnabled, wafWebAclLogging, wafLoggingRedactsSecretHeaders];
