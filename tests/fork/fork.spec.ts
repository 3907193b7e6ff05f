/**
 * A fork as a user makes it, in a temporary copy of the project files: another organization (and
 * project name), four regions added by config, each routing and origin mode; and the bad inputs a
 * fork's files can hold, each failing with the file, the key, the value and what is allowed (or a
 * warning, where stated), while the other stacks are still evaluated.
 */
import { expect } from "chai";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse, stringify } from "yaml";
import { PreviewResult, runPreview } from "../../preview/run";
import { PROJECT_DIR } from "../support/stacks";

type Files = Record<string, string>;

/** The shipped project files (Pulumi.yaml and every Pulumi.<stack>.yaml), as text. */
function shippedFiles(): Files {
    const out: Files = {};
    for (const f of readdirSync(PROJECT_DIR).filter((f) => /^Pulumi(\..+)?\.yaml$/.test(f))) out[f] = readFileSync(join(PROJECT_DIR, f), "utf8");
    return out;
}

/** A YAML stack file's config edited: `undefined` removes a key. */
function editConfig(text: string, edits: Record<string, unknown>): string {
    const doc = parse(text) as { config: Record<string, unknown> };
    for (const [k, v] of Object.entries(edits)) {
        if (v === undefined) delete doc.config[k];
        else doc.config[k] = v;
    }
    return stringify(doc);
}

/** A regional stack file for `region` (cloned from eu-west-1's). */
const regionalFile = (files: Files, region: string, cidrBlock: string) =>
    editConfig(files["Pulumi.eu-west-1.yaml"]!, { "platform:region": region, "platform:network": { cidrBlock, availabilityZones: ["a", "b", "c"].map((z) => `${region}${z}`) } });

/** A fork renamed to organization `org` (and project `project`) with `regions` added after the shipped two. */
function fork(org: string, project: string, regions: [string, string][]): Files {
    const files = shippedFiles();
    files["Pulumi.yaml"] = files["Pulumi.yaml"]!.replace(/^name: platform$/m, `name: ${project}`);
    for (const [region, cidr] of regions) files[`Pulumi.${region}.yaml`] = regionalFile(files, region, cidr);
    files["Pulumi.global.yaml"] = editConfig(files["Pulumi.global.yaml"]!, {
        "platform:regionalStacks": ["us-east-1", "eu-west-1", ...regions.map(([r]) => r)].map((s) => `${org}/${project}/${s}`),
    });
    return files;
}

const dirs: string[] = [];
async function preview(files: Files): Promise<{ result: PreviewResult; dir: string; log: string[] }> {
    const dir = mkdtempSync(join(tmpdir(), "platform-fork-"));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const log: string[] = [];
    const result = await runPreview({ projectDir: dir, log: (l) => log.push(l) });
    return { result, dir, log };
}
const status = (r: PreviewResult) => Object.fromEntries(r.outcomes.map((o) => [o.stack, o.status]));
const errorOf = (r: PreviewResult, stack: string) => r.outcomes.find((o) => o.stack === stack)!.error;

