/**
 * The policy pack over the shipped stacks: what `pulumi preview --policy-pack policy-pack`
 * would say of them, and proof that each mission rule fires when one setting is broken.
 * Mutations edit the recorded resources (the configuration schema refuses most of these
 * settings before a resource exists, which is tested in tests/config).
 */
import { expect } from "chai";
import { join } from "node:path";
import { checkStack, loadPackConfig } from "../../preview/policies";
import type { ResourceRecord, StackRecord } from "../../simulation/evaluate";
import { evaluateProjectStack } from "../../simulation/project";
import { defaultContracts, stackOutputsOf } from "../support/regionalContract";
import { configWith, evaluateRegional, PROJECT_DIR, recordShippedStacks } from "../support/stacks";

const mandatory = (record: StackRecord, config?: Record<string, unknown>) =>
    checkStack(record, config).filter((v) => v.enforcementLevel === "mandatory");

/** A copy of `record` with `edit` applied to the first resource of `type` (or matching `pick`). */
function mutate(
    record: StackRecord,
    type: string,
    edit: (r: ResourceRecord) => void,
    pick: (r: ResourceRecord) => boolean = () => true,
): StackRecord {
    const copy = JSON.parse(JSON.stringify(record)) as StackRecord;
    const target = copy.resources.find((r) => r.type === type && pick(r));
    if (!target) throw new Error(`no ${type} in ${record.stack}`);
    edit(target);
    return copy;
}

const firedPolicies = (record: StackRecord) => [...new Set(mandatory(record).map((v) => v.policyName))].sort();

describe("policy pack over the shipped stacks", function () {
    this.timeout(60_000);
    let stacks: StackRecord[];
    let usEast1: StackRecord;

    before(async () => {
        const shipped = await recordShippedStacks();
        stacks = shipped.all;
        usEast1 = shipped.regional.find((r) => r.stack === "us-east-1")!;
    });

    it("finds zero mandatory violations in every shipped stack with the pack's defaults", () => {
        for (const record of stacks) expect(mandatory(record), record.stack).to.deep.equal([]);
    });

    it("finds zero mandatory violations with the shipped evaluation-mode config", () => {
        const config = loadPackConfig(join(PROJECT_DIR, "policy-pack", "config", "evaluation.json"));
        for (const record of stacks) expect(mandatory(record, config), record.stack).to.deep.equal([]);
    });

    it("fires vpc-multi-az when the VPC spans one AZ", () => {
        const broken = mutate(usEast1, "awsx:ec2:Vpc", (r) => (r.inputs["availabilityZoneNames"] = ["us-east-1a"]));
        expect(firedPolicies(broken)).to.deep.equal(["vpc-multi-az"]);
    });

    it("fires s3-bucket-versioning-enabled when versioning is suspended", () => {
        const broken = mutate(usEast1, "aws:s3/bucketVersioning:BucketVersioning", (r) => {
            r.inputs["versioningConfiguration"] = { status: "Suspended" };
            r.outputs["versioningConfiguration"] = { status: "Suspended" };
        });
        expect(firedPolicies(broken)).to.deep.equal(["s3-bucket-versioning-enabled"]);
    });

    it("fires the encryption rule when a bucket loses its encryption configuration", () => {
        const copy = JSON.parse(JSON.stringify(usEast1)) as StackRecord;
        const sse = copy.resources.find(
            (r) => r.type === "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        )!;
        copy.resources = copy.resources.filter((r) => r !== sse);
        expect(firedPolicies(copy)).to.deep.equal(["s3-bucket-server-side-encryption"]);
    });

    it("fires ecs-service-no-public-ip when the service gets a public IP", () => {
        const broken = mutate(usEast1, "aws:ecs/service:Service", (r) => {
            (r.inputs["networkConfiguration"] as Record<string, unknown>)["assignPublicIp"] = true;
        });
        expect(firedPolicies(broken)).to.deep.equal(["ecs-service-no-public-ip"]);
    });

    // alb-multi-az and ecs-service-multi-az are stack policies (they follow the graph to the subnets): they
    // judge outputs, which the provider echoes from these inputs.
    it("fires alb-multi-az when the ALB is in one subnet", () => {
        const broken = mutate(usEast1, "aws:lb/loadBalancer:LoadBalancer", (r) => {
            r.inputs["subnets"] = r.outputs["subnets"] = [(r.inputs["subnets"] as string[])[0]];
        });
        expect(firedPolicies(broken)).to.deep.equal(["alb-multi-az"]);
    });

    it("fires ecs-service-multi-az when the service keeps one task", () => {
        const broken = mutate(usEast1, "aws:ecs/service:Service", (r) => (r.inputs["desiredCount"] = r.outputs["desiredCount"] = 1));
        expect(firedPolicies(broken)).to.deep.equal(["ecs-service-multi-az"]);
    });

    it("in domain mode, an HTTP listener that forwards instead of redirecting fails ELB.1 (mandatory with the prod config)", async () => {
        const domain = await evaluateRegional("us-east-1", {
            "platform:loadBalancing": {
                domain: {
                    domainName: "origin-us.example.com",
                    certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666",
                },
            },
        });
        const prod = loadPackConfig(join(PROJECT_DIR, "policy-pack", "config", "prod.json"));
        expect(mandatory(domain, prod).map((v) => v.policyName)).to.deep.equal([]);
        const broken = mutate(
            domain,
            "aws:lb/listener:Listener",
            (r) =>
                (r.inputs["defaultActions"] = [
                    { type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/1" },
                ]),
            (r) => r.inputs["protocol"] === "HTTP",
        );
        expect(mandatory(broken, prod).map((v) => v.policyName)).to.deep.equal(["alb-http-listener-redirects-to-https"]);
    });

    it("the domain-mode global stack (write paths on the failover name, reads on the origin group) passes the prod config, origin failover included", async () => {
        const contracts = Object.fromEntries(
            Object.entries(defaultContracts("app.example.com")).map(([stack, c]) => [
                stack,
                { ...c, originVerifySecret: "shared-origin-verify-secret-0123" },
            ]),
        );
        const global = await evaluateProjectStack(
            "global",
            configWith("global", { "platform:domain": { hostedZoneId: "Z0123456789ABC", domainName: "app.example.com" } }),
            stackOutputsOf(contracts),
        );
        const prod = loadPackConfig(join(PROJECT_DIR, "policy-pack", "config", "prod.json"));
        expect(mandatory(global, prod)).to.deep.equal([]);
        const judged = [
            "cloudfront-origin-failover",
            "cloudfront-origin-failover-fast",
            "cloudfront-viewer-https-only",
            "cloudfront-origin-https-tls12",
        ];
        expect(checkStack(global, prod).filter((v) => judged.includes(v.policyName))).to.deep.equal([]);
    });
});
