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
                expect(step.uses).to.equal("aws-actions/configure-aws-credentials@v4");
                expect(step.with?.["role-to-assume"]).to.equal("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
            }
        }
    });

    it("tests with Node 20, the npm cache and both lockfiles", () => {
        const test = jobs["test"]!;
        expect(test.steps.map((s) => s.uses ?? s.run)).to.deep.equal([
            "actions/checkout@v4",
            "actions/setup-node@v4",
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
        const run = stepsUsing(preview, "pulumi/actions");
        expect(run).to.have.length(1);
        expect(run[0]!.uses).to.equal("pulumi/actions@v6");
        expect(run[0]!.with).to.deep.include({
            command: "preview",
            "stack-name": "${{ vars.PULUMI_ORG }}/${{ matrix.stack }}",
            policyPacks: "policy-pack",
            policyPackConfigs: "${{ vars.POLICY_PACK_CONFIG || 'policy-pack/config/evaluation.json' }}",
        });
        expect(run[0]!.env).to.deep.equal({ PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" });
        // The pack is installed before the CLI runs it.
        const runs = preview.steps.map((s) => s.run ?? s.uses);
        expect(runs.indexOf("npm ci --prefix policy-pack")).to.be.within(0, runs.indexOf("pulumi/actions@v6"));
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
        const install = steps.indexOf("pulumi/actions@v6");
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
        expect(plan.steps[0]).to.deep.equal({ uses: "actions/checkout@v4", with: { "fetch-depth": 0 } });
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
