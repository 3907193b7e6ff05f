/**
 * The resilience report over the global stack the program really builds (under the simulated
 * cloud), with regional records that carry only their contract: the region scenarios, who is
 * alerted from where, and what each of four regions does at the edge in each routing mode.
 */
import { expect } from "chai";
import { buildResilienceReport, renderResilienceMarkdown } from "../../preview/resilience";
import type { StackRecord } from "../../simulation/evaluate";
import { evaluateProjectStack } from "../../simulation/project";
import type { RegionalContract } from "../../stacks/contract";
import { defaultContracts, regionalContract, stackOutputsOf } from "../support/regionalContract";
import { configWith } from "../support/stacks";

const DOMAIN = { hostedZoneId: "Z0123456789ABC", domainName: "app.example.com" };
const SECRET = "shared-origin-verify-secret-0123456789";
const FOUR = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-1"];

function fourContracts(domain?: string): Record<string, RegionalContract> {
    const cidrs: Record<string, string> = { "us-west-2": "10.2.0.0/16", "ap-southeast-1": "10.3.0.0/16" };
    const contracts: Record<string, RegionalContract> = { ...defaultContracts(domain) };
    for (const region of ["us-west-2", "ap-southeast-1"])
        contracts[region] = regionalContract(region, { cidr: cidrs[region], originDomain: domain && `${region}.origin.${domain}` });
    return domain ? Object.fromEntries(Object.entries(contracts).map(([k, c]) => [k, { ...c, originVerifySecret: SECRET }])) : contracts;
}

/** A regional stack's record as the report needs it: its contract, no resources. */
const regionalRecord = (stack: string, contract: RegionalContract): StackRecord => ({
    stack,
    project: "platform",
    config: { "platform:role": "regional", "platform:region": contract.region },
    outputs: { ...contract },
    secretOutputNames: [],
    secretValues: [],
    resources: [],
});

async function report(overrides: Record<string, unknown>, contracts: Record<string, RegionalContract>, stacks = Object.keys(contracts)) {
    const global = await evaluateProjectStack(
        "global",
        configWith("global", { "platform:regionalStacks": stacks.map((s) => `organization/platform/${s}`), ...overrides }),
        stackOutputsOf(contracts),
    );
    return buildResilienceReport([...stacks.map((s) => regionalRecord(s, contracts[s]!)), global]);
}

