/**
 * Every day-2 operation the docs promise, proven by the change plan: the exact steps that are not
 * `same`, and no mandatory problem (docs/operations.md, "What a change does").
 */
import { expect } from "chai";
import type { ChangePlanDetail } from "../../plan/changePlan";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DAY_TWO_OPERATIONS, planOperation } from "../../plan/dayTwoOperations";
import { renderOperationsSections, spliceSections } from "../../preview/readme";
import { PROJECT_DIR } from "../support/stacks";
import { changedSteps, domainMode, edit, evaluateSide, opCounts, planBetween, problemsOf, shippedFiles, withThirdRegion } from "./support";

const shipped = shippedFiles();
const domain = domainMode(shipped);
const withRegion = withThirdRegion(shipped);
const ROUTE = "aws:ec2/route:Route";

/** The plan of the documented operation `key` over the shipped stacks. */
const planOf = (key: string) => planOperation(DAY_TWO_OPERATIONS.find((o) => o.key === key)!, shipped);

/** The global stack's changed steps other than peering routes, and those routes (`op name`). */
function splitRoutes(plan: ChangePlanDetail): { other: string[]; routes: string[] } {
    const all = changedSteps(plan)["global"] ?? [];
    return {
        other: all.filter((s) => !s.includes(ROUTE)),
        routes: all
            .filter((s) => s.includes(ROUTE))
            .map((s) => s.replace(` ${ROUTE}`, ""))
            .sort(),
    };
}

/** The peering routes between two regions: one per private route table on each side. */
async function peeringRoutes(op: string, files: typeof shipped, peering: string, a: string, b: string): Promise<string[]> {
    const side = await evaluateSide(files);
    const tables = (stack: string) => {
        const vpc = side.find((s) => s.stack === stack)!.resources.find((r) => r.type === "platform:network:Network")!;
        return vpc.outputs["privateRouteTableIds"] as string[];
    };
    return [...tables(a), ...tables(b)].map((t) => `${op} ${peering}-${t}`).sort();
}

const PROBE_AND_ALERTS = (region: string, op: "create" | "delete") => [
    `${op} platform:global-operations:RegionProbe probe-${region}`,
    `${op} platform:global-operations:GlobalAlerting alerts-${region}`,
    `${op} platform:observability:AlertTopic alerts-${region}`,
];

