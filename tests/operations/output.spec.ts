import { expect } from "chai";
import { formatChanges, formatDuration, PrefixedLineWriter, summaryTable } from "../../operations/output";

describe("operations/output", () => {
    it("prefixes every line, joining chunks that split a line", () => {
        const lines: string[] = [];
        const w = new PrefixedLineWriter("eu-west-1", (l) => lines.push(l));
        w.write("Previewing upd");
        w.write("ate (eu-west-1)\r\n\n  + 3 to create\nresid");
        expect(lines).to.deep.equal(["[eu-west-1] Previewing update (eu-west-1)", "[eu-west-1]", "[eu-west-1]   + 3 to create"]);
        w.flush();
        w.flush();
        expect(lines.slice(3)).to.deep.equal(["[eu-west-1] resid"]);
    });

    it("emits the tool's own multi-line messages with a prefix on each line, after any partial line", () => {
        const lines: string[] = [];
        const w = new PrefixedLineWriter("global", (l) => lines.push(l));
        w.write("partial");
        w.line("failed:\nline two");
        expect(lines).to.deep.equal(["[global] partial", "[global] failed:", "[global] line two"]);
    });

    it("formats change summaries in reading order and skips zero counts", () => {
        expect(formatChanges({ same: 10, delete: 0, update: 1, create: 3, replace: 2 })).to.equal("create 3, update 1, replace 2, same 10");
        expect(formatChanges({ read: 1, same: 2, "create-replacement": 1 })).to.equal("same 2, create-replacement 1, read 1");
        expect(formatChanges({})).to.equal("no changes");
        expect(formatChanges(undefined)).to.equal("-");
    });

    it("formats durations", () => {
        expect([formatDuration(850), formatDuration(12_345), formatDuration(245_000)]).to.deep.equal(["850ms", "12.3s", "4m 05s"]);
    });

    it("renders the summary table with aligned columns", () => {
        const lines = summaryTable([
            { stack: "us-east-1", operation: "up", result: "succeeded", durationMs: 61_000, changes: { create: 2, same: 40 } },
            { stack: "eu-west-1", operation: "up", result: "failed", durationMs: 3_200 },
            { stack: "global", operation: "up", result: "skipped", durationMs: 0, reason: "x" },
        ]);
        expect(lines).to.deep.equal([
            "STACK      OPERATION  RESULT     DURATION  CHANGES",
            "---------  ---------  ---------  --------  -----------------",
            "us-east-1  up         succeeded  1m 01s    create 2, same 40",
            "eu-west-1  up         failed     3.2s      -",
            "global     up         skipped    -         -",
        ]);
    });
});
