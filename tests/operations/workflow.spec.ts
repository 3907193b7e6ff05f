import { validateWorkflow } from "@action-validator/core";
import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { PROJECT_DIR } from "../support/stacks";

const PATH = join(PROJECT_DIR, ".github", "workflows", "platform.yml");
const SOURCE = readFileSync(PATH, "utf8");

interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
}
interface Job {
    needs?: string | string[];
    if?: string;
    environment?: string;
    permissions?: Record<string, string>;
    concurrency?: { group: string; "cancel-in-progress"?: boolean };
    env?: Record<string, string>;
    steps: Step[];
}
const workflow = parse(SOURCE) as { on: Record<string, unknown>; permissions: unknown; jobs: Record<string, Job> };
const jobs = workflow.jobs;
const action = (step: Step) => step.uses?.split("@")[0];

/** The commit each action is pinned to (looked up in the actions' repositories, tag in the comment). */
const PINS: Record<string, [string, string]> = {
    "actions/checkout": ["11d5960a326750d5838078e36cf38b85af677262", "v4.4.0"],
    "actions/setup-node": ["49933ea5288caeca8642d1e84afbd3f7d6820020", "v4.4.0"],
    "aws-actions/configure-aws-credentials": ["7474bc4690e29a8392af63c5b98e7449536d5c3a", "v4.3.1"],
    "pulumi/actions": ["8582a9e8cc630786854029b4e09281acd6794b58", "v6.6.1"],
};
const pinned = (name: string) => `${name}@${PINS[name]![0]}`;
const stepsUsing = (job: Job, name: string) => job.steps.filter((s) => action(s) === name);
const jobsUsing = (name: string) => Object.entries(jobs).filter(([, job]) => stepsUsing(job, name).length > 0);

