import * as waf from "../../policies/waf";
import { type StackItem, U, resourcePolicySuite, set, stackPolicySuite, without } from "../harness";

const ACL = "aws:wafv2/webAcl:WebAcl";
const vis = (n: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: n });
const acl = {
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    visibilityConfig: vis("acl"),
    rules: [
        {
            name: "common",
            priority: 1,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } },
            visibilityConfig: vis("common"),
        },
        {
            name: "rate",
            priority: 2,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } },
            visibilityConfig: vis("rate"),
        },
    ],
};

resourcePolicySuite(waf.wafWebAclHasRules, {
    type: ACL,
    compliant: acl,
    cases: [["empty rules", (p) => set(p, "rules", []), ["Web ACL has no rules."]]],
    unset: ["rules", ["Web ACL has no rules."]],
    unknown: { rules: U.array },
    unknownPlusViolation: [
        "visibility and name unknown, no rules",
        { name: U.string, visibilityConfig: U.object, rules: [] },
        ["Web ACL has no rules."],
    ],
});

resourcePolicySuite(waf.wafRuleMetricsEnabled, {
    type: ACL,
    compliant: acl,
    cases: [
        [
            "rule without metrics",
            (p) => set(p, "rules.1.visibilityConfig.cloudwatchMetricsEnabled", false),
            ["Rule rate has cloudwatchMetricsEnabled false."],
        ],
        [
            "web ACL without metrics",
            (p) => set(p, "visibilityConfig.cloudwatchMetricsEnabled", false),
            ["Web ACL visibilityConfig.cloudwatchMetricsEnabled is false."],
        ],
    ],
    unset: ["rules", []],
    unknown: { visibilityConfig: U.object, rules: [{ name: "x", visibilityConfig: U.object }] },
    unknownPlusViolation: [
        "the ACL's visibility and one rule unknown, another rule without metrics",
        {
            visibilityConfig: U.object,
            rules: [
                U.object,
                { name: "rate", priority: U.number, visibilityConfig: { cloudwatchMetricsEnabled: false, metricName: U.string } },
            ],
        },
        ["Rule rate has cloudwatchMetricsEnabled false."],
    ],
});

const stack: StackItem[] = [
    { type: ACL, name: "acl", props: acl },
    {
        type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
        name: "acl-logging",
        props: { resourceArn: "arn:acl", logDestinationConfigs: ["arn:lg"] },
        propDeps: { resourceArn: ["acl"] },
    },
];

stackPolicySuite(waf.wafWebAclLogging, {
    compliant: stack,
    cases: [
        [
            "logging for another ACL",
            (f) => [...f, { type: ACL, name: "acl2", props: acl }],
            ['acl2: Web ACL "acl2" has no WebAclLoggingConfiguration.'],
        ],
    ],
    unset: ["no logging configuration", (f) => without(f, "acl-logging"), ['acl: Web ACL "acl" has no WebAclLoggingConfiguration.']],
    unknown: (f) => f.map((i) => ({ ...i, props: { resourceArn: U.string } })),
    unknownPlusViolation: [
        "the logging configuration's ARNs unknown, a second ACL without one",
        [
            ...stack.map((i) =>
                i.name === "acl-logging" ? { ...i, props: { resourceArn: U.string, logDestinationConfigs: [U.string] } } : i,
            ),
            { type: ACL, name: "acl2", props: { ...acl, arn: U.string } },
        ],
        ['acl2: Web ACL "acl2" has no WebAclLoggingConfiguration.'],
    ],
});
