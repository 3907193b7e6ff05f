import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { previewForReadme, renderSections, spliceSections } from "../../preview/readme";
import { PROJECT_DIR } from "../support/stacks";

describe("README.md generated sections", function () {
    this.timeout(60_000);

    it("match what the code generates today (run `npm run readme` after a change)", async () => {
        const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
        const sections = renderSections(await previewForReadme(PROJECT_DIR));
        expect(spliceSections(readme, sections) === readme, "README.md is stale: run `npm run readme`").to.equal(true);
    });

    it("opens with exactly the two commands a reader needs first, as its first code block", () => {
        const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
        const first = /^```(\w*)\n([\s\S]*?)^```$/m.exec(readme);
        expect(first, "README.md has no code block").to.not.equal(null);
        expect(first!.index, "the first code block follows the title directly").to.equal(readme.indexOf("\n\n") + 2);
        expect(first![1]).to.equal("sh");
        expect(first![2]!.split("\n")).to.deep.equal([
            "npm install && npm start   # offline preview of every stack: no AWS account, no Pulumi CLI needed",
            "npm test                   # type-check, then every unit, component, stack and policy test (mocha + chai)",
            "",
        ]);
    });

    it("refuses a README without a section's markers, naming them", () => {
        expect(() => spliceSections("# nothing here", { "preview-summary": "", architecture: "", resilience: "", controls: "" })).to.throw(
            "README.md: markers <!-- generated:preview-summary --> ... <!-- /generated:preview-summary --> not found",
        );
    });
});
