import { expect } from "chai";
import { buildPlan, type Plan, PlanError, validStacks } from "../../operations/plan";
import { readStackConfigFiles } from "../../stacks/config/files";
import { localName, readStackSet } from "../../stacks/stackSet";
import { PROJECT_DIR } from "../support/stacks";
import { globalYaml, regionalYaml, removeTempDirs, tempProject, TWO_REGIONS } from "./fakes";

after(removeTempDirs);

const waves = (plan: Plan) => plan.waves.map((w) => w.map((s) => s.name));
const deps = (plan: Plan) => Object.fromEntries(plan.waves.flat().map((s) => [s.name, [...s.dependsOn]]));

function stacksIn(files: Record<string, object>) {
    return validStacks(readStackSet(tempProject(files)));
}

function planError(fn: () => unknown): PlanError {
    try {
        fn();
    } catch (err) {
        if (err instanceof PlanError) return err;
        throw err;
    }
    throw new Error("expected a PlanError");
}

describe("operations/plan", () => {
    it("derives the stacks from the repository's Pulumi.<stack>.yaml files: the global stack's list first, in its order, then the global stack", () => {
        const files = readStackConfigFiles(PROJECT_DIR);
        const stacks = validStacks(readStackSet(PROJECT_DIR));
        const global = stacks.find((s) => s.role === "global")!;
        const regional = files.filter((f) => f.config["platform:role"] === "regional").map((f) => f.stack);
        const unlisted = regional.filter((r) => !global.regionalStacks!.includes(r)).sort();
        expect(stacks.map((s) => s.name)).to.deep.equal([...global.regionalStacks!, ...unlisted, "global"]);
        expect(stacks.filter((s) => s.role === "regional").map((s) => s.region)).to.deep.equal(
            stacks.filter((s) => s.role === "regional").map((s) => files.find((f) => f.stack === s.name)!.config["platform:region"]),
        );
        // The shipped pair comes first, the primary first.
        expect(global.regionalStacks!.slice(0, 2)).to.deep.equal(["us-east-1", "eu-west-1"]);
    });

    it("plans regional stacks in one wave, then the global stack depending on them", () => {
        const plan = buildPlan("up", stacksIn(TWO_REGIONS));
        expect(waves(plan)).to.deep.equal([["us-east-1", "eu-west-1"], ["global"]]);
        expect(deps(plan)).to.deep.equal({ "us-east-1": [], "eu-west-1": [], global: ["us-east-1", "eu-west-1"] });
    });

    it("uses the same order for preview and refresh", () => {
        const stacks = stacksIn(TWO_REGIONS);
        expect(waves(buildPlan("preview", stacks))).to.deep.equal([["us-east-1", "eu-west-1"], ["global"]]);
        expect(waves(buildPlan("refresh", stacks))).to.deep.equal([["us-east-1", "eu-west-1"], ["global"]]);
    });

    it("destroys the global stack first, and each regional stack after the global stacks that read it", () => {
        const plan = buildPlan("destroy", stacksIn(TWO_REGIONS));
        expect(waves(plan)).to.deep.equal([["global"], ["us-east-1", "eu-west-1"]]);
        expect(deps(plan)).to.deep.equal({ global: [], "us-east-1": ["global"], "eu-west-1": ["global"] });
    });

    it("picks up a third regional stack from its config file alone, in the global stack's priority order", () => {
        const stacks = stacksIn({
            ...TWO_REGIONS,
            "ap-south-1": regionalYaml("ap-south-1"),
            global: globalYaml(["us-east-1", "eu-west-1", "ap-south-1"]),
        });
        const plan = buildPlan("up", stacks);
        expect(waves(plan)).to.deep.equal([["us-east-1", "eu-west-1", "ap-south-1"], ["global"]]);
        expect(deps(plan)["global"]).to.deep.equal(["us-east-1", "eu-west-1", "ap-south-1"]);
    });

    it("orders regional stacks by the global stack's list, not by file name", () => {
        const stacks = stacksIn({
            "a-region": regionalYaml("eu-west-1"),
            "b-region": regionalYaml("us-east-1"),
            global: globalYaml(["b-region", "a-region"]),
        });
        expect(stacks.map((s) => s.name)).to.deep.equal(["b-region", "a-region", "global"]);
    });

    it("orders regional stacks by name when no global stack lists them (the global list is the one source of priority)", () => {
        const stacks = stacksIn({ "b-region": regionalYaml("us-east-1"), "a-region": regionalYaml("eu-west-1") });
        expect(waves(buildPlan("up", stacks))).to.deep.equal([["a-region", "b-region"]]);
    });

    it("--stacks filters the plan but keeps the order derived from the roles", () => {
        const plan = buildPlan("up", stacksIn(TWO_REGIONS), ["global", "eu-west-1"]);
        expect(waves(plan)).to.deep.equal([["eu-west-1"], ["global"]]);
        // Only dependencies inside the run gate the global stack.
        expect(deps(plan)["global"]).to.deep.equal(["eu-west-1"]);
    });

    it("--stacks with only the global stack runs it alone, with no dependency in the run", () => {
        const plan = buildPlan("up", stacksIn(TWO_REGIONS), ["global"]);
        expect(waves(plan)).to.deep.equal([["global"]]);
        expect(deps(plan)).to.deep.equal({ global: [] });
    });

    it("--stacks naming an unknown stack is refused with the allowed names", () => {
        const err = planError(() => buildPlan("up", stacksIn(TWO_REGIONS), ["us-east-1", "moon-1", "mars-1"]));
        expect(err.message).to.equal('--stacks: unknown stacks "moon-1", "mars-1"; allowed: us-east-1, eu-west-1, global');
    });

    /** The PlanError of the stack set in a temporary project, with its directory. */
    function setError(files: Record<string, object>): { dir: string; problems: readonly string[] } {
        const dir = tempProject(files);
        return { dir, problems: planError(() => validStacks(readStackSet(dir))).problems };
    }

    it("refuses a stack without a role, naming the file, the key and the allowed values", () => {
        const { dir, problems } = setError({ ...TWO_REGIONS, odd: { config: { "platform:region": "us-east-2" } } });
        expect(problems).to.deep.equal([`${dir}/Pulumi.odd.yaml: platform:role: expected "regional" | "global", got nothing`]);
    });

    it("refuses a regional stack the program's own parser refuses (no region, no network): the checks npm start makes", () => {
        const { dir, problems } = setError({ ...TWO_REGIONS, odd: { config: { "platform:role": "regional" } } });
        expect(problems).to.deep.equal([
            `${dir}/Pulumi.odd.yaml: platform:region: required, expected string`,
            `${dir}/Pulumi.odd.yaml: platform:network: required, expected object`,
        ]);
    });

    it("refuses a key in a namespace nobody reads", () => {
        const { dir, problems } = setError({
            ...TWO_REGIONS,
            "eu-west-1": { config: { ...(regionalYaml("eu-west-1") as { config: object }).config, "platfrom:service": "{}" } },
        });
        expect(problems).to.deep.equal([
            `${dir}/Pulumi.eu-west-1.yaml: platfrom:service: unknown config namespace "platfrom"; expected platform:service (or a namespace of pulumi, aws, awsx, random)`,
        ]);
    });

    it("only the stacks of the run and the stacks they read are checked", () => {
        const dir = tempProject({ ...TWO_REGIONS, odd: { config: { "platform:role": "regional" } } });
        const set = readStackSet(dir);
        expect(validStacks(set, ["global"]).map((s) => s.name)).to.deep.equal(["us-east-1", "eu-west-1", "odd", "global"]);
        expect(planError(() => validStacks(set, ["odd"])).problems).to.have.length(2);
    });

    it("refuses a global stack listing a stack that has no config file, or one that is not regional", () => {
        const { dir, problems } = setError({
            ...TWO_REGIONS,
            edge: globalYaml(["us-east-1", "eu-west-1"]),
            global: globalYaml(["us-east-1", "eu-west-1", "ap-south-1", "edge"]),
        });
        expect(problems).to.deep.equal([
            `${dir}/Pulumi.global.yaml: platform:regionalStacks lists "organization/platform/ap-south-1", but there is no Pulumi.ap-south-1.yaml; add that file or remove the entry`,
            `${dir}/Pulumi.global.yaml: platform:regionalStacks lists "edge", whose platform:role is global, not regional`,
        ]);
    });

    it("takes the stack part of a fully qualified name", () => {
        expect(localName("acme/platform/us-east-1")).to.equal("us-east-1");
        expect(localName("us-east-1")).to.equal("us-east-1");
    });
});
