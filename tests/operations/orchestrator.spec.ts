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
        verifyFails = [] as string[],
    }: { stacks?: StackEntry[]; only?: string[]; parallel?: number; configs?: string[]; verifyFails?: string[] } = {},
) {
    const workspace = new FakeWorkspace(behaviour);
    const lines: string[] = [];
    let clock = 0;
    const verified: string[][] = [];
    const report = await runPlan({
        plan: buildPlan(operation, stacks, only),
        workspace,
        parallel,
        policyPack: POLICY_PACK,
        policyPackConfigs: configs,
        out: (l) => lines.push(l),
        now: () => (clock += 1000),
        planDir: "/plans",
        afterWave: async (names) => {
            verified.push([...names]);
            return !names.some((n) => verifyFails.includes(n));
        },
    });
    return { workspace, lines, report, verified };
}

describe("operations/orchestrator", () => {
    it("runs the regional stacks in parallel, and the global stack only after both finished", async () => {
        const { workspace, report } = await run("up");
        const east = workspace.callOf("us-east-1", "up");
        const west = workspace.callOf("eu-west-1", "up");
        const global = workspace.callOf("global", "preview");
        // Overlap: each regional stack started before the other ended.
        expect(east.start).to.be.below(west.end!);
        expect(west.start).to.be.below(east.end!);
        expect(global.start).to.be.above(Math.max(east.end!, west.end!));
        expect(workspace.maxInFlight).to.equal(2);
        expect(workspace.calls.map((c) => `${c.stack}:${c.operation}`)).to.deep.equal([
            "us-east-1:preview",
            "eu-west-1:preview",
            "us-east-1:up",
            "eu-west-1:up",
            "global:preview",
            "global:up",
        ]);
        expect(report.exitCode).to.equal(EXIT.ok);
    });

    it("bounds the parallelism with --parallel", async () => {
        const two = await run("up", {}, { stacks: THREE, parallel: 2 });
        expect(two.workspace.maxInFlight).to.equal(2);
        const one = await run("up", {}, { stacks: THREE, parallel: 1 });
        expect(one.workspace.maxInFlight).to.equal(1);
        const [a, b, c] = ["us-east-1", "eu-west-1", "ap-south-1"].map((s) => one.workspace.callOf(s, "up"));
        expect(a!.end).to.be.below(b!.start);
        expect(b!.end).to.be.below(c!.start);
    });

    it("skips the global stack when a regional stack fails, naming it, and exits 1 (as npm start)", async () => {
        const { workspace, lines, report } = await run("up", { "eu-west-1:up": { fail: "error: creating ALB: AccessDenied" } });
        expect(workspace.calls.map((c) => `${c.stack}:${c.operation}`)).to.deep.equal([
            "us-east-1:preview",
            "eu-west-1:preview",
            "us-east-1:up",
            "eu-west-1:up",
        ]);
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
        const { report } = await run("up", { "global:up": { fail: "boom" } });
        expect(report.results.map((r) => r.result)).to.deep.equal(["succeeded", "succeeded", "failed"]);
        expect(report.exitCode).to.equal(EXIT.failed);
    });

    it("refuses the global stack when a regional stack listed in --stacks fails in the same run", async () => {
        const { workspace, report } = await run("up", { "us-east-1:up": { fail: "x" } }, { only: ["us-east-1", "global"] });
        expect(workspace.calls.map((c) => `${c.stack}:${c.operation}`)).to.deep.equal(["us-east-1:preview", "us-east-1:up"]);
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
            expect(workspace.callsOf(operation)).to.have.length(3);
            for (const call of workspace.calls) {
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
            "eu-west-1:up": { fail: "x" },
        });
        // The pinned clock advances 1 s per reading: the durations run from the start of each
        // stack's guarded preview (1 s and 2 s) to the end of its up (3 s and 4 s).
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
        expect(lines).to.include("[eu-west-1] up refused, nothing changed: preview failed: stack 'eu-west-1' not found");
        // One stack of the wave could not be previewed: nothing of the wave is updated.
        expect(workspace.callsOf("up")).to.deep.equal([]);
        expect(report.results.map((r) => r.result)).to.deep.equal(["skipped", "failed", "skipped"]);
    });

    it("binds every up to the plan of a successful guarded preview of the same stack, started after it", async () => {
        const { workspace, report } = await run("up", {}, { stacks: THREE });
        const ups = workspace.callsOf("up");
        expect(ups.map((c) => c.stack)).to.deep.equal(["us-east-1", "eu-west-1", "ap-south-1", "global"]);
        for (const up of ups) {
            const preview = workspace.callOf(up.stack, "preview");
            expect(preview.end, up.stack).to.be.below(up.start);
            expect(preview.options, up.stack).to.have.property("savePlan", `/plans/${up.stack}.plan.json`);
            expect(up.options, up.stack).to.have.property("plan", `/plans/${up.stack}.plan.json`);
            expect(up.options, up.stack).to.have.property("policyPacks").that.deep.equals([POLICY_PACK]);
        }
        expect(report.exitCode).to.equal(EXIT.ok);
    });

    it("a mandatory violation in a preview means no up in its wave and nothing after it", async () => {
        const { workspace, lines, report } = await run("up", {
            "eu-west-1:preview": { violations: ["s3-bucket-versioning: bucket data has no versioning"] },
        });
        expect(workspace.callsOf("up")).to.deep.equal([]);
        expect(workspace.callsOf("preview").map((c) => c.stack)).to.deep.equal(["us-east-1", "eu-west-1"]);
        expect(lines).to.include(
            "[eu-west-1] up refused, nothing changed: mandatory policy violation: s3-bucket-versioning: bucket data has no versioning",
        );
        expect(lines).to.include(
            "[us-east-1] skipped: not updated: the guarded preview of eu-west-1 failed in this wave, so nothing of it was applied",
        );
        expect(report.results.map((r) => [r.stack, r.result])).to.deep.equal([
            ["us-east-1", "skipped"],
            ["eu-west-1", "failed"],
            ["global", "skipped"],
        ]);
        expect(report.exitCode).to.equal(EXIT.failed);
    });

    it("prints each stack's previewed changes before its up", async () => {
        const { lines } = await run("up", { "us-east-1": { changes: { create: 2, same: 9 } } });
        const east = lines.filter((l) => l.startsWith("[us-east-1]"));
        expect(east).to.deep.equal([
            "[us-east-1] guarded preview started (policy pack, update plan)",
            "[us-east-1] preview: create 2, same 9",
            "[us-east-1] up started with the plan of its preview (/plans/us-east-1.plan.json)",
            "[us-east-1] up succeeded",
        ]);
    });

    it("selects one stack at a time while the operations overlap (pulumi/pulumi#8186)", async () => {
        // The fake rejects a selection that overlaps another: every stack succeeding proves none did.
        const { workspace, report } = await run("up", {}, { stacks: THREE });
        expect(report.results.map((r) => r.result)).to.deep.equal(["succeeded", "succeeded", "succeeded", "succeeded"]);
        expect(workspace.maxInFlight).to.equal(3);
        const preview = await run("preview", {}, { stacks: THREE });
        expect(preview.report.exitCode).to.equal(EXIT.ok);
        expect(preview.workspace.maxInFlight).to.equal(3);
    });

    it("the fake does reject overlapping selections (so the test above can fail)", async () => {
        const workspace = new FakeWorkspace();
        const results = await Promise.allSettled([workspace.selectStack("a"), workspace.selectStack("b")]);
        expect(results.map((r) => r.status)).to.deep.equal(["fulfilled", "rejected"]);
    });

    it("verifies after each wave of up and stops the next wave when verification fails", async () => {
        const { workspace, lines, verified, report } = await run("up", {}, { verifyFails: ["eu-west-1"] });
        expect(verified).to.deep.equal([["us-east-1", "eu-west-1"]]);
        expect(workspace.calls.filter((c) => c.stack === "global")).to.deep.equal([]);
        expect(lines).to.include(
            "[global] skipped: the post-deploy verification of us-east-1, eu-west-1 failed (see the checks above); fix it and run again",
        );
        expect(report.exitCode).to.equal(EXIT.failed);
        const ok = await run("up");
        expect(ok.verified).to.deep.equal([["us-east-1", "eu-west-1"], ["global"]]);
    });

    it("does not verify after preview, destroy or refresh", async () => {
        for (const operation of ["preview", "destroy", "refresh"] as const) {
            expect((await run(operation)).verified, operation).to.deep.equal([]);
        }
    });

    it("reduces an Automation API error to its stderr section", () => {
        expect(errorSummary(new Error("code: 255\n stdout: lots\n stderr: error: boom\n  detail\n err?: Error: x\n"))).to.equal(
            "error: boom\n  detail",
        );
        expect(errorSummary(new Error("plain"))).to.equal("plain");
    });
});