describe("CI workflow .github/workflows/platform.yml", () => {
    it("is a valid GitHub Actions workflow (action-validator, the workflow JSON schema)", () => {
        expect(validateWorkflow(SOURCE).errors).to.deep.equal([]);
    });

    it("the validator does reject a broken workflow (so the check above can fail)", () => {
        const broken = SOURCE.replace("    runs-on: ubuntu-latest\n", "    runs_on: ubuntu-latest\n");
        expect(broken).to.not.equal(SOURCE);
        expect(validateWorkflow(broken).errors).to.not.deep.equal([]);
    });

    it("runs on pull requests and on pushes to main", () => {
        expect(Object.keys(workflow.on).sort()).to.deep.equal(["pull_request", "push"]);
        expect(workflow.on["push"]).to.deep.equal({ branches: ["main"] });
        expect(workflow.permissions).to.deep.equal({});
    });

    it("stores no AWS keys: credentials come from OIDC role assumption only", () => {
        expect(SOURCE).to.not.match(/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-session-token/i);
        const awsJobs = jobsUsing("aws-actions/configure-aws-credentials");
        expect(awsJobs.map(([name]) => name).sort()).to.deep.equal(["deploy", "preview"]);
        for (const [name, job] of awsJobs) {
            expect(job.permissions?.["id-token"], name).to.equal("write");
            for (const step of stepsUsing(job, "aws-actions/configure-aws-credentials")) {
                expect(step.uses).to.equal(pinned("aws-actions/configure-aws-credentials"));
            }
        }
    });

    it("pull-request previews assume only the read-only preview role; the deploy role only in the production environment job", () => {
        const roles = Object.fromEntries(
            jobsUsing("aws-actions/configure-aws-credentials").map(([name, job]) => [
                name,
                stepsUsing(job, "aws-actions/configure-aws-credentials").map((s) => s.with?.["role-to-assume"]),
            ]),
        );
        expect(roles).to.deep.equal({ preview: ["${{ vars.AWS_PREVIEW_ROLE_ARN }}"], deploy: ["${{ vars.AWS_DEPLOY_ROLE_ARN }}"] });
        expect(jobs["preview"]!.environment).to.equal(undefined);
        expect(jobs["deploy"]!.environment).to.equal("production");
        // Named nowhere else: no other job can ask for it.
        expect(SOURCE.split("vars.AWS_DEPLOY_ROLE_ARN").length - 1).to.equal(1);
    });

    it("pins every action of a job that can mint cloud credentials to a full commit SHA, the tag in a comment", () => {
        const minting = Object.entries(jobs).filter(([, job]) => job.permissions?.["id-token"] === "write");
        expect(minting.map(([n]) => n).sort()).to.deep.equal(["deploy", "preview"]);
        for (const [name, job] of Object.entries(jobs)) {
            for (const step of job.steps.filter((s) => s.uses !== undefined)) {
                expect(step.uses, name).to.equal(pinned(action(step)!));
            }
        }
        const lines = SOURCE.split("\n").filter((l) => /^\s*- uses: /.test(l));
        expect(lines.length).to.be.greaterThan(0);
        for (const line of lines) {
            const [, name, sha, tag] = /uses: ([^@]+)@([0-9a-f]{40}) # (v[0-9.]+)$/.exec(line) ?? [];
            expect(PINS[name!], line).to.deep.equal([sha, tag]);
        }
    });

    it("the global stack's preview says so and skips when a regional stack it reads is not deployed yet", () => {
        const preview = jobs["preview"]!;
        const check = preview.steps.find((s) => (s as { id?: string }).id === "deployed")!;
        expect(check.run).to.contain('pulumi stack output region -s "${{ vars.PULUMI_ORG }}/$s"');
        expect(check.run).to.contain("not deployed yet (no outputs to read)");
        expect(check.run).to.contain('echo "::warning::$msg"');
        const run = stepsUsing(preview, "pulumi/actions").filter((s) => s.with?.["command"] === "preview");
        expect((run[0] as { if?: string }).if).to.equal("steps.deployed.outputs.missing == ''");
        const steps = preview.steps.map((s) => (s as { id?: string }).id ?? s.with?.["command"] ?? s.run ?? s.uses);
        expect(steps.indexOf("deployed")).to.be.within(0, steps.indexOf("preview"));
    });

    it("tests with Node 20, the npm cache and both lockfiles", () => {
        const test = jobs["test"]!;
        expect(test.steps.map((s) => s.uses ?? s.run)).to.deep.equal([
            pinned("actions/checkout"),
            pinned("actions/setup-node"),
            "npm ci",
            "npm ci --prefix policy-pack",
            "npm test",
        ]);
        for (const [name, job] of jobsUsing("actions/setup-node")) {
            const setup = stepsUsing(job, "actions/setup-node")[0]!;
            expect(setup.with?.["node-version"], name).to.equal(20);
            expect(setup.with?.["cache"], name).to.equal("npm");
        }
    });

    it("previews every stack of a listing job's matrix with the policy pack, on same-repository pull requests", () => {
        const preview = jobs["preview"]!;
        expect(preview.needs).to.deep.equal(["test", "stacks"]);
        expect(preview.if).to.contain("github.event_name == 'pull_request'");
        expect(preview.permissions).to.deep.equal({ "id-token": "write", contents: "read", "pull-requests": "write" });
        const run = stepsUsing(preview, "pulumi/actions").filter((s) => s.with?.["command"] === "preview");
        expect(run).to.have.length(1);
        expect(run[0]!.with).to.deep.include({
            command: "preview",
            "stack-name": "${{ vars.PULUMI_ORG }}/${{ matrix.stack }}",
            policyPacks: "policy-pack",
            policyPackConfigs: "${{ vars.POLICY_PACK_CONFIG || 'policy-pack/config/evaluation.json' }}",
        });
        expect(run[0]!.env).to.deep.equal({ PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" });
        // The pack is installed before the CLI runs it.
        const runs = preview.steps.map((s) => s.run ?? s.uses);
        expect(runs.indexOf("npm ci --prefix policy-pack")).to.be.within(0, runs.indexOf(pinned("pulumi/actions")));
        expect(existsSync(join(PROJECT_DIR, "policy-pack", "PulumiPolicy.yaml"))).to.equal(true);
    });

    it("passes the policy pack to every preview and up the workflow runs", () => {
        let guarded = 0;
        for (const job of Object.values(jobs)) {
            for (const step of job.steps) {
                const command = step.with?.["command"];
                if (action(step) === "pulumi/actions" && (command === "preview" || command === "up" || command === "update")) {
                    expect(step.with?.["policyPacks"]).to.equal("policy-pack");
                    expect(step.with?.["policyPackConfigs"]).to.match(/policy-pack\/config\/(evaluation|prod)\.json/);
                    guarded++;
                }
                // `npm run stacks` attaches the pack itself (tests/operations/orchestrator.spec.ts);
                // a bare `pulumi preview|up` would not.
                expect(step.run ?? "").to.not.match(/\bpulumi\s+(preview|up|update)\b/);
            }
        }
        expect(guarded).to.equal(1);
    });

    it("deploys from main through the orchestrator, in the production environment, one run at a time", () => {
        const deploy = jobs["deploy"]!;
        expect(deploy.if).to.equal("github.event_name == 'push' && github.ref == 'refs/heads/main'");
        expect(deploy.needs).to.equal("test");
        expect(deploy.environment).to.equal("production");
        expect(deploy.concurrency).to.deep.equal({ group: "platform-production", "cancel-in-progress": false });
        expect(deploy.permissions).to.deep.equal({ "id-token": "write", contents: "read" });
        expect(deploy.env).to.deep.equal({ PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" });
        const steps = deploy.steps.map((s) => s.run ?? s.uses);
        const install = steps.indexOf(pinned("pulumi/actions"));
        const up = steps.indexOf(
            `npm run stacks -- up --yes --policy-pack-config "\${{ vars.POLICY_PACK_CONFIG || 'policy-pack/config/evaluation.json' }}"`,
        );
        expect(install).to.be.greaterThan(-1);
        expect(up).to.be.greaterThan(install);
        expect(steps.indexOf("npm ci --prefix policy-pack")).to.be.within(0, up);
        // Installing the CLI only: no command on the deploy job's pulumi/actions step.
        expect(stepsUsing(deploy, "pulumi/actions")[0]!.with).to.equal(undefined);
    });

    it("plans every pull request offline against its base branch, posts the summary and fails on a mandatory problem, without cloud credentials", () => {
        const plan = jobs["plan"]!;
        expect(plan.if).to.equal("github.event_name == 'pull_request'");
        expect(plan.permissions).to.deep.equal({ contents: "read", "pull-requests": "write" });
        expect(stepsUsing(plan, "aws-actions/configure-aws-credentials")).to.deep.equal([]);
        expect(plan.steps[0]).to.deep.equal({ uses: pinned("actions/checkout"), with: { "fetch-depth": 0 } });
        const run = plan.steps.find((s) => s.run?.includes("npm run plan"))!.run!;
        expect(run).to.contain('npm run plan -- --base "origin/${{ github.base_ref }}" --markdown plan.md --json plan.json');
        // The summary is written whatever the plan's exit code, which is then the step's.
        expect(run.split("\n").filter(Boolean).slice(-3)).to.deep.equal(["code=$?", 'cat plan.md >> "$GITHUB_STEP_SUMMARY"', "exit $code"]);
        const comment = plan.steps.find((s) => s.run?.startsWith("gh pr comment"))!;
        expect((comment as Step & { if?: string }).if).to.contain("always()");
        expect(comment.env).to.deep.equal({ GH_TOKEN: "${{ secrets.GITHUB_TOKEN }}" });
        const runs = plan.steps.map((s) => s.run ?? s.uses);
        expect(runs.indexOf("npm ci --prefix policy-pack")).to.be.within(0, runs.indexOf(run));
    });

    it("lists the stacks from the Pulumi.<stack>.yaml files instead of a hard-coded matrix", () => {
        const list = jobs["stacks"]!.steps.find((s) => s.run !== undefined)!.run!;
        expect(list).to.contain("ls Pulumi.*.yaml");
        expect(SOURCE).to.contain("stack: ${{ fromJSON(needs.stacks.outputs.names) }}");
    });
});
