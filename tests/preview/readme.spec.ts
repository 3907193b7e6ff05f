import { expect } from "chai";
import { readFileSync } from "fs";
import { join } from "path";
import { previewForReadme, renderSections, spliceSections } from "../../preview/readme";
import { PROJECT_DIR } from "../support/stacks";

describe("README.md generated sections", function () {
    this.timeout(60_000);

    it("match what the code generates today (run `npm run readme` after a change)", async () => {
        const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
        const sections = renderSections(await previewForReadme(PROJECT_DIR));
        expect(spliceSections(readme, sections) === readme, "README.md is stale: run `npm run readme`").to.equal(true);
        expect(readme.split("\n").slice(0, 5).join("\n")).to.contain("npm install && npm start").and.to.contain("npm test");
    });

    it("refuses a README without a section's markers, naming them", () => {
        expect(() => spliceSections("# nothing here", { "preview-summary": "", architecture: "", resilience: "", controls: "" })).to.throw(
            "README.md: markers <!-- generated:preview-summary --> ... <!-- /generated:preview-summary --> not found",
        );
    });
});
