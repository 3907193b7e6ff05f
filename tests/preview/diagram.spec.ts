import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildDiagram, renderArchitecture, renderMermaid } from "../../preview/diagram";
import { fixtureRecords } from "./fixtures/records";

describe("preview/diagram", () => {
    it("renders the recorded fixture graph exactly as the approved Mermaid file", () => {
        const expected = readFileSync(join(__dirname, "fixtures", "architecture.expected.mmd"), "utf8").trimEnd();
        expect(renderMermaid(buildDiagram(fixtureRecords()))).to.equal(expected);
    });

    it("draws a region per regional stack and the edge group, with resource counts", () => {
        const d = buildDiagram(fixtureRecords());
        expect(d.groups.map((g) => g.label)).to.deep.equal([
            "global (edge and cross-region)",
            "us-east-1 (priority 1)",
            "eu-west-1 (priority 2)",
        ]);
        const us = d.groups.find((g) => g.id === "us_east_1_region")!;
        expect(us.nodes.find((n) => n.id === "us_east_1_s3")!.count).to.equal(2);
    });

    it("draws replication only in the directions a replication rule exists", () => {
        const both = buildDiagram(fixtureRecords()).edges.filter((e) => e.label === "replication (RTC)");
        expect(both.map((e) => `${e.from}->${e.to}`)).to.deep.equal(["us_east_1_s3->eu_west_1_s3", "eu_west_1_s3->us_east_1_s3"]);
        const none = buildDiagram(fixtureRecords({ withReplication: false })).edges.filter((e) => e.label === "replication (RTC)");
        expect(none).to.deep.equal([]);
    });

    it("shows nothing the graph does not build: no X-Ray node or edge in a region without it", () => {
        const d = buildDiagram(fixtureRecords({ withXrayInSecondary: false }));
        const eu = d.groups.find((g) => g.id === "eu_west_1_region")!;
        expect(eu.nodes.map((n) => n.id)).to.not.include("eu_west_1_xray");
        expect(d.edges.filter((e) => e.to === "eu_west_1_xray")).to.deep.equal([]);
        expect(d.edges.filter((e) => e.to === "us_east_1_xray")).to.have.length(1);
    });

    it("wraps the chart in a generated Markdown document", () => {
        const md = renderArchitecture(fixtureRecords());
        expect(md.startsWith("# Architecture (generated)\n")).to.equal(true);
        expect(md).to.contain("```mermaid\nflowchart TB\n");
    });
});
