import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { logRetentionProblem } from "../shared/awsLimits";
import { assertValidArgs, shown } from "../shared/validation";

/** Arguments of {@link CloudFrontWaf}. */
export interface CloudFrontWafArgs {
    /**
     * Requests one client IP may send in a 5-minute window before it is blocked (10..2,000,000,000).
     * @default 2000
     */
    readonly rateLimitPerFiveMinutes?: number;
    /** KMS key encrypting the WAF log group (its policy must let CloudWatch Logs of the region use it). */
    readonly logKeyArn: pulumi.Input<string>;
    /**
     * Retention of the WAF log group, in days.
     * @default 365
     */
    readonly logRetentionDays?: number;
}

/** The AWS managed rule groups every request passes, in evaluation order. */
export const MANAGED_RULE_GROUPS = [
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
] as const;

/**
 * The CloudFront web ACL (WAFv2 scope `CLOUDFRONT`): AWS managed rule groups (IP reputation,
 * common, known bad inputs), a per-IP rate limit, CloudWatch metrics and sampled requests on
 * every rule, and full logging to a KMS-encrypted `aws-waf-logs-` log group.
 *
 * WAF requires CLOUDFRONT-scoped ACLs, and their log groups, in us-east-1: give this component
 * a us-east-1 provider.
 */
export class CloudFrontWaf extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:edge:CloudFrontWaf";

    /** ARN of the web ACL (a distribution's `webAclId`). */
    public readonly webAclArn: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: CloudFrontWafArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(CloudFrontWaf.__pulumiType, name, {}, opts);
        const limit = args.rateLimitPerFiveMinutes ?? 2000;
        const retention = args.logRetentionDays ?? 365;
        assertValidArgs(CloudFrontWaf.__pulumiType, name, [
            !(Number.isInteger(limit) && limit >= 10 && limit <= 2_000_000_000) &&
                `rateLimitPerFiveMinutes: expected a whole number from 10 to 2000000000, got ${shown(limit)}`,
            logRetentionProblem("logRetentionDays", retention),
        ]);

        const metric = (rule: string) => ({
            cloudwatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName: `${name}-${rule}`,
        });
        const managed = MANAGED_RULE_GROUPS.map((group, i) => ({
            name: group,
            priority: i + 1,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
            visibilityConfig: metric(group),
        }));
        const webAcl = new aws.wafv2.WebAcl(
            name,
            {
                scope: "CLOUDFRONT",
                // WAF descriptions allow no parentheses.
                description: `CloudFront edge protection of ${name}`,
                defaultAction: { allow: {} },
                rules: [
                    ...managed,
                    {
                        name: "RateLimitPerIp",
                        priority: managed.length + 1,
                        action: { block: {} },
                        statement: { rateBasedStatement: { limit, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
                        visibilityConfig: metric("RateLimitPerIp"),
                    },
                ],
                visibilityConfig: metric("web-acl"),
            },
            { parent: this },
        );

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            // WAF delivers only to log groups whose name starts with aws-waf-logs-.
            { namePrefix: `aws-waf-logs-${name}-`, retentionInDays: retention, kmsKeyId: args.logKeyArn },
            { parent: this },
        );
        new aws.wafv2.WebAclLoggingConfiguration(
            name,
            {
                resourceArn: webAcl.arn,
                // WAF wants the log group ARN without the `:*` CloudWatch Logs appends.
                logDestinationConfigs: [logGroup.arn.apply((arn) => arn.replace(/:\*$/, ""))],
                redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
            },
            { parent: this },
        );

        this.webAclArn = webAcl.arn;
        this.logGroupName = logGroup.name;
        this.registerOutputs({ webAclArn: this.webAclArn, logGroupName: this.logGroupName });
    }
}