describe("a fork, as a user makes it", function () {
    this.timeout(120_000);
    after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

    it("another organization and project name, four regions added by config: every stack evaluates and passes", async () => {
        const regions: [string, string][] = [
            ["us-west-2", "10.2.0.0/16"],
            ["ap-southeast-2", "10.3.0.0/16"],
            ["eu-central-1", "10.4.0.0/16"],
            ["mx-central-1", "10.5.0.0/16"],
        ];
        const { result, dir } = await preview(fork("acme-corp", "shop", regions));
        expect(result.outcomes.map((o) => `${o.stack}:${o.status}`).sort()).to.deep.equal(
            ["ap-southeast-2", "eu-central-1", "eu-west-1", "global", "mx-central-1", "us-east-1", "us-west-2"].map((s) => `${s}:ok`),
        );
        expect(result.exitCode).to.equal(0);
        const global = JSON.parse(readFileSync(join(dir, "out", "preview", "global.json"), "utf8"));
        expect(global.project).to.equal("shop");
        expect(global.outputs.originOrder).to.deep.equal(["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1", "mx-central-1"]);
        // Every pair of six regions is peered, every region replicates to the five others.
        expect(Object.keys(global.outputs.peeringConnectionIds)).to.have.length(15);
        expect(global.resources.filter((r: { type: string }) => r.type === "pulumi:pulumi:StackReference").map((r: { name: string }) => r.name).sort()).to.deep.equal(
            ["ap-southeast-2", "eu-central-1", "eu-west-1", "mx-central-1", "us-east-1", "us-west-2"].map((s) => `acme-corp/shop/${s}`),
        );
        expect(readdirSync(join(dir, "out", "preview")).sort()).to.deep.equal(
            ["ap-southeast-2", "eu-central-1", "eu-west-1", "global", "mx-central-1", "us-east-1", "us-west-2"].map((s) => `${s}.json`),
        );
    });

    for (const routingMode of ["active-passive", "active-active"]) {
        it(`domain mode, ${routingMode}, with a third region: every stack evaluates`, async () => {
            const files = fork("acme-corp", "platform", [["us-west-2", "10.2.0.0/16"]]);
            for (const region of ["us-east-1", "eu-west-1", "us-west-2"]) {
                files[`Pulumi.${region}.yaml`] = editConfig(files[`Pulumi.${region}.yaml`]!, {
                    "platform:loadBalancing": { domain: { domainName: `${region}.origin.app.example.com`, certificateArn: `arn:aws:acm:${region}:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000` } },
                    "platform:originVerifySecret": "a-shared-secret-of-the-fork-0123",
                });
            }
            files["Pulumi.global.yaml"] = editConfig(files["Pulumi.global.yaml"]!, { "platform:domain": { hostedZoneId: "Z0123456789ABCDEFGHIJ", domainName: "app.example.com" }, "platform:routingMode": routingMode });
            const { result } = await preview(files);
            expect(status(result)).to.deep.equal({ "eu-west-1": "ok", "us-east-1": "ok", "us-west-2": "ok", global: "ok" });
        });
    }
});

/** One bad input: how to break the files, and what is said. */
interface BadInput {
    readonly title: string;
    readonly edit: (files: Files) => void;
    /** Stack → its status and a part of its error that names the file, key, value and what is allowed. */
    readonly expect: Record<string, [string, string?]>;
    readonly warning?: string;
}

const set = (name: string, edits: Record<string, unknown>) => (files: Files) => (files[name] = editConfig(files[name]!, edits));