describe("plan: day-2 operations", function () {
    this.timeout(120_000);

    it("switching routingMode (domain mode) creates the new record set beside the old, moves the pointer, then deletes the old set", async () => {
        for (const [key, created, deleted] of [
            ["active-active", ["dns-latency-us-east-1", "dns-latency-eu-west-1"], ["dns-failover-secondary", "dns-failover-primary"]],
            ["active-passive", ["dns-failover-primary", "dns-failover-secondary"], ["dns-latency-eu-west-1", "dns-latency-us-east-1"]],
        ] as const) {
            const plan = await planOf(key);
            expect(changedSteps(plan)).to.deep.equal({
                global: [
                    ...created.map((n) => `create aws:route53/record:Record ${n}`),
                    "update aws:route53/record:Record dns-origin",
                    ...deleted.map((n) => `delete aws:route53/record:Record ${n}`),
                ],
            });
            expect(problemsOf(plan, "mandatory")).to.deep.equal([]);
        }
    });

    it("every documented operation (docs/operations.md) plans without a mandatory problem", async () => {
        expect(DAY_TWO_OPERATIONS.map((o) => o.key)).to.have.length(13);
        for (const op of DAY_TWO_OPERATIONS) expect(problemsOf(await planOperation(op, shipped), "mandatory"), op.key).to.deep.equal([]);
    });

    it("an unchanged stack set plans every step same", async () => {
        const plan = await planBetween(shipped, shipped);
        expect(changedSteps(plan)).to.deep.equal({});
        expect(plan.stacks.map((s) => s.stack)).to.deep.equal(["eu-west-1", "us-east-1", "global"]);
        expect(plan.stacks.flatMap((s) => s.problems)).to.deep.equal([]);
    });

    it("adding a region by config creates its stack, and in the global stack only what links it; existing links move nothing", async () => {
        const plan = await planOf("add-region");
        expect(opCounts(plan, "us-west-2")).to.deep.equal({ create: plan.stacks.find((s) => s.stack === "us-west-2")!.steps.length });
        expect(changedSteps(plan)["us-east-1"]).to.equal(undefined);
        expect(changedSteps(plan)["eu-west-1"]).to.equal(undefined);
        const { other, routes } = splitRoutes(plan);
        expect(other.filter((s) => !s.startsWith("create"))).to.deep.equal([
            "update aws:iam/rolePolicy:RolePolicy replication-us-east-1-role",
            "update aws:iam/rolePolicy:RolePolicy replication-eu-west-1-role",
            // The backfill role may now read and write the new region's buckets too.
            "update aws:iam/rolePolicy:RolePolicy batch-replication-role",
            "update aws:s3/bucketReplicationConfig:BucketReplicationConfig replication-us-east-1",
            "update aws:s3/bucketReplicationConfig:BucketReplicationConfig replication-eu-west-1",
            "update aws:cloudfront/distribution:Distribution edge",
            "update aws:cloudwatch/dashboard:Dashboard dashboard",
            "update aws:iam/rolePolicy:RolePolicy failover-operator-policy",
        ]);
        expect(other.filter((s) => s.startsWith("create")).sort()).to.deep.equal(
            [
                "create pulumi:pulumi:StackReference organization/platform/us-west-2",
                "create pulumi:providers:aws aws-us-west-2",
                ...PROBE_AND_ALERTS("us-west-2", "create"),
                "create platform:replication:BucketReplication replication-us-west-2",
                "create aws:iam/role:Role replication-us-west-2-role",
                "create aws:iam/rolePolicy:RolePolicy replication-us-west-2-role",
                "create aws:s3/bucketReplicationConfig:BucketReplicationConfig replication-us-west-2",
                "create aws:s3/bucketObjectv2:BucketObjectv2 probe-us-west-2-code",
                "create aws:iam/role:Role probe-us-west-2-role",
                "create aws:iam/rolePolicy:RolePolicy probe-us-west-2-role",
                "create aws:synthetics/canary:Canary probe-us-west-2",
                "create aws:cloudwatch/logGroup:LogGroup probe-us-west-2-logs",
                "create aws:iam/rolePolicy:RolePolicy probe-us-west-2-logs",
                "create aws:cloudwatch/metricAlarm:MetricAlarm probe-us-west-2",
                "create aws:kms/key:Key alerts-us-west-2-key",
                "create aws:sns/topic:Topic alerts-us-west-2",
                "create aws:sns/topicPolicy:TopicPolicy alerts-us-west-2-policy",
                "create aws:route53/healthCheck:HealthCheck health-us-west-2",
                "create aws:cloudwatch/metricAlarm:MetricAlarm health-us-west-2",
                ...["us-east-1", "eu-west-1"].flatMap((r) => [
                    `create platform:peering:VpcPeering peering-us-west-2-${r}`,
                    `create aws:ec2/vpcPeeringConnection:VpcPeeringConnection peering-us-west-2-${r}`,
                    `create aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter peering-us-west-2-${r}-accepter`,
                    `create aws:ec2/peeringConnectionOptions:PeeringConnectionOptions peering-us-west-2-${r}-requester`,
                    `create aws:ec2/peeringConnectionOptions:PeeringConnectionOptions peering-us-west-2-${r}-accepter`,
                ]),
            ].sort(),
        );
        expect(routes).to.deep.equal(
            [
                ...(await peeringRoutes("create", withRegion, "peering-us-west-2-us-east-1", "us-west-2", "us-east-1")),
                ...(await peeringRoutes("create", withRegion, "peering-us-west-2-eu-west-1", "us-west-2", "eu-west-1")),
            ].sort(),
        );
        expect(problemsOf(plan, "mandatory")).to.deep.equal([]);
    });

    it("removing a region from the global stack asks to unprotect its alert key first, then deletes only its links", async () => {
        const unlisted = withThirdRegion(shipped, false);
        // The region's cross-region alert key is protected (data-stores-protected): the runbook unprotects it first.
        expect(problemsOf(await planBetween(withRegion, unlisted), "mandatory")).to.deep.equal([
            'global: aws:kms/key:Key alerts-us-west-2-key is protected, so pulumi up refuses to delete it (if it was renamed or moved, give the new declaration aliases: ["urn:pulumi:global::platform::platform:observability:AlertTopic$aws:kms/key:Key::alerts-us-west-2-key"]); to delete it on purpose, unprotect it first',
        ]);
        const plan = await planOf("remove-region");
        const { other, routes } = splitRoutes(plan);
        expect(other.filter((s) => !s.startsWith("delete"))).to.deep.equal([
            "update aws:iam/rolePolicy:RolePolicy replication-us-east-1-role",
            "update aws:iam/rolePolicy:RolePolicy replication-eu-west-1-role",
            "update aws:iam/rolePolicy:RolePolicy batch-replication-role",
            "update aws:s3/bucketReplicationConfig:BucketReplicationConfig replication-us-east-1",
            "update aws:s3/bucketReplicationConfig:BucketReplicationConfig replication-eu-west-1",
            "update aws:cloudfront/distribution:Distribution edge",
            "update aws:cloudwatch/dashboard:Dashboard dashboard",
            "update aws:iam/rolePolicy:RolePolicy failover-operator-policy",
        ]);
        // Exactly what adding it created, deleted.
        const added = splitRoutes(await planOf("add-region")).other.filter((s) => s.startsWith("create"));
        expect(other.filter((s) => s.startsWith("delete")).sort()).to.deep.equal(added.map((s) => s.replace(/^create/, "delete")).sort());
        expect(routes).to.deep.equal(
            [
                ...(await peeringRoutes("delete", withRegion, "peering-us-west-2-us-east-1", "us-west-2", "us-east-1")),
                ...(await peeringRoutes("delete", withRegion, "peering-us-west-2-eu-west-1", "us-west-2", "eu-west-1")),
            ].sort(),
        );
        expect(Object.keys(changedSteps(plan))).to.deep.equal(["global"]);
        expect(problemsOf(plan, "mandatory")).to.deep.equal([]);
        // The alert key is kept by AWS (retainOnDelete): the plan says so.
        expect(problemsOf(plan, "advisory")).to.include(
            "global: aws:kms/key:Key alerts-us-west-2-key has retainOnDelete: it leaves the stack but stays in AWS (delete it by hand, or a later create of the same name collides)",
        );
    });

    it("destroying a region's stack by deleting its file is refused for its protected data stores, each named", async () => {
        const plan = await planBetween(withThirdRegion(shipped, false), shipped);
        expect(opCounts(plan, "us-west-2")).to.deep.equal({ delete: 118 });
        const refused = problemsOf(plan, "mandatory").map((m) => m.replace(/ is protected.*/, ""));
        expect(refused.sort()).to.deep.equal([
            "us-west-2: aws:kms/key:Key network-flow-logs",
            "us-west-2: aws:kms/key:Key ops-alerts-key",
            "us-west-2: aws:kms/key:Key ops-traces-key",
            "us-west-2: aws:kms/key:Key request-logs",
            "us-west-2: aws:kms/key:Key storage-data",
            "us-west-2: aws:s3/bucket:Bucket analytics-results",
            "us-west-2: aws:s3/bucket:Bucket storage-data",
        ]);
    });

    it("reversing regionalStacks (the priority order) moves nothing", async () => {
        const plan = await planOf("reverse-priority");
        expect(changedSteps(plan)).to.deep.equal({});
    });

    it("flipping activeRegion updates the distribution, the dashboard and the operator policy in place, and back", async () => {
        for (const key of ["flip-active", "flip-back"]) {
            const plan = await planOf(key);
            expect(changedSteps(plan)).to.deep.equal({
                global: [
                    "update aws:cloudfront/distribution:Distribution edge",
                    "update aws:cloudwatch/dashboard:Dashboard dashboard",
                    "update aws:iam/rolePolicy:RolePolicy failover-operator-policy",
                ],
            });
            expect(problemsOf(plan, "mandatory")).to.deep.equal([]);
        }
    });

    it("flipping activeRegion in domain mode also updates both failover records in place (never a second PRIMARY)", async () => {
        const plan = await planBetween(domain, edit(domain, "global", { activeRegion: "eu-west-1" }));
        expect(changedSteps(plan)).to.deep.equal({
            global: [
                "update aws:route53/record:Record dns-failover-primary",
                "update aws:route53/record:Record dns-failover-secondary",
                "update aws:cloudfront/distribution:Distribution edge",
                "update aws:cloudwatch/dashboard:Dashboard dashboard",
                "update aws:iam/rolePolicy:RolePolicy failover-operator-policy",
            ],
        });
        expect(problemsOf(plan, "mandatory")).to.deep.equal([]);
    });

    it("adding an AZ adds its subnets and NAT gateway and keeps every existing subnet (pinned AZ blocks)", async () => {
        const plan = await planOf("add-az");
        expect(changedSteps(plan)["eu-west-1"]).to.deep.equal([
            "update awsx:ec2:Vpc network",
            "create aws:ec2/subnet:Subnet network-public-4",
            "create aws:ec2/subnet:Subnet network-private-4",
            "create aws:ec2/natGateway:NatGateway network-4",
            "update aws:ec2/vpcEndpoint:VpcEndpoint network-s3",
            "update aws:lb/loadBalancer:LoadBalancer alb",
            "update aws:ecs/service:Service app",
        ]);
        // One more private route table on the eu-west-1 side: one more peering route.
        expect(changedSteps(plan)["global"]).to.have.length(1);
        expect(changedSteps(plan)["global"]![0]).to.match(/^create aws:ec2\/route:Route peering-us-east-1-eu-west-1-rtb-[0-9a-f]{17}$/);
        expect(problemsOf(plan, "mandatory")).to.deep.equal([]);
    });

    it("re-laying out the subnets (a new AZ block size) is refused: the new subnets overlap the old ones while they exist", async () => {
        const plan = await planBetween(
            shipped,
            edit(shipped, "us-east-1", { network: (o: any) => ({ ...o, availabilityZoneCidrMask: 19 }) }),
        );
        const mandatory = problemsOf(plan, "mandatory");
        expect(mandatory).to.have.length(6);
        expect(mandatory[0]).to.equal(
            "us-east-1: aws:ec2/subnet:Subnet network-public-1 is replaced by a resource with the same identity (subnet:vpc-40a3eb8c6d24ff837 = 10.0.0.0/20) while the old one still exists (create before delete: cidrBlock forces replacement): EC2 CreateSubnet fails with InvalidSubnet.Conflict (overlapping CIDR blocks); set deleteBeforeReplace or change the identity",
        );
    });

    it("rotating the origin-verify secret updates the listener rules and the distribution in place", async () => {
        const plan = await planOf("rotate-secret");
        expect(changedSteps(plan)).to.deep.equal({
            "eu-west-1": ["update aws:lb/listenerRule:ListenerRule alb-origin-verify"],
            "us-east-1": ["update aws:lb/listenerRule:ListenerRule alb-origin-verify"],
            global: ["update aws:cloudfront/distribution:Distribution edge"],
        });
        const edge = plan.stacks.find((s) => s.stack === "global")!.steps.find((s) => s.op === "update")!;
        expect(edge.diffs).to.deep.equal([
            "origins[0].customHeaders[0].value",
            "origins[1].customHeaders[0].value",
            "origins[2].customHeaders[0].value",
        ]);
        expect(problemsOf(plan, "mandatory")).to.deep.equal([]);
    });

    it("configuring a secret in place of the generated one deletes the generated password and updates its users", async () => {
        const plan = await planOf("configure-secret");
        expect(changedSteps(plan)).to.deep.equal({
            "eu-west-1": [
                "update aws:lb/listenerRule:ListenerRule alb-origin-verify",
                "delete random:index/randomPassword:RandomPassword origin-verify",
            ],
            "us-east-1": [
                "update aws:lb/listenerRule:ListenerRule alb-origin-verify",
                "delete random:index/randomPassword:RandomPassword origin-verify",
            ],
            global: ["update aws:cloudfront/distribution:Distribution edge"],
        });
        expect(problemsOf(plan, "mandatory")).to.deep.equal([]);
    });

    it("enabling chaos drills creates the FIS templates, their role and log group, and changes nothing else", async () => {
        const plan = await planOf("enable-chaos");
        expect(changedSteps(plan)).to.deep.equal({
            "eu-west-1": [
                "create platform:chaos:ChaosExperiments chaos",
                "create aws:iam/role:Role chaos-role",
                "create aws:kms/key:Key chaos-logs-key",
                "create aws:cloudwatch/logGroup:LogGroup chaos-logs",
                "create aws:iam/rolePolicy:RolePolicy chaos-policy",
                ...["stop-tasks", "disrupt-network"].flatMap((kind) =>
                    ["a", "b", "c"].map((z) => `create aws:fis/experimentTemplate:ExperimentTemplate chaos-${kind}-eu-west-1${z}`),
                ),
            ],
        });
        expect(problemsOf(plan, "mandatory")).to.deep.equal([]);
    });

    it("migrating to domain mode in the documented order: regional stacks first, then the global stack, each step without a mandatory problem", async () => {
        const step1 = await planOf("domain-step-1");
        const regionalSteps = [
            "create aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule alb-ingress-https",
            "create aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule alb-health-checkers-https",
            "update aws:lb/listener:Listener alb-http",
            "create aws:lb/listener:Listener alb-https",
            "replace aws:lb/listenerRule:ListenerRule alb-origin-verify",
            "replace aws:lb/listenerRule:ListenerRule alb-health-check",
            "update aws:ecs/service:Service app",
            "delete aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule alb-health-checkers-http",
            "delete aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule alb-ingress-http",
            "delete random:index/randomPassword:RandomPassword origin-verify",
        ];
        expect(changedSteps(step1)).to.deep.equal({
            "eu-west-1": regionalSteps,
            "us-east-1": regionalSteps,
            // The edge and the health checks follow each region's contract in the same run: HTTPS to the
            // regions' own names (an HTTP health check cannot change type in place: replaced).
            global: [
                "replace aws:route53/healthCheck:HealthCheck health-us-east-1",
                "replace aws:route53/healthCheck:HealthCheck health-eu-west-1",
                "update aws:cloudfront/distribution:Distribution edge",
                "update aws:cloudwatch/metricAlarm:MetricAlarm health-us-east-1",
                "update aws:cloudwatch/metricAlarm:MetricAlarm health-eu-west-1",
                "update aws:cloudwatch/dashboard:Dashboard dashboard",
                "update aws:iam/rolePolicy:RolePolicy failover-operator-policy",
            ],
        });
        const edge = step1.stacks
            .find((s) => s.stack === "global")!
            .details.find((d) => d.type === "aws:cloudfront/distribution:Distribution")!;
        expect(
            (edge.head!.inputs["origins"] as { customOriginConfig: { originProtocolPolicy: string } }[]).map(
                (o) => o.customOriginConfig.originProtocolPolicy,
            ),
        ).to.deep.equal(["https-only", "https-only"]);
        expect(problemsOf(step1, "mandatory")).to.deep.equal([]);

        const step2 = await planOf("domain-step-2");
        expect(changedSteps(step2)).to.deep.equal({
            global: [
                "create platform:dns:EdgeRecords dns",
                "create aws:acm/certificate:Certificate edge-certificate",
                "create aws:route53/record:Record dns-region-us-east-1",
                "create aws:route53/record:Record dns-region-eu-west-1",
                "create aws:route53/record:Record dns-failover-primary",
                "create aws:route53/record:Record dns-failover-secondary",
                "create aws:route53/record:Record edge-certificate-validation",
                "create aws:acm/certificateValidation:CertificateValidation edge-certificate",
                "create aws:route53/record:Record dns-origin",
                "update aws:cloudfront/distribution:Distribution edge",
                "create aws:route53/record:Record dns-app-a",
                "create aws:route53/record:Record dns-app-aaaa",
                "update aws:iam/rolePolicy:RolePolicy failover-operator-policy",
            ],
        });
        expect(problemsOf(step2, "mandatory")).to.deep.equal([]);
    });

    it("a change of a ForceNew input shows replace with the input that forces it", async () => {
        const plan = await planBetween(shipped, edit(shipped, "us-east-1", { service: { containerPort: 8081 } }));
        const replaced = plan.stacks.find((s) => s.stack === "us-east-1")!.details.filter((d) => d.op === "replace");
        expect(replaced.map((d) => [d.type, d.replaceReasons])).to.deep.equal([
            ["aws:lb/targetGroup:TargetGroup", ["port forces replacement"]],
            ["aws:ecs/taskDefinition:TaskDefinition", ["containerDefinitions forces replacement"]],
        ]);
    });

    // In this file, so that the plans it renders are the ones the tests above evaluated (memoised).
    it("docs/operations.md shows the plan of every day-2 operation as the code plans it today (run `npm run readme`)", async () => {
        const path = join(PROJECT_DIR, "docs", "operations.md");
        const doc = readFileSync(path, "utf8");
        const sections = await renderOperationsSections(PROJECT_DIR);
        expect(sections["day-two"]).to.contain("#### add a region");
        expect(spliceSections(doc, sections, "docs/operations.md") === doc, "docs/operations.md is stale: run `npm run readme`").to.equal(
            true,
        );
    });
});
