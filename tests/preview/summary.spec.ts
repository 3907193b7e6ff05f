/**
 * The summary `npm start` prints says when the guard is weakened: which policies the pack config
 * disables or downgrades, which settings and allowances it changes, which exemptions matched which
 * resources; and a weakened run never ends in a plain PASS.
 */
import { expect } from "chai";
import { guardReport, guardSummary, type GuardSummary } from "../../preview/policies";
import type { PreviewResult, StackOutcome } from "../../preview/run";
import { guardSection, renderSummary, verdictSuffix } from "../../preview/summary";
import type { StackRecord } from "../../simulation/evaluate";
import { policies } from "../../policy-pack/policies";

const N = policies.length;
const BUCKET = "aws:s3/bucket:Bucket";
const urn = (stack: string, type: string, name: string) => `urn:pulumi:${stack}::platform::${type}::${name}`;

function record(stack: string, names: string[]): StackRecord {
    return {
        stack,
        project: "platform",
        config: {},
        outputs: {},
        secretOutputNames: [],
        secretValues: [],
        resources: names.map((name) => ({
            urn: urn(stack, BUCKET, name),
            type: BUCKET,
            name,
            custom: true,
            inputs: {},
            outputs: {},
            dependencies: [],
            propertyDependencies: {},
        })),
    };
}

const outcome = (stack: string, names: string[]): StackOutcome => ({
    stack,
    role: "regional",
    status: "ok",
    record: record(stack, names),
    violations: [],
    evaluateMs: 1000,
    policyMs: 20,
});
// Asserted, not annotated: PreviewResult (preview/run.ts) grows fields the summary does not read.
const result = (outcomes: StackOutcome[], exitCode = 0) =>
    ({ outcomes, warnings: [], files: ["preview/a.json"], removed: [], exitCode }) as PreviewResult;
const lastLine = (text: string) => text.trimEnd().split("\n").pop();

const LOGS_REASON = "The log bucket is the access-log destination.";
const logsExempt = {
    "s3-bucket-access-logging-enabled": { exemptions: [{ urnPattern: "*aws:s3/bucket:Bucket::*-logs", reason: LOGS_REASON }] },
};

