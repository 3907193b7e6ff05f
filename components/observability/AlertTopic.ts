import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { customerKeyArgs, customerKeyOptions, snsPublisherKeyUse } from "../encryption/customerKey";
import { resourcePolicy, type Statement } from "../identity/policyDocument";
import { assertValidArgs, shown } from "../shared/validation";
import { alertEmailProblems } from "./alertEmails";

/** Arguments of {@link AlertTopic}. */
export interface AlertTopicArgs {
    /** Account that owns the topic: administers the key and is the only publisher's source account. */
    readonly accountId: pulumi.Input<string>;
    /**
     * ARN partition of the account.
     * @default "aws"
     */
    readonly partition?: string;
    /**
     * Email addresses subscribed to the topic (each must confirm), one subscription each, keyed by
     * address.
     * @default []
     */
    readonly alertEmails?: readonly string[];
    /**
     * HTTPS endpoints subscribed to the topic (a pager's SNS integration URL), one subscription
     * each, named by a hash of the URL (which usually holds the integration key).
     * @default []
     */
    readonly alertHttpsEndpoints?: readonly string[];
    /**
     * Service principals that may publish, on behalf of this account only (the topic policy) and
     * use the key to do so (the key policy), both under an `aws:SourceAccount` condition. Only
     * services that send that key: not EventBridge (`events.amazonaws.com`), which is refused.
     * @default ["cloudwatch.amazonaws.com"] (CloudWatch alarms)
     */
    readonly publisherServices?: readonly string[];
    /**
     * Further key-policy statements, after the administration and publisher ones: for a key that
     * also encrypts something else (e.g. `cloudWatchLogsKeyUse` for log groups).
     * @default []
     */
    readonly keyGrants?: readonly Statement[];
    /**
     * Description of the key.
     * @default - `Encrypts the alert topic ${name}`
     */
    readonly keyDescription?: string;
    /**
     * Mark the key `protect`, so that Pulumi refuses to delete it. Turn off only for throw-away
     * environments and tests.
     * @default true
     */
    readonly protectKey?: boolean;
}

const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/;

/**
 * Publishers whose requests carry no `aws:SourceAccount`, so the topic and key grants (which
 * require it) would never let them publish.
 */
const WITHOUT_SOURCE_ACCOUNT = ["events.amazonaws.com"];

/**
 * An encrypted alert channel: a rotating customer-managed KMS key, an SNS topic encrypted with it
 * that only `publisherServices` of this account may publish to (over TLS), and one email
 * subscription per address.
 *
 * Children: the key `${name}-key` (protected, and kept on `pulumi destroy` once unprotected: queued
 * messages stay readable), the
 * topic `${name}`, its policy `${name}-policy` and the subscriptions `${name}-<address>`.
 */
export class AlertTopic extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:observability:AlertTopic";

    /** ARN of the topic. */
    public readonly topicArn: pulumi.Output<string>;
    /** ARN of the key that encrypts the topic. */
    public readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: AlertTopicArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(AlertTopic.__pulumiType, name, {}, opts);
        const emails = [...(args.alertEmails ?? [])];
        const publishers = [...(args.publisherServices ?? ["cloudwatch.amazonaws.com"])];
        const badPublishers = publishers.filter((p) => !SERVICE_PRINCIPAL.test(p));
        const repeatedPublishers = [...new Set(publishers.filter((p, i) => publishers.indexOf(p) !== i))];
        const unconditionable = [...new Set(publishers.filter((p) => WITHOUT_SOURCE_ACCOUNT.includes(p)))];
        assertValidArgs(AlertTopic.__pulumiType, name, [
            ...alertEmailProblems(emails),
            publishers.length < 1 && `publisherServices: expected at least 1 service principal, got []`,
            badPublishers.length > 0 &&
                `publisherServices: expected service principals such as cloudwatch.amazonaws.com, got ${shown(badPublishers)}`,
            repeatedPublishers.length > 0 &&
                `publisherServices: expected each service once, got ${shown(repeatedPublishers)} more than once`,
            unconditionable.length > 0 &&
                `publisherServices: expected services that send aws:SourceAccount (the topic and key grants require it; EventBridge does not send it), got ${shown(unconditionable)}`,
        ]);

        const sameAccount = { StringEquals: { "aws:SourceAccount": args.accountId } };

        const key = new aws.kms.Key(
            `${name}-key`,
            customerKeyArgs({
                description: args.keyDescription ?? `Encrypts the alert topic ${name}`,
                accountId: args.accountId,
                partition: args.partition,
                grants: [snsPublisherKeyUse(publishers, args.accountId), ...(args.keyGrants ?? [])],
            }),
            // The key outlives a `pulumi destroy`: logs and queued messages encrypted with it stay readable.
            customerKeyOptions({ parent: this, retainOnDelete: true }, args.protectKey),
        );

        const topic = new aws.sns.Topic(name, { kmsMasterKeyId: key.arn }, { parent: this });

        new aws.sns.TopicPolicy(
            `${name}-policy`,
            {
                arn: topic.arn,
                policy: resourcePolicy([
                    {
                        Sid: "PublishersPublish",
                        Effect: "Allow",
                        Principal: { Service: publishers.length === 1 ? publishers[0]! : publishers },
                        Action: "sns:Publish",
                        Resource: topic.arn,
                        Condition: sameAccount,
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

        for (const url of args.alertHttpsEndpoints ?? []) {
            new aws.sns.TopicSubscription(
                `${name}-https-${createHash("sha256").update(url).digest("hex").slice(0, 8)}`,
                { topic: topic.arn, protocol: "https", endpoint: pulumi.secret(url), endpointAutoConfirms: true },
                { parent: this },
            );
        }

        this.topicArn = topic.arn;
        this.keyArn = key.arn;
        this.registerOutputs({ topicArn: this.topicArn, keyArn: this.keyArn });
    }
}
