/**
 * The real {@link Workspace}: the Pulumi Automation API's `LocalWorkspace` over the project
 * directory (its `Pulumi.yaml` and `Pulumi.<stack>.yaml` files), driving the Pulumi CLI found on
 * the PATH. Stacks are selected by their plain name, as `pulumi -s <stack>` would, so they live
 * in the CLI's current backend and default organization; the global stack's
 * `platform:regionalStacks` must name the same organization.
 */
import type { Workspace, StackHandle, GuardedOperationOptions, BaseOperationOptions } from "./workspace";

/** A {@link Workspace} over the Pulumi project in `projectDir`. */
export function localWorkspace(projectDir: string): Workspace {
    return {
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
                preview: async (o) => ({ changes: (await stack.preview(guarded(o))).changeSummary ?? {} }),
                up: async (o) => ({ changes: (await stack.up(guarded(o))).summary.resourceChanges ?? {} }),
                destroy: async (o) => ({ changes: (await stack.destroy(streams(o))).summary.resourceChanges ?? {} }),
                refresh: async (o) => ({ changes: (await stack.refresh(streams(o))).summary.resourceChanges ?? {} }),
                // getAllConfig, not getConfig: an unset key is an answer here, not an error.
                getConfig: async (key) => (await stack.getAllConfig())[key]?.value,
                setConfig: (key, value) => stack.setConfig(key, { value, secret: false }),
                removeConfig: (key) => stack.removeConfig(key),
            };
        },
    };
}
