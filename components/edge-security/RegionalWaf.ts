import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { logRetentionProblem } from "../shared/awsLimits";
import { assertValidArgs, shown } from "../shared/validation";

/** AWS managed rule groups the web ACL runs, in evaluation order (key → group name). */
export const MANAGED_RULE_GROUPS: Readonly<Record<string, string>> = {
    "ip-reputation": "AWSManagedRulesAmazonIpReputationList",
    common: "AWSManagedRulesCommonRuleSet",
    "known-bad-inputs": "AWSManagedRulesKnownBadInputsRuleSet",
};

/** Request headers replaced by `REDACTED` in the WAF logs: credentials and sessions. */
export const REDACTED_HEADERS = ["authorization", "cookie"] as const;


/** Arguments of {@link RegionalWaf}. */
export interface RegionalWafArgs {
    /** ARN of the ALB the web ACL protects. */
    readonly albArn: pulumi.Input<string>;
    /** Requests one client IP may send per 5-minute window before it is blocked (WAF: 10..2,000,000,000). @default 2000 */
    readonly rateLimitPerFiveMinutes?: number;
    /** KMS key that encrypts the WAF log group; its key policy must allow `logs.<region>.amazonaws.com`. */
    readonly logKeyArn: pulumi.Input<string>;
    /** Retention of the WAF logs, a CloudWatch Logs retention value. @default 90 */
    readonly logRetentionDays?: number;
}

/**
 * A REGIONAL WAFv2 web ACL in front of the ALB (ELB.16): IP reputation, the common rule set,
 * known bad inputs and a per-IP rate limit, metrics and sampled requests on every rule (WAF.12),
 * and full logging to an encrypted log group with credentials redacted (WAF.11).
 *
 * The origin-verify check (is the request from CloudFront?) is deliberately not a WAF rule: the
 * ALB's listener rule enforces it (see `LoadBalancer`), so the secret lives in one place and
 * never shows up in web ACL rules or WAF logs. CloudWatch Logs delivery needs a log resource
 * policy for `delivery.logs.amazonaws.com`; WAF creates or extends it when logging is enabled.
 */
export class RegionalWaf extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:edge-security:RegionalWaf";

    public readonly webAclArn: pulumi.Output<string>;
    /** Web ACL name: the `WebACL` dimension of the `AWS/WAFV2` metrics. */
    public readonly webAclName: pulumi.Output<string>;
    /** Metric name of the web ACL (its `AWS/WAFV2` `Rule` dimension is `ALL`). */
    public readonly metricName: pulumi.Output<string>;
    /** Metric name of the rate-limit rule. */
    public readonly rateLimitMetricName: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: RegionalWafArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(RegionalWaf.__pulumiType, name, {}, opts);

        const rateLimit = args.rateLimitPerFiveMinutes ?? 2000;
        const retention = args.logRetentionDays ?? 90;
        assertValidArgs(RegionalWaf.__pulumiType, name, [
            !(Number.isInteger(rateLimit) && rateLimit >= 10 && rateLimit <= 2_000_000_000) &&
                `rateLimitPerFiveMinutes: expected an integer from 10 to 2000000000, got ${shown(rateLimit)}`,
            logRetentionProblem("logRetentionDays", retention),
            // WAF metric names and the log group name are derived from the component name.
            !/^[A-Za-z0-9_-]{1,100}$/.test(name) && `name: expected letters, digits, "-" or "_" (it names WAF metrics), got ${shown(name)}`,
        ]);

        const child = { parent: this };
        const visibility = (metricName: string) => ({ metricName, cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true });

        const managedRules: aws.types.input.wafv2.WebAclRule[] = Object.entries(MANAGED_RULE_GROUPS).map(([key, group], i) => ({
            name: group,
            priority: (i + 1) * 10,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
            visibilityConfig: visibility(`${name}-${key}`),
        }));
        const rateLimitMetric = `${name}-rate-limit`;
        const rateRule: aws.types.input.wafv2.WebAclRule = {
            name: "rate-limit-per-ip",
            priority: (managedRules.length + 1) * 10,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: rateLimit, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
            visibilityConfig: visibility(rateLimitMetric),
        };

        const webAcl = new aws.wafv2.WebAcl(
            name,
            {
                scope: "REGIONAL",
                description: "Regional web ACL of the ALB",
                defaultAction: { allow: {} },
                rules: [...managedRules, rateRule],
                visibilityConfig: visibility(name),
            },
            child,
        );

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                // WAF delivers only to log groups whose name starts with aws-waf-logs-.
                name: `aws-waf-logs-${name}`,
                kmsKeyId: args.logKeyArn,
                retentionInDays: retention,
            },
            child,
        );

        new aws.wafv2.WebAclLoggingConfiguration(
            `${name}-logging`,
            {
                resourceArn: webAcl.arn,
                logDestinationConfigs: [logGroup.arn],
                redactedFields: REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } })),
            },
            child,
        );

        new aws.wafv2.WebAclAssociation(`${name}-alb`, { webAclArn: webAcl.arn, resourceArn: args.albArn }, child);

        this.webAclArn = webAcl.arn;
        this.webAclName = webAcl.name;
        this.metricName = pulumi.output(name);
        this.rateLimitMetricName = pulumi.output(rateLimitMetric);
        this.logGroupName = logGroup.name;

        this.registerOutputs({
            webAclArn: this.webAclArn,
            webAclName: this.webAclName,
            metricName: this.metricName,
            rateLimitMetricName: this.rateLimitMetricName,
            logGroupName: this.logGroupName,
        });
    }
}
