import { expect } from "chai";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CliEnvironment } from "../../operations/cliEnvironment";
import { failoverMain } from "../../operations/failoverCommand";
import { parseStacksArgs, stacksMain } from "../../operations/stacksCommand";
import { EXIT } from "../../operations/orchestrator";
import { findPulumiCli, PULUMI_CLI_MISSING } from "../../operations/preflight";
import { type FakeBehaviour, FakeWorkspace, globalYaml, regionalYaml, removeTempDirs, tempDir, tempProject, TWO_REGIONS } from "./fakes";

after(removeTempDirs);

/** A Pulumi login and AWS credentials, as the environment shows them. */
const LOGGED_IN = { PULUMI_ACCESS_TOKEN: "pul-test", AWS_PROFILE: "platform-test" };

interface Harness {
    io: CliEnvironment;
    out: string[];
    err: string[];
    workspaces: FakeWorkspace[];
    questions: string[];
}

function harness(
    projectDir: string,
    {
        interactive = false,
        answer = false,
        pulumi = true,
        behaviour = {},
        env,
    }: {
        interactive?: boolean;
        answer?: boolean;
        pulumi?: boolean;
        behaviour?: Record<string, FakeBehaviour>;
        env?: NodeJS.ProcessEnv;
    } = {},
): Harness {
    const h: Harness = { out: [], err: [], workspaces: [], questions: [], io: undefined as unknown as CliEnvironment };
    h.io = {
        projectDir,
        cwd: projectDir,
        env: env ?? { PATH: "/nowhere", ...LOGGED_IN },
        out: (l) => h.out.push(l),
        err: (l) => h.err.push(l),
        interactive,
        confirm: async (q) => {
            h.questions.push(q);
            return answer;
        },
        createWorkspace: () => {
            const ws = new FakeWorkspace(behaviour, { global: { "platform:activeRegion": "us-east-1" } });
            h.workspaces.push(ws);
            return ws;
        },
        ...(env ? {} : { findPulumi: () => (pulumi ? "/usr/local/bin/pulumi" : undefined) }),
    };
    return h;
}

