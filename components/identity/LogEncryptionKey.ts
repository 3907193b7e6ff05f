import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs, shown } from "../shared/validation";
import { resourcePolicy } from "./policyDocument";

/** Arguments of {@link LogEncryptionKey}. */
export interface LogEncryptionKeyArgs {
    /** Account that owns the key (its administrator) and the log groups it may encrypt. */
    readonly accountId: pulumi.Input<string>;
    /** Region of the key and of the log groups. */
    readonly region: string;
    /** What the key protects, for its description. @default "CloudWatch Logs" */
    readonly purpose?: string;
}

/**
 * A customer-managed KMS key for CloudWatch log groups (WAF logs, container logs).
 *
 * CloudWatch Logs uses the key itself, on behalf of the log groups, so only the regional Logs
 * service principal is granted, and only for log groups of this account and region (the
 * encryption context CloudWatch Logs always sets). No role needs `kms:Decrypt` to write logs.
 * The key rotates yearly and keeps the longest deletion window.
 */
export class LogEncryptionKey extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:identity:LogEncryptionKey";

    public readonly keyArn: pulumi.Output<string>;
    public readonly keyId: pulumi.Output<string>;

    constructor(name: string, args: LogEncryptionKeyArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(LogEncryptionKey.__pulumiType, name, {}, opts);

        assertValidArgs(LogEncryptionKey.__pulumiType, name, [
            !/^[a-z]{2}(-[a-z]+)+-\d$/.test(args.region) && `region: expected an AWS region such as us-east-1, got ${shown(args.region)}`,
        ]);

        const key = new aws.kms.Key(
            name,
            {
                description: `${args.purpose ?? "CloudWatch Logs"} (${name})`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: resourcePolicy([
                    {
                        // Without it the key becomes unmanageable (AWS's default key policy statement).
                        Sid: "AccountAdministration",
                        Effect: "Allow",
                        Principal: { AWS: pulumi.interpolate`arn:aws:iam::${args.accountId}:root` },
                        Action: "kms:*",
                        Resource: "*",
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
            { parent: this },
        );

        this.keyArn = key.arn;
        this.keyId = key.keyId;
        this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId });
    }
}
