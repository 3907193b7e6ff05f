/**
 * The real {@link Workspace}: the Pulumi Automation API's `LocalWorkspace` over the project
 * directory (its `Pulumi.yaml` and `Pulumi.<stack>.yaml` files), driving the Pulumi CLI found on
 * the PATH. Stacks are selected by their plain name, as `pulumi -s <stack>` would, so they live
 * in the CLI's current backend and default organization; the global stack's
 * `platform:regionalStacks` must name the same organization.
 */
import { readFileSync } from "node:fs";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { BaseOperationOptions, GuardedOperationOptions, StackHandle, Workspace } from "./workspace";
import { serialSelection } from "./workspace";

/** `policy: message` of every mandatory policy event. */
function mandatoryCollector(): { onEvent: (e: EngineEvent) => void; violations: string[] } {
    const violations: string[] = [];
    return {
        violations,
        onEvent: (e) => {
            const p = e.policyEvent;
            if (p?.enforcementLevel === "mandatory")
                violations.push(`${p.policyName}: ${p.message.trim()}${p.resourceUrn ? ` (${p.resourceUrn})` : ""}`);
        },
    };
}

/**
 * Refuses a plan file that does not bind the update: older CLIs save an empty plan unless
 * PULUMI_EXPERIMENTAL is set (pulumi/pulumi#8889), and `up --plan` with it would allow nothing
 * or fail late. @throws Error naming the file and the fix
 */
export function checkPlanFile(path: string, changes: Readonly<Record<string, number | undefined>>): void {
    let plan: { resourcePlans?: Record<string, unknown> };
    try {
        plan = JSON.parse(readFileSync(path, "utf8")) as typeof plan;
    } catch (err) {
        throw new Error(
            `update plan ${path}: not written by the preview (${(err as Error).message}); set PULUMI_EXPERIMENTAL=true or upgrade the Pulumi CLI (pulumi/pulumi#20271 made --save-plan a regular flag)`,
        );
    }
    const planned = Object.entries(changes).some(([op, n]) => op !== "same" && (n ?? 0) > 0);
    if (planned && Object.keys(plan.resourcePlans ?? {}).length === 0) {
        throw new Error(
            `update plan ${path}: empty although the preview planned changes (pulumi/pulumi#8889); set PULUMI_EXPERIMENTAL=true or upgrade the Pulumi CLI`,
        );
    }
}

/** A {@link Workspace} over the Pulumi project in `projectDir`, its selections one at a time. */
export function localWorkspace(projectDir: string): Workspace {
    return serialSelection({
        async selectStack(name: string): Promise<StackHandle> {
            // Loaded here, not at the top: the tests and `--help` never need the Automation API.
            const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
            const stack = await LocalWorkspace.selectStack({ stackName: name, workDir: projectDir });
            const streams = (o: BaseOperationOptions) => ({ onOutput: o.onOutput, onError: o.onOutput });
            const guarded = (o: GuardedOperationOptions) => ({
                ...streams(o),
                policyPacks: [...o.policyPacks],
                policyPackConfigs: [...o.policyPackConfigs],
            });
            return {
                preview: async (o) => {
                    const policy = mandatoryCollector();
                    const result = await stack.preview({
                        ...guarded(o),
                        onEvent: policy.onEvent,
                        ...(o.savePlan ? { plan: o.savePlan } : {}),
                    });
                    const changes = result.changeSummary ?? {};
                    if (o.savePlan && policy.violations.length === 0) checkPlanFile(o.savePlan, changes);
                    return { changes, mandatoryViolations: policy.violations };
                },
                up: async (o) => ({ changes: (await stack.up({ ...guarded(o), plan: o.plan })).summary.resourceChanges ?? {} }),
                destroy: async (o) => ({ changes: (await stack.destroy(streams(o))).summary.resourceChanges ?? {} }),
                refresh: async (o) => ({ changes: (await stack.refresh(streams(o))).summary.resourceChanges ?? {} }),
                // getAllConfig, not getConfig: an unset key is an answer here, not an error.
                getConfig: async (key) => (await stack.getAllConfig())[key]?.value,
                setConfig: (key, value) => stack.setConfig(key, { value, secret: false }),
                removeConfig: (key) => stack.removeConfig(key),
                outputs: async () => Object.fromEntries(Object.entries(await stack.outputs()).map(([k, v]) => [k, v.value])),
            };
        },
    });
}
