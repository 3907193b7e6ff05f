import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { managedGroupStatement } from "./bodySize";
import { loggingRedaction, secretHeaderDataProtection } from "./redaction";
import { parseSettings } from "../shared/settings";
import { type CloudFrontWafSettingsInput, cloudFrontWafArgsSettings } from "../edge/settings";

/** Arguments of {@link CloudFrontWaf}: its settings ({@link cloudFrontWafArgsSettings}) and its wiring. */
export interface CloudFrontWafArgs extends CloudFrontWafSettingsInput {
    /** KMS key encrypting the WAF log group (its policy must let CloudWatch Logs of the region use it). */
    readonly logKeyArn: pulumi.Input<string>;
    /**
     * Headers whose values never reach the logs or the sampled requests: the regions' origin-verify
     * header names. CloudFront adds that header only to origin requests, after this ACL, so here
     * it appears only when a viewer sends it (guessing the secret); it is redacted all the same.
     */
    readonly secretHeaderNames: pulumi.Input<pulumi.Input<string>[]>;
}

/** The AWS managed rule groups every request passes, in evaluation order. */
export const CLOUDFRONT_MANAGED_RULE_GROUPS = [
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
/**
 * Lives with the regional web ACL (one place for both WAFs); its type token keeps the `edge`
 * module name it was created under, so deployed stacks keep their URNs.
 */
export class CloudFrontWaf extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:edge:CloudFrontWaf";

    /** ARN of the web ACL (a distribution's `webAclId`). */
    public readonly webAclArn: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: CloudFrontWafArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(CloudFrontWaf.__pulumiType, name, {}, opts);
        const settings = parseSettings(cloudFrontWafArgsSettings, args, CloudFrontWaf.__pulumiType, name);
        const { rateLimitPerFiveMinutes: limit, logRetentionDays: retention } = settings;

        const metric = (rule: string) => ({
            cloudwatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName: `${name}-${rule}`,
        });
        const managed = CLOUDFRONT_MANAGED_RULE_GROUPS.map((group, i) => ({
            name: group,
            priority: i + 1,
            overrideAction: { none: {} },
            statement: managedGroupStatement(group, settings.maxRequestBodyBytes),
            visibilityConfig: metric(group),
        }));
        const webAcl = new aws.wafv2.WebAcl(
            name,
            {
                scope: "CLOUDFRONT",
                dataProtectionConfig: secretHeaderDataProtection(args.secretHeaderNames),
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
                redactedFields: loggingRedaction(args.secretHeaderNames),
            },
            { parent: this },
        );

        this.webAclArn = webAcl.arn;
        this.logGroupName = logGroup.name;
        this.registerOutputs({ webAclArn: this.webAclArn, logGroupName: this.logGroupName });
    }
}
