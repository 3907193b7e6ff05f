import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { resolvePolicies, run, stackTagsMap } from "../../offline/engine";
import { evaluatePolicies, hasMandatoryViolations } from "../../offline/evaluate";
import type { PackConfig, RecordedResource } from "../../offline/types";
import { policies } from "../../policies";
import { type StackItem, toRecorded, urnOf } from "../harness";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const goodAlb = {
    subnets: ["a", "b"],
    dropInvalidHeaderFields: true,
    enableDeletionProtection: true,
    accessLogs: { bucket: "logs", enabled: true },
};
const one = (props: Record<string, unknown>, type = LB, name = "alb"): RecordedResource[] => toRecorded([{ type, name, props }]);
const evaluateAll = (resources: RecordedResource[], config?: PackConfig) =>
    evaluatePolicies({ policyPack: "platform-guard", resources, config });
/** Evaluates with the ALB's WAF association rule (a stack policy) out of the way of these single-resource tests. */
const evaluate = (resources: RecordedResource[], config?: PackConfig) => {
    const res = evaluateAll(resources, config);
    return { ...res, violations: res.violations.filter((v) => v.policyName !== "alb-waf-attached") };
};

describe("offline/evaluate", () => {
    it("reports violations with pack, policy, level, URN and message", () => {
        const res = evaluate(one({ ...goodAlb, dropInvalidHeaderFields: false }));
        expect(res.violations).to.deep.equal([
            {
                policyPack: "platform-guard",
                policyName: "alb-drop-invalid-header-fields",
                enforcementLevel: "mandatory",
                urn: urnOf(LB, "alb"),
                message: "dropInvalidHeaderFields is not true.",
            },
        ]);
        expect(hasMandatoryViolations(res)).to.equal(true);
    });

    it("applies configSchema defaults (minAvailabilityZones 2) and per-policy config", () => {
        const single = one({ ...goodAlb, subnets: ["a"] });
        expect(evaluate(single).violations.map((v) => v.message)).to.deep.equal([
            'Load balancer "alb" subnets: 1 subnet(s), AZs not resolvable through the graph (subnets counted); expected at least 2 in distinct AZs.',
        ]);
        expect(evaluate(single, { "alb-multi-az": { minAvailabilityZones: 1 } }).violations).to.deep.equal([]);
        expect(
            evaluate(one({ ...goodAlb, subnets: ["a", "b"] }), { "alb-multi-az": { minAvailabilityZones: 3 } }).violations.map(
                (v) => v.message,
            ),
        ).to.deep.equal([
            'Load balancer "alb" subnets: 2 subnet(s), AZs not resolvable through the graph (subnets counted); expected at least 3 in distinct AZs.',
        ]);
    });

    it("honours `all`, then per-policy enforcement levels", () => {
        const bad = one({ ...goodAlb, dropInvalidHeaderFields: false });
        expect(evaluate(bad, { all: "advisory" }).violations.map((v) => v.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(
            evaluate(bad, { all: "advisory", "alb-drop-invalid-header-fields": { enforcementLevel: "mandatory" } }).violations.map(
                (v) => v.enforcementLevel,
            ),
        ).to.deep.equal(["mandatory"]);
        expect(evaluate(bad, { "alb-drop-invalid-header-fields": "remediate" }).violations.map((v) => v.enforcementLevel)).to.deep.equal([
            "mandatory",
        ]);
    });

    it("skips a disabled policy", () => {
        expect(
            evaluate(one({ ...goodAlb, dropInvalidHeaderFields: false }), { "alb-drop-invalid-header-fields": "disabled" }).violations,
        ).to.deep.equal([]);
        expect(evaluate(one({ ...goodAlb, dropInvalidHeaderFields: false }), { all: "disabled" }).violations).to.deep.equal([]);
    });

    it("skips exempt resources, for resource and stack policies", () => {
        const exempt = { exemptions: [{ urnPattern: "*::alb", reason: "test" }] };
        expect(
            evaluate(one({ ...goodAlb, dropInvalidHeaderFields: false }), { "alb-drop-invalid-header-fields": exempt }).violations,
        ).to.deep.equal([]);
        const bucket = toRecorded([{ type: "aws:s3/bucket:Bucket", name: "alb" }]);
        const names = (c?: PackConfig) =>
            evaluate(bucket, c).violations.filter((v) => v.policyName === "s3-bucket-versioning-enabled").length;
        expect(names()).to.equal(1);
        expect(names({ "s3-bucket-versioning-enabled": exempt })).to.equal(0);
    });

    it("rejects an exemption without a reason, naming the policy and the key", () => {
        expect(() => evaluate([], { "s3-bucket-access-logging-enabled": { exemptions: [{ urnPattern: "*-logs" }] } })).to.throw(
            'policy "s3-bucket-access-logging-enabled": config exemptions[0]: missing required property "reason"',
        );
        expect(() => evaluate([], { "s3-bucket-access-logging-enabled": { exemptions: [{ urnPattern: "*-logs", reason: "" }] } })).to.throw(
            'policy "s3-bucket-access-logging-enabled": config exemptions[0].reason: must have at least 1 character(s), got ""',
        );
    });

    it("rejects bad thresholds, bad levels and unknown policy names", () => {
        expect(() => evaluate([], { "alb-multi-az": { minAvailabilityZones: "two" } })).to.throw(
            'policy "alb-multi-az": config minAvailabilityZones: expected integer, got string ("two")',
        );
        expect(() => evaluate([], { "alb-multi-az": "strict" as never })).to.throw(
            'policy "alb-multi-az": expected an enforcement level ("advisory", "mandatory", "remediate", "disabled") or an object, got "strict"',
        );
        expect(() => evaluate([], { "alb-multi-az": { enforcementLevel: "strict" as never } })).to.throw(
            'policy "alb-multi-az": config enforcementLevel: expected one of "advisory", "mandatory", "remediate", "disabled", got "strict"',
        );
        expect(() => evaluate([], { "no-such-policy": "advisory" })).to.throw(
            'policy "no-such-policy": no such policy in the pack; allowed: "all" or a policy name',
        );
        expect(() => evaluate([], { "alb-multi-azz": "advisory" })).to.throw(
            'policy "alb-multi-azz": no such policy in the pack; did you mean "alb-multi-az"?',
        );
    });

    it("rejects keys a policy does not have, and lists every problem in one error", () => {
        let message = "";
        try {
            evaluate([], {
                "cloudwatch-log-group-retention": { minLogRetentionDay: 400 },
                "alb-multi-az": { enforcmentLevel: "mandatory" },
                all: { enforcementLevel: "advisory", minAvailabilityZones: 3 } as never,
            });
        } catch (e) {
            message = (e as Error).message;
        }
        expect(message).to.equal(
            [
                "Invalid policy pack config:",
                '  policy "cloudwatch-log-group-retention": config minLogRetentionDay: unknown key; allowed: enforcementLevel, minLogRetentionDays, exemptions',
                '  policy "alb-multi-az": config enforcmentLevel: unknown key; allowed: enforcementLevel, minAvailabilityZones, exemptions',
                '  policy "all": config minAvailabilityZones: unknown key; allowed: enforcementLevel',
            ].join("\n"),
        );
    });

    it("gives resource policies inputs and stack policies outputs", () => {
        const r: RecordedResource = { ...one(goodAlb)[0]!, outputs: { ...goodAlb, dropInvalidHeaderFields: false } };
        expect(evaluate([r]).violations).to.deep.equal([]);
        const b: RecordedResource[] = toRecorded([{ type: "aws:s3/bucket:Bucket", name: "b" }]).map((x) => ({
            ...x,
            inputs: { versioning: { enabled: true } },
        }));
        expect(evaluate(b).violations.some((v) => v.policyName === "s3-bucket-versioning-enabled")).to.equal(true);
    });

    it("shows policies opts.protect as the engine does: a boolean, false unless recorded; never retainOnDelete", () => {
        const seen: string[] = [];
        const note = (kind: string, name: string, opts: object): void =>
            void seen.push(
                `${kind} ${name}: protect=${String((opts as { protect?: unknown }).protect)} retainOnDelete=${"retainOnDelete" in opts}`,
            );
        const resourceProbe: ResourceValidationPolicy = {
            name: "resource-probe",
            description: "probe",
            validateResource: (a) => note("resource", a.name, a.opts),
        };
        const stackProbe: StackValidationPolicy = {
            name: "stack-probe",
            description: "probe",
            validateStack: (a) =>
                a.resources.forEach((r) => {
                    note("stack", r.name, r.opts);
                }),
        };
        const resources = toRecorded([
            { type: "aws:kms/key:Key", name: "protected", protect: true },
            { type: "aws:kms/key:Key", name: "retained", retainOnDelete: true },
            { type: "aws:kms/key:Key", name: "plain" },
        ]);
        run(resolvePolicies([resourceProbe, stackProbe]), resources, { policyPack: "test", stackTags: stackTagsMap() });
        expect(seen).to.deep.equal([
            "resource protected: protect=true retainOnDelete=false",
            "resource retained: protect=false retainOnDelete=false",
            "resource plain: protect=false retainOnDelete=false",
            "stack protected: protect=true retainOnDelete=false",
            "stack retained: protect=false retainOnDelete=false",
            "stack plain: protect=false retainOnDelete=false",
        ]);
    });

    it("ships example configs that validate against every policy's schema", () => {
        for (const f of ["prod.json", "evaluation.json"]) {
            const config = JSON.parse(fs.readFileSync(path.join(__dirname, "../../config", f), "utf8")) as PackConfig;
            expect(() => evaluate([], config), f).not.to.throw();
        }
    });

    it("the evaluation config exempts the log bucket from S3.9 and makes domain controls advisory", () => {
        const config = JSON.parse(fs.readFileSync(path.join(__dirname, "../../config/evaluation.json"), "utf8")) as PackConfig;
        const items: StackItem[] = [
            { type: "aws:s3/bucket:Bucket", name: "storage-logs" },
            { type: "aws:lb/listener:Listener", name: "http", props: { protocol: "HTTP", defaultActions: [{ type: "fixed-response" }] } },
        ];
        const res = evaluate(toRecorded(items), config);
        expect(res.violations.filter((v) => v.policyName === "s3-bucket-access-logging-enabled")).to.deep.equal([]);
        expect(
            res.violations.filter((v) => v.policyName === "alb-http-listener-redirects-to-https").map((v) => v.enforcementLevel),
        ).to.deep.equal(["advisory"]);
    });

    it("both example configs exempt the edge distribution from CloudFront.1 and allow the volume-permissions init container, each with a reason", () => {
        const items: StackItem[] = [
            { type: "aws:cloudfront/distribution:Distribution", name: "edge", props: { enabled: true } },
            {
                type: "aws:ecs/taskDefinition:TaskDefinition",
                name: "app",
                props: {
                    containerDefinitions: JSON.stringify([
                        { name: "volume-permissions", user: "0" },
                        { name: "other", user: "0" },
                    ]),
                },
            },
        ];
        const reasons: Record<string, string[]> = {};
        for (const f of ["prod.json", "evaluation.json"]) {
            const config = JSON.parse(fs.readFileSync(path.join(__dirname, "../../config", f), "utf8")) as PackConfig;
            const found = evaluate(toRecorded(items), config).violations.filter((v) =>
                ["cloudfront-default-root-object", "ecs-container-non-root-user"].includes(v.policyName),
            );
            expect(
                found.map((v) => `${v.policyName}: ${v.message}`),
                f,
            ).to.deep.equal(['ecs-container-non-root-user: Container "other" user is "0" (root).']);
            // A level downgrade would hide CloudFront.1 everywhere; the exemption names the one distribution.
            const cloudfront = config["cloudfront-default-root-object"] as {
                enforcementLevel?: unknown;
                exemptions: { urnPattern: string; reason: string }[];
            };
            expect(cloudfront.enforcementLevel, f).to.equal(undefined);
            expect(
                cloudfront.exemptions.map((e) => Object.keys(e).sort()),
                f,
            ).to.deep.equal([["reason", "urnPattern"]]);
            expect(cloudfront.exemptions[0]!.urnPattern, f).to.equal("*aws:cloudfront/distribution:Distribution::edge");
            const root = config["ecs-container-non-root-user"] as { allowedRootContainers: { name: string; reason: string }[] };
            expect(
                root.allowedRootContainers.map((c) => c.name),
                f,
            ).to.deep.equal(["volume-permissions"]);
            reasons[f] = [cloudfront.exemptions[0]!.reason, root.allowedRootContainers[0]!.reason];
            for (const reason of reasons[f]!) {
                expect(reason.trim(), f).to.have.length.of.at.least(40);
                // A source file a reason cites must exist (it names where the exception is justified).
                for (const cited of reason.match(/\b(?:components|stacks|policy-pack)\/[\w./-]+\.ts\b/g) ?? []) {
                    expect(fs.existsSync(path.join(__dirname, "../../..", cited)), `${f}: ${cited}`).to.equal(true);
                }
            }
        }
        // The two configs justify the same exceptions with the same words.
        expect(reasons["evaluation.json"]).to.deep.equal(reasons["prod.json"]);
    });

    it("loading the policies and the evaluator loads no Pulumi SDK (checked in a fresh process)", () => {
        expect(policies.length).to.be.greaterThan(50);
        // In this process other specs may already have loaded the SDKs: ask a new one.
        const script = [
            "require('./policies');",
            "require('./offline/evaluate');",
            "const sdk = Object.keys(require.cache).filter((k) => /@pulumi[\\\\/](pulumi|aws|policy)[\\\\/]/.test(k));",
            "process.stdout.write(JSON.stringify(sdk));",
        ].join("\n");
        const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
            cwd: path.join(__dirname, "..", ".."),
            encoding: "utf8",
            env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
        });
        expect(JSON.parse(out)).to.deep.equal([]);
    });
});
