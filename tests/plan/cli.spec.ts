/**
 * `npm run plan` end to end: the real git worktree of a ref, a saved preview folder, the exit
 * codes and the JSON it writes.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPlanCommand } from "../../plan/cli";
import { runPreview } from "../../preview/run";
import { readStackConfigFiles } from "../../stacks/config/files";
import { PROJECT_DIR } from "../support/stacks";

async function plan(args: string[], cwd = PROJECT_DIR): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await runPlanCommand(
        args,
        PROJECT_DIR,
        cwd,
        (s) => (out += s),
        (s) => (err += s),
    );
    return { code, out, err };
}

/** The project's stacks in the order the plan lists them: regional ones by name, then the global one. */
const STACKS = (() => {
    const files = readStackConfigFiles(PROJECT_DIR);
    return [
        ...files.filter((f) => f.config["platform:role"] === "regional"),
        ...files.filter((f) => f.config["platform:role"] === "global"),
    ].map((f) => f.stack);
})();

describe("plan/cli (npm run plan)", function () {
    this.timeout(120_000);
    const dirs: string[] = [];
    const temp = () => {
        const d = mkdtempSync(join(tmpdir(), "platform-plan-test-"));
        dirs.push(d);
        return d;
    };
    after(() => {
        for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    let saved: string;
    before(async () => {
        const out = temp();
        await runPreview({ projectDir: PROJECT_DIR, outDir: out });
        saved = join(out, "preview");
    });

    it("against a saved preview of the same tree: every step same, exit 0, JSON exactly { base, stacks: [{ stack, steps, problems }] }", async () => {
        const json = join(temp(), "plan.json");
        const r = await plan(["--base-dir", saved, "--json", json]);
        expect(r.code, r.err).to.equal(0);
        const doc = JSON.parse(readFileSync(json, "utf8"));
        expect(Object.keys(doc)).to.deep.equal(["base", "stacks"]);
        expect(doc.base).to.equal(saved);
        expect(doc.stacks.map((s: { stack: string }) => s.stack)).to.deep.equal(STACKS);
        for (const s of doc.stacks) {
            expect(Object.keys(s)).to.deep.equal(["stack", "steps", "problems"]);
            expect(s.problems).to.deep.equal([]);
            for (const step of s.steps) {
                expect(Object.keys(step)).to.deep.equal(["urn", "type", "op", "diffs", "protect"]);
                expect(step.op, step.urn).to.equal("same");
            }
        }
        expect(r.out).to.match(/^stack +same +create +update +replace +delete +mandatory +advisory$/m);
        for (const stack of STACKS) expect(r.out).to.match(new RegExp(`^${stack} +\\d+ +0 +0 +0 +0 +0 +0$`, "m"));
        expect(r.out).to.contain("no mandatory problem -> PASS");
    });

    it("a component holding protected resources renamed without an alias exits 1, naming each protected resource", async () => {
        // The base had the storage tier under the name "store": to the engine, the working tree renames it.
        const base = temp();
        for (const f of readdirSync(saved)) {
            const text = readFileSync(join(saved, f), "utf8").replace(/::storage(?=[-"])/g, "::store");
            writeFileSync(join(base, f), text);
        }
        const json = join(temp(), "plan.json");
        const r = await plan(["--base-dir", base, "--stacks", "us-east-1", "--json", json]);
        expect(r.code).to.equal(1);
        const doc = JSON.parse(readFileSync(json, "utf8"));
        expect(doc.stacks.map((s: { stack: string }) => s.stack)).to.deep.equal(["us-east-1"]);
        const mandatory = doc.stacks[0].problems.filter((p: { level: string }) => p.level === "mandatory");
        expect(mandatory.map((p: { urn: string }) => p.urn).sort()).to.deep.equal([
            "urn:pulumi:us-east-1::platform::platform:storage:SecureBucket$aws:s3/bucket:Bucket::store-data",
            "urn:pulumi:us-east-1::platform::platform:storage:Storage$aws:kms/key:Key::store-data",
        ]);
        expect(mandatory.map((p: { message: string }) => p.message)).to.include(
            'aws:kms/key:Key store-data is protected, so pulumi up refuses to delete it (if it was renamed or moved, give the new declaration aliases: ["urn:pulumi:us-east-1::platform::platform:storage:Storage$aws:kms/key:Key::store-data"]); to delete it on purpose, unprotect it first',
        );
        expect(r.out).to.contain("2 mandatory problem(s) -> FAIL");
    });

    it("against a git ref: previews the ref in a temporary worktree with its own npm start and removes the worktree", async () => {
        const before = spawnSync("git", ["worktree", "list"], { cwd: PROJECT_DIR, encoding: "utf8" }).stdout;
        const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: PROJECT_DIR, encoding: "utf8" }).stdout.trim();
        const r = await plan(["--base", "HEAD"]);
        expect(r.out.split("\n")[0]).to.equal(`change plan against HEAD (${head.slice(0, 12)})`);
        expect(spawnSync("git", ["worktree", "list"], { cwd: PROJECT_DIR, encoding: "utf8" }).stdout).to.equal(before);
        // On a clean checkout (CI) the working tree is HEAD: nothing moves.
        const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], {
            cwd: PROJECT_DIR,
            encoding: "utf8",
        }).stdout.trim();
        if (dirty === "") {
            expect(r.code, r.out + r.err).to.equal(0);
            expect(r.out).to.match(/== global: 0 create, 0 update, 0 replace, 0 delete, \d+ same/);
        }
    });

    const usage: [string, string[], RegExp][] = [
        ["no base", [], /^give exactly one of --base <git-ref> and --base-dir DIR/],
        ["both bases", ["--base", "HEAD", "--base-dir", "x"], /^give exactly one of --base <git-ref> and --base-dir DIR/],
        ["an unknown option", ["--bsae", "HEAD"], /Unknown option '--bsae'/],
        [
            "a ref that is not a commit",
            ["--base", "no-such-ref-xyz"],
            /^--base: "no-such-ref-xyz" is not a commit of this repository \(expected a branch, tag or commit/,
        ],
        ["a folder that is not a preview", ["--base-dir", "/nonexistent-plan-dir"], /^--base-dir: \/nonexistent-plan-dir: no such folder/],
    ];
    for (const [title, args, message] of usage) {
        it(`exits 2 on ${title}, saying what is wrong`, async () => {
            const r = await plan(args);
            expect(r.code).to.equal(2);
            expect(r.err).to.match(message);
        });
    }

    it("exits 2 on an unknown --stacks name, listing the known ones", async () => {
        const r = await plan(["--base-dir", saved, "--stacks", "mars-1"]);
        expect(r.code).to.equal(2);
        expect(r.err).to.equal(`--stacks: unknown stack(s) mars-1; known: ${STACKS.join(", ")}\n`);
    });

    it("resolves --base-dir and --json from the directory the user ran npm in", async () => {
        const cwd = join(saved, "..");
        const r = await plan(["--base-dir", "preview", "--json", "plan.json"], cwd);
        expect(r.code, r.err).to.equal(0);
        expect(JSON.parse(readFileSync(join(cwd, "plan.json"), "utf8")).base).to.equal("preview");
    });
});
