/**
 * The offline preview end to end, on the shipped stack configs and on variations of them
 * written to a temporary project folder (the program code is the repository's).
 */
import { expect } from "chai";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { renderSummary } from "../../preview/summary";
import { acquireOutputLock, OUTPUT_LOCK, runPreview, writeFileAtomically } from "../../preview/run";
import { baselineFiles, PROJECT_DIR } from "../support/stacks";

/** A project folder with the two-region baseline's stack files (edited by `edit`) and the repository's program. */
function tempProject(edit: (stack: string, config: Record<string, unknown>) => void = () => undefined): string {
    const dir = mkdtempSync(join(tmpdir(), "platform-preview-"));
    copyFileSync(join(PROJECT_DIR, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
    for (const file of baselineFiles()) {
        const config: Record<string, unknown> = Object.fromEntries(
            Object.entries(file.config).map(([k, v]) => {
                try {
                    return [k, JSON.parse(v)];
                } catch {
                    return [k, v];
                }
            }),
        );
        edit(file.stack, config);
        writeFileSync(join(dir, `Pulumi.${file.stack}.yaml`), stringify({ config }));
    }
    return dir;
}

describe("preview/run (npm start)", function () {
    this.timeout(60_000);
    const dirs: string[] = [];
    after(() => {
        for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    it("evaluates the three shipped stacks, regional first, and writes every artifact", async () => {
        const dir = tempProject();
        dirs.push(dir);
        const lines: string[] = [];
        const result = await runPreview({ projectDir: dir, log: (l) => lines.push(l) });
        expect(result.outcomes.map((o) => `${o.stack}:${o.role}:${o.status}`)).to.deep.equal([
            "eu-west-1:regional:ok",
            "us-east-1:regional:ok",
            "global:global:ok",
        ]);
        expect(result.exitCode).to.equal(0);
        expect(result.files).to.deep.equal([
            join("preview", "eu-west-1.json"),
            join("preview", "us-east-1.json"),
            join("preview", "global.json"),
            "architecture.md",
            "resilience.json",
            "resilience.md",
        ]);
        expect(lines[0]).to.equal("evaluating 2 regional stack(s) concurrently: eu-west-1, us-east-1");

        const doc = JSON.parse(readFileSync(join(dir, "out", "preview", "us-east-1.json"), "utf8"));
        expect(Object.keys(doc)).to.deep.equal(["stack", "project", "config", "outputs", "resources", "violations"]);
        expect(doc.stack).to.equal("us-east-1");
        expect(doc.project).to.equal("platform");
        const shape = ["urn", "type", "name", "custom", "parent", "provider", "inputs", "outputs", "dependencies", "propertyDependencies"];
        // Written only when set, as in a checkpoint: what the engine (and npm run plan) needs to plan an update.
        const optional = ["protect", "retainOnDelete", "aliases", "ignoreChanges", "replaceOnChanges", "deleteBeforeReplace"];
        for (const r of doc.resources) {
            expect(
                Object.keys(r).filter((k) => !optional.includes(k)),
                r.urn,
            ).to.deep.equal(shape);
            expect(
                Object.keys(r).filter((k) => optional.includes(k)),
                r.urn,
            ).to.deep.equal(optional.filter((k) => k in r));
        }
        expect(doc.resources[0].parent).to.equal(null);
        expect(doc.outputs.originVerifySecret).to.equal("[secret]");
    });

    it("never writes the origin-verify secret in clear", async () => {
        const dir = tempProject();
        dirs.push(dir);
        await runPreview({ projectDir: dir });
        for (const file of ["us-east-1.json", "eu-west-1.json", "global.json"]) {
            expect(readFileSync(join(dir, "out", "preview", file), "utf8"), file).to.not.match(/simulated-[0-9a-f]{8,}/);
        }
    });

    it("under config/prod.json the shipped (evaluation-mode) stacks break only the domain-mode controls and the unsubscribed alert topics", async () => {
        const dir = tempProject();
        dirs.push(dir);
        const result = await runPreview({ projectDir: dir, policyConfigPath: join(PROJECT_DIR, "policy-pack", "config", "prod.json") });
        const mandatory = result.outcomes.flatMap((o) =>
            o.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${o.stack} ${v.policyName}: ${v.message}`),
        );
        // The shipped stacks subscribe nobody: under prod.json that is mandatory (issue 15 item 5).
        const alarms = (names: string) =>
            names
                .split(" ")
                .map((n) => JSON.stringify(n))
                .join(", ");
        const regional = alarms(
            "ops-replication-latency ops-replication-failures ops-waf-blocked ops-elb-5xx ops-target-5xx ops-unhealthy-hosts ops-no-healthy-hosts ops-latency-p99 ops-running-tasks ops-cpu-high ops-memory-high ops-region-unhealthy",
        );
        const nobody = (topic: string, by: string) =>
            `sns-alarm-topics-subscribed: Topic "${topic}" is an alarm action of ${by} but has no TopicSubscription in this stack: those alarms notify nobody.`;
        expect(mandatory.filter((m) => m.includes("sns-alarm-topics-subscribed"))).to.deep.equal([
            `eu-west-1 ${nobody("ops-alerts", regional)}`,
            `us-east-1 ${nobody("ops-alerts", regional)}`,
            `global ${nobody("alerts-us-east-1", alarms("health-us-east-1 health-eu-west-1 probe-eu-west-1"))}`,
            `global ${nobody("alerts-eu-west-1", alarms("probe-us-east-1"))}`,
        ]);
        // ELB.1 (no HTTPS listener to redirect to), CloudFront.7/.8/.15 (default certificate), CloudFront.9/.10 (HTTP to the ALBs).
        expect(mandatory.filter((m) => !m.includes("sns-alarm-topics-subscribed"))).to.deep.equal([
            'eu-west-1 alb-http-listener-redirects-to-https: HTTP listener default action is "fixed-response"; expected a redirect to HTTPS.',
            'us-east-1 alb-http-listener-redirects-to-https: HTTP listener default action is "fixed-response"; expected a redirect to HTTPS.',
            "global cloudfront-custom-certificate-tls: viewerCertificate uses the CloudFront default certificate; expected a custom certificate.",
            'global cloudfront-origin-https-tls12: Origin origin-us-east-1 originProtocolPolicy is "http-only"; expected "https-only".',
            'global cloudfront-origin-https-tls12: Origin origin-eu-west-1 originProtocolPolicy is "http-only"; expected "https-only".',
        ]);
        expect(result.outcomes.flatMap((o) => o.violations.filter((v) => v.enforcementLevel !== "mandatory"))).to.deep.equal([]);
    });

    it("exits 1 when a config breaks a mandatory rule, naming the policy", async () => {
        const dir = tempProject((stack, config) => {
            if (stack === "eu-west-1") config["platform:loadBalancing"] = { deletionProtection: false };
        });
        dirs.push(dir);
        const result = await runPreview({ projectDir: dir });
        expect(result.exitCode).to.equal(1);
        const eu = result.outcomes.find((o) => o.stack === "eu-west-1")!;
        expect(eu.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName)).to.deep.equal([
            "alb-deletion-protection-enabled",
        ]);
    });

    it("reports a broken stack by name, keeps the other's results and skips global", async () => {
        const dir = tempProject((stack, config) => {
            if (stack === "us-east-1") config["platform:network"] = { cidrBlock: "10.0.0.0/16", availabilityZones: ["us-east-1a"] };
        });
        dirs.push(dir);
        const result = await runPreview({ projectDir: dir });
        expect(result.exitCode).to.equal(1);
        const byStack = Object.fromEntries(result.outcomes.map((o) => [o.stack, o]));
        expect(byStack["us-east-1"]!.status).to.equal("failed");
        expect(byStack["us-east-1"]!.error).to.contain('network.availabilityZones: expected at least 2, got 1 (["us-east-1a"])');
        expect(byStack["eu-west-1"]!.status).to.equal("ok");
        expect(byStack["global"]!.status).to.equal("skipped");
        expect(byStack["global"]!.error).to.equal("skipped: regional stack(s) us-east-1 failed, so their outputs are unknown");
    });
});

describe("preview/run: outputs that cannot lie", function () {
    this.timeout(60_000);
    const dirs: string[] = [];
    after(() => {
        for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });
    const project = () => {
        const dir = tempProject();
        dirs.push(dir);
        return dir;
    };

    it("a run over some stacks removes the files of the others, so out/preview holds exactly this run's stacks", async () => {
        const dir = project();
        await runPreview({ projectDir: dir });
        const result = await runPreview({ projectDir: dir, stacks: ["eu-west-1"] });
        expect(readdirSync(join(dir, "out", "preview")).sort()).to.deep.equal(["eu-west-1.json"]);
        expect(result.removed).to.deep.equal([join("preview", "global.json"), join("preview", "us-east-1.json")].sort());
    });

    it("a stack that failed leaves no file of an earlier run behind", async () => {
        const dir = project();
        await runPreview({ projectDir: dir });
        writeFileSync(
            join(dir, "Pulumi.us-east-1.yaml"),
            readFileSync(join(dir, "Pulumi.us-east-1.yaml"), "utf8").replace("cidrBlock: 10.0.0.0/16", "cidrBlock: 10.0.0.0/33"),
        );
        const result = await runPreview({ projectDir: dir });
        expect(result.exitCode).to.equal(1);
        expect(readdirSync(join(dir, "out", "preview")).sort()).to.deep.equal(["eu-west-1.json"]);
        expect(result.removed).to.include.members([join("preview", "us-east-1.json"), join("preview", "global.json")]);
    });

    it("refuses a second run on the same output folder while the first holds it, and takes over a lock whose process is gone", async () => {
        const dir = project();
        const out = join(dir, "out");
        const lock = acquireOutputLock(out);
        try {
            let error: Error | undefined;
            await runPreview({ projectDir: dir }).catch((e: Error) => (error = e));
            expect(error?.message).to.equal(
                `${out} is in use by another preview (process ${process.pid}): wait for it to finish, or use --out DIR for a separate folder`,
            );
        } finally {
            lock.release();
        }
        writeFileSync(join(out, OUTPUT_LOCK), "999999999\n"); // no such process
        expect((await runPreview({ projectDir: dir })).exitCode).to.equal(0);
        expect(readdirSync(out)).to.not.include(OUTPUT_LOCK);
    });

    it("on a write error still returns every stack's outcome, the files written before it and the error; exit 1", async () => {
        const dir = project();
        mkdirSync(join(dir, "out", "architecture.md"), { recursive: true }); // a folder where a file must go
        const result = await runPreview({ projectDir: dir });
        expect(result.outcomes.map((o) => o.status)).to.deep.equal(["ok", "ok", "ok"]);
        expect(result.files).to.deep.equal([
            join("preview", "eu-west-1.json"),
            join("preview", "us-east-1.json"),
            join("preview", "global.json"),
        ]);
        expect(result.writeError).to.match(/^cannot write .*out: (EISDIR|ENOTEMPTY|EEXIST)/);
        expect(result.exitCode).to.equal(1);
        const summary = renderSummary(result, "out", 1000);
        expect(summary).to.contain("wrote out/preview/eu-west-1.json, out/preview/us-east-1.json, out/preview/global.json");
        expect(summary).to.contain(`error: ${result.writeError}; the files not listed above were not written`);
    });

    it("writes through a temporary file and a rename: no partial file is ever at the final path", () => {
        const dir = project();
        const path = join(dir, "x.json");
        writeFileAtomically(path, "old");
        expect(() => writeFileAtomically(join(dir, "missing-folder", "x.json"), "new")).to.throw(/ENOENT/);
        writeFileAtomically(path, "new");
        expect(readFileSync(path, "utf8")).to.equal("new");
        expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).to.deep.equal([]);
    });
});
