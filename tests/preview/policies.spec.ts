/**
 * Pack config mistakes fail loudly when the config is loaded (`npm start --policy-config FILE`):
 * one line per problem, each naming the file, the key, the value and what is allowed, all at
 * once; npm start reports them like a usage error (exit 2) before evaluating anything.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    checkStack,
    checkStackReport,
    guardReport,
    guardSummary,
    loadPackConfig,
    packConfigProblems,
    stackExemptions,
} from "../../preview/policies";
import { runPreview } from "../../preview/run";
import type { StackRecord } from "../../simulation/evaluate";
import { PROJECT_DIR } from "../support/stacks";

const LEVELS = '("advisory", "mandatory", "remediate", "disabled")';

describe("preview/policies: loadPackConfig", () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), "platform-pack-config-"))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    let n = 0;
    /** Writes `text` to a new file; returns its path. */
    const file = (text: string): string => {
        const path = join(dir, `config-${++n}.json`);
        writeFileSync(path, text);
        return path;
    };
    /** The message loadPackConfig throws for `config` (JSON text or a value), with the file name replaced by `F`. */
    const refusal = (config: unknown): string => {
        const path = file(typeof config === "string" ? config : JSON.stringify(config, null, 2));
        try {
            loadPackConfig(path);
        } catch (err) {
            return (err as Error).message.split(path).join("F");
        }
        throw new Error(`accepted ${JSON.stringify(config)}`);
    };

    const cases: [label: string, config: unknown, message: string[]][] = [
        [
            "a threshold key the policy does not have (minLogRetentionDay)",
            { "cloudwatch-log-group-retention": { minLogRetentionDay: 400 } },
            [
                "F: cloudwatch-log-group-retention.minLogRetentionDay: unknown key; allowed: enforcementLevel, minLogRetentionDays, exemptions",
            ],
        ],
        [
            "a misspelt enforcementLevel key",
            { "alb-multi-az": { enforcmentLevel: "mandatory" } },
            ["F: alb-multi-az.enforcmentLevel: unknown key; allowed: enforcementLevel, minAvailabilityZones, exemptions"],
        ],
        [
            "a policy name that names no policy, with the closest one",
            { "cloudwatch-log-group-retentoin": { minLogRetentionDays: 400 } },
            ['F: cloudwatch-log-group-retentoin: no such policy in the pack; did you mean "cloudwatch-log-group-retention"?'],
        ],
        [
            "a policy name not close to any",
            { "s3-versioning": "mandatory" },
            [
                'F: s3-versioning: no such policy in the pack; allowed: "all" or a policy name (see the controls table in policy-pack/README.md)',
            ],
        ],
        [
            "a misspelt level string, in one line",
            { "waf-web-acl-logging": "mandatorry" },
            [`F: waf-web-acl-logging: expected an enforcement level ${LEVELS} or an object, got "mandatorry"`],
        ],
        [
            "an array",
            { "alb-waf-attached": ["mandatory"] },
            [`F: alb-waf-attached: expected an enforcement level ${LEVELS} or an object, got ["mandatory"]`],
        ],
        [
            "a number",
            { "kms-key-rotation-enabled": 1 },
            [`F: kms-key-rotation-enabled: expected an enforcement level ${LEVELS} or an object, got 1`],
        ],
        [
            "null",
            { "kms-key-rotation-enabled": null },
            [`F: kms-key-rotation-enabled: expected an enforcement level ${LEVELS} or an object, got null`],
        ],
        ["a bad level for all", { all: "strict" }, [`F: all: expected an enforcement level ${LEVELS} or an object, got "strict"`]],
        [
            "a setting under all (the CLI ignores it)",
            { all: { enforcementLevel: "mandatory", minAvailabilityZones: 3 } },
            ["F: all.minAvailabilityZones: unknown key; allowed: enforcementLevel"],
        ],
        [
            "a bad enforcementLevel in an object",
            { "alb-multi-az": { enforcementLevel: "Mandatory" } },
            ['F: alb-multi-az.enforcementLevel: expected one of "advisory", "mandatory", "remediate", "disabled", got "Mandatory"'],
        ],
        [
            "a threshold of the wrong type",
            { "alb-multi-az": { minAvailabilityZones: "3" } },
            ['F: alb-multi-az.minAvailabilityZones: expected integer, got string ("3")'],
        ],
        [
            "a threshold out of range",
            { "kms-key-deletion-window": { minDeletionWindowInDays: 31 } },
            ["F: kms-key-deletion-window.minDeletionWindowInDays: must be <= 30, got 31"],
        ],
        [
            "an exemption without a reason",
            { "s3-bucket-access-logging-enabled": { exemptions: [{ urnPattern: "*-logs" }] } },
            ['F: s3-bucket-access-logging-enabled.exemptions[0]: missing required property "reason"'],
        ],
        [
            "an exemption with a misspelt key",
            { "s3-bucket-access-logging-enabled": { exemptions: [{ urnPattern: "*-logs", reason: "log destination", reasn: "x" }] } },
            ["F: s3-bucket-access-logging-enabled.exemptions[0].reasn: unknown key; allowed: urnPattern, reason"],
        ],
        [
            "a trusted account id that is not 12 digits",
            { "s3-bucket-policy-no-cross-account-sensitive-actions": { trustedAccountIds: ["12345"] } },
            ['F: s3-bucket-policy-no-cross-account-sensitive-actions.trustedAccountIds[0]: must match ^\\d{12}$, got "12345"'],
        ],
        [
            "a key given twice (JSON.parse keeps the last silently)",
            '{ "alb-waf-attached": "disabled", "alb-waf-attached": "mandatory" }',
            ['F: alb-waf-attached: key given 2 times ("disabled", then "mandatory"); JSON keeps only the last one, so give it once'],
        ],
        [
            "a whole file that is an array",
            '["all", "mandatory"]',
            [
                'F: expected a JSON object whose keys are "all" or policy names and whose values are an enforcement level or an object, got array (["all","mandatory"])',
            ],
        ],
        [
            "a whole file that is a string",
            '"mandatory"',
            [
                'F: expected a JSON object whose keys are "all" or policy names and whose values are an enforcement level or an object, got string ("mandatory")',
            ],
        ],
        [
            "every problem at once, one line each (keys given twice first, then in file order)",
            '{\n  "cloudwatch-log-group-retention": {"minLogRetentionDay": 400, "minLogRetentionDays": 0},\n  "waf-web-acl-logging": "mandatorry",\n  "all": "advisory",\n  "all": "disabled"\n}',
            [
                'F: all: key given 2 times ("advisory", then "disabled"); JSON keeps only the last one, so give it once',
                "F: cloudwatch-log-group-retention.minLogRetentionDay: unknown key; allowed: enforcementLevel, minLogRetentionDays, exemptions",
                "F: cloudwatch-log-group-retention.minLogRetentionDays: must be >= 1, got 0",
                `F: waf-web-acl-logging: expected an enforcement level ${LEVELS} or an object, got "mandatorry"`,
            ],
        ],
    ];
    for (const [label, config, message] of cases) {
        it(`refuses ${label}`, () => {
            expect(refusal(config).split("\n")).to.deep.equal(message);
        });
    }

    it("names the file when it cannot be read or is not JSON", () => {
        const missing = join(dir, "missing.json");
        expect(() => loadPackConfig(missing)).to.throw(`--policy-config: cannot read ${missing}: ENOENT`);
        expect(refusal("{ all: 'mandatory' }")).to.match(/^--policy-config: F is not valid JSON: /);
    });

    it("shows the file relative to the working directory when it lies under it", () => {
        const cwd = process.cwd();
        try {
            process.chdir(dir);
            const path = file('{"all": "strict"}');
            expect(() => loadPackConfig(path)).to.throw(`${path.slice(dir.length + 1)}: all: expected an enforcement level`);
        } finally {
            process.chdir(cwd);
        }
    });

    it("accepts the shipped evaluation.json and prod.json, and what the checks allow", () => {
        for (const name of ["evaluation.json", "prod.json"]) {
            const path = join(PROJECT_DIR, "policy-pack", "config", name);
            expect(packConfigProblems(loadPackConfig(path), name), name).to.deep.equal([]);
        }
        const ok = {
            all: { enforcementLevel: "advisory" },
            "alb-multi-az": { enforcementLevel: "remediate", minAvailabilityZones: 3, exemptions: [] },
            "waf-web-acl-logging": "disabled",
        };
        expect(loadPackConfig(file(JSON.stringify(ok)))).to.deep.equal(ok);
        expect(loadPackConfig(file("{}"))).to.deep.equal({});
    });

    it("npm start refuses a bad config like a usage error (exit 2), before evaluating any stack", function () {
        this.timeout(60_000);
        const path = file('{"cloudwatch-log-group-retention": {"minLogRetentionDay": 400}, "x": {"enforcmentLevel": "mandatory"}}');
        const run = spawnSync(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", "preview/cli.ts", "--policy-config", path, "--out", join(dir, "out")],
            {
                cwd: PROJECT_DIR,
                encoding: "utf8",
                env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
            },
        );
        expect(run.status, run.stderr).to.equal(2);
        expect(run.stderr).to.equal(
            [
                `${path}: cloudwatch-log-group-retention.minLogRetentionDay: unknown key; allowed: enforcementLevel, minLogRetentionDays, exemptions`,
                `${path}: x: no such policy in the pack; allowed: "all" or a policy name (see the controls table in policy-pack/README.md)`,
                "",
            ].join("\n"),
        );
        expect(run.stdout).to.equal("");
    });

    it("runPreview rejects with every problem before it takes the output folder", async () => {
        const path = file('{"alb-multi-az": 2}');
        let error: Error | undefined;
        await runPreview({ projectDir: dir, outDir: join(dir, "never"), policyConfigPath: path }).catch((e: Error) => (error = e));
        expect(error?.message).to.equal(`${path}: alb-multi-az: expected an enforcement level ${LEVELS} or an object, got 2`);
        expect(existsSync(join(dir, "never"))).to.equal(false);
    });
});

