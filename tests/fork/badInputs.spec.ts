/**
 * A fork's bad inputs: each fails with the file, the key, the value and what is allowed (or
 * warns, where stated), no stack trace reaches the user, and the other stacks are still evaluated.
 */
import { expect } from "chai";
import { editConfig, errorOf, type Files, preview, regionalFile, removePreviewDirs, shippedFiles, status } from "./support";

/** One bad input: how to break the files, and what is said. */
interface BadInput {
    readonly title: string;
    readonly edit: (files: Files) => void;
    /** Stack → its status and a part of its error that names the file, key, value and what is allowed. */
    readonly expect: Record<string, [string, string?]>;
    readonly warning?: string;
    /**
     * Evaluate only these stacks: a mistake in one regional stack's own file needs no other stack
     * (the cases that prove the others are still evaluated leave it out). @default every stack
     */
    readonly only?: readonly string[];
}

const set = (name: string, edits: Record<string, unknown>) => (files: Files) => (files[name] = editConfig(files[name]!, edits));

const BAD_INPUTS: readonly BadInput[] = [
    {
        title: "a YAML syntax error names the file, line and column; the other stacks are still evaluated",
        edit: (f) =>
            (f["Pulumi.eu-west-1.yaml"] = f["Pulumi.eu-west-1.yaml"]!.replace("  platform:role: regional", "  platform:role: [regional")),
        expect: {
            "eu-west-1": [
                "failed",
                "Pulumi.eu-west-1.yaml:8:3: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
            ],
            "us-east-1": ["ok"],
            global: ["skipped", "skipped: regional stack(s) eu-west-1 failed"],
        },
    },
    {
        title: "an empty stack file",
        edit: (f) => (f["Pulumi.us-east-1.yaml"] = ""),
        expect: {
            "us-east-1": ["failed", "Pulumi.us-east-1.yaml: the file is empty; expected a top-level `config:` mapping"],
            "eu-west-1": ["ok"],
            global: ["skipped"],
        },
    },
    {
        title: "a misspelt top-level config:",
        edit: (f) => (f["Pulumi.us-east-1.yaml"] = f["Pulumi.us-east-1.yaml"]!.replace(/^config:/m, "confg:")),
        only: ["us-east-1"],
        expect: {
            "us-east-1": [
                "failed",
                'Pulumi.us-east-1.yaml: unknown top-level key "confg"; allowed: config, secretsprovider, encryptedkey, encryptionsalt, environment',
            ],
        },
    },
    {
        title: "a key in an unknown namespace",
        edit: set("Pulumi.us-east-1.yaml", { "platfrom:service": { desiredCount: 3 } }),
        only: ["us-east-1"],
        expect: { "us-east-1": ["failed", 'platfrom:service: unknown config namespace "platfrom"; expected platform:service'] },
    },
    {
        title: "the retired failoverPriority",
        edit: set("Pulumi.us-east-1.yaml", { "platform:failoverPriority": 1 }),
        only: ["us-east-1"],
        expect: { "us-east-1": ["failed", "(Pulumi.us-east-1.yaml):\n  - failoverPriority: no longer a setting"] },
    },
    {
        title: "two regional stacks with overlapping VPC CIDRs, caught by the regional stacks themselves",
        edit: set("Pulumi.eu-west-1.yaml", {
            "platform:network": { cidrBlock: "10.0.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] },
        }),
        expect: {
            "eu-west-1": ["failed", "platform:network.cidrBlock 10.0.0.0/16 overlaps 10.0.0.0/16 of us-east-1"],
            "us-east-1": ["failed", "platform:network.cidrBlock 10.0.0.0/16 overlaps 10.0.0.0/16 of eu-west-1"],
            global: ["skipped"],
        },
    },
    {
        title: "two regional stacks in one region",
        edit: (f) =>
            (f["Pulumi.eu-west-9.yaml"] = editConfig(f["Pulumi.eu-west-1.yaml"]!, {
                "platform:network": { cidrBlock: "10.9.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] },
            })),
        expect: {
            "eu-west-9": ["failed", "platform:region eu-west-1 is also the region of eu-west-1"],
            "eu-west-1": ["failed", "platform:region eu-west-1 is also the region of eu-west-9"],
        },
    },
    {
        title: "a regional stack the global stack does not list: a loud warning, nothing fails",
        edit: (f) => (f["Pulumi.us-west-2.yaml"] = regionalFile(f, "us-west-2", "10.2.0.0/16")),
        expect: { "us-west-2": ["ok"], global: ["ok"] },
        warning:
            "regional stack us-west-2 is not in platform:regionalStacks of global: it gets no CloudFront origin, no replication, no VPC peering and no health check until it is listed",
    },
    {
        title: "a listed regional stack without a file",
        edit: set("Pulumi.global.yaml", {
            "platform:regionalStacks": [
                "organization/platform/us-east-1",
                "organization/platform/eu-west-1",
                "organization/platform/us-west-2",
            ],
        }),
        expect: {
            global: ["failed", 'platform:regionalStacks lists "organization/platform/us-west-2", but there is no Pulumi.us-west-2.yaml'],
        },
    },
    {
        title: "a listed stack of another project",
        edit: set("Pulumi.global.yaml", {
            "platform:regionalStacks": ["organization/platfrom/us-east-1", "organization/platform/eu-west-1"],
        }),
        expect: {
            global: [
                "failed",
                'names project "platfrom", but this project is "platform" (Pulumi.yaml name); expected "organization/platform/us-east-1"',
            ],
        },
    },
    {
        title: "an unknown region",
        edit: set("Pulumi.us-east-1.yaml", { "platform:region": "us-esat-1" }),
        only: ["us-east-1"],
        expect: { "us-east-1": ["failed", "region: expected a known AWS region ("] },
    },
    {
        title: "an AZ of another region",
        edit: set("Pulumi.us-east-1.yaml", {
            "platform:network": { cidrBlock: "10.0.0.0/16", availabilityZones: ["us-east-1a", "eu-west-1b"] },
        }),
        only: ["us-east-1"],
        expect: { "us-east-1": ["failed", "network.availabilityZones.1: expected an availability zone of us-east-1"] },
    },
    {
        title: "a VPC CIDR that is not a network address",
        edit: set("Pulumi.us-east-1.yaml", {
            "platform:network": { cidrBlock: "10.0.1.0/16", availabilityZones: ["us-east-1a", "us-east-1b"] },
        }),
        only: ["us-east-1"],
        expect: {
            "us-east-1": ["failed", 'network.cidrBlock: expected the network address 10.0.0.0/16: host bits are set, got "10.0.1.0/16"'],
        },
    },
    {
        title: "five AZs in the default AZ blocks",
        edit: set("Pulumi.us-east-1.yaml", {
            "platform:network": { cidrBlock: "10.0.0.0/16", availabilityZones: ["a", "b", "c", "d", "e"].map((z) => `us-east-1${z}`) },
        }),
        only: ["us-east-1"],
        expect: { "us-east-1": ["failed", "availabilityZones: 5 AZs need 5 blocks of /18, but 10.0.0.0/16 holds 4"] },
    },
    {
        title: "a desired count of one task",
        edit: set("Pulumi.us-east-1.yaml", { "platform:service": { desiredCount: 1 } }),
        only: ["us-east-1"],
        expect: { "us-east-1": ["failed", "service.desiredCount: expected a number >= 2, got 1"] },
    },
    {
        title: "a misspelt nested key",
        edit: set("Pulumi.us-east-1.yaml", { "platform:storage": { noncurrentVersionExpiryDays: 30 } }),
        only: ["us-east-1"],
        expect: { "us-east-1": ["failed", "storage.noncurrentVersionExpiryDays: unknown key"] },
    },
    {
        title: "a string where a number goes",
        edit: set("Pulumi.us-east-1.yaml", { "platform:storage": { noncurrentVersionExpirationDays: "90" } }),
        only: ["us-east-1"],
        expect: { "us-east-1": ["failed", 'storage.noncurrentVersionExpirationDays: expected number, got "90"'] },
    },
    {
        title: "a short origin-verify secret, never echoed",
        edit: set("Pulumi.us-east-1.yaml", { "platform:originVerifySecret": "short" }),
        only: ["us-east-1"],
        expect: { "us-east-1": ["failed", 'originVerifySecret: expected a string of length >= 16, got "[secret]"'] },
    },
    {
        title: "an unknown role",
        edit: set("Pulumi.us-east-1.yaml", { "platform:role": "edge" }),
        only: ["us-east-1"],
        expect: { "us-east-1": ["failed", 'Pulumi.us-east-1.yaml: platform:role: expected "regional" | "global", got "edge"'] },
    },
    {
        title: "an activeRegion no regional stack serves",
        edit: set("Pulumi.global.yaml", { "platform:activeRegion": "us-west-2" }),
        expect: {
            global: ["failed", 'activeRegion: expected one of the regional stacks\' regions (us-east-1, eu-west-1), got "us-west-2"'],
        },
    },
    {
        title: "a regional stack listed twice",
        edit: set("Pulumi.global.yaml", {
            "platform:regionalStacks": ["organization/platform/us-east-1", "organization/platform/us-east-1"],
        }),
        expect: { global: ["failed", "regionalStacks.1: expected each regional stack once, listed twice"] },
    },
    {
        title: "an unknown routing mode",
        edit: set("Pulumi.global.yaml", { "platform:routingMode": "round-robin" }),
        expect: { global: ["failed", 'routingMode: expected "active-passive" | "active-active", got "round-robin"'] },
    },
    {
        title: "a health-check interval Route 53 does not offer",
        edit: set("Pulumi.global.yaml", { "platform:healthCheck": { requestIntervalSeconds: 15 } }),
        expect: { global: ["failed", "healthCheck.requestIntervalSeconds: expected 10 | 30, got 15"] },
    },
    {
        title: "a write path pattern that matches every path",
        edit: set("Pulumi.global.yaml", { "platform:edge": { writePathPatterns: ["*"] } }),
        expect: { global: ["failed", "edge.writePathPatterns"] },
    },
    {
        title: "domain mode over evaluation-mode regions",
        edit: set("Pulumi.global.yaml", { "platform:domain": { hostedZoneId: "Z0123456789ABCDEFGHIJ", domainName: "app.example.com" } }),
        expect: { global: ["failed", "domain: domain mode needs HTTPS origins, but organization/platform/us-east-1 serves http"] },
    },
    {
        title: "an origin-verify header name ALB cannot match",
        edit: set("Pulumi.us-east-1.yaml", { "platform:loadBalancing": { originVerifyHeaderName: "X Origin" } }),
        only: ["us-east-1"],
        expect: {
            "us-east-1": [
                "failed",
                'loadBalancing.originVerifyHeaderName: expected a header name of at most 40 characters from A-Z a-z 0-9 and - that ALB header conditions can match and CloudFront may add (not Host, Via, Cookie, Connection, X-Amz-*, X-Edge-*, ...), got "X Origin"',
            ],
        },
    },
];

describe("a fork's bad inputs: file, key, value and what is allowed", function () {
    this.timeout(120_000);
    after(removePreviewDirs);

    it(`covers at least 25 cases`, () => expect(BAD_INPUTS.length).to.be.at.least(25));

    for (const bad of BAD_INPUTS) {
        it(bad.title, async () => {
            const files = shippedFiles();
            bad.edit(files);
            const { result, log } = await preview(files, bad.only);
            for (const [stack, [state, message]] of Object.entries(bad.expect)) {
                expect(status(result)[stack], `${stack}: ${errorOf(result, stack) ?? ""}`).to.equal(state);
                if (message) expect(errorOf(result, stack), stack).to.contain(message);
            }
            expect(result.exitCode).to.equal(bad.warning ? 0 : 1);
            if (bad.warning)
                expect(
                    log.some((l) => l.includes(bad.warning!)),
                    log.join("\n"),
                ).to.equal(true);
            // No stack trace reaches the user.
            for (const o of result.outcomes) expect(o.error ?? "", o.stack).to.not.match(/\n\s+at /);
        });
    }

    it("a Pulumi.yaml that is not YAML is refused before anything runs, naming the file, line and column", async () => {
        const files = shippedFiles();
        files["Pulumi.yaml"] = "name: platform\nruntime: [nodejs\n";
        let error: Error | undefined;
        await preview(files).catch((e: Error) => (error = e));
        expect(error?.message).to.match(
            /Pulumi\.yaml:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a \]$/,
        );
    });

    it("a Pulumi.yaml without a name", async () => {
        const files = shippedFiles();
        files["Pulumi.yaml"] = "runtime: nodejs\n";
        let error: Error | undefined;
        await preview(files).catch((e: Error) => (error = e));
        expect(error?.message).to.match(/Pulumi\.yaml: name: expected a project name \(letters, digits, _ \. -\), got undefined$/);
    });
});
