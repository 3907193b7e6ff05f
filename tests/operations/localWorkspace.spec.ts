import { expect } from "chai";
import * as automation from "@pulumi/pulumi/automation";
import { localWorkspace } from "../../operations/localWorkspace";

/**
 * The real adapter, with `LocalWorkspace.selectStack` replaced by a recording stand-in (the
 * Pulumi CLI is never spawned): what reaches the Automation API, and how its results map back.
 */
describe("operations/localWorkspace", () => {
    const original = automation.LocalWorkspace.selectStack;
    const calls: { method: string; args: unknown[] }[] = [];
    let selectedWith: unknown[] = [];
    const config: Record<string, { value: string; secret?: boolean }> = { "platform:activeRegion": { value: "us-east-1" } };

    before(() => {
        const stack = {
            preview: async (...args: unknown[]) => {
                calls.push({ method: "preview", args });
                return { changeSummary: { create: 2 } };
            },
            up: async (...args: unknown[]) => {
                calls.push({ method: "up", args });
                return { summary: { resourceChanges: { update: 1 } } };
            },
            destroy: async (...args: unknown[]) => {
                calls.push({ method: "destroy", args });
                return { summary: { resourceChanges: { delete: 5 } } };
            },
            refresh: async (...args: unknown[]) => {
                calls.push({ method: "refresh", args });
                return { summary: {} };
            },
            getAllConfig: async () => config,
            setConfig: async (...args: unknown[]) => void calls.push({ method: "setConfig", args }),
            removeConfig: async (...args: unknown[]) => void calls.push({ method: "removeConfig", args }),
        };
        (automation.LocalWorkspace as { selectStack: unknown }).selectStack = async (...args: unknown[]) => {
            selectedWith = args;
            return stack;
        };
    });
    after(() => {
        (automation.LocalWorkspace as { selectStack: unknown }).selectStack = original;
    });

    it("selects the stack by name over the project directory and hands the policy pack to preview and up", async () => {
        const handle = await localWorkspace("/abs/project").selectStack("eu-west-1");
        expect(selectedWith).to.deep.equal([{ stackName: "eu-west-1", workDir: "/abs/project" }]);
        const onOutput = () => undefined;
        const guard = { policyPacks: ["/abs/project/policy-pack"], policyPackConfigs: ["/abs/p.json"], onOutput };
        expect(await handle.preview(guard)).to.deep.equal({ changes: { create: 2 } });
        expect(await handle.up(guard)).to.deep.equal({ changes: { update: 1 } });
        expect(await handle.destroy({ onOutput })).to.deep.equal({ changes: { delete: 5 } });
        expect(await handle.refresh({ onOutput })).to.deep.equal({ changes: {} });
        expect(calls.map((c) => c.method)).to.deep.equal(["preview", "up", "destroy", "refresh"]);
        for (const call of calls.slice(0, 2)) {
            expect(call.args).to.deep.equal([
                { onOutput, onError: onOutput, policyPacks: ["/abs/project/policy-pack"], policyPackConfigs: ["/abs/p.json"] },
            ]);
        }
        for (const call of calls.slice(2)) expect(call.args).to.deep.equal([{ onOutput, onError: onOutput }]);
    });

    it("reads an unset key as undefined and writes plain-text config", async () => {
        calls.length = 0;
        const handle = await localWorkspace("/abs/project").selectStack("global");
        expect(await handle.getConfig("platform:activeRegion")).to.equal("us-east-1");
        expect(await handle.getConfig("platform:nothing")).to.equal(undefined);
        await handle.setConfig("platform:activeRegion", "eu-west-1");
        await handle.removeConfig("platform:activeRegion");
        expect(calls).to.deep.equal([
            { method: "setConfig", args: ["platform:activeRegion", { value: "eu-west-1", secret: false }] },
            { method: "removeConfig", args: ["platform:activeRegion"] },
        ]);
    });
});