describe("preview/policies: the guard's state", () => {
    const urn = (type: string, name: string) => `urn:pulumi:us-east-1::platform::${type}::${name}`;
    const resource = (type: string, name: string) => ({
        urn: urn(type, name),
        type,
        name,
        custom: true,
        inputs: {},
        outputs: {},
        dependencies: [],
        propertyDependencies: {},
    });
    const record: StackRecord = {
        stack: "us-east-1",
        project: "platform",
        config: {},
        outputs: {},
        secretOutputNames: [],
        secretValues: [],
        resources: [resource("aws:s3/bucket:Bucket", "storage-logs"), resource("aws:s3/bucket:Bucket", "data")],
    };
    const config = {
        "s3-bucket-access-logging-enabled": { exemptions: [{ urnPattern: "*aws:s3/bucket:Bucket::*-logs", reason: "log destination" }] },
        "alb-multi-az": "disabled",
    };
    const match = {
        policyName: "s3-bucket-access-logging-enabled",
        urn: urn("aws:s3/bucket:Bucket", "storage-logs"),
        urnPattern: "*aws:s3/bucket:Bucket::*-logs",
        reason: "log destination",
    };

    it("checkStackReport returns the violations checkStack returns and the exemptions that matched", () => {
        const report = checkStackReport(record, config);
        expect(report.violations).to.deep.equal(checkStack(record, config));
        expect(report.violations.filter((v) => v.policyName === "s3-bucket-access-logging-enabled").map((v) => v.urn)).to.deep.equal([
            urn("aws:s3/bucket:Bucket", "data"),
        ]);
        expect(report.exemptions).to.deep.equal([match]);
        expect(stackExemptions(record, config)).to.deep.equal([match]);
        expect(stackExemptions(record)).to.deep.equal([]);
    });

    it("guardReport: disabled and downgraded from the policies' defaults; guardSummary adds each stack's exemptions", () => {
        expect(guardReport({ "alb-multi-az": "advisory", "waf-web-acl-logging": "disabled" })).to.deep.include({
            disabled: [{ policyName: "waf-web-acl-logging", defaultLevel: "advisory", level: "disabled" }],
            downgraded: [{ policyName: "alb-multi-az", defaultLevel: "mandatory", level: "advisory" }],
        });
        expect(guardReport().disabled).to.deep.equal([]);
        const summary = guardSummary([{ stack: "us-east-1", record }, { stack: "global" }], config);
        expect(summary.exemptions).to.deep.equal([{ stack: "us-east-1", matches: [match] }]);
        expect(summary.report.disabled.map((c) => c.policyName)).to.deep.equal(["alb-multi-az"]);
    });
});
