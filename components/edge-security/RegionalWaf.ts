import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseSettings } from "../shared/settings";
import { shown } from "../shared/validation";
import { managedGroupStatement } from "./bodySize";
import { loggingRedaction, secretHeaderDataProtection } from "./redaction";
import { type RegionalWafSettingsInput, regionalWafArgsSettings } from "./settings";

/**
 * AWS managed rule groups the web ACL runs, in evaluation order (key → group name).
 *
 * The IP reputation group judges the request's source address only: AWS documents that these
 * rules "use the source IP address from the web request origin", and a managed rule group
 * statement has no forwarded-IP configuration (only IP set, geo, ASN and rate-based statements
 * do). Behind CloudFront that address is always a CloudFront edge server, so here the group never
 * sees a client; it stays as a cheap backstop for traffic that does not come through CloudFront.
 * The CloudFront-scope web ACL (global stack), where the source address is the viewer's, is the
 * one that applies the list to clients.
 */
export const MANAGED_RULE_GROUPS: Readonly<Record<string, string>> = {
    "ip-reputation": "AWSManagedRulesAmazonIpReputationList",
    common: "AWSManagedRulesCommonRuleSet",
    "known-bad-inputs": "AWSManagedRulesKnownBadInputsRuleSet",
};

/**
 * Where the rate limit reads the client address: the first address of `X-Forwarded-For` (WAF reads
 * only the first; a client can forge it). An invalid address counts as a match (the request is
 * blocked); without the header the rule does not apply.
 */
export const FORWARDED_CLIENT_IP = { headerName: "X-Forwarded-For", fallbackBehavior: "MATCH" } as const;

/** Arguments of {@link RegionalWaf}: its settings ({@link regionalWafArgsSettings}) and its wiring. */
export interface RegionalWafArgs extends RegionalWafSettingsInput {
    /** ARN of the ALB the web ACL protects. */
    readonly albArn: pulumi.Input<string>;
    /** KMS key that encrypts the WAF log group; its key policy must allow `logs.<region>.amazonaws.com`. */
    readonly logKeyArn: pulumi.Input<string>;
    /**
     * Headers whose values never reach the logs or the sampled requests: the origin-verify header
     * (its value is what locks the ALB to CloudFront), besides the credentials always redacted.
     */
    readonly secretHeaderNames: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * A REGIONAL WAFv2 web ACL in front of the ALB (ELB.16): IP reputation, the common rule set,
 * known bad inputs and a per-client rate limit, metrics and sampled requests on every rule (WAF.12),
 * and full logging to an encrypted log group with credentials redacted (WAF.11).
 *
 * Every request reaches the ALB from a CloudFront edge server, so the rate limit keys on the
 * forwarded client address instead of the source address (which would throttle whole edge
 * servers, and with them every user behind them). WAF reads the FIRST address of
 * `X-Forwarded-For`, and CloudFront appends the viewer's address to whatever the client sent, so a
 * client can forge that first address and spread its requests over made-up ones: this rule is
 * defence in depth. The authoritative per-client limit is the CloudFront-scope web ACL of the
 * global stack, which sees the viewer's real address. A first address that is not a valid IP
 * counts as a match (blocked); a request without the header (Route 53 health checkers, which reach
 * the ALB directly) is not rate-limited by this rule.
 *
 * The origin-verify check (is the request from CloudFront?) is deliberately not a WAF rule: the
 * ALB's listener rule enforces it (see `LoadBalancer`), so the secret lives in one place and
 * never shows up in web ACL rules or WAF logs. CloudWatch Logs delivery needs a log resource
 * policy for `delivery.logs.amazonaws.com`; WAF creates or extends it when logging is enabled.
 */
export class RegionalWaf extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:edge-security:RegionalWaf";

    public readonly webAclArn: pulumi.Output<string>;
    /** Web ACL name (auto-named; not a metric dimension). */
    public readonly webAclName: pulumi.Output<string>;
    /**
     * Metric name of the web ACL's visibility config: the `WebACL` dimension of its `AWS/WAFV2`
     * metrics (with `Rule` = `ALL` for the whole ACL).
     */
    public readonly metricName: pulumi.Output<string>;
    /** Metric name of the rate-limit rule. */
    public readonly rateLimitMetricName: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: RegionalWafArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(RegionalWaf.__pulumiType, name, {}, opts);

        const settings = parseSettings(regionalWafArgsSettings, args, RegionalWaf.__pulumiType, name, [
            // WAF metric names and the log group name are derived from the component name.
            !/^[A-Za-z0-9_-]{1,100}$/.test(name) && `name: expected letters, digits, "-" or "_" (it names WAF metrics), got ${shown(name)}`,
        ]);
        const rateLimit = settings.rateLimitPerFiveMinutes;
        const retention = settings.logRetentionDays;

        const child = { parent: this };
        const visibility = (metricName: string) => ({ metricName, cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true });

        const managedRules: aws.types.input.wafv2.WebAclRule[] = Object.entries(MANAGED_RULE_GROUPS).map(([key, group], i) => ({
            name: group,
            priority: (i + 1) * 10,
            overrideAction: { none: {} },
            statement: managedGroupStatement(group, settings.maxRequestBodyBytes),
            visibilityConfig: visibility(`${name}-${key}`),
        }));
        const rateLimitMetric = `${name}-rate-limit`;
        // The forwarded client address, not the source (a CloudFront edge): see the class comment.
        const rateRule: aws.types.input.wafv2.WebAclRule = {
            name: "rate-limit-per-ip",
            priority: (managedRules.length + 1) * 10,
            action: { block: {} },
            statement: {
                rateBasedStatement: {
                    limit: rateLimit,
                    aggregateKeyType: "FORWARDED_IP",
                    forwardedIpConfig: FORWARDED_CLIENT_IP,
                    evaluationWindowSec: 300,
                },
            },
            visibilityConfig: visibility(rateLimitMetric),
        };

        const webAcl = new aws.wafv2.WebAcl(
            name,
            {
                scope: "REGIONAL",
                dataProtectionConfig: secretHeaderDataProtection(args.secretHeaderNames),
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
                redactedFields: loggingRedaction(args.secretHeaderNames),
            },
            child,
        );

        new aws.wafv2.WebAclAssociation(`${name}-alb`, { webAclArn: webAcl.arn, resourceArn: args.albArn }, child);

        this.webAclArn = webAcl.arn;
        this.webAclName = webAcl.name;
        // Read back from the ACL: the alarm and dashboard dimension must be this exact value.
        this.metricName = webAcl.visibilityConfig.metricName;
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
