import { expect } from "chai";
import {
    ALIAS_RECORD_TTL_SECONDS,
    ASSUMED_MANUAL_FAILOVER_SECONDS,
    ASSUMED_TASK_START_SECONDS,
    buildResilienceReport,
    renderResilienceMarkdown,
} from "../../preview/resilience";
import { withAlertTopics } from "./fixtures/alerting";
import { type FixtureOptions, fixtureRecords } from "./fixtures/records";

/** The fixture with every alarm notifying a subscribed topic (alert times are about timing here). */
const subscribed = (opts: FixtureOptions = {}) => withAlertTopics(fixtureRecords(opts), ["oncall@example.com"]);

const scenario = (id: string, opts: FixtureOptions = {}) => {
    const s = buildResilienceReport(subscribed(opts)).scenarios.find((x) => x.id === id);
    if (!s) throw new Error(`no scenario ${id}`);
    return s;
};

describe("preview/resilience", () => {
    it("lists task, AZ and region scenarios (reads, reads under the write paths, writes) for the recorded stacks", () => {
        expect(buildResilienceReport(fixtureRecords()).scenarios.map((s) => s.id)).to.deep.equal([
            "task:us-east-1",
            "az:us-east-1",
            "task:eu-west-1",
            "az:eu-west-1",
            "region:us-east-1:reads",
            "region:us-east-1:write-path-reads",
            "region:us-east-1:writes",
        ]);
    });

    it("task detection = ALB interval x unhealthy threshold, and moves with the interval", () => {
        expect(scenario("task:us-east-1").detection.seconds).to.equal(10 * 2);
        expect(scenario("task:us-east-1", { interval: 30 }).detection.seconds).to.equal(30 * 2);
        expect(scenario("task:us-east-1", { unhealthyThreshold: 5 }).detection.inputs).to.deep.equal({
            interval: 10,
            unhealthyThreshold: 5,
        });
    });

    it("people are alerted after detection plus the alarm's period x evaluation periods, when an alarm exists", () => {
        expect(scenario("task:us-east-1").alert!.seconds).to.equal(20 + 60 * 2);
        expect(scenario("task:us-east-1", { alarmPeriod: 10 }).alert!.seconds).to.equal(20 + 10 * 2);
        expect(scenario("region:us-east-1:writes").alert).to.equal(undefined);
    });

    it("task recovery adds the assumed task start and the healthy checks", () => {
        expect(scenario("task:eu-west-1").recovery.seconds).to.equal(20 + ASSUMED_TASK_START_SECONDS + 10 * 2);
        expect(scenario("task:eu-west-1", { healthyThreshold: 4 }).recovery.seconds).to.equal(20 + ASSUMED_TASK_START_SECONDS + 10 * 4);
    });

    it("region reads fail over in CloudFront connection timeout x attempts", () => {
        expect(scenario("region:us-east-1:reads").recovery.seconds).to.equal(3);
        expect(scenario("region:us-east-1:reads", { connectionTimeout: 10, connectionAttempts: 3 }).recovery.seconds).to.equal(30);
    });

    it("region writes are detected in Route 53 interval x failure threshold; without records the operator fails over", () => {
        const s = scenario("region:us-east-1:writes", { requestInterval: 30, failureThreshold: 2 });
        expect(s.detection.seconds).to.equal(60);
        expect(s.automatic).to.equal(false);
        expect(s.recovery).to.deep.equal({
            seconds: 60 + ASSUMED_MANUAL_FAILOVER_SECONDS,
            formula: "Route 53 interval × failure threshold (alarm) + controlled failover by the operator (assumed)",
            inputs: { requestInterval: 30, failureThreshold: 2, manualFailoverSeconds: ASSUMED_MANUAL_FAILOVER_SECONDS },
        });
        expect(s.notes).to.equal(
            "Writes (/api/*) go to us-east-1, which no health-checked record moves, and CloudFront fails over only GET, HEAD and OPTIONS: they follow `activeRegion`, flipped by the operator after the health-check alarm.",
        );
    });

    describe("region writes, read from the write behaviours, their origin and the records on its name", () => {
        it("domain mode: the write origin is the health-checked failover records' name, so Route 53 moves writes in interval x threshold + alias TTL", () => {
            const s = scenario("region:us-east-1:writes", { domain: true });
            expect(s.automatic).to.equal(true);
            expect(s.recovery).to.deep.equal({
                seconds: 10 * 3 + ALIAS_RECORD_TTL_SECONDS,
                formula: "Route 53 interval × failure threshold + record TTL",
                inputs: { requestInterval: 10, failureThreshold: 3, ttl: ALIAS_RECORD_TTL_SECONDS },
            });
            expect(s.notes).to.equal(
                "Writes (/api/*) go to the origin origin.app.example.com, whose health-checked failover records move them to a healthy region; CloudFront's resolvers follow after the TTL.",
            );
            expect(
                scenario("region:us-east-1:writes", { domain: true, requestInterval: 30, failureThreshold: 2 }).recovery.seconds,
            ).to.equal(30 * 2 + 60);
        });

        it("domain mode, active-active: latency records on the write origin's name move writes too", () => {
            const s = scenario("region:us-east-1:writes", { domain: true, routing: "latency" });
            expect([s.automatic, s.recovery.seconds]).to.deep.equal([true, 90]);
            expect(s.notes).to.contain("health-checked latency records");
        });

        it("records on the name that are not health-checked do not move writes: the operator does", () => {
            expect(scenario("region:us-east-1:writes", { domain: true, uncheckedRecords: true }).automatic).to.equal(false);
        });

        it("writes sent to the origin group reach only its primary (CloudFront retries only GET, HEAD, OPTIONS): the operator moves them", () => {
            const s = scenario("region:us-east-1:writes", { writesThroughGroup: true });
            expect(s.automatic).to.equal(false);
            expect(s.notes).to.equal(
                "Writes (*) go to us-east-1, which no health-checked record moves, and CloudFront fails over only GET, HEAD and OPTIONS: they follow `activeRegion`, flipped by the operator after the health-check alarm.",
            );
        });

        it("no writes scenario when no behaviour accepts writes", () => {
            expect(buildResilienceReport(fixtureRecords({ readOnly: true })).scenarios.map((x) => x.id)).to.not.include(
                "region:us-east-1:writes",
            );
        });

        it("names the failed region after the origin group's primary (the active region), not the first regional stack", () => {
            const ids = buildResilienceReport(fixtureRecords({ activeRegion: "eu-west-1", domain: true })).scenarios.map((x) => x.id);
            expect(ids.slice(-3)).to.deep.equal(["region:eu-west-1:reads", "region:eu-west-1:write-path-reads", "region:eu-west-1:writes"]);
            expect(scenario("region:eu-west-1:writes", { activeRegion: "eu-west-1", domain: true }).automatic).to.equal(true);
            expect(scenario("region:eu-west-1:writes", { activeRegion: "eu-west-1" }).notes).to.contain("go to eu-west-1,");
        });
    });

    it("bounds data loss by Replication Time Control, and leaves it unbounded without replication", () => {
        expect(scenario("region:us-east-1:reads").dataLoss.seconds).to.equal(15 * 60);
        expect(scenario("region:us-east-1:reads", { withReplication: false }).dataLoss.seconds).to.equal(Number.POSITIVE_INFINITY);
    });

    it("finds single points of failure: one AZ (both regions here), a tier missing in a region, no replication", () => {
        expect(buildResilienceReport(fixtureRecords()).singlePointsOfFailure).to.deep.equal([]);
        const spofs = buildResilienceReport(
            fixtureRecords({ azs: ["us-east-1a"], withReplication: false, withXrayInSecondary: false }),
        ).singlePointsOfFailure;
        expect(spofs.map((p) => `${p.kind} ${p.subject}`)).to.have.members([
            "fewer-than-two-azs us-east-1/vpc",
            "fewer-than-two-azs us-east-1/alb",
            "fewer-than-two-azs us-east-1/ecs",
            "fewer-than-two-azs eu-west-1/vpc",
            "fewer-than-two-azs eu-west-1/alb",
            "fewer-than-two-azs eu-west-1/ecs",
            "tier-missing-in-region eu-west-1/xray",
            "no-replication us-east-1",
            "no-replication eu-west-1",
        ]);
    });

    it("renders every figure with its formula and inputs", () => {
        const md = renderResilienceMarkdown(buildResilienceReport(subscribed()));
        expect(md).to.contain("- detection: 20 s = ALB health-check interval × unhealthy threshold (interval=10, unhealthyThreshold=2)");
        expect(md).to.contain("| region us-east-1 | reads | yes | 3 s | 3 s | 900 s (15.0 min) | no alarm |");
        expect(md).to.contain("| task us-east-1 | reads and writes | yes | 20 s | 100 s | 0 s | 140 s (2.3 min) |");
    });

    describe("reads under the write paths (GET /api/... takes the write behaviour, not the origin group)", () => {
        it("evaluation mode: they do not fail over per request; the operator moves them with the writes", () => {
            const s = scenario("region:us-east-1:write-path-reads", { requestInterval: 10, failureThreshold: 3 });
            expect([s.traffic, s.automatic]).to.deep.equal(["reads under the write paths", false]);
            expect(s.recovery).to.deep.equal({
                seconds: 30 + ASSUMED_MANUAL_FAILOVER_SECONDS,
                formula: "Route 53 interval × failure threshold (alarm) + controlled failover by the operator (assumed)",
                inputs: { requestInterval: 10, failureThreshold: 3, manualFailoverSeconds: ASSUMED_MANUAL_FAILOVER_SECONDS },
            });
            expect(s.notes).to.equal(
                "Reads under the write paths (/api/*) go to us-east-1, like the writes: no per-request failover; they move only when the operator flips `activeRegion`. A fork that needs them to fail over per request gives them read-only path patterns of their own on the origin group (docs/global-stack.md).",
            );
        });

        it("domain mode: they move with Route 53, in interval x threshold + TTL", () => {
            const s = scenario("region:us-east-1:write-path-reads", { domain: true });
            expect([s.automatic, s.detection.seconds, s.recovery.seconds]).to.deep.equal([true, 30, 30 + ALIAS_RECORD_TTL_SECONDS]);
            expect(s.recovery.formula).to.equal("Route 53 interval × failure threshold + record TTL");
            expect(s.notes).to.equal(
                "Reads under the write paths (/api/*) go to the origin origin.app.example.com, like the writes: no per-request failover; they move when Route 53's failover records do and CloudFront's resolvers follow after the TTL.",
            );
        });

        it("the reads scenario says which paths its per-request failover covers", () => {
            expect(scenario("region:us-east-1:reads").notes).to.equal(
                "CloudFront origin-group failover (GET, HEAD, OPTIONS) to the secondary origin, request by request, for every path outside the write paths (/api/*); reads under those follow the writes (region:us-east-1:write-path-reads).",
            );
        });

        it("no such scenario when the behaviour that takes writes targets the origin group (its reads fail over)", () => {
            const ids = buildResilienceReport(fixtureRecords({ writesThroughGroup: true })).scenarios.map((x) => x.id);
            expect(ids).to.not.include("region:us-east-1:write-path-reads");
            expect(ids).to.include("region:us-east-1:writes");
        });
    });

    it("bounds data loss by Replication Time Control only for objects written after replication started", () => {
        expect(scenario("region:us-east-1:writes").dataLoss).to.deep.equal({
            seconds: 15 * 60,
            formula:
                "Replication Time Control window (99.99 % of objects, SLA), for objects written after replication started: objects that existed before, and a new region's backlog, are copied only by an S3 Batch Replication backfill",
            inputs: { replicationTimeMinutes: 15 },
        });
    });

    it("says nobody subscribed when the alarm's topics have no subscription, instead of a time", () => {
        const report = buildResilienceReport(withAlertTopics(fixtureRecords(), []));
        const task = report.scenarios.find((x) => x.id === "task:us-east-1")!;
        expect([task.alert!.subscribed, task.alert!.seconds]).to.deep.equal([false, 20 + 60 * 2]);
        const md = renderResilienceMarkdown(report);
        expect(md).to.contain("| task us-east-1 | reads and writes | yes | 20 s | 100 s | 0 s | nobody subscribed |");
        expect(md).to.contain(
            "- alerted: nobody subscribed (the alarm would fire after 140 s (2.3 min)) = ALB health-check interval × unhealthy threshold + alarm period × evaluation periods (UnHealthyHostCount) (interval=10, unhealthyThreshold=2, alarmPeriod=60, alarmEvaluationPeriods=2)",
        );
        // An alarm without any action alerts nobody either.
        expect(buildResilienceReport(fixtureRecords()).scenarios.find((x) => x.id === "task:us-east-1")!.alert!.subscribed).to.equal(false);
    });
});
