/**
 * Customer-managed KMS keys: the settings every key of the platform shares, the resource options
 * every key carries, and the key-policy statements the keys grant (one builder per kind of grant).
 *
 * A component creates its key itself, `new aws.kms.Key(name, customerKeyArgs({...}),
 * customerKeyOptions({ parent: this, ... }, args.protectKey))`, so the key stays a direct child
 * under its existing name (no URN change) and is `protect`ed unless the caller opts out.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourcePolicy, type Statement } from "../identity/policyDocument";

/** Days a scheduled key deletion waits (the longest AWS allows), so a mistaken deletion can be cancelled. */
export const KEY_DELETION_WINDOW_DAYS = 30;

/** Arguments of {@link customerKeyArgs}. */
export interface CustomerKeyArgs {
    /** What the key protects (shown in the KMS console). */
    readonly description: pulumi.Input<string>;
    /** Account that owns and administers the key. */
    readonly accountId: pulumi.Input<string>;
    /**
     * ARN partition of the account.
     * @default "aws"
     */
    readonly partition?: string;
    /**
     * Key-policy statements after the account's administration statement: who else may use the
     * key (see {@link cloudWatchLogsKeyUse}, {@link snsPublisherKeyUse}). Without any, the key is
     * used only through IAM policies of the account.
     * @default []
     */
    readonly grants?: readonly Statement[];
}

/**
 * The arguments of a customer-managed key with the platform's defaults: yearly rotation (KMS.4),
 * a {@link KEY_DELETION_WINDOW_DAYS}-day deletion window, and a key policy of
 * {@link accountAdministration} followed by `grants`.
 */
export function customerKeyArgs(args: CustomerKeyArgs): aws.kms.KeyArgs {
    return {
        description: args.description,
        enableKeyRotation: true,
        deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
        policy: resourcePolicy([accountAdministration(args.accountId, args.partition), ...(args.grants ?? [])]),
    };
}

/**
 * The resource options of a customer-managed key: `opts` with `protect` (default `true`). Deleting a
 * key makes everything it encrypted unreadable, so every key is protected; the policy pack's
 * `data-stores-protected` rule requires it, and `protect` is the only resource option the engine shows
 * a policy (`retainOnDelete`, which a component may add, is invisible to it).
 *
 * @param protect `false` only for throw-away keys (tests, ephemeral environments). @default true
 */
export function customerKeyOptions(opts: pulumi.CustomResourceOptions, protect?: boolean): pulumi.CustomResourceOptions {
    return { ...opts, protect: protect ?? true };
}

/**
 * The account root administers the key and lets the account's IAM policies grant its use (AWS's
 * default key-policy statement). Without it the key becomes unmanageable.
 */
export function accountAdministration(accountId: pulumi.Input<string>, partition = "aws"): Statement {
    return {
        Sid: "AccountAdministration",
        Effect: "Allow",
        Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
    };
}

/**
 * CloudWatch Logs of `region` may use the key for the log groups of `accountId` in that region.
 *
 * CloudWatch Logs uses the key itself, on behalf of a log group, and always sets the log group's
 * ARN as encryption context; the grant is scoped through that context because the log group
 * cannot be named in the policy of a key it needs first. No role needs `kms:Decrypt` to write logs.
 */
export function cloudWatchLogsKeyUse(region: string, accountId: pulumi.Input<string>, partition = "aws"): Statement {
    return {
        Sid: "CloudWatchLogsUse",
        Effect: "Allow",
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: {
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:*` },
        },
    };
}

/**
 * The AWS services in `services` (e.g. `cloudwatch.amazonaws.com`) may use the key to publish to
 * an SNS topic it encrypts, on behalf of `accountId` only. CloudWatch alarms publish to an SSE-KMS
 * topic only when its key lets them; the AWS managed SNS key cannot.
 *
 * The grant holds only under `aws:SourceAccount`, so it suits services that send that key with
 * their requests (CloudWatch alarms do). EventBridge does not: a rule would be refused, which is
 * why {@link AlertTopic} does not accept `events.amazonaws.com` as a publisher.
 */
export function snsPublisherKeyUse(services: readonly string[], accountId: pulumi.Input<string>): Statement {
    return {
        Sid: "PublishersEncryptMessages",
        Effect: "Allow",
        Principal: { Service: services.length === 1 ? services[0]! : [...services] },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    };
}
