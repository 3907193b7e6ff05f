import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs } from "../shared/validation";
import { cloudWatchLogsKeyUse, customerKeyArgs, customerKeyOptions } from "./customerKey";
import { regionProblem } from "../shared/regions";

/** Arguments of {@link LogEncryptionKey}. */
export interface LogEncryptionKeyArgs {
    /** Account that owns the key (its administrator) and the log groups it may encrypt. */
    readonly accountId: pulumi.Input<string>;
    /** Region of the key and of the log groups. */
    readonly region: string;
    /** What the key protects, for its description. @default "CloudWatch Logs" */
    readonly purpose?: string;
    /**
     * Mark the key `protect`, so that Pulumi refuses to delete it (the log groups it encrypts would
     * become unreadable). Turn off only for throw-away environments and tests.
     * @default true
     */
    readonly protect?: boolean;
}

/**
 * A customer-managed KMS key for CloudWatch log groups (WAF logs, container logs, flow logs).
 *
 * CloudWatch Logs uses the key itself, on behalf of the log groups, so only the regional Logs
 * service principal is granted, and only for log groups of this account and region (the
 * encryption context CloudWatch Logs always sets). No role needs `kms:Decrypt` to write logs.
 * The key rotates yearly, keeps the longest deletion window and is protected from deletion.
 */
export class LogEncryptionKey extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:identity:LogEncryptionKey";

    public readonly keyArn: pulumi.Output<string>;
    public readonly keyId: pulumi.Output<string>;

    constructor(name: string, args: LogEncryptionKeyArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(LogEncryptionKey.__pulumiType, name, {}, opts);

        assertValidArgs(LogEncryptionKey.__pulumiType, name, [regionProblem(args.region)]);

        const key = new aws.kms.Key(
            name,
            customerKeyArgs({
                description: `${args.purpose ?? "CloudWatch Logs"} (${name})`,
                accountId: args.accountId,
                grants: [cloudWatchLogsKeyUse(args.region, args.accountId)],
            }),
            customerKeyOptions({ parent: this }, args.protect),
        );

        this.keyArn = key.arn;
        this.keyId = key.keyId;
        this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId });
    }
}
