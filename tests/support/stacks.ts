/**
 * Test helpers: the shipped stack configurations, and evaluating them (or variations of
 * them) under the simulated cloud.
 */
import { join } from "node:path";
import { twoRegionBaseline } from "../../plan/stackSetEdits";
import { readStackConfigFiles, type StackConfigFile } from "../../stacks/config/files";
import { filesByRole } from "../../stacks/stackSet";
import { evaluateProjectStack, qualifiedStackName, stackOutputEntry } from "../../simulation/project";
import type { StackRecord } from "../../simulation/evaluate";

/** The repository root. */
export const PROJECT_DIR = join(__dirname, "..", "..");

/**
 * The two-region baseline of the repository's files (plan/stackSetEdits.ts): tests that are about
 * the shipped pair pin it, so a fork that adds regions keeps them green; tests of the configuration
 * as a whole evaluate the stacks that are there ({@link recordShippedStacks}).
 */
export function baselineFiles(): StackConfigFile[] {
    return twoRegionBaseline(readStackConfigFiles(PROJECT_DIR));
}

/** The baseline `Pulumi.<stack>.yaml` of `stack` (see {@link baselineFiles}). */
export function shippedConfig(stack: string): StackConfigFile {
    const file = baselineFiles().find((f) => f.stack === stack);
    if (!file) throw new Error(`no Pulumi.${stack}.yaml in the two-region baseline of ${PROJECT_DIR}`);
    return file;
}

/**
 * A flat config map: the shipped one of `stack` with `overrides` applied (`platform:key` →
 * value; objects are JSON-encoded; `undefined` removes the key).
 */
export function configWith(stack: string, overrides: Record<string, unknown> = {}): Record<string, string> {
    const config = { ...shippedConfig(stack).config };
    for (const [key, value] of Object.entries(overrides)) {
        if (value === undefined) delete config[key];
        else config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return config;
}

/** Evaluates a regional stack from its shipped config plus `overrides`. */
export function evaluateRegional(stack: string, overrides: Record<string, unknown> = {}): Promise<StackRecord> {
    return evaluateProjectStack(stack, configWith(stack, overrides));
}

/** The recorded resources of `type` (the component harness's look-up, re-exported for the stack specs). */
export { ofType } from "./components";

/** The shipped stacks, recorded once per test process (regional first, then global). */
export interface ShippedStacks {
    readonly regional: StackRecord[];
    readonly global: StackRecord;
    readonly all: StackRecord[];
}

let shipped: Promise<ShippedStacks> | undefined;

/**
 * Records every shipped stack under the simulated cloud, the way `npm start` does: the
 * global stack reads the regional stacks' recorded outputs. Memoised: several spec files
 * assert on the same recording.
 */
export function recordShippedStacks(): Promise<ShippedStacks> {
    shipped ??= (async () => {
        // Roles and order from the stack-set module, as npm start and npm run stacks derive them.
        const byRole = filesByRole(readStackConfigFiles(PROJECT_DIR));
        const regional = await Promise.all(byRole.regional.map((f) => evaluateProjectStack(f.stack, f.config)));
        const table = Object.fromEntries(regional.map((r) => [qualifiedStackName(r.stack), stackOutputEntry(r)]));
        const globalFile = byRole.global[0]!;
        const global = await evaluateProjectStack(globalFile.stack, globalFile.config, table);
        return { regional, global, all: [...regional, global] };
    })();
    return shipped;
}
