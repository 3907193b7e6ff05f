import { expect } from "chai";
import { ACTIVE_REGION_KEY, type FailoverTarget, resolveTarget, runFailover } from "../../operations/failover";
import { EXIT } from "../../operations/orchestrator";
import { PlanError } from "../../operations/plan";
import type { StackEntry } from "../../stacks/stackSet";
import { type FakeBehaviour, FakeWorkspace } from "./fakes";

const POLICY_PACK = "/abs/project/policy-pack";
const STACKS: StackEntry[] = [
    { name: "us-east-1", role: "regional", region: "us-east-1" },
    { name: "eu-west-1", role: "regional", region: "eu-west-1" },
    { name: "global", role: "global", regionalStacks: ["us-east-1", "eu-west-1"] },
];
const GLOBAL = STACKS[2]!;

interface Scenario {
    target: FailoverTarget;
    current?: string;
    behaviour?: Record<string, FakeBehaviour>;
    yes?: boolean;
    answer?: boolean;
}

async function failover({ target, current = "us-east-1", behaviour = {}, yes = false, answer = true }: Scenario) {
    const workspace = new FakeWorkspace(behaviour, { global: current === "unset" ? {} : { [ACTIVE_REGION_KEY]: current } });
    const lines: string[] = [];
    const questions: string[] = [];
    const code = await runFailover({
        global: GLOBAL,
        stacks: STACKS,
        target,
        workspace,
        policyPack: POLICY_PACK,
        policyPackConfigs: ["/abs/policy.json"],
        yes,
        confirm: async (q) => {
            questions.push(q);
            return answer;
        },
        out: (l) => lines.push(l),
        planDir: "/plans",
    });
    return { code, workspace, lines, questions, config: workspace.config["global"]! };
}

