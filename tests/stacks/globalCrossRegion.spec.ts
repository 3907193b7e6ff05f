/**
 * The global stack's cross-region promises (issue 13): the replication backfill it prepares, the
 * probes' Lambda logs and clean-up, and four regions with the active region anywhere in the list.
 */
import { expect } from "chai";
import type { ResourceRecord, StackRecord } from "../../simulation/evaluate";
import { evaluateProjectStack } from "../../simulation/project";
import { GLOBAL_BACKFILL_OUTPUT_KEYS, type RegionalContract } from "../../stacks/contract";
import { defaultContracts, regionalContract, stackOutputsOf } from "../support/regionalContract";
import { configWith, ofType } from "../support/stacks";

const DOMAIN = { hostedZoneId: "Z0123456789ABC", domainName: "app.example.com" };
const SECRET = "shared-origin-verify-secret-0123456789";
const FOUR = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-1"];
const DIST = "aws:cloudfront/distribution:Distribution";
const REC = "aws:route53/record:Record";
const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

function fourContracts(domain?: string): Record<string, RegionalContract> {
    const cidrs: Record<string, string> = { "us-west-2": "10.2.0.0/16", "ap-southeast-1": "10.3.0.0/16" };
    const contracts: Record<string, RegionalContract> = { ...defaultContracts(domain) };
    for (const region of ["us-west-2", "ap-southeast-1"])
        contracts[region] = regionalContract(region, { cidr: cidrs[region], originDomain: domain && `${region}.origin.${domain}` });
    return domain ? Object.fromEntries(Object.entries(contracts).map(([k, c]) => [k, { ...c, originVerifySecret: SECRET }])) : contracts;
}

function evaluate(overrides: Record<string, unknown>, contracts: Record<string, RegionalContract>, stacks = Object.keys(contracts)) {
    return evaluateProjectStack(
        "global",
        configWith("global", { "platform:regionalStacks": stacks.map((s) => `organization/platform/${s}`), ...overrides }),
        stackOutputsOf(contracts),
    );
}

const one = (record: StackRecord, type: string, name: string): ResourceRecord => {
    const found = ofType(record, type).filter((r) => r.name === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0]!;
};
const json = (value: unknown) => JSON.parse(String(value)) as { Statement: Record<string, unknown>[] };
const providerRegion = (record: StackRecord, r: ResourceRecord) =>
    String(record.resources.find((p) => p.urn === (r.provider ?? "").split("::").slice(0, -1).join("::"))?.inputs["region"]);
/** [pathPattern, targetOriginId, allowedMethods] of every behaviour, the default one first (pattern "*"). */
const behaviours = (d: any) => [
    ["*", d.defaultCacheBehavior.targetOriginId, d.defaultCacheBehavior.allowedMethods],
    ...(d.orderedCacheBehaviors ?? []).map((b: any) => [b.pathPattern, b.targetOriginId, b.allowedMethods]),
];

