import { expect } from "chai";
import { EXIT, errorSummary, runPlan } from "../../operations/orchestrator";
import { buildPlan } from "../../operations/plan";
import type { StackEntry } from "../../stacks/stackSet";
import type { Operation } from "../../operations/workspace";
import { type FakeBehaviour, FakeWorkspace } from "./fakes";

const POLICY_PACK = "/abs/project/policy-pack";

const regional = (name: string, region = name): StackEntry => ({ name, role: "regional", region });
const TWO: StackEntry[] = [
    regional("us-east-1"),
    regional("eu-west-1"),
    { name: "global", role: "global", regionalStacks: ["us-east-1", "eu-west-1"] },
];
const THREE: StackEntry[] = [
    regional("us-east-1"),
    regional("eu-west-1"),
    regional("ap-south-1"),
    { name: "global", role: "global", regionalStacks: ["us-east-1", "eu-west-1", "ap-south-1"] },
];

async function run(
    operation: Operation,
    behaviour: Record<string, FakeBehaviour> = {},
    {
        stacks = TWO,
        only,
        parallel = 4,
        configs = [] as string[],
    }: { stacks?: StackEntry[]; only?: string[]; parallel?: number; configs?: string[] } = {},
) {
    const workspace = new FakeWorkspace(behaviour);
    const lines: string[] = [];
    let clock = 0;
    const report = await runPlan({
        plan: buildPlan(operation, stacks, only),
        workspace,
        parallel,
        policyPack: POLICY_PACK,
        policyPackConfigs: configs,
        out: (l) => lines.push(l),
        now: () => (clock += 1000),
    });
    return { workspace, lines, report };
}

