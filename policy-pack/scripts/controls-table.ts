/**
 * Generates the README's control table from the `policies` array, so the table never drifts:
 *   npx ts-node --transpile-only scripts/controls-table.ts          # print the table
 *   npx ts-node --transpile-only scripts/controls-table.ts --write  # rewrite it in README.md
 * A test asserts README.md contains exactly this table.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { policies } from "../policies";

/** The markers of the generated table: the same `generated:<name>` syntax as every generated section of the project. */
export const BEGIN = "<!-- generated:controls -->";
export const END = "<!-- /generated:controls -->";

/**
 * The control table, the one renderer of it (the root README shows it too, through `npm run readme`).
 * @param linkBase prefix of the test links: "" from the pack's README, "policy-pack/" from the root's.
 */
export function controlsTable(linkBase = ""): string {
    const rows = policies.map(
        (p) =>
            `| ${p.controls.join(", ")} | \`${p.name}\` | ${p.enforcementLevel} | [${path.basename(p.testFile)}](${linkBase}${p.testFile}) |`,
    );
    return ["| control | policy | default level | test |", "|---|---|---|---|", ...rows].join("\n");
}

export function readmePath(): string {
    return path.join(__dirname, "..", "README.md");
}

/** The README with the generated table spliced between the markers. */
export function withTable(readme: string): string {
    const a = readme.indexOf(BEGIN);
    const b = readme.indexOf(END);
    if (a < 0 || b < a) throw new Error(`README.md: markers ${BEGIN} / ${END} not found`);
    return `${readme.slice(0, a + BEGIN.length)}\n${controlsTable()}\n${readme.slice(b)}`;
}

if (require.main === module) {
    if (process.argv.includes("--write")) fs.writeFileSync(readmePath(), withTable(fs.readFileSync(readmePath(), "utf8")));
    else console.log(controlsTable());
}
