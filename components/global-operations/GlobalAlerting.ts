import * as pulumi from "@pulumi/pulumi";
import { cloudWatchLogsKeyUse } from "../encryption/customerKey";
import { alertEmailProblems } from "../observability/alertEmails";
import { AlertTopic } from "../observability/AlertTopic";
import { movedChildren } from "../shared/aliases";
import { assertValidArgs } from "../shared/validation";
import { regionProblem } from "../shared/regions";

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
 * The global stack's alert channel in one region: an {@link AlertTopic} that CloudWatch alarms of
 * this account may publish to, whose key CloudWatch Logs of the region may also use, because it
 * encrypts the global stack's log groups in that region too.
 */
export class GlobalAlerting extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:global-operations:GlobalAlerting";

    public readonly topicArn: pulumi.Output<string>;
    /** Key of the topic; also usable by CloudWatch Logs for this account's log groups in the region. */
    public readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: GlobalAlertingArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(GlobalAlerting.__pulumiType, name, {}, opts);
        const emails = [...(args.alertEmails ?? [])];
        assertValidArgs(GlobalAlerting.__pulumiType, name, [regionProblem(args.region), ...alertEmailProblems(emails)]);

        // The key, topic, policy and subscriptions were direct children of this component before
        // AlertTopic existed; the key and the policy were named `name`. The aliases move them
        // instead of replacing them.
        const alerts = new AlertTopic(
            name,
            {
                accountId: args.accountId,
                alertEmails: emails,
                keyGrants: [cloudWatchLogsKeyUse(args.region, args.accountId)],
                keyDescription: `Cross-region alerts and edge logs (${name})`,
            },
            // The key and the policy were named like the component itself before AlertTopic.
            { parent: this, ...movedChildren(this, { [`${name}-key`]: name, [`${name}-policy`]: name }) },
        );

        this.topicArn = alerts.topicArn;
        this.keyArn = alerts.keyArn;
        this.registerOutputs({ topicArn: this.topicArn, keyArn: this.keyArn });
    }
}
