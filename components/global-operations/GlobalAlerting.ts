import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourcePolicy } from "../identity/policyDocument";
import { assertValidArgs, shown } from "../shared/validation";

/** Arguments of {@link GlobalAlerting}. */
export interface GlobalAlertingArgs {
    /** AWS region of the component's provider (names the CloudWatch Logs principal of the key). */
    readonly region: string;
    /** AWS account id: pins the key and topic policies to this account. */
    readonly accountId: pulumi.Input<string>;
    /**
     * Email addresses subscribed to the topic (each must confirm its subscription).
     * @default []
     */
    readonly alertEmails?: readonly string[];
}

/**
 * The global stack's alert channel in one region: a rotating customer-managed KMS key, an SNS
 * topic encrypted with it that CloudWatch alarms of this account may publish to, and email
 * subscriptions. The key also encrypts the global stack's log groups in that region.
 */
export class GlobalAlerting extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:global-operations:GlobalAlerting";

    public readonly topicArn: pulumi.Output<string>;
    /** Key of the topic; also usable by CloudWatch Logs for this account's log groups in the region. */
    public readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: GlobalAlertingArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(GlobalAlerting.__pulumiType, name, {}, opts);
        const emails = [...(args.alertEmails ?? [])];
        const badEmails = emails.filter((e) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e));
        const duplicates = [...new Set(emails.filter((e, i) => emails.indexOf(e) !== i))];
        assertValidArgs(GlobalAlerting.__pulumiType, name, [
            !/^[a-z]{2}(-[a-z]+)+-\d$/.test(args.region) && `region: expected an AWS region such as us-east-1, got ${shown(args.region)}`,
            badEmails.length > 0 && `alertEmails: expected email addresses, got ${shown(badEmails)}`,
            duplicates.length > 0 && `alertEmails: expected each address once, got ${shown(duplicates)} repeated`,
        ]);

        const key = new aws.kms.Key(
            name,
            {
                description: `Cross-region alerts and edge logs (${name})`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: resourcePolicy([
                    {
                        Sid: "AccountAdministration",
                        Effect: "Allow",
                        Principal: { AWS: pulumi.interpolate`arn:aws:iam::${args.accountId}:root` },
                        Action: "kms:*",
                        Resource: "*",
                    },
                    {
                        // Alarms publish to an encrypted topic only if CloudWatch may use its key.
                        Sid: "CloudWatchAlarmsPublish",
                        Effect: "Allow",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                        Resource: "*",
                        Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
                    },
                    {
                        Sid: "CloudWatchLogsUse",
                        Effect: "Allow",
                        Principal: { Service: `logs.${args.region}.amazonaws.com` },
                        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                        Resource: "*",
                        Condition: {
                            ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:aws:logs:${args.region}:${args.accountId}:log-group:*` },
                        },
                    },
                ]),
            },
            // The key outlives a `pulumi destroy`: logs and queued messages encrypted with it stay readable.
            { parent: this, retainOnDelete: true },
        );

        const topic = new aws.sns.Topic(name, { kmsMasterKeyId: key.arn }, { parent: this });
        new aws.sns.TopicPolicy(
            name,
            {
                arn: topic.arn,
                policy: resourcePolicy([
                    {
                        Sid: "CloudWatchAlarmsPublish",
                        Effect: "Allow",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: "sns:Publish",
                        Resource: topic.arn,
                        Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
                    },
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "sns:Publish",
                        Resource: topic.arn,
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ]),
            },
            { parent: this },
        );
        for (const email of emails) {
            new aws.sns.TopicSubscription(`${name}-${email}`, { topic: topic.arn, protocol: "email", endpoint: email }, { parent: this });
        }

        this.topicArn = topic.arn;
        this.keyArn = key.arn;
        this.registerOutputs({ topicArn: this.topicArn, keyArn: this.keyArn });
    }
}