describe("operations/failover", () => {
    it("sets the active region, previews with the policy pack, asks, then runs up", async () => {
        const { code, workspace, questions, config, lines } = await failover({ target: { to: "eu-west-1" } });
        expect(code).to.equal(EXIT.ok);
        expect(workspace.calls.map((c) => `${c.stack}:${c.operation}`)).to.deep.equal(["global:preview", "global:up"]);
        // The preview already sees the new value.
        expect(workspace.callOf("global", "preview").configAtStart[ACTIVE_REGION_KEY]).to.equal("eu-west-1");
        for (const call of workspace.calls) {
            expect(call.options).to.deep.include({ policyPacks: [POLICY_PACK], policyPackConfigs: ["/abs/policy.json"] });
        }
        expect(questions).to.deep.equal(["Fail over global from us-east-1 to eu-west-1 and apply the changes above? [y/N] "]);
        expect(config[ACTIVE_REGION_KEY]).to.equal("eu-west-1");
        expect(workspace.configWrites).to.deep.equal([{ stack: "global", key: ACTIVE_REGION_KEY, value: "eu-west-1" }]);
        expect(lines).to.deep.equal([
            "[global] failover: platform:activeRegion us-east-1 -> eu-west-1",
            "[global] preview: same 1",
            "[global] up: same 1",
            "[global] failover complete: eu-west-1 is the active region",
        ]);
    });

    it("binds the up to the plan its preview saved: only what was previewed and approved is applied", async () => {
        const { workspace } = await failover({ target: { to: "eu-west-1" } });
        const preview = workspace.callOf("global", "preview");
        const up = workspace.callOf("global", "up");
        expect(preview.options).to.have.property("savePlan", "/plans/global.plan.json");
        expect(up.options).to.have.property("plan", "/plans/global.plan.json");
        expect(preview.end).to.be.below(up.start);
    });

    it("a mandatory violation in the preview means no up, and the previous value back", async () => {
        const { code, workspace, config, lines, questions } = await failover({
            target: { to: "eu-west-1" },
            behaviour: { "global:preview": { violations: ["cloudfront-origin-https-tls12: origin-eu-west-1 is http-only"] } },
        });
        expect(code).to.equal(EXIT.failed);
        expect(workspace.callsOf("up")).to.deep.equal([]);
        expect(questions).to.deep.equal([]);
        expect(config[ACTIVE_REGION_KEY]).to.equal("us-east-1");
        expect(lines).to.deep.equal([
            "[global] failover: platform:activeRegion us-east-1 -> eu-west-1",
            "[global] preview refused: mandatory policy violation: cloudfront-origin-https-tls12: origin-eu-west-1 is http-only",
            "[global] preview refused: platform:activeRegion restored to us-east-1",
        ]);
    });

    it("restores the previous value and skips up when the operator declines", async () => {
        const { code, workspace, config, lines } = await failover({ target: { to: "eu-west-1" }, answer: false });
        expect(code).to.equal(EXIT.usage);
        expect(workspace.calls.map((c) => c.operation)).to.deep.equal(["preview"]);
        expect(workspace.configWrites.map((w) => w.value)).to.deep.equal(["eu-west-1", "us-east-1"]);
        expect(config[ACTIVE_REGION_KEY]).to.equal("us-east-1");
        expect(lines).to.include("[global] declined: platform:activeRegion restored to us-east-1");
    });

    it("does not ask with --yes", async () => {
        const { code, questions, workspace } = await failover({ target: { to: "eu-west-1" }, yes: true, answer: false });
        expect(code).to.equal(EXIT.ok);
        expect(questions).to.deep.equal([]);
        expect(workspace.calls.map((c) => c.operation)).to.deep.equal(["preview", "up"]);
    });

    it("restores the previous value and never asks when the preview fails", async () => {
        const { code, workspace, config, questions, lines } = await failover({
            target: { to: "eu-west-1" },
            behaviour: { "global:preview": { fail: "mandatory policy violation: cloudfront-origin-failover" } },
        });
        expect(code).to.equal(EXIT.failed);
        expect(questions).to.deep.equal([]);
        expect(workspace.calls.map((c) => c.operation)).to.deep.equal(["preview"]);
        expect(config[ACTIVE_REGION_KEY]).to.equal("us-east-1");
        expect(lines).to.deep.equal([
            "[global] failover: platform:activeRegion us-east-1 -> eu-west-1",
            "[global] preview failed: mandatory policy violation: cloudfront-origin-failover",
            "[global] preview failed: platform:activeRegion restored to us-east-1",
        ]);
    });

    it("removes the key again when it was unset before (the stack's default)", async () => {
        const { config, workspace } = await failover({ target: { to: "eu-west-1" }, current: "unset", answer: false });
        expect(config).to.not.have.property(ACTIVE_REGION_KEY);
        expect(workspace.configWrites).to.deep.equal([
            { stack: "global", key: ACTIVE_REGION_KEY, value: "eu-west-1" },
            { stack: "global", key: ACTIVE_REGION_KEY, value: undefined },
        ]);
    });

    it("keeps the new value when up fails, and says how to finish or go back", async () => {
        const { code, config, lines } = await failover({
            target: { to: "eu-west-1" },
            yes: true,
            behaviour: { "global:up": { fail: "Throttling" } },
        });
        expect(code).to.equal(EXIT.failed);
        expect(config[ACTIVE_REGION_KEY]).to.equal("eu-west-1");
        expect(lines.slice(-2)).to.deep.equal([
            "[global] up failed: Throttling",
            "[global] platform:activeRegion stays eu-west-1: run `npm run stacks -- up --stacks global` to finish, or `npm run failover -- --to us-east-1` to go back",
        ]);
    });

    it("is a no-op with a message when the region is already active", async () => {
        const { code, workspace, lines } = await failover({ target: { to: "us-east-1" } });
        expect(code).to.equal(EXIT.ok);
        expect(workspace.calls).to.deep.equal([]);
        expect(workspace.configWrites).to.deep.equal([]);
        expect(lines).to.deep.equal(["[global] platform:activeRegion is already us-east-1: nothing to do"]);
    });

    it("treats an unset active region as the first regional stack's region", async () => {
        const { workspace, lines } = await failover({ target: { to: "us-east-1" }, current: "unset" });
        expect(workspace.calls).to.deep.equal([]);
        expect(lines).to.deep.equal(["[global] platform:activeRegion is already us-east-1: nothing to do"]);
    });

    it("--failback goes back to the highest-priority region", async () => {
        const { code, config, lines } = await failover({ target: { failback: true }, current: "eu-west-1", yes: true });
        expect(code).to.equal(EXIT.ok);
        expect(config[ACTIVE_REGION_KEY]).to.equal("us-east-1");
        expect(lines[0]).to.equal("[global] failover: platform:activeRegion eu-west-1 -> us-east-1");
    });

    it("refuses a region that is not a regional stack's, naming the allowed regions, before touching the stack", async () => {
        const workspace = new FakeWorkspace();
        let error: unknown;
        try {
            await runFailover({
                global: GLOBAL,
                stacks: STACKS,
                target: { to: "ap-south-1" },
                workspace,
                policyPack: POLICY_PACK,
                yes: true,
                confirm: async () => true,
                out: () => undefined,
            });
        } catch (err) {
            error = err;
        }
        expect(error).to.be.instanceOf(PlanError);
        expect((error as Error).message).to.equal(
            '--to: "ap-south-1" is not a region of the regional stacks of global; allowed: us-east-1, eu-west-1',
        );
        expect(workspace.selected).to.deep.equal([]);
    });

    it("resolves targets from the regional stacks in priority order", () => {
        const three: StackEntry[] = [
            ...STACKS.slice(0, 2),
            { name: "ap", role: "regional", region: "ap-south-1" },
            { ...GLOBAL, regionalStacks: ["ap", "us-east-1", "eu-west-1"] },
        ];
        expect(resolveTarget(three[3]!, three, { failback: true })).to.equal("ap-south-1");
        expect(resolveTarget(three[3]!, three, { to: "eu-west-1" })).to.equal("eu-west-1");
    });
});
