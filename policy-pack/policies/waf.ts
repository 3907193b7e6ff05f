/** AWS WAFv2 controls. */
import { resourcePolicy, stackPolicy } from "./lib/define";
import { UNKNOWN, bool, get, list, str } from "./lib/values";

export const WEB_ACL = "aws:wafv2/webAcl:WebAcl";

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
            const { found, unattributed } = graph.companionsOf(
                acl,
                ["aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"],
                "resourceArn",
                [WEB_ACL],
            );
            if (found.length === 0 && !unattributed) report(`Web ACL "${acl.name}" has no WebAclLoggingConfiguration.`, acl.urn);
        }
    },
});

export const wafPolicies = [wafWebAclHasRules, wafRuleMetricsEnabled, wafWebAclLogging];
