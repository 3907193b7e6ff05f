/**
 * The regional stack program: every regional tier of DESIGN.md §3 in one AWS region.
 *
 * The region comes from configuration and reaches every resource through one explicit
 * provider (default providers are disabled in the stack config). The return value is the
 * typed regional contract the global stack reads.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Analytics } from "../components/analytics";
import { Network } from "../components/network";
import { ALB_ACCESS_LOG_PREFIX, Storage } from "../components/storage";
import type { RegionalConfig } from "./config/schema";
import type { RegionalContract } from "./contract";

/** Stack outputs of a regional stack: the contract, as Pulumi inputs. */
export type RegionalOutputs = { [K in keyof RegionalContract]: pulumi.Input<RegionalContract[K]> };

/** Builds every regional tier and returns the regional contract. */
export async function regionalProgram(config: RegionalConfig): Promise<Partial<RegionalOutputs>> {
    const provider = new aws.Provider(`aws-${config.region}`, {
        region: config.region as aws.Region,
        defaultTags: { tags: { ...config.tags, "platform:stack": pulumi.getStack(), "platform:region": config.region } },
    });
    const opts: pulumi.ComponentResourceOptions = { providers: { aws: provider } };
    const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;

    // network
    const network = new Network(
        "network",
        {
            availabilityZones: config.network.availabilityZones,
            cidrBlock: config.network.cidrBlock,
            region: config.region,
            accountId,
            flowLogRetentionDays: config.observability.logRetentionDays,
        },
        opts,
    );

    // storage
    const storage = new Storage(
        "storage",
        {
            region: config.region,
            accountId,
            noncurrentVersionExpirationDays: config.storage.noncurrentVersionExpirationDays,
            accessLogExpirationDays: config.storage.accessLogExpirationDays,
        },
        opts,
    );

    // analytics
    const analytics = new Analytics(
        "analytics",
        {
            dataKeyArn: storage.dataKeyArn,
            logBucketName: storage.logBucketName,
            logBucketArn: storage.logBucketArn,
            albLogPrefix: ALB_ACCESS_LOG_PREFIX,
            bytesScannedCutoffPerQuery: config.analytics.bytesScannedCutoffPerQuery,
            region: config.region,
            accountId,
        },
        opts,
    );
    void analytics;

    return {
        region: config.region,
        failoverPriority: config.failoverPriority,
        availabilityZones: config.network.availabilityZones,
        vpcId: network.vpcId,
        vpcCidrBlock: network.vpcCidrBlock,
        privateRouteTableIds: network.privateRouteTableIds,
        dataBucketName: storage.dataBucketName,
        dataBucketArn: storage.dataBucketArn,
        dataKeyArn: storage.dataKeyArn,
        logBucketName: storage.logBucketName,
        logBucketArn: storage.logBucketArn,
    };
}
