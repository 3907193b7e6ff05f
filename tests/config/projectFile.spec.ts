import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { readStackConfigFiles } from "../../stacks/config/files";
import { CONFIG_NAMESPACE } from "../../stacks/config/load";
import { CONFIG_KEYS } from "../../stacks/config/schema";
import { PROJECT } from "../../simulation/project";

const PROJECT_FILE = join(__dirname, "..", "..", "Pulumi.yaml");

interface ProjectFile {
    name: string;
    config?: Record<string, unknown>;
    template?: { config?: Record<string, { description?: string; secret?: boolean }> };
}

describe("Pulumi.yaml", () => {
    const project = parse(readFileSync(PROJECT_FILE, "utf8")) as ProjectFile;
    const declared = project.template?.config ?? {};

    it("names the project after the config namespace", () => {
        expect(project.name).to.equal(CONFIG_NAMESPACE);
        expect(project.name).to.equal(PROJECT);
    });

    it("describes exactly the keys of the schema under template.config", () => {
        const expected = CONFIG_KEYS.map((k) => `${CONFIG_NAMESPACE}:${k}`).sort();
        expect(Object.keys(declared).sort()).to.deep.equal(expected);
        // The regional schema's secret is one of them.
        expect(expected).to.include(`${CONFIG_NAMESPACE}:originVerifySecret`);
    });

    it("gives every key a non-empty description that says which stack role uses it", () => {
        for (const [key, entry] of Object.entries(declared)) {
            expect(entry?.description, key).to.be.a("string");
            expect(entry!.description!.trim().length, key).to.be.greaterThan(10);
            if (key !== `${CONFIG_NAMESPACE}:role`) expect(entry!.description, key).to.match(/^(regional|global|both): /);
        }
    });

    // Descriptions, defaults and bounds are generated from the schemas (stacks/config/reference.ts);
    // tests/preview/readme.spec.ts fails when Pulumi.yaml is stale.

    it("marks the origin-verify secret as secret", () => {
        expect(declared[`${CONFIG_NAMESPACE}:originVerifySecret`]?.secret).to.equal(true);
    });

    it("declares no project-level config (it would become required in every stack)", () => {
        expect(project.config ?? {}).to.deep.equal({});
    });
});

describe("shipped stack files", () => {
    it("are tagged for what they are: evaluation mode (no domain) is never tagged production", () => {
        for (const file of readStackConfigFiles(join(__dirname, "..", ".."))) {
            const tags = JSON.parse(file.config["platform:tags"] ?? "{}") as Record<string, string>;
            const domainMode =
                file.config["platform:domain"] !== undefined || (file.config["platform:loadBalancing"] ?? "").includes('"domain"');
            expect(tags["environment"], file.stack).to.equal(domainMode ? "production" : "evaluation");
        }
    });
});