const BAD_INPUTS: readonly BadInput[] = [
    {
        title: "a YAML syntax error names the file, line and column; the other stacks are still evaluated",
        edit: (f) => (f["Pulumi.eu-west-1.yaml"] = f["Pulumi.eu-west-1.yaml"]!.replace("  platform:role: regional", "  platform:role: [regional")),
        expect: { "eu-west-1": ["failed", "Pulumi.eu-west-1.yaml:8:3: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]"], "us-east-1": ["ok"], global: ["skipped", "skipped: regional stack(s) eu-west-1 failed"] },
    },
    { title: "an empty stack file", edit: (f) => (f["Pulumi.us-east-1.yaml"] = ""), expect: { "us-east-1": ["failed", "Pulumi.us-east-1.yaml: the file is empty; expected a top-level `config:` mapping"], "eu-west-1": ["ok"], global: ["skipped"] } },
    {
        title: "a misspelt top-level config:",
        edit: (f) => (f["Pulumi.us-east-1.yaml"] = f["Pulumi.us-east-1.yaml"]!.replace(/^config:/m, "confg:")),
        expect: { "us-east-1": ["failed", 'Pulumi.us-east-1.yaml: unknown top-level key "confg"; allowed: config, secretsprovider, encryptedkey, encryptionsalt, environment'] },
    },
    { title: "a key in an unknown namespace", edit: set("Pulumi.us-east-1.yaml", { "platfrom:service": { desiredCount: 3 } }), expect: { "us-east-1": ["failed", 'platfrom:service: unknown config namespace "platfrom"; expected platform:service'] } },
    { title: "the retired failoverPriority", edit: set("Pulumi.us-east-1.yaml", { "platform:failoverPriority": 1 }), expect: { "us-east-1": ["failed", "(Pulumi.us-east-1.yaml):\n  - failoverPriority: no longer a setting"] } },
    {
        title: "two regional stacks with overlapping VPC CIDRs, caught by the regional stacks themselves",
        edit: set("Pulumi.eu-west-1.yaml", { "platform:network": { cidrBlock: "10.0.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] } }),
        expect: {
            "eu-west-1": ["failed", "platform:network.cidrBlock 10.0.0.0/16 overlaps 10.0.0.0/16 of us-east-1"],
            "us-east-1": ["failed", "platform:network.cidrBlock 10.0.0.0/16 overlaps 10.0.0.0/16 of eu-west-1"],
            global: ["skipped"],
        },
    },
    {
        title: "two regional stacks in one region",
        edit: (f) => (f["Pulumi.eu-west-9.yaml"] = editConfig(f["Pulumi.eu-west-1.yaml"]!, { "platform:network": { cidrBlock: "10.9.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] } })),
        expect: { "eu-west-9": ["failed", "platform:region eu-west-1 is also the region of eu-west-1"], "eu-west-1": ["failed", "platform:region eu-west-1 is also the region of eu-west-9"] },
    },
    {
        title: "a regional stack the global stack does not list: a loud warning, nothing fails",
        edit: (f) => (f["Pulumi.us-west-2.yaml"] = regionalFile(f, "us-west-2", "10.2.0.0/16")),
        expect: { "us-west-2": ["ok"], global: ["ok"] },
        warning: "regional stack us-west-2 is not in platform:regionalStacks of global: it gets no CloudFront origin, no replication, no VPC peering and no health check until it is listed",
    },
    {
        title: "a listed regional stack without a file",
        edit: set("Pulumi.global.yaml", { "platform:regionalStacks": ["organization/platform/us-east-1", "organization/platform/eu-west-1", "organization/platform/us-west-2"] }),
        expect: { global: ["failed", 'platform:regionalStacks lists "organization/platform/us-west-2", but there is no Pulumi.us-west-2.yaml'] },
    },
    {
        title: "a listed stack of another project",
        edit: set("Pulumi.global.yaml", { "platform:regionalStacks": ["organization/platfrom/us-east-1", "organization/platform/eu-west-1"] }),
        expect: { global: ["failed", 'names project "platfrom", but this project is "platform" (Pulumi.yaml name); expected "organization/platform/us-east-1"'] },
    },
    { title: "an unknown region", edit: set("Pulumi.us-east-1.yaml", { "platform:region": "us-esat-1" }), expect: { "us-east-1": ["failed", 'region: expected a known AWS region ('] } },
    { title: "an AZ of another region", edit: set("Pulumi.us-east-1.yaml", { "platform:network": { cidrBlock: "10.0.0.0/16", availabilityZones: ["us-east-1a", "eu-west-1b"] } }), expect: { "us-east-1": ["failed", 'network.availabilityZones.1: expected an availability zone of us-east-1'] } },
    { title: "a VPC CIDR that is not a network address", edit: set("Pulumi.us-east-1.yaml", { "platform:network": { cidrBlock: "10.0.1.0/16", availabilityZones: ["us-east-1a", "us-east-1b"] } }), expect: { "us-east-1": ["failed", 'network.cidrBlock: expected the network address 10.0.0.0/16: host bits are set, got "10.0.1.0/16"'] } },
    { title: "five AZs in the default AZ blocks", edit: set("Pulumi.us-east-1.yaml", { "platform:network": { cidrBlock: "10.0.0.0/16", availabilityZones: ["a", "b", "c", "d", "e"].map((z) => `us-east-1${z}`) } }), expect: { "us-east-1": ["failed", "availabilityZones: 5 AZs need 5 blocks of /18, but 10.0.0.0/16 holds 4"] } },
    { title: "a desired count of one task", edit: set("Pulumi.us-east-1.yaml", { "platform:service": { desiredCount: 1 } }), expect: { "us-east-1": ["failed", "service.desiredCount: expected a number >= 2, got 1"] } },
    { title: "a misspelt nested key", edit: set("Pulumi.us-east-1.yaml", { "platform:storage": { noncurrentVersionExpiryDays: 30 } }), expect: { "us-east-1": ["failed", "storage.noncurrentVersionExpiryDays: unknown key"] } },
    { title: "a string where a number goes", edit: set("Pulumi.us-east-1.yaml", { "platform:storage": { noncurrentVersionExpirationDays: "90" } }), expect: { "us-east-1": ["failed", 'storage.noncurrentVersionExpirationDays: expected number, got "90"'] } },
    { title: "a short origin-verify secret, never echoed", edit: set("Pulumi.us-east-1.yaml", { "platform:originVerifySecret": "short" }), expect: { "us-east-1": ["failed", 'originVerifySecret: expected a string of length >= 16, got "[secret]"'] } },
    { title: "an unknown role", edit: set("Pulumi.us-east-1.yaml", { "platform:role": "edge" }), expect: { "us-east-1": ["failed", 'Pulumi.us-east-1.yaml: platform:role: expected "regional" | "global", got "edge"'] } },
    { title: "an activeRegion no regional stack serves", edit: set("Pulumi.global.yaml", { "platform:activeRegion": "us-west-2" }), expect: { global: ["failed", 'activeRegion: expected one of the regional stacks\' regions (us-east-1, eu-west-1), got "us-west-2"'] } },
    { title: "a regional stack listed twice", edit: set("Pulumi.global.yaml", { "platform:regionalStacks": ["organization/platform/us-east-1", "organization/platform/us-east-1"] }), expect: { global: ["failed", "regionalStacks.1: expected each regional stack once, listed twice"] } },
    { title: "an unknown routing mode", edit: set("Pulumi.global.yaml", { "platform:routingMode": "round-robin" }), expect: { global: ["failed", 'routingMode: expected "active-passive" | "active-active", got "round-robin"'] } },
    { title: "a health-check interval Route 53 does not offer", edit: set("Pulumi.global.yaml", { "platform:healthCheck": { requestIntervalSeconds: 15 } }), expect: { global: ["failed", "healthCheck.requestIntervalSeconds: expected 10 | 30, got 15"] } },
    { title: "a write path pattern that matches every path", edit: set("Pulumi.global.yaml", { "platform:edge": { writePathPatterns: ["*"] } }), expect: { global: ["failed", "edge.writePathPatterns"] } },
    {
        title: "domain mode over evaluation-mode regions",
        edit: set("Pulumi.global.yaml", { "platform:domain": { hostedZoneId: "Z0123456789ABCDEFGHIJ", domainName: "app.example.com" } }),
        expect: { global: ["failed", "domain: domain mode needs HTTPS origins, but organization/platform/us-east-1 serves http"] },
    },
    {
        title: "an origin-verify header name ALB cannot match",
        edit: set("Pulumi.us-east-1.yaml", { "platform:loadBalancing": { originVerifyHeaderName: "X Origin" } }),
        expect: { "us-east-1": ["failed", 'loadBalancing.originVerifyHeaderName: expected an HTTP header name, got "X Origin"'] },
    },
];

describe("a fork's bad inputs: file, key, value and what is allowed", function () {
    this.timeout(120_000);
    after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

    it(`covers at least 25 cases`, () => expect(BAD_INPUTS.length).to.be.at.least(25));

    for (const bad of BAD_INPUTS) {
        it(bad.title, async () => {
            const files = shippedFiles();
            bad.edit(files);
            const { result, log } = await preview(files);
            for (const [stack, [state, message]] of Object.entries(bad.expect)) {
                expect(status(result)[stack], `${stack}: ${errorOf(result, stack) ?? ""}`).to.equal(state);
                if (message) expect(errorOf(result, stack), stack).to.contain(message);
            }
            expect(result.exitCode).to.equal(bad.warning ? 0 : 1);
            if (bad.warning) expect(log.some((l) => l.includes(bad.warning!)), log.join("\n")).to.equal(true);
            // No stack trace reaches the user.
            for (const o of result.outcomes) expect(o.error ?? "", o.stack).to.not.match(/\n\s+at /);
        });
    }

    it("a Pulumi.yaml that is not YAML is refused before anything runs, naming the file, line and column", async () => {
        const files = shippedFiles();
        files["Pulumi.yaml"] = "name: platform\nruntime: [nodejs\n";
        let error: Error | undefined;
        await preview(files).catch((e: Error) => (error = e));
        expect(error?.message).to.match(/Pulumi\.yaml:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a \]$/);
    });

    it("a Pulumi.yaml without a name", async () => {
        const files = shippedFiles();
        files["Pulumi.yaml"] = "runtime: nodejs\n";
        let error: Error | undefined;
        await preview(files).catch((e: Error) => (error = e));
        expect(error?.message).to.match(/Pulumi\.yaml: name: expected a project name \(letters, digits, _ \. -\), got undefined$/);
    });
});

