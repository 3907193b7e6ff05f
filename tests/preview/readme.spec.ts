import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { previewForReadme, projectSections, renderSections, spliceSections } from "../../preview/readme";
import { configKeys, describeKey, renderConfigTable } from "../../stacks/config/reference";
import { CONFIG_KEYS } from "../../stacks/config/schema";
import { PROJECT_DIR } from "../support/stacks";

describe("README.md generated sections", function () {
    this.timeout(60_000);

    it("match what the code generates today (run `npm run readme` after a change)", async () => {
        const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
        const sections = renderSections(await previewForReadme(PROJECT_DIR));
        expect(spliceSections(readme, sections) === readme, "README.md is stale: run `npm run readme`").to.equal(true);
    });

    it("Pulumi.yaml describes every platform:* key as the schemas do (run `npm run readme` after a change)", () => {
        const project = readFileSync(join(PROJECT_DIR, "Pulumi.yaml"), "utf8");
        expect(
            spliceSections(project, projectSections(), "Pulumi.yaml") === project,
            "Pulumi.yaml is stale: run `npm run readme`",
        ).to.equal(true);
        const described = [...project.matchAll(/^ {4}platform:(\w+):$/gm)].map((m) => m[1]);
        expect(described).to.deep.equal([...CONFIG_KEYS]);
    });

    it("derives each description from the schema: roles, defaults, bounds and required-ness", () => {
        const byKey = Object.fromEntries(configKeys().map((k) => [k.key, describeKey(k)]));
        expect(byKey["role"]).to.equal(
            "stack role: regional (one region's tiers) or global (edge and cross-region links) (regional | global) Required.",
        );
        expect(byKey["tags"]).to.match(/^both: /);
        expect(byKey["regionalStacks"]).to.match(/^global: .*\(2\+ items\) Required\.$/);
        expect(byKey["loadBalancing"]).to.include("healthCheckIntervalSeconds: 10 (5-300) seconds between target health checks;");
        expect(byKey["chaos"]).to.include("stopTaskPercent: 50 (1-100)");
        // An unbounded integer has no upper bound in the reference.
        expect(byKey["storage"]).to.include("noncurrentVersionExpirationDays: 90 (>= 1)");
        const table = renderConfigTable();
        expect(table).to.include("| `network.cidrBlock` | regional | required |");
        expect(table).to.include("| `service.desiredCount` | regional | `2` | >= 2 |");
    });

    it("opens with exactly the two commands a reader needs first, as its first code block", () => {
        const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
        const first = /^```(\w*)\n([\s\S]*?)^```$/m.exec(readme);
        expect(first, "README.md has no code block").to.not.equal(null);
        expect(first!.index, "the first code block follows the title directly").to.equal(readme.indexOf("\n\n") + 2);
        expect(first![1]).to.equal("sh");
        expect(first![2]!.split("\n")).to.deep.equal([
            "npm install && npm start   # offline preview of every stack: no AWS account, no Pulumi CLI needed",
            "npm test                   # format and lint gate, type-check, then every unit, component, stack and policy test",
            "",
        ]);
    });

    it("refuses a README without a section's markers, naming them", () => {
        expect(() =>
            spliceSections("# nothing here", {
                "preview-summary": "",
                architecture: "",
                resilience: "",
                controls: "",
                "config-reference": "",
            }),
        ).to.throw("README.md: markers <!-- generated:preview-summary --> ... <!-- /generated:preview-summary --> not found");
    });
});

describe("generated section markers", () => {
    it("use the file's comment syntax: # in YAML, HTML comments elsewhere", () => {
        expect(spliceSections("a:\n# generated:x\nold\n# /generated:x\n", { x: "new" }, "Pulumi.yaml")).to.equal(
            "a:\n# generated:x\nnew\n# /generated:x\n",
        );
        expect(() => spliceSections("a: 1\n", { x: "" }, "Pulumi.yaml")).to.throw(
            "Pulumi.yaml: markers # generated:x ... # /generated:x not found",
        );
    });
});