describe("preview/summary: the guard section and the verdict", () => {
    const run = result([outcome("us-east-1", ["storage-logs", "data"]), outcome("eu-west-1", ["storage-logs"])]);
    const summary = (config?: Record<string, unknown>) => guardSummary(run.outcomes, config);

    it('{"all": "disabled"} never ends in a plain PASS', () => {
        const text = renderSummary(run, "out", 2000, summary({ all: "disabled" }));
        expect(lastLine(text)).to.equal(`2 stack(s) in 2.0 s: 0 mandatory violation(s) -> PASS (guard weakened: ${N} policies disabled)`);
        expect(guardSection(summary({ all: "disabled" }))).to.deep.equal([
            `guard: ${N} policies disabled, 0 exemptions applied (what the pack config changes from the pack's defaults)`,
            `   disabled: every policy (${N} of ${N})`,
            "",
        ]);
    });

    it("lists disabled and downgraded policies with their defaults, changed settings and allowances", () => {
        const guard = summary({
            "alb-multi-az": "advisory",
            "waf-web-acl-logging": "disabled",
            "alb-waf-attached": { enforcementLevel: "disabled" },
            "cloudwatch-log-group-retention": { minLogRetentionDays: 7 },
            "route53-records-health-checked": { maxDnsTtlSeconds: 60 },
            "ecs-container-non-root-user": { allowedRootContainers: [{ name: "init", reason: "chown only" }] },
        });
        expect(guardSection(guard)).to.deep.equal([
            "guard: 2 policies disabled, 1 policy downgraded, 0 exemptions applied (what the pack config changes from the pack's defaults)",
            "   disabled: alb-waf-attached (default mandatory)",
            "   disabled: waf-web-acl-logging (default advisory)",
            "   downgraded: alb-multi-az mandatory -> advisory",
            "   setting: cloudwatch-log-group-retention.minLogRetentionDays = 7 (default 30)",
            '   allowance: ecs-container-non-root-user.allowedRootContainers {"name":"init"}: chown only',
            "",
        ]);
        expect(verdictSuffix(guard)).to.equal(" (guard weakened: 2 policies disabled, 1 policy downgraded)");
        expect(lastLine(renderSummary(result(run.outcomes, 1), "out", 2000, guard))).to.equal(
            "2 stack(s) in 2.0 s: 0 mandatory violation(s) -> FAIL (guard weakened: 2 policies disabled, 1 policy downgraded)",
        );
    });

    it("says which exemptions matched which resources in which stack, and which matched none", () => {
        const guard = summary({
            ...logsExempt,
            "cloudfront-default-root-object": { exemptions: [{ urnPattern: "*::edge", reason: "dynamic origin" }] },
            "alb-multi-az": "disabled",
        });
        expect(guardSection(guard)).to.deep.equal([
            "guard: 1 policy disabled, 2 exemptions applied (what the pack config changes from the pack's defaults)",
            "   disabled: alb-multi-az (default mandatory)",
            `   exemption: s3-bucket-access-logging-enabled "*aws:s3/bucket:Bucket::*-logs": ${LOGS_REASON}`,
            "      us-east-1: storage-logs (aws:s3/bucket:Bucket)",
            "      eu-west-1: storage-logs (aws:s3/bucket:Bucket)",
            '   exemption: cloudfront-default-root-object "*::edge": dynamic origin',
            "      matched no resource",
            "",
        ]);
        expect(verdictSuffix(guard)).to.equal(" (guard weakened: 1 policy disabled; 2 exemptions applied)");
    });

    it("exemptions alone are counted on the verdict, not called weakened", () => {
        const text = renderSummary(run, "out", 2000, summary(logsExempt));
        expect(lastLine(text)).to.equal("2 stack(s) in 2.0 s: 0 mandatory violation(s) -> PASS (2 exemptions applied)");
        expect(text).to.contain(
            `guard: 2 exemptions applied (what the pack config changes from the pack's defaults)\n   exemption: s3-bucket-access-logging-enabled`,
        );
    });

    it("an untouched guard says so, and the verdict stays a plain PASS", () => {
        for (const config of [
            undefined,
            {},
            { all: "mandatory" },
            { "alb-multi-az": { enforcementLevel: "mandatory", minAvailabilityZones: 2 } },
        ]) {
            const guard = summary(config);
            expect(guardSection(guard), JSON.stringify(config)).to.deep.equal([
                `guard: all ${N} policies at their default level or stronger; no exemptions, allowances or changed settings`,
                "",
            ]);
            expect(lastLine(renderSummary(run, "out", 2000, guard))).to.equal("2 stack(s) in 2.0 s: 0 mandatory violation(s) -> PASS");
        }
    });

    it("the guard section comes after the stacks and before the files; without guard state the summary is as before", () => {
        const guard: GuardSummary = { report: guardReport({ "waf-web-acl-logging": "disabled" }), exemptions: [] };
        const lines = renderSummary(run, "out", 2000, guard).split("\n");
        const at = lines.indexOf("guard: 1 policy disabled, 0 exemptions applied (what the pack config changes from the pack's defaults)");
        expect(at).to.be.greaterThan(lines.indexOf("== eu-west-1 (regional) OK"));
        expect(lines.slice(at + 1, at + 4)).to.deep.equal([
            "   disabled: waf-web-acl-logging (default advisory)",
            "",
            "wrote out/preview/a.json",
        ]);
        const plain = renderSummary(run, "out", 2000);
        expect(plain).to.not.contain("guard");
        expect(lastLine(plain)).to.equal("2 stack(s) in 2.0 s: 0 mandatory violation(s) -> PASS");
        expect(verdictSuffix(undefined)).to.equal("");
    });
});
