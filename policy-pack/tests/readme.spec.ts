import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { policies } from "../policies";
import { readmePath, withTable } from "../scripts/controls-table";

describe("README and pack metadata", () => {
    it("README.md's control table matches the policies array (run scripts/controls-table.ts --write)", () => {
        const readme = fs.readFileSync(readmePath(), "utf8");
        expect(readme).to.equal(withTable(readme));
    });

    it("every policy has a kebab-case unique name, a description starting with its control ids, a schema with exemptions, and a test file", () => {
        const names = policies.map((p) => p.name);
        expect(new Set(names).size).to.equal(names.length);
        for (const p of policies) {
            expect(p.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
            expect(p.name).not.to.equal("all");
            expect(p.description.split(":")[0], p.name).to.match(
                /^(S3|ELB|ECS|CloudFront|WAF|SNS|Athena|EC2|IAM|KMS|CloudWatch)\.\d+|^(Mission|Bounded RPO|Fast target health|Safe deployments|Multi-AZ|Edge failover|Data protected|Health-checked DNS|Alarm topics subscribed|Cost|Hardening)/,
            );
            // Exemptions: an array of { urnPattern, reason }, both required, the reason never empty.
            const exemptions = p.configSchema?.properties.exemptions as
                | {
                      type?: unknown;
                      items?: { type?: unknown; required?: unknown; properties?: Record<string, { type?: unknown; minLength?: number }> };
                  }
                | undefined;
            expect(exemptions?.type, p.name).to.equal("array");
            expect(exemptions?.items?.type, p.name).to.equal("object");
            expect(exemptions?.items?.required, p.name).to.have.members(["urnPattern", "reason"]);
            expect(exemptions?.items?.properties?.["urnPattern"]?.type, p.name).to.equal("string");
            expect(exemptions?.items?.properties?.["reason"]?.type, p.name).to.equal("string");
            expect(exemptions?.items?.properties?.["reason"]?.minLength, p.name).to.be.at.least(1);
            expect(p.configSchema?.properties, p.name).not.to.have.property("enforcementLevel");
            expect(fs.existsSync(path.join(__dirname, "..", p.testFile)), p.testFile).to.equal(true);
        }
    });

    // The project's copy of the controls (docs/CONTROLS.md); CONTROLS_MD points elsewhere.
    const controlsMd = process.env["CONTROLS_MD"] ?? path.join(__dirname, "..", "..", "docs", "CONTROLS.md");
    it(`every control of CONTROLS.md's FSBP, adjacent and reliability tables has a policy (${path.basename(controlsMd)})`, () => {
        const ids = controlIds(fs.readFileSync(controlsMd, "utf8"));
        // Guards the parser: each table contributed, shorthand ids (".8") were expanded.
        expect(ids).to.include.members([
            "S3.2",
            "S3.14",
            "CloudFront.8",
            "CloudWatch.17",
            "KMS.4",
            "REL.MultiAZNetwork",
            "REL.HealthCheckedDNS",
            "REL.DataProtected",
            "REL.AlarmTopicsSubscribed",
            "SEC.SecretHeadersRedacted",
            "SEC.VPCEndpointPolicyScoped",
        ]);
        const covered = new Set(policies.flatMap((p) => p.controls));
        expect(ids.filter((c) => !covered.has(c))).to.deep.equal([]);
    });
});

/**
 * The control ids of docs/CONTROLS.md: the first cell of each row of the "FSBP controls in scope" and "Adjacent
 * controls" tables ("S3.2, S3.3, S3.8"; "CloudFront.7, .8, .15" shares its prefix), the reliability rules as
 * `REL.<Name>` ("multi-AZ network" is `REL.MultiAZNetwork`) and the security rules as `SEC.<Name>`, the ids the
 * policies' `controls` use.
 */
export function controlIds(md: string): string[] {
    const ids: string[] = [];
    for (const section of md.split(/^## /m).slice(1)) {
        const heading = section.slice(0, section.indexOf("\n")).toLowerCase();
        const kind =
            heading.startsWith("fsbp") || heading.startsWith("adjacent")
                ? "fsbp"
                : heading.startsWith("reliability")
                  ? "REL"
                  : heading.startsWith("security rules")
                    ? "SEC"
                    : undefined;
        if (!kind) continue;
        const rows = section
            .split("\n")
            .filter((l) => l.startsWith("|"))
            .slice(2); // header and separator
        for (const row of rows) {
            const cell = row.split("|")[1]!.trim();
            if (kind !== "fsbp") {
                ids.push(
                    `${kind}.${cell
                        .split(/[\s-]+/)
                        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
                        .join("")}`,
                );
                continue;
            }
            let prefix = "";
            for (const part of cell.split(",").map((x) => x.trim())) {
                const id = part.startsWith(".") ? `${prefix}${part}` : part;
                if (!/^[A-Za-z0-9]+\.\d+$/.test(id)) throw new Error(`CONTROLS.md: cannot read a control id from "${part}" in "${cell}"`);
                prefix = id.slice(0, id.indexOf("."));
                ids.push(id);
            }
        }
    }
    return ids;
}

describe("controlIds (CONTROLS.md parser)", () => {
    it("reads the FSBP and adjacent tables' ids, expanding shorthand, and names reliability rules REL.<Name>, security rules SEC.<Name>", () => {
        const md = [
            "# Controls",
            "## FSBP controls in scope",
            "| control | check | token |",
            "|---|---|---|",
            "| S3.2, S3.3 | x | y |",
            "| CloudFront.7, .8, .15 | x | y |",
            "## Adjacent controls that carry the mission",
            "| control | check | token |",
            "|---|---|---|",
            "| KMS.4 | x | y |",
            "## Reliability rules (no common engine checks these)",
            "| rule | check |",
            "|---|---|",
            "| multi-AZ network | x |",
            "| health-checked DNS | x |",
            "## Security rules (no FSBP control)",
            "| rule | check |",
            "|---|---|",
            "| VPC endpoint policy scoped | x |",
            "## Figures",
            "| a | b |",
            "|---|---|",
            "| not a control | x |",
        ].join("\n");
        expect(controlIds(md)).to.deep.equal([
            "S3.2",
            "S3.3",
            "CloudFront.7",
            "CloudFront.8",
            "CloudFront.15",
            "KMS.4",
            "REL.MultiAZNetwork",
            "REL.HealthCheckedDNS",
            "SEC.VPCEndpointPolicyScoped",
        ]);
    });

    it("refuses a cell it cannot read, naming it", () => {
        expect(() => controlIds("## FSBP controls in scope\n| c |\n|---|\n| S3 two |\n")).to.throw(
            'CONTROLS.md: cannot read a control id from "S3 two" in "S3 two"',
        );
    });
});
