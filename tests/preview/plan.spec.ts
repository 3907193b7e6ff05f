import { expect } from "chai";
import { parseCommandLine } from "../../preview/cli";
import { planPreview } from "../../preview/plan";
import type { StackConfigFile } from "../../stacks/config/files";

const file = (stack: string, role?: string): StackConfigFile => ({
    stack,
    path: `Pulumi.${stack}.yaml`,
    config: role ? { "platform:role": role } : {},
    secretKeys: [],
});
const files = [file("eu-west-1", "regional"), file("global", "global"), file("us-east-1", "regional"), file("ap-southeast-2", "regional")];

describe("preview/plan", () => {
    it("puts every regional stack before the global stack, from the configs' roles", () => {
        const plan = planPreview(files);
        expect(plan.regional.map((f) => f.stack)).to.deep.equal(["eu-west-1", "us-east-1", "ap-southeast-2"]);
        expect(plan.global.map((f) => f.stack)).to.deep.equal(["global"]);
    });

    it("keeps only the requested stacks", () => {
        expect(planPreview(files, ["us-east-1"]).regional.map((f) => f.stack)).to.deep.equal(["us-east-1"]);
    });

    it("refuses a stack without a config file, naming the known ones", () => {
        expect(() => planPreview(files, ["mars-1"])).to.throw(
            "--stacks: no Pulumi.<stack>.yaml for mars-1 (known stacks: eu-west-1, global, us-east-1, ap-southeast-2)",
        );
    });

    it("reports a config without a known role apart", () => {
        expect(planPreview([file("odd", "edge")]).unknownRole.map((f) => f.stack)).to.deep.equal(["odd"]);
    });
});

describe("preview/cli", () => {
    it("parses the options", () => {
        expect(parseCommandLine(["--stacks", "us-east-1,global", "--out", "x", "--policy-config", "p.json"])).to.deep.equal({
            stacks: ["us-east-1", "global"],
            policyConfig: "p.json",
            out: "x",
            quiet: false,
            help: false,
        });
    });

    it("names a bad option or argument", () => {
        expect(() => parseCommandLine(["--colour"])).to.throw("Unknown option '--colour'");
        expect(() => parseCommandLine(["now"])).to.throw('unexpected argument "now"');
        expect(() => parseCommandLine(["--stacks", ","])).to.throw('--stacks: expected a comma-separated list of stack names, got ","');
    });
});
