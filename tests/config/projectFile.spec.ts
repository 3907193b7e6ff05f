import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { readStackConfigFiles } from "../../stacks/config/files";
import { CONFIG_NAMESPACE } from "../../stacks/config/load";
import { CONFIG_KEYS, parseGlobalConfig, parseRegionalConfig } from "../../stacks/config/schema";
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

    it("states no default in a description that differs from the schema's, and names every defaulted field of an object key", () => {
        // Every default the schema fills in, per role: a minimal valid config of each.
        const defaults: Record<string, Record<string, unknown>> = {
            regional: parseRegionalConfig({
                role: "regional",
                region: "us-east-1",
                network: { cidrBlock: "10.0.0.0/16", availabilityZones: ["us-east-1a", "us-east-1b"] },
            }) as unknown as Record<string, unknown>,
            global: parseGlobalConfig({ role: "global", regionalStacks: ["o/p/a", "o/p/b"] }) as unknown as Record<string, unknown>,
        };
        const checked: string[] = [];
        for (const [fullKey, entry] of Object.entries(declared)) {
            const match = /^(regional|global|both): (.*)$/s.exec(entry?.description ?? "");
            if (!match) continue; // platform:role has no default
            const key = fullKey.slice(CONFIG_NAMESPACE.length + 1);
            const roles = match[1] === "both" ? ["regional", "global"] : [match[1]!];
            for (const stated of statedDefaults(match[2]!)) {
                for (const role of roles) {
                    const schemaValue =
                        stated.field === undefined
                            ? defaults[role]![key]
                            : (defaults[role]![key] as Record<string, unknown> | undefined)?.[stated.field];
                    const where = `${fullKey}${stated.field === undefined ? "" : `.${stated.field}`} (${role})`;
                    expect(schemaValue, `${where}: the description states ${JSON.stringify(stated.value)}`).to.deep.equal(stated.value);
                    checked.push(where);
                }
            }
            // An object key described as {field: default, ...} names every field the schema defaults.
            const fields = objectFields(match[2]!);
            if (fields !== undefined) {
                for (const role of roles) {
                    const value = defaults[role]![key];
                    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
                        expect(fields, `${fullKey} (${role}): fields the description names`).to.include.members(Object.keys(value));
                    }
                }
            }
        }
        // Guards the parser: object fields, arrays, strings, booleans and scalar "(default N)" were all read.
        expect(checked).to.include.members([
            "platform:service.desiredCount (regional)",
            "platform:service.image (regional)",
            "platform:loadBalancing.deletionProtection (regional)",
            "platform:edge.writePathPatterns (global)",
            "platform:observability.alertEmails (regional)",
            "platform:routingMode (global)",
            "platform:logRetentionDays (global)",
        ]);
        expect(checked.length).to.be.at.least(35);
    });

    it("reads the defaults a description states (the parser of the test above)", () => {
        expect(
            statedDefaults(
                "{a: 3 (1-10), b: [/x/*] (one, two), c: {d, e} (absent = off), f: X-Y, g: /16../22 VPC CIDR, h: true; i: []} tail",
            ),
        ).to.deep.equal([
            { field: "a", value: 3 },
            { field: "b", value: ["/x/*"] },
            { field: "f", value: "X-Y" },
            { field: "h", value: true },
            { field: "i", value: [] },
        ]);
        expect(objectFields("{a: 3, c: {d, e}, g: some words} tail")).to.deep.equal(["a", "c", "g"]);
        expect(statedDefaults("active-passive (default; more) or b")).to.deep.equal([{ field: undefined, value: "active-passive" }]);
        expect(statedDefaults("retention of the logs (default 90).")).to.deep.equal([{ field: undefined, value: 90 }]);
        expect(statedDefaults("region served first. Default: the first regional stack's region.")).to.deep.equal([]);
        expect(objectFields("a map of tags")).to.equal(undefined);
    });

    it("marks the origin-verify secret as secret", () => {
        expect(declared[`${CONFIG_NAMESPACE}:originVerifySecret`]?.secret).to.equal(true);
    });

    it("declares no project-level config (it would become required in every stack)", () => {
        expect(project.config ?? {}).to.deep.equal({});
    });
});

/** A default a `template.config` description states: of a field of an object key, or of the key itself. */
interface StatedDefault {
    readonly field: string | undefined;
    readonly value: unknown;
}

/**
 * The top-level segments of the first `{...}` of a description (split at `,` and `;` outside
 * brackets and parentheses), or undefined when the description does not start with one.
 */
function objectSegments(text: string): string[] | undefined {
    if (!text.startsWith("{")) return undefined;
    const segments: string[] = [];
    let depth = 0;
    let current = "";
    for (const ch of text.slice(1)) {
        if ("([{".includes(ch)) depth++;
        if (")]}".includes(ch)) {
            if (depth === 0) break; // the closing brace of the object
            depth--;
        }
        if (depth === 0 && (ch === "," || ch === ";")) {
            segments.push(current.trim());
            current = "";
        } else {
            current += ch;
        }
    }
    segments.push(current.trim());
    return segments;
}

/** The field names an object key's description lists (`{a: 1, b}` → a, b). */
function objectFields(text: string): string[] | undefined {
    return objectSegments(text)
        ?.map((segment) => /^(\w+)(?::|$)/.exec(segment)?.[1])
        .filter((f): f is string => f !== undefined);
}

/**
 * A literal default as descriptions write it: an integer, true/false, `[]` or `[a, b]`, or one
 * word without spaces (a string); undefined for anything else (prose such as "2+ zone names").
 */
function literal(text: string): { value: unknown } | undefined {
    if (/^-?\d+$/.test(text)) return { value: Number(text) };
    if (text === "true" || text === "false") return { value: text === "true" };
    const list = /^\[(.*)\]$/.exec(text);
    if (list) return { value: list[1]!.trim() === "" ? [] : list[1]!.split(",").map((item) => item.trim()) };
    if (/^[^\s{}[\]()]+$/.test(text)) return { value: text };
    return undefined;
}

/**
 * The defaults a description states in a readable way: `{field: value (notes), ...}` for an
 * object key, `value (default...)` or `(default value)` for a scalar one.
 */
function statedDefaults(text: string): StatedDefault[] {
    const segments = objectSegments(text);
    if (segments !== undefined) {
        const found: StatedDefault[] = [];
        for (const segment of segments) {
            const m = /^(\w+): (.*)$/s.exec(segment);
            if (!m) continue;
            // The value ends where its notes start.
            const notes = m[2]!.indexOf(" (");
            const parsed = literal((notes < 0 ? m[2]! : m[2]!.slice(0, notes)).trim());
            if (parsed) found.push({ field: m[1]!, value: parsed.value });
        }
        return found;
    }
    const scalar = /^(\S+) \(default\b/.exec(text) ?? /\(default (\S+?)\)/.exec(text);
    const parsed = scalar ? literal(scalar[1]!) : undefined;
    return parsed ? [{ field: undefined, value: parsed.value }] : [];
}

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