describe("operations/cli: npm run stacks", () => {
    const project = tempProject(TWO_REGIONS);

    it("--help prints the usage and creates no workspace", async () => {
        const h = harness(project);
        expect(await stacksMain(["--help"], h.io)).to.equal(EXIT.ok);
        expect(h.out[0]).to.equal("Usage: npm run stacks -- <preview|up|destroy|refresh> [options]");
        expect(h.workspaces).to.have.length(0);
    });

    const usageCases: [string[], string][] = [
        [[], "operation: missing; allowed: preview, up, destroy, refresh"],
        [["deploy"], 'operation: "deploy" is not one of preview, up, destroy, refresh'],
        [["up", "now"], 'unexpected argument "now"'],
        [["up", "--bogus"], "--bogus: unknown option; allowed: --stacks, --policy-pack-config, --parallel, --yes, --skip-verify, --help"],
        [["up", "--stacks"], "--stacks: expected a value"],
        [["up", "--yes=1"], "--yes: takes no value"],
        [["up", "--parallel", "0"], '--parallel: expected a whole number >= 1, got "0"'],
        [["up", "--parallel", "two"], '--parallel: expected a whole number >= 1, got "two"'],
        [["up", "--stacks", ","], '--stacks: expected a comma-separated list of stack names, got ","'],
        [["destroy", "--policy-pack-config", "p.json"], "--policy-pack-config: only preview and up run the policy pack, not destroy"],
    ];
    for (const [argv, message] of usageCases) {
        it(`refuses \`${argv.join(" ")}\`: ${message}`, async () => {
            const h = harness(project);
            expect(await stacksMain(argv, h.io)).to.equal(EXIT.usage);
            expect(h.err).to.deep.equal([`error: ${message}`, "run with --help for usage"]);
            expect(h.workspaces).to.have.length(0);
        });
    }

    it("refuses a policy pack config file that does not exist", async () => {
        const h = harness(project);
        expect(await stacksMain(["preview", "--policy-pack-config", "missing.json"], h.io)).to.equal(EXIT.usage);
        expect(h.err[0]).to.equal(`error: --policy-pack-config: no such file ${join(project, "missing.json")}`);
    });

    it("refuses an unknown --stacks entry with the allowed names", async () => {
        const h = harness(project);
        expect(await stacksMain(["preview", "--stacks", "us-west-2"], h.io)).to.equal(EXIT.usage);
        expect(h.err).to.deep.equal(['error: --stacks: unknown stack "us-west-2"; allowed: us-east-1, eu-west-1, global']);
    });

    it("stops with the install hint when the Pulumi CLI is not on the PATH, before creating any workspace", async () => {
        const emptyDir = tempDir();
        const h = harness(project, { env: { PATH: emptyDir, ...LOGGED_IN } });
        expect(await stacksMain(["preview"], h.io)).to.equal(EXIT.usage);
        expect(h.err).to.deep.equal([`error: ${PULUMI_CLI_MISSING}`]);
        expect(h.err[0]).to.match(/^error: the Pulumi CLI is not installed: see https:\/\/www\.pulumi\.com\/docs\/install\//);
        expect(h.err[0]).to.not.match(/npmjs|registry/);
        expect(h.workspaces).to.have.length(0);
    });

    it("says what is missing in one line when logged out of Pulumi and without AWS credentials, before any workspace", async () => {
        const home = tempDir();
        const h = harness(project, { env: { PATH: "/nowhere", HOME: home } });
        h.io = { ...h.io, findPulumi: () => "/usr/local/bin/pulumi" };
        expect(await stacksMain(["preview"], h.io)).to.equal(EXIT.usage);
        expect(h.err).to.deep.equal([
            "error: not logged in to a Pulumi backend: run `pulumi login` (Pulumi Cloud), `pulumi login --local` or `pulumi login s3://<bucket>`, or set PULUMI_ACCESS_TOKEN (CI); " +
                "no AWS credentials: run `aws configure sso` then `aws sso login` and set AWS_PROFILE, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY of an assumed role (in GitHub Actions, aws-actions/configure-aws-credentials)",
        ]);
        expect(h.workspaces).to.have.length(0);
    });

    it("takes `pulumi login`'s credentials file and ~/.aws/config as a login and credentials", async () => {
        const home = tempDir();
        mkdirSync(join(home, ".pulumi"));
        writeFileSync(join(home, ".pulumi", "credentials.json"), JSON.stringify({ current: "https://api.pulumi.com" }));
        mkdirSync(join(home, ".aws"));
        writeFileSync(join(home, ".aws", "config"), "[default]\nregion = us-east-1\n");
        const h = harness(project, { env: { PATH: "/nowhere", HOME: home } });
        h.io = { ...h.io, findPulumi: () => "/usr/local/bin/pulumi" };
        expect(await stacksMain(["preview"], h.io)).to.equal(EXIT.ok);
        expect(h.err).to.deep.equal([]);
    });

    it("refuses a stack config npm start would refuse, naming the file and key, before any workspace", async () => {
        const bad = tempProject({ ...TWO_REGIONS, "eu-west-1": regionalYaml("eu-west-1", "10.250.0.0/24") });
        const h = harness(bad);
        expect(await stacksMain(["up", "--yes"], h.io)).to.equal(EXIT.usage);
        expect(h.err).to.deep.equal([
            `error: ${bad}/Pulumi.eu-west-1.yaml: platform:network.cidrBlock: expected a prefix length from /16 to /22 (room for a public and a private subnet per AZ), got "10.250.0.0/24"`,
        ]);
        expect(h.workspaces).to.have.length(0);
    });

    it("prints an unexpected Automation API error once, as its stderr line", async () => {
        const h = harness(project, {
            behaviour: {
                "global:preview": { fail: "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions" },
            },
        });
        expect(await failoverMain(["--to", "eu-west-1", "--yes"], h.io)).to.equal(EXIT.failed);
        const all = [...h.out, ...h.err].join("\n");
        expect(all.split("PULUMI_ACCESS_TOKEN must be set").length - 1).to.equal(1);
    });

    it("stops when the policy pack is absent or its dependencies are not installed", async () => {
        const absent = harness(tempProject(TWO_REGIONS, "absent"));
        expect(await stacksMain(["preview"], absent.io)).to.equal(EXIT.usage);
        expect(absent.err[0]).to.match(/^error: the policy pack is missing: no PulumiPolicy\.yaml in .*policy-pack$/);
        const bare = harness(tempProject(TWO_REGIONS, "not-installed"));
        expect(await stacksMain(["up", "--yes"], bare.io)).to.equal(EXIT.usage);
        expect(bare.err).to.deep.equal(["error: the policy pack's dependencies are not installed: run `npm ci --prefix policy-pack`"]);
        expect(absent.workspaces.length + bare.workspaces.length).to.equal(0);
    });

    it("does not need the policy pack for destroy", async () => {
        const h = harness(tempProject(TWO_REGIONS, "absent"));
        expect(await stacksMain(["destroy", "--yes"], h.io)).to.equal(EXIT.ok);
    });

    it("refuses a project directory without stack config files", async () => {
        const dir = tempDir();
        const h = harness(dir);
        expect(await stacksMain(["preview"], h.io)).to.equal(EXIT.usage);
        expect(h.err).to.deep.equal([`error: no Pulumi.<stack>.yaml in ${dir}`]);
    });

    it("refuses refresh without --yes when there is no terminal, saying what it would change", async () => {
        const h = harness(project);
        expect(await stacksMain(["refresh"], h.io)).to.equal(EXIT.usage);
        expect(h.err).to.deep.equal(["error: --yes: refresh changes the stacks' state and there is no terminal to confirm on; pass --yes"]);
    });

    it("refuses up without --yes when there is no terminal to confirm on", async () => {
        const h = harness(project);
        expect(await stacksMain(["up"], h.io)).to.equal(EXIT.usage);
        expect(h.err).to.deep.equal(["error: --yes: up changes real infrastructure and there is no terminal to confirm on; pass --yes"]);
        expect(h.workspaces).to.have.length(0);
    });

    it("asks before destroy on a terminal, and runs nothing when declined", async () => {
        const h = harness(project, { interactive: true, answer: false });
        expect(await stacksMain(["destroy"], h.io)).to.equal(EXIT.usage);
        expect(h.out).to.deep.equal(["plan destroy: global, then us-east-1, eu-west-1 (2 at once)"]);
        expect(h.questions).to.deep.equal(["Run destroy on these stacks? [y/N] "]);
        expect(h.err).to.deep.equal(["declined: nothing was run"]);
        expect(h.workspaces).to.have.length(0);
    });

    it("runs up after a yes on a terminal", async () => {
        const h = harness(project, { interactive: true, answer: true });
        expect(await stacksMain(["up", "--skip-verify"], h.io)).to.equal(EXIT.ok);
        expect(h.workspaces[0]!.calls.map((c) => `${c.stack}:${c.operation}`)).to.deep.equal([
            "us-east-1:preview",
            "eu-west-1:preview",
            "us-east-1:up",
            "eu-west-1:up",
            "global:preview",
            "global:up",
        ]);
    });

    it("previews every stack with the project's policy pack and the config file resolved to an absolute path", async () => {
        writeFileSync(join(project, "policy-config.json"), "{}");
        const h = harness(project);
        expect(await stacksMain(["preview", "--policy-pack-config", "policy-config.json", "--parallel", "1"], h.io)).to.equal(EXIT.ok);
        expect(h.out[0]).to.equal("plan preview: us-east-1, eu-west-1 (1 at once), then global");
        expect(h.workspaces).to.have.length(1);
        const ws = h.workspaces[0]!;
        expect(ws.maxInFlight).to.equal(1);
        // Every stack, once, in order: the loop below must not pass over an empty or partial list.
        expect(ws.calls.map((c) => `${c.stack}:${c.operation}`)).to.deep.equal([
            "us-east-1:preview",
            "eu-west-1:preview",
            "global:preview",
        ]);
        for (const call of ws.calls) {
            expect(call.options).to.deep.include({
                policyPacks: [join(project, "policy-pack")],
                policyPackConfigs: [join(project, "policy-config.json")],
            });
        }
    });

    it("includes a third regional stack from its config file, with no code change", async () => {
        const dir = tempProject({
            ...TWO_REGIONS,
            "ap-south-1": regionalYaml("ap-south-1"),
            global: globalYaml(["us-east-1", "eu-west-1", "ap-south-1"]),
        });
        const h = harness(dir);
        expect(await stacksMain(["preview"], h.io)).to.equal(EXIT.ok);
        expect(h.out[0]).to.equal("plan preview: us-east-1, eu-west-1, ap-south-1 (3 at once), then global");
        expect(h.workspaces[0]!.calls.map((c) => c.stack)).to.deep.equal(["us-east-1", "eu-west-1", "ap-south-1", "global"]);
    });

    it("returns the worst result as the exit code", async () => {
        const h = harness(project, { behaviour: { global: { fail: "x" } } });
        expect(await stacksMain(["refresh", "--yes"], h.io)).to.equal(EXIT.failed);
        const skipped = harness(project, { behaviour: { "us-east-1": { fail: "x" } } });
        expect(await stacksMain(["up", "--yes"], skipped.io)).to.equal(EXIT.failed);
    });

    it("parses --stacks with spaces and keeps the flags", () => {
        expect(parseStacksArgs(["up", "--stacks", " global , us-east-1", "--yes", "--parallel", "3"])).to.deep.equal({
            operation: "up",
            stacks: ["global", "us-east-1"],
            policyPackConfig: undefined,
            parallel: 3,
            yes: true,
            skipVerify: false,
            help: false,
        });
    });
});

describe("operations/cli: npm run failover", () => {
    const project = tempProject(TWO_REGIONS);

    const usageCases: [string[], string][] = [
        [[], "--to: missing; give --to <region> or --failback"],
        [["--to", "eu-west-1", "--failback"], "--to and --failback: give one, not both"],
        [["eu-west-1"], 'unexpected argument "eu-west-1"; use --to <region> or --failback'],
        [["--to", "eu-west-1", "--stack", "us-east-1"], '--stack: "us-east-1" is not a global stack; allowed: global'],
        [["--to"], "--to: expected a value"],
    ];
    for (const [argv, message] of usageCases) {
        it(`refuses \`${argv.join(" ")}\`: ${message}`, async () => {
            const h = harness(project);
            expect(await failoverMain(argv, h.io)).to.equal(EXIT.usage);
            expect(h.err).to.deep.equal([`error: ${message}`, "run with --help for usage"]);
            expect(h.workspaces).to.have.length(0);
        });
    }

    it("refuses an unknown region, naming the regions of the regional stacks' config files", async () => {
        const h = harness(project);
        expect(await failoverMain(["--to", "us-west-2"], h.io)).to.equal(EXIT.usage);
        expect(h.err).to.deep.equal([
            'error: --to: "us-west-2" is not a region of the regional stacks of global; allowed: us-east-1, eu-west-1',
        ]);
        expect(h.workspaces).to.have.length(0);
    });

    it("stops when the Pulumi CLI is missing", async () => {
        const h = harness(project, { pulumi: false });
        expect(await failoverMain(["--to", "eu-west-1", "--yes"], h.io)).to.equal(EXIT.usage);
        expect(h.err).to.deep.equal([`error: ${PULUMI_CLI_MISSING}`]);
        expect(h.workspaces).to.have.length(0);
    });

    it("refuses to fail over without --yes when there is no terminal", async () => {
        const h = harness(project);
        expect(await failoverMain(["--to", "eu-west-1"], h.io)).to.equal(EXIT.usage);
        expect(h.err).to.deep.equal([
            "error: --yes: failover changes real infrastructure and there is no terminal to confirm on; pass --yes",
        ]);
    });

    it("fails over the global stack with --yes", async () => {
        const h = harness(project);
        expect(await failoverMain(["--to", "eu-west-1", "--yes"], h.io)).to.equal(EXIT.ok);
        const ws = h.workspaces[0]!;
        expect(ws.calls.map((c) => `${c.stack}:${c.operation}`)).to.deep.equal(["global:preview", "global:up"]);
        expect(ws.config["global"]!["platform:activeRegion"]).to.equal("eu-west-1");
        expect(ws.calls[0]!.options).to.deep.include({ policyPacks: [join(project, "policy-pack")] });
    });

    it("asks on a terminal and restores on no", async () => {
        const h = harness(project, { interactive: true, answer: false });
        expect(await failoverMain(["--to", "eu-west-1"], h.io)).to.equal(EXIT.usage);
        expect(h.questions).to.have.length(1);
        expect(h.workspaces[0]!.config["global"]!["platform:activeRegion"]).to.equal("us-east-1");
    });
});

describe("operations/preflight", () => {
    it("finds an executable pulumi on the PATH and ignores a non-executable one", () => {
        const a = tempDir();
        const b = tempDir();
        writeFileSync(join(a, "pulumi"), "#!/bin/sh\n");
        chmodSync(join(a, "pulumi"), 0o644);
        writeFileSync(join(b, "pulumi"), "#!/bin/sh\n");
        chmodSync(join(b, "pulumi"), 0o755);
        expect(findPulumiCli({ PATH: `${a}:${b}` }, "linux")).to.equal(join(b, "pulumi"));
        expect(findPulumiCli({ PATH: a }, "linux")).to.equal(undefined);
        expect(findPulumiCli({}, "linux")).to.equal(undefined);
    });
});