describe("stacks/global: cross-region promises", () => {
    describe("replication backfill (S3 Batch Replication of existing objects)", () => {
        let g: StackRecord;
        before(async () => {
            g = await evaluate({}, defaultContracts());
        });

        it("creates one batch-operations role trusted by batchoperations.s3.amazonaws.com for this account only", () => {
            expect(json(one(g, "aws:iam/role:Role", "batch-replication-role").inputs["assumeRolePolicy"]).Statement).to.deep.equal([
                {
                    Effect: "Allow",
                    Principal: { Service: "batchoperations.s3.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
                },
            ]);
        });

        it("allows exactly what Batch Replication with an S3-generated, stored manifest needs, on the data buckets and the report prefix", () => {
            const [us, eu] = [defaultContracts()["us-east-1"]!, defaultContracts()["eu-west-1"]!];
            // Links are ordered by region name: eu-west-1 first.
            expect(json(one(g, "aws:iam/rolePolicy:RolePolicy", "batch-replication-role").inputs["policy"]).Statement).to.deep.equal([
                {
                    Sid: "InitiateReplication",
                    Effect: "Allow",
                    Action: "s3:InitiateReplication",
                    Resource: [`${eu.dataBucketArn}/*`, `${us.dataBucketArn}/*`],
                },
                {
                    Sid: "GenerateManifest",
                    Effect: "Allow",
                    Action: ["s3:GetReplicationConfiguration", "s3:PutInventoryConfiguration"],
                    Resource: [eu.dataBucketArn, us.dataBucketArn],
                },
                {
                    Sid: "ReadManifest",
                    Effect: "Allow",
                    Action: ["s3:GetObject", "s3:GetObjectVersion"],
                    Resource: [`${eu.logBucketArn}/batch-replication/*`, `${us.logBucketArn}/batch-replication/*`],
                },
                {
                    Sid: "WriteManifestAndReport",
                    Effect: "Allow",
                    Action: "s3:PutObject",
                    Resource: [`${eu.logBucketArn}/batch-replication/*`, `${us.logBucketArn}/batch-replication/*`],
                },
            ]);
        });

        it("exports the role, the report bucket of each source region and the prefix, under the contract's names", () => {
            expect(GLOBAL_BACKFILL_OUTPUT_KEYS).to.deep.equal([
                "batchReplicationRoleArn",
                "batchReplicationReportBuckets",
                "batchReplicationReportPrefix",
            ]);
            expect(String(g.outputs["batchReplicationRoleArn"])).to.match(/^arn:aws:iam::123456789012:role\/batch-replication-role-/);
            expect(g.outputs["batchReplicationRoleArn"]).to.equal(one(g, "aws:iam/role:Role", "batch-replication-role").outputs["arn"]);
            expect(g.outputs["batchReplicationReportBuckets"]).to.deep.equal({
                "eu-west-1": defaultContracts()["eu-west-1"]!.logBucketName,
                "us-east-1": defaultContracts()["us-east-1"]!.logBucketName,
            });
            expect(g.outputs["batchReplicationReportPrefix"]).to.equal("batch-replication");
        });

        it("covers every region of a four-region set", async () => {
            const four = await evaluate({}, fourContracts(), FOUR);
            expect(Object.keys(four.outputs["batchReplicationReportBuckets"] as object)).to.deep.equal([
                "ap-southeast-1",
                "eu-west-1",
                "us-east-1",
                "us-west-2",
            ]);
            const initiate = json(one(four, "aws:iam/rolePolicy:RolePolicy", "batch-replication-role").inputs["policy"]).Statement[0]!;
            expect(initiate["Resource"]).to.have.length(4);
        });
    });

    describe("the probes' canaries", () => {
        let g: StackRecord;
        before(async () => {
            g = await evaluate({}, defaultContracts());
        });

        it("delete their Lambda functions and layers with the canary", () => {
            expect(
                ofType(g, "aws:synthetics/canary:Canary")
                    .map((c) => [c.name, c.inputs["deleteLambda"]])
                    .sort(),
            ).to.deep.equal([
                ["probe-eu-west-1", true],
                ["probe-us-east-1", true],
            ]);
        });

        it("log to a group named after the canary's function, encrypted with the watching region's alert key, with the stack's retention", () => {
            const groups = ofType(g, "aws:cloudwatch/logGroup:LogGroup").filter((l) => l.name.startsWith("probe-"));
            const expected = ofType(g, "aws:synthetics/canary:Canary").map((c) => {
                const watcher = providerRegion(g, c);
                return [
                    `${c.name}-logs`,
                    `/aws/lambda/${String(c.outputs["engineArn"]).split(":")[6]}`,
                    one(g, "aws:kms/key:Key", `alerts-${watcher}-key`).outputs["arn"],
                    90,
                    watcher,
                ];
            });
            expect(
                groups.map((l) => [l.name, l.inputs["name"], l.inputs["kmsKeyId"], l.inputs["retentionInDays"], providerRegion(g, l)]),
            ).to.deep.equal(expected);
            expect(groups.map((l) => l.name).sort()).to.deep.equal(["probe-eu-west-1-logs", "probe-us-east-1-logs"]);
            expect(String(one(g, "aws:cloudwatch/logGroup:LogGroup", "probe-us-east-1-logs").inputs["name"])).to.match(
                /^\/aws\/lambda\/cwsyn-probe-us-east-1-[0-9a-z]+-[0-9a-f-]+$/,
            );
        });

        it("may write only to that group and may not create log groups (Lambda cannot create an unencrypted one first)", () => {
            for (const probe of ["probe-us-east-1", "probe-eu-west-1"]) {
                const main = json(one(g, "aws:iam/rolePolicy:RolePolicy", `${probe}-role`).inputs["policy"]).Statement;
                expect(main.flatMap((s) => [s["Action"]].flat()).filter((a) => String(a).startsWith("logs:"))).to.deep.equal([]);
                expect(json(one(g, "aws:iam/rolePolicy:RolePolicy", `${probe}-logs`).inputs["policy"]).Statement).to.deep.equal([
                    {
                        Sid: "WriteLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: `${one(g, "aws:cloudwatch/logGroup:LogGroup", `${probe}-logs`).outputs["arn"]}:*`,
                    },
                ]);
            }
        });

        it("trust Lambda with the plain statement Synthetics requires (no condition Lambda does not send)", () => {
            for (const probe of ["probe-us-east-1", "probe-eu-west-1"]) {
                expect(json(one(g, "aws:iam/role:Role", `${probe}-role`).inputs["assumeRolePolicy"]).Statement).to.deep.equal([
                    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
                ]);
            }
        });
    });

    describe("four regions, the active region anywhere in the list", () => {
        const keys = (r: StackRecord) => r.resources.map((x) => `${x.type}::${x.name}`).sort();

        for (const [activeRegion, other] of [
            ["us-west-2", "us-east-1"],
            ["ap-southeast-1", "us-east-1"],
        ] as const) {
            it(`evaluation mode, ${activeRegion} active: origin group ${activeRegion} then ${other}, writes to ${activeRegion}; the flip creates and deletes nothing`, async () => {
                const [first, flipped] = await Promise.all([
                    evaluate({}, fourContracts(), FOUR),
                    evaluate({ "platform:activeRegion": activeRegion }, fourContracts(), FOUR),
                ]);
                const d = one(flipped, DIST, "edge").inputs as any;
                expect(d.originGroups[0].members).to.deep.equal([{ originId: `origin-${activeRegion}` }, { originId: `origin-${other}` }]);
                expect(behaviours(d)).to.deep.equal([
                    ["*", "regional-failover", ["GET", "HEAD", "OPTIONS"]],
                    ["/api/*", `origin-${activeRegion}`, ALL_METHODS],
                ]);
                expect(d.origins.map((o: any) => o.originId)).to.deep.equal([
                    `origin-${activeRegion}`,
                    ...FOUR.filter((r) => r !== activeRegion).map((r) => `origin-${r}`),
                ]);
                expect(flipped.outputs["originOrder"]).to.deep.equal([activeRegion, ...FOUR.filter((r) => r !== activeRegion)]);
                expect(flipped.outputs["writeOrigin"]).to.deep.include({ originId: `origin-${activeRegion}`, failsOverBy: "activeRegion" });
                expect(keys(flipped)).to.deep.equal(keys(first));
            });
        }

        it("domain mode, active-passive, us-west-2 active: PRIMARY us-west-2, SECONDARY us-east-1, keyed by role so the flip updates in place", async () => {
            const contracts = fourContracts("app.example.com");
            const [first, flipped] = await Promise.all([
                evaluate({ "platform:domain": DOMAIN }, contracts, FOUR),
                evaluate({ "platform:domain": DOMAIN, "platform:activeRegion": "us-west-2" }, contracts, FOUR),
            ]);
            const failover = ofType(flipped, REC).filter((r) => r.inputs["failoverRoutingPolicies"] !== undefined);
            const hc = flipped.outputs["healthCheckIds"] as Record<string, string>;
            expect(
                failover.map((r) => [
                    r.name,
                    (r.inputs["failoverRoutingPolicies"] as any)[0].type,
                    r.inputs["healthCheckId"],
                    (r.inputs["aliases"] as any)[0].name,
                ]),
            ).to.deep.equal([
                ["dns-failover-primary", "PRIMARY", hc["us-west-2"], contracts["us-west-2"]!.albDnsName],
                ["dns-failover-secondary", "SECONDARY", hc["us-east-1"], contracts["us-east-1"]!.albDnsName],
            ]);
            expect(behaviours(one(flipped, DIST, "edge").inputs)[1]).to.deep.equal(["/api/*", "write-failover", ALL_METHODS]);
            // Every region keeps its health check and its own origin name's alias.
            expect(Object.keys(hc)).to.deep.equal(["us-west-2", "us-east-1", "eu-west-1", "ap-southeast-1"]);
            expect(
                ofType(flipped, REC)
                    .filter((r) => r.name.startsWith("dns-region-"))
                    .map((r) => r.name)
                    .sort(),
            ).to.deep.equal(FOUR.map((r) => `dns-region-${r}`).sort());
            expect(keys(flipped)).to.deep.equal(keys(first));
        });

        it("domain mode, active-active, ap-southeast-1 active: one latency record per region, all four", async () => {
            const g = await evaluate(
                { "platform:domain": DOMAIN, "platform:routingMode": "active-active", "platform:activeRegion": "ap-southeast-1" },
                fourContracts("app.example.com"),
                FOUR,
            );
            expect(
                ofType(g, REC)
                    .filter((r) => r.inputs["latencyRoutingPolicies"] !== undefined)
                    .map((r) => [r.name, (r.inputs["latencyRoutingPolicies"] as any)[0].region]),
            ).to.deep.equal([
                ["dns-latency-ap-southeast-1", "ap-southeast-1"],
                ["dns-latency-us-east-1", "us-east-1"],
                ["dns-latency-eu-west-1", "eu-west-1"],
                ["dns-latency-us-west-2", "us-west-2"],
            ]);
            expect((one(g, DIST, "edge").inputs as any).originGroups[0].members).to.deep.equal([
                { originId: "origin-ap-southeast-1" },
                { originId: "origin-us-east-1" },
            ]);
        });
    });
});
