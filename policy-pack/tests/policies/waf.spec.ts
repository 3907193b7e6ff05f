import { expect } from "chai";
import * as waf from "../../policies/waf";
import { type StackItem, U, checkResource, resourcePolicySuite, set, stackPolicySuite, without } from "../harness";

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

const LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";
const header = (name: unknown) => ({ singleHeader: { name } });
const logging = {
    resourceArn: "arn:acl",
    logDestinationConfigs: ["arn:aws:logs:us-east-1:111122223333:log-group:aws-waf-logs-x"],
    redactedFields: [header("authorization"), header("cookie"), header("x-origin-verify")],
};

resourcePolicySuite(waf.wafLoggingRedactsSecretHeaders, {
    type: LOGGING,
    compliant: logging,
    variants: [
        [
            "compliant: the header named in another case (header names are case-insensitive)",
            (p) => set(p, "redactedFields.2", header("X-Origin-Verify")),
        ],
    ],
    cases: [
        [
            "the origin-verify header not redacted",
            (p) => set(p, "redactedFields", [header("authorization"), header("cookie")]),
            [
                "Logging configuration does not redact header(s) x-origin-verify (redactedFields singleHeader): WAF logs would carry them in clear.",
            ],
        ],
        [
            "redacting the query string or the URI path is not redacting the header",
            (p) => set(p, "redactedFields", [{ queryString: {} }, { uriPath: {} }]),
            [
                "Logging configuration does not redact header(s) x-origin-verify (redactedFields singleHeader): WAF logs would carry them in clear.",
            ],
        ],
    ],
    unset: [
        "redactedFields",
        [
            "Logging configuration does not redact header(s) x-origin-verify (redactedFields singleHeader): WAF logs would carry them in clear.",
        ],
    ],
    unknown: { resourceArn: U.string, logDestinationConfigs: U.array, redactedFields: U.array },
    unknownPlusViolation: [
        "the ACL and destination unknown, the header not redacted",
        { resourceArn: U.string, logDestinationConfigs: [U.string], redactedFields: [header("authorization")] },
        [
            "Logging configuration does not redact header(s) x-origin-verify (redactedFields singleHeader): WAF logs would carry them in clear.",
        ],
    ],
});

describe("waf-logging-redacts-secret-headers: secretHeaderNames", () => {
    const run = (props: Record<string, unknown>, secretHeaderNames: string[], unknown = false) =>
        checkResource(waf.wafLoggingRedactsSecretHeaders, LOGGING, props, { config: { secretHeaderNames }, unknown });
    it("names every configured header that is missing, in the config's spelling", () => {
        expect(run(logging, ["X-Origin-Verify", "X-Previous-Secret", "x-api-key"])).to.deep.equal([
            "Logging configuration does not redact header(s) X-Previous-Secret, x-api-key (redactedFields singleHeader): WAF logs would carry them in clear.",
        ]);
    });
    it("an unknown redacted header name could be the missing one: not provable", () => {
        expect(run(set(logging, "redactedFields.2", header(U.string)), ["x-origin-verify"], true)).to.deep.equal([]);
    });
});