describe("preview/resilience over the recorded global stack", () => {
    describe("who is told that the active region failed (never an alarm in that region)", () => {
        it("us-east-1 failed: the probe of us-east-1 from eu-west-1, not the Route 53 alarm that lives in us-east-1; nobody subscribed by default", async () => {
            const r = await report({}, defaultContracts());
            const reads = r.scenarios.find((s) => s.id === "region:us-east-1:reads")!;
            expect(reads.alert).to.deep.equal({
                seconds: 180,
                formula:
                    "probe of us-east-1 from eu-west-1 (its first run after the failure fails) + alarm period × evaluation periods (SuccessPercent of the probe, in eu-west-1)",
                inputs: { alarmPeriod: 60, alarmEvaluationPeriods: 3 },
                subscribed: false,
            });
            expect(renderResilienceMarkdown(r)).to.contain(
                "| region us-east-1 | reads | yes | 3 s | 3 s | 900 s (15.0 min) | nobody subscribed |",
            );
        });

        it("with platform:alertEmails the same path reaches people in 180 s", async () => {
            const r = await report({ "platform:alertEmails": ["oncall@example.com"] }, defaultContracts());
            const alerts = r.scenarios.filter((s) => s.failure === "region").map((s) => [s.id, s.alert!.seconds, s.alert!.subscribed]);
            expect(alerts).to.deep.equal([
                ["region:us-east-1:reads", 180, true],
                ["region:us-east-1:write-path-reads", 180, true],
                ["region:us-east-1:writes", 180, true],
            ]);
        });

        it("eu-west-1 active and failed: the Route 53 alarm in us-east-1 is faster than the probe (30 s + 60 s)", async () => {
            const r = await report(
                { "platform:activeRegion": "eu-west-1", "platform:alertEmails": ["oncall@example.com"] },
                defaultContracts(),
            );
            expect(r.scenarios.find((s) => s.id === "region:eu-west-1:writes")!.alert).to.deep.equal({
                seconds: 90,
                formula:
                    "Route 53 health-check interval × failure threshold + alarm period × evaluation periods (HealthCheckStatus of eu-west-1, in us-east-1)",
                inputs: { requestInterval: 10, failureThreshold: 3, alarmPeriod: 60, alarmEvaluationPeriods: 1 },
                subscribed: true,
            });
        });
    });

    it("domain mode: writes and the reads under the write paths follow the failover records behind origin.<domain>", async () => {
        const r = await report({ "platform:domain": DOMAIN }, pick(fourContracts("app.example.com"), ["us-east-1", "eu-west-1"]));
        const moved = r.scenarios
            .filter((s) => s.id.endsWith("writes") || s.id.endsWith("write-path-reads"))
            .map((s) => [s.id, s.automatic, s.recovery.seconds]);
        expect(moved).to.deep.equal([
            ["region:us-east-1:write-path-reads", true, 90],
            ["region:us-east-1:writes", true, 90],
        ]);
    });

    describe("four regions: what regions three and four do in each routing mode", () => {
        it("evaluation mode, us-west-2 (third) active: it and the first region hold the origin group; the rest are standbys", async () => {
            const r = await report({ "platform:activeRegion": "us-west-2" }, fourContracts(), FOUR);
            expect(r.regionRoles.map((x) => [x.region, x.reads, x.writes])).to.deep.equal([
                ["us-east-1", "origin group secondary", "standby (controlled failover only)"],
                ["eu-west-1", "standby (controlled failover only)", "standby (controlled failover only)"],
                ["us-west-2", "origin group primary", "write origin"],
                ["ap-southeast-1", "standby (controlled failover only)", "standby (controlled failover only)"],
            ]);
            expect(r.scenarios.filter((s) => s.failure === "region").map((s) => s.id)).to.deep.equal([
                "region:us-west-2:reads",
                "region:us-west-2:write-path-reads",
                "region:us-west-2:writes",
            ]);
            expect(renderResilienceMarkdown(r)).to.contain(
                "| ap-southeast-1 | standby (controlled failover only) | standby (controlled failover only) |",
            );
        });

        it("domain mode, active-passive, ap-southeast-1 (fourth) active: PRIMARY the fourth, SECONDARY the first, the others standbys", async () => {
            const r = await report(
                { "platform:domain": DOMAIN, "platform:activeRegion": "ap-southeast-1" },
                fourContracts("app.example.com"),
                FOUR,
            );
            expect(r.regionRoles.map((x) => [x.region, x.reads, x.writes])).to.deep.equal([
                ["us-east-1", "origin group secondary", "SECONDARY record"],
                ["eu-west-1", "standby (controlled failover only)", "standby (controlled failover only)"],
                ["us-west-2", "standby (controlled failover only)", "standby (controlled failover only)"],
                ["ap-southeast-1", "origin group primary", "PRIMARY record"],
            ]);
        });

        it("domain mode, active-active: every region takes writes by latency; reads still fail over between two", async () => {
            const r = await report(
                { "platform:domain": DOMAIN, "platform:routingMode": "active-active" },
                fourContracts("app.example.com"),
                FOUR,
            );
            expect(r.regionRoles.map((x) => [x.region, x.reads, x.writes])).to.deep.equal([
                ["us-east-1", "origin group primary", "latency-routed"],
                ["eu-west-1", "origin group secondary", "latency-routed"],
                ["us-west-2", "standby (controlled failover only)", "latency-routed"],
                ["ap-southeast-1", "standby (controlled failover only)", "latency-routed"],
            ]);
        });
    });
});

function pick<T>(record: Record<string, T>, keys: readonly string[]): Record<string, T> {
    return Object.fromEntries(keys.map((k) => [k, record[k]!]));
}