describe("operations/orchestrator", () => {
    it("runs the regional stacks in parallel, and the global stack only after both finished", async () => {
        const { workspace, report } = await run("up");
        const east = workspace.callOf("us-east-1");
        const west = workspace.callOf("eu-west-1");
        const global = workspace.callOf("global");
        // Overlap: each regional stack started before the other ended.
        expect(east.start).to.be.below(west.end!);
        expect(west.start).to.be.below(east.end!);
        expect(global.start).to.be.above(Math.max(east.end!, west.end!));
        expect(workspace.maxInFlight).to.equal(2);
        expect(workspace.calls.map((c) => `${c.stack}:${c.operation}`)).to.deep.equal(["us-east-1:up", "eu-west-1:up", "global:up"]);
        expect(report.exitCode).to.equal(EXIT.ok);
    });

    it("bounds the parallelism with --parallel", async () => {
        const two = await run("up", {}, { stacks: THREE, parallel: 2 });
        expect(two.workspace.maxInFlight).to.equal(2);
        const one = await run("up", {}, { stacks: THREE, parallel: 1 });
        expect(one.workspace.maxInFlight).to.equal(1);
        const [a, b, c] = ["us-east-1", "eu-west-1", "ap-south-1"].map((s) => one.workspace.callOf(s));
        expect(a!.end).to.be.below(b!.start);
        expect(b!.end).to.be.below(c!.start);
    });

    it("skips the global stack when a regional stack fails, naming it, and exits 1 (as npm start)", async () => {
        const { workspace, lines, report } = await run("up", { "eu-west-1": { fail: "error: creating ALB: AccessDenied" } });
        expect(workspace.calls.map((c) => c.stack)).to.deep.equal(["us-east-1", "eu-west-1"]);
        expect(report.results.map((r) => [r.stack, r.result])).to.deep.equal([
            ["us-east-1", "succeeded"],
            ["eu-west-1", "failed"],
            ["global", "skipped"],
        ]);
        expect(lines).to.include("[eu-west-1] up failed: error: creating ALB: AccessDenied");
        expect(lines).to.include(
            "[global] skipped: regional stack eu-west-1 failed in this up (the global stack reads the regional stacks' outputs); fix it and run again",
        );
        expect(report.exitCode).to.equal(EXIT.failed);
    });

    it("names every failed regional stack", async () => {
        const { lines } = await run("preview", { "us-east-1": { fail: "a" }, "eu-west-1": { fail: "b" } });
        expect(lines).to.include(
            "[global] skipped: regional stacks us-east-1, eu-west-1 failed in this preview (the global stack reads the regional stacks' outputs); fix them and run again",
        );
    });

    it("exits 1 when a stack failed and nothing was skipped", async () => {
        const { report } = await run("up", { global: { fail: "boom" } });
        expect(report.results.map((r) => r.result)).to.deep.equal(["succeeded", "succeeded", "failed"]);
        expect(report.exitCode).to.equal(EXIT.failed);
    });

    it("refuses the global stack when a regional stack listed in --stacks fails in the same run", async () => {
        const { workspace, report } = await run("up", { "us-east-1": { fail: "x" } }, { only: ["us-east-1", "global"] });
        expect(workspace.calls.map((c) => c.stack)).to.deep.equal(["us-east-1"]);
        expect(report.results.map((r) => [r.stack, r.result])).to.deep.equal([
            ["us-east-1", "failed"],
            ["global", "skipped"],
        ]);
    });

    it("destroys the global stack first, then the regional stacks in parallel", async () => {
        const { workspace, report } = await run("destroy");
        const global = workspace.callOf("global", "destroy");
        const east = workspace.callOf("us-east-1", "destroy");
        const west = workspace.callOf("eu-west-1", "destroy");
        expect(global.end).to.be.below(Math.min(east.start, west.start));
        expect(east.start).to.be.below(west.end!);
        expect(west.start).to.be.below(east.end!);
        expect(report.results.map((r) => r.stack)).to.deep.equal(["global", "us-east-1", "eu-west-1"]);
    });

    it("keeps the regional stacks when the global stack fails to destroy", async () => {
        const { workspace, lines, report } = await run("destroy", { global: { fail: "DependencyViolation" } });
        expect(workspace.calls.map((c) => c.stack)).to.deep.equal(["global"]);
        expect(lines).to.include(
            "[us-east-1] skipped: global stack global failed in this destroy (it is still read by the global stack); fix it and run again",
        );
        expect(report.exitCode).to.equal(EXIT.failed);
    });

    for (const operation of ["preview", "up"] as const) {
        it(`attaches the policy pack and its config to every ${operation}`, async () => {
            const { workspace } = await run(operation, {}, { configs: ["/abs/policy-config.json"] });
            expect(workspace.calls).to.have.length(3);
            for (const call of workspace.calls) {
                expect(call.operation).to.equal(operation);
                expect(call.options).to.have.property("policyPacks").that.deep.equals([POLICY_PACK]);
                expect(call.options).to.have.property("policyPackConfigs").that.deep.equals(["/abs/policy-config.json"]);
            }
        });
    }

    it("attaches the policy pack with no config when none is given", async () => {
        const { workspace } = await run("preview");
        expect(workspace.calls.map((c) => (c.options as { policyPackConfigs?: string[] }).policyPackConfigs)).to.deep.equal([[], [], []]);
    });

    for (const operation of ["destroy", "refresh"] as const) {
        it(`runs ${operation} without policy options (the engine runs no policy on ${operation})`, async () => {
            const { workspace } = await run(operation);
            expect(workspace.calls.map((c) => Object.keys(c.options))).to.deep.equal([["onOutput"], ["onOutput"], ["onOutput"]]);
        });
    }

    it("prefixes every output line with its stack, even when chunks split lines", async () => {
        const { lines } = await run("preview", {
            "us-east-1": { output: ["Previewing update (us-east-1)\n  + aws:s3/bucket", ":Bucket data create\n"] },
            global: { output: ["Resources:\n    + 12 to create"] },
        });
        const body = lines.slice(0, lines.indexOf(""));
        expect(body.every((l) => /^\[(us-east-1|eu-west-1|global)\]( |$)/.test(l))).to.equal(true);
        expect(body.filter((l) => l.startsWith("[us-east-1]"))).to.deep.equal([
            "[us-east-1] preview started",
            "[us-east-1] Previewing update (us-east-1)",
            "[us-east-1]   + aws:s3/bucket:Bucket data create",
            "[us-east-1] preview succeeded",
        ]);
        expect(body.filter((l) => l.startsWith("[global]"))).to.deep.equal([
            "[global] preview started",
            "[global] Resources:",
            "[global]     + 12 to create",
            "[global] preview succeeded",
        ]);
    });

    it("ends with a summary table of stack, operation, result, duration and changes", async () => {
        const { lines, report } = await run("up", {
            "us-east-1": { changes: { create: 3, same: 40 } },
            "eu-west-1": { fail: "x" },
        });
        // The pinned clock advances 1 s per reading; the regional stacks interleave (start 1 s
        // and 2 s, end 3 s and 4 s), so each took 2 s.
        expect(lines.slice(lines.indexOf("") + 1)).to.deep.equal([
            "STACK      OPERATION  RESULT     DURATION  CHANGES",
            "---------  ---------  ---------  --------  -----------------",
            "us-east-1  up         succeeded  2.0s      create 3, same 40",
            "eu-west-1  up         failed     2.0s      -",
            "global     up         skipped    -         -",
        ]);
        expect(report.results[0]!.changes).to.deep.equal({ create: 3, same: 40 });
    });

    it("records a stack that cannot be selected as failed", async () => {
        const workspace = new FakeWorkspace({}, {}, ["eu-west-1"]);
        const lines: string[] = [];
        const report = await runPlan({
            plan: buildPlan("up", TWO),
            workspace,
            parallel: 4,
            policyPack: POLICY_PACK,
            out: (l) => lines.push(l),
        });
        expect(lines).to.include("[eu-west-1] up failed: stack 'eu-west-1' not found");
        expect(report.results.map((r) => r.result)).to.deep.equal(["succeeded", "failed", "skipped"]);
    });

    it("reduces an Automation API error to its stderr section", () => {
        expect(errorSummary(new Error("code: 255\n stdout: lots\n stderr: error: boom\n  detail\n err?: Error: x\n"))).to.equal(
            "error: boom\n  detail",
        );
        expect(errorSummary(new Error("plain"))).to.equal("plain");
    });
});
