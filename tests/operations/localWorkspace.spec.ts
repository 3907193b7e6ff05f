import { expect } from "chai";
import * as automation from "@pulumi/pulumi/automation";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkPlanFile, localWorkspace } from "../../operations/localWorkspace";
import { removeTempDirs, tempDir } from "./fakes";

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
                const options = args[0] as { plan?: string; onEvent?: (e: unknown) => void };
                if (options.plan) writeFileSync(options.plan, JSON.stringify({ resourcePlans: { "urn:a": {}, "urn:b": {} } }));
                options.onEvent?.({ policyEvent: { policyName: "s3-versioning", message: "not versioned", enforcementLevel: "advisory" } });
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
            outputs: async () => ({ region: { value: "eu-west-1", secret: false }, token: { value: "s3cr3t", secret: true } }),
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
        removeTempDirs();
    });

    it("selects the stack by name over the project directory and hands the policy pack to preview and up", async () => {
        const handle = await localWorkspace("/abs/project").selectStack("eu-west-1");
        expect(selectedWith).to.deep.equal([{ stackName: "eu-west-1", workDir: "/abs/project" }]);
        const onOutput = () => undefined;
        const guard = { policyPacks: ["/abs/project/policy-pack"], policyPackConfigs: ["/abs/p.json"], onOutput };
        const plan = join(tempDir(), "eu-west-1.plan.json");
        expect(await handle.preview({ ...guard, savePlan: plan })).to.deep.equal({ changes: { create: 2 }, mandatoryViolations: [] });
        expect(await handle.up({ ...guard, plan })).to.deep.equal({ changes: { update: 1 } });
        expect(await handle.destroy({ onOutput })).to.deep.equal({ changes: { delete: 5 } });
        expect(await handle.refresh({ onOutput })).to.deep.equal({ changes: {} });
        expect(await handle.outputs()).to.deep.equal({ region: "eu-west-1", token: "s3cr3t" });
        expect(calls.map((c) => c.method)).to.deep.equal(["preview", "up", "destroy", "refresh"]);
        const pack = { onOutput, onError: onOutput, policyPacks: ["/abs/project/policy-pack"], policyPackConfigs: ["/abs/p.json"] };
        const [previewArgs] = calls[0]!.args as [Record<string, unknown>];
        expect(previewArgs).to.deep.include({ ...pack, plan });
        expect(previewArgs["onEvent"]).to.be.a("function");
        // The update is bound to the preview's saved plan.
        expect(calls[1]!.args).to.deep.equal([{ ...pack, plan }]);
        for (const call of calls.slice(2)) expect(call.args).to.deep.equal([{ onOutput, onError: onOutput }]);
    });

    it("reports the mandatory policy events of a preview by policy and message", async () => {
        const handle = await localWorkspace("/abs/project").selectStack("eu-west-1");
        const stack = await (automation.LocalWorkspace.selectStack as unknown as () => Promise<Record<string, unknown>>)();
        const previous = stack["preview"];
        stack["preview"] = async (options: { onEvent: (e: unknown) => void }) => {
            options.onEvent({
                policyEvent: {
                    policyName: "s3-versioning",
                    message: "bucket data is not versioned\n",
                    enforcementLevel: "mandatory",
                    resourceUrn: "urn:b",
                },
            });
            options.onEvent({ policyEvent: { policyName: "tags", message: "no owner", enforcementLevel: "advisory" } });
            return { changeSummary: { create: 1 } };
        };
        try {
            const result = await handle.preview({
                policyPacks: [],
                policyPackConfigs: [],
                onOutput: () => undefined,
                savePlan: "/nowhere/plan.json",
            });
            expect(result.mandatoryViolations).to.deep.equal(["s3-versioning: bucket data is not versioned (urn:b)"]);
        } finally {
            stack["preview"] = previous;
        }
    });

    it("refuses a plan file that would not bind the update: missing, or empty while changes are planned", () => {
        const dir = tempDir();
        expect(() => checkPlanFile(join(dir, "none.json"), { create: 1 })).to.throw(
            /^update plan .*none\.json: not written by the preview/,
        );
        writeFileSync(join(dir, "empty.json"), "{}");
        expect(() => checkPlanFile(join(dir, "empty.json"), { create: 1 })).to.throw(
            `update plan ${join(dir, "empty.json")}: empty although the preview planned changes (pulumi/pulumi#8889); set PULUMI_EXPERIMENTAL=true or upgrade the Pulumi CLI`,
        );
        expect(() => checkPlanFile(join(dir, "empty.json"), { same: 4 })).to.not.throw();
    });

    it("selects one stack at a time even when asked in parallel (pulumi/pulumi#8186)", async () => {
        let selecting = 0;
        let overlapped = false;
        const inner = automation.LocalWorkspace.selectStack;
        (automation.LocalWorkspace as { selectStack: unknown }).selectStack = async (...args: unknown[]) => {
            if (selecting++ > 0) overlapped = true;
            await new Promise((r) => setTimeout(r, 5));
            selecting--;
            return (inner as (...a: unknown[]) => Promise<unknown>)(...args);
        };
        try {
            const ws = localWorkspace("/abs/project");
            await Promise.all(["a", "b", "c"].map((n) => ws.selectStack(n)));
            expect(overlapped).to.equal(false);
        } finally {
            (automation.LocalWorkspace as { selectStack: unknown }).selectStack = inner;
        }
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
