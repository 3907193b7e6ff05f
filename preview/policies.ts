/**
 * The policy pack, run over a recorded stack the way `pulumi preview --policy-pack` runs it:
 * resource policies per resource (on inputs), stack policies once per stack (on outputs),
 * the pack config honoured. The engine emulation lives in the pack itself
 * (`policy-pack/offline/`), so the pack's tests and the preview share one implementation.
 */
import { readFileSync } from "fs";
import { evaluatePolicies } from "../policy-pack/offline/evaluate";
import type { StackRecord } from "../simulation/evaluate";
import type { PreviewViolation } from "./previewFile";

/** The name the pack registers (`policy-pack/index.ts`). */
export const POLICY_PACK_NAME = "platform-guard";

/** A policy pack config document (`--policy-pack-config`). */
export type PackConfig = Record<string, unknown>;

/** Reads a policy pack config file. @throws Error naming the file when it is not JSON. */
export function loadPackConfig(path: string): PackConfig {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (err) {
        throw new Error(`--policy-config: cannot read ${path}: ${(err as Error).message}`);
    }
    try {
        return JSON.parse(text) as PackConfig;
    } catch (err) {
        throw new Error(`--policy-config: ${path} is not valid JSON: ${(err as Error).message}`);
    }
}

/** The violations the pack reports for `record`. */
export function checkStack(record: StackRecord, config?: PackConfig): PreviewViolation[] {
    const { violations } = evaluatePolicies({
        policyPack: POLICY_PACK_NAME,
        resources: record.resources,
        config: config as never,
    });
    return violations.map((v) => ({ ...v }));
}
