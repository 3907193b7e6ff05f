import { expect } from "chai";
import { exemptionMatches, guardReport } from "../../offline/guard";
import { resolvePolicies } from "../../offline/engine";
import { describeGuard, evaluatePolicies, matchExemptions } from "../../offline/evaluate";
import type { PackConfig } from "../../offline/types";
import { policies } from "../../policies";
import { toRecorded, urnOf } from "../harness";

const BUCKET = "aws:s3/bucket:Bucket";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const defaultOf = (name: string) => policies.find((p) => p.name === name)!.enforcementLevel;

describe("offline/guard: guardReport", () => {
    it("no config changes nothing", () => {
        expect(describeGuard()).to.deep.equal({
            policyCount: policies.length,
            disabled: [],
            downgraded: [],
            exemptions: [],
            allowances: [],
            settings: [],
        });
    });

    it('{"all": "disabled"} disables every policy; a per-policy level wins over it', () => {
        expect(describeGuard({ all: "disabled" }).disabled.map((c) => c.policyName)).to.deep.equal(policies.map((p) => p.name));
        const r = describeGuard({ all: "disabled", "alb-multi-az": "mandatory" });
        expect(r.disabled).to.have.length(policies.length - 1);
        expect(r.disabled[0]).to.deep.equal({
            policyName: policies[0]!.name,
            defaultLevel: policies[0]!.enforcementLevel,
            level: "disabled",
        });
    });

    it("a downgrade is a weaker level than the policy's default; raising or remediate is not", () => {
        expect(defaultOf("alb-multi-az")).to.equal("mandatory");
        expect(defaultOf("waf-web-acl-logging")).to.equal("advisory");
        const r = describeGuard({
            "alb-multi-az": "advisory",
            "waf-web-acl-logging": "mandatory",
            "alb-waf-attached": "remediate",
            "athena-workgroup-bytes-scanned-cutoff": "advisory",
        });
        expect(r.downgraded).to.deep.equal([{ policyName: "alb-multi-az", defaultLevel: "mandatory", level: "advisory" }]);
        expect(r.disabled).to.deep.equal([]);
        const all = describeGuard({ all: "advisory" });
        expect(all.downgraded.map((c) => c.policyName)).to.deep.equal(
            policies.filter((p) => p.enforcementLevel === "mandatory").map((p) => p.name),
        );
    });

    it("lists changed settings, reasoned allowances and exemptions of running policies only", () => {
        const config: PackConfig = {
            "cloudwatch-log-group-retention": { minLogRetentionDays: 7 },
            "alb-multi-az": { minAvailabilityZones: 2, exemptions: [{ urnPattern: "*::alb", reason: "test" }] },
            "ecs-container-non-root-user": { allowedRootContainers: [{ name: "init", reason: "chown only" }] },
            "s3-bucket-versioning-enabled": { enforcementLevel: "disabled", exemptions: [{ urnPattern: "*", reason: "moot" }] },
        };
        const r = describeGuard(config);
        expect(r.settings).to.deep.equal([
            { policyName: "cloudwatch-log-group-retention", key: "minLogRetentionDays", value: 7, defaultValue: 30 },
        ]);
        expect(r.allowances).to.deep.equal([
            { policyName: "ecs-container-non-root-user", key: "allowedRootContainers", entry: { name: "init" }, reason: "chown only" },
        ]);
        expect(r.exemptions).to.deep.equal([{ policyName: "alb-multi-az", urnPattern: "*::alb", reason: "test" }]);
        expect(r.disabled.map((c) => c.policyName)).to.deep.equal(["s3-bucket-versioning-enabled"]);
    });

    it("refuses an invalid config, as the evaluation does", () => {
        expect(() => guardReport(policies, { "alb-multi-az": { minAvailabilityZone: 1 } })).to.throw(
            "config minAvailabilityZone: unknown key",
        );
    });
});

describe("offline/guard: exemption matches", () => {
    const resources = toRecorded([
        { type: BUCKET, name: "data" },
        { type: BUCKET, name: "storage-logs" },
        { type: LB, name: "storage-logs-alb" },
    ]);
    const config: PackConfig = {
        "s3-bucket-access-logging-enabled": {
            exemptions: [
                { urnPattern: "*-logs", reason: "log destination" },
                { urnPattern: "*storage*", reason: "second" },
            ],
        },
        "alb-drop-invalid-header-fields": { exemptions: [{ urnPattern: "*storage-logs*", reason: "resource policy: its own type only" }] },
        "s3-bucket-versioning-enabled": { enforcementLevel: "disabled", exemptions: [{ urnPattern: "*", reason: "disabled: moot" }] },
    };

    it("a stack policy: every matching resource, with the first matching exemption; a resource policy: its own types only; a disabled policy: none", () => {
        expect(matchExemptions(resources, config)).to.deep.equal([
            {
                policyName: "s3-bucket-access-logging-enabled",
                urn: urnOf(BUCKET, "storage-logs"),
                urnPattern: "*-logs",
                reason: "log destination",
            },
            {
                policyName: "s3-bucket-access-logging-enabled",
                urn: urnOf(LB, "storage-logs-alb"),
                urnPattern: "*storage*",
                reason: "second",
            },
            {
                policyName: "alb-drop-invalid-header-fields",
                urn: urnOf(LB, "storage-logs-alb"),
                urnPattern: "*storage-logs*",
                reason: "resource policy: its own type only",
            },
        ]);
    });

    it("evaluatePolicies returns the same matches, and the exempt bucket's violation is gone", () => {
        const res = evaluatePolicies({ policyPack: "platform-guard", resources, config });
        expect(res.exemptions).to.deep.equal(exemptionMatches(resolvePolicies(policies, config), resources));
        const logging = res.violations.filter((v) => v.policyName === "s3-bucket-access-logging-enabled").map((v) => v.urn);
        expect(logging).to.deep.equal([urnOf(BUCKET, "data")]);
        expect(evaluatePolicies({ policyPack: "platform-guard", resources }).exemptions).to.deep.equal([]);
    });
});
