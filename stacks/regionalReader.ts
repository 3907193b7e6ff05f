/**
 * The one typed reader of the regional stacks' contract (docs/DESIGN.md §2).
 *
 * Every key of {@link REGIONAL_CONTRACT_KEYS} is read with `requireOutput`, so a regional
 * stack that lacks an output fails the global stack loudly instead of half-wiring the edge.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import type { GlobalConfig } from "./config/schema";
import { REGIONAL_CONTRACT_KEYS, REGIONAL_CONTRACT_SECRET_KEYS, type RegionalContract } from "./contract";

/** A regional stack's contract as Pulumi outputs (secrets stay secret). */
export type RegionalStackOutputs = { readonly [K in keyof RegionalContract]: pulumi.Output<RegionalContract[K]> };

/** The contract's non-secret values, resolved: what decides how many resources exist. */
export type RegionalContractValues = Omit<RegionalContract, "originVerifySecret">;

/** A regional stack read by the global stack. */
export interface ResolvedRegionalStack {
    /** Fully qualified stack name. */
    readonly stack: string;
    /** Every contract value as an output (use these as resource inputs). */
    readonly outputs: RegionalStackOutputs;
    /** The non-secret values, plain (use these for keys, counts and validation). */
    readonly contract: RegionalContractValues;
}

/** Reads every contract output of the regional stack `fqn` (`org/project/stack`). */
export function readRegionalStack(fqn: string, opts?: pulumi.CustomResourceOptions): RegionalStackOutputs {
    const reference = new pulumi.StackReference(fqn, { name: fqn }, opts);
    const outputs = Object.fromEntries(
        REGIONAL_CONTRACT_KEYS.map((key) => {
            const value = reference.requireOutput(key);
            return [key, REGIONAL_CONTRACT_SECRET_KEYS.includes(key) ? pulumi.secret(value) : value];
        }),
    );
    return outputs as unknown as RegionalStackOutputs;
}

/**
 * The plain value of an output that is known at preview (StackReference outputs are). Uses the
 * output's promise rather than `apply`, so that a missing output (`requireOutput` rejects)
 * fails the program instead of leaving it waiting forever.
 */
function known<T>(output: pulumi.Output<T>): Promise<T> {
    return (output as unknown as { promise(): Promise<T> }).promise();
}

/**
 * Reads every regional stack of `config.regionalStacks`, in priority order, and resolves
 * the non-secret contract values, so that the topology can be validated before any
 * resource other than the StackReferences is registered.
 */
export async function resolveRegionalStacks(config: Pick<GlobalConfig, "regionalStacks">): Promise<ResolvedRegionalStack[]> {
    const plainKeys = REGIONAL_CONTRACT_KEYS.filter((key) => !REGIONAL_CONTRACT_SECRET_KEYS.includes(key));
    return Promise.all(
        config.regionalStacks.map(async (stack) => {
            const outputs = readRegionalStack(stack);
            const values = await Promise.all(
                plainKeys.map(async (key) => [key, await known(outputs[key] as pulumi.Output<unknown>)] as const),
            );
            return { stack, outputs, contract: Object.fromEntries(values) as unknown as RegionalContractValues };
        }),
    );
}

/**
 * A SHA-256 digest of a regional stack's origin-verify secret, so that the global stack can check
 * that the regions share one secret (domain mode, see `stacks/topology.ts`) without passing the
 * secret around or ever showing it. StackReference outputs are known at preview, secrets included.
 */
export async function originVerifySecretDigest(stack: Pick<ResolvedRegionalStack, "outputs">): Promise<string> {
    const secret = await known(stack.outputs.originVerifySecret);
    return createHash("sha256").update(secret).digest("hex");
}
