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

/**
 * The mandatory violations `broken` has and `base` has not, as "<policy>: <message>": what one mutation adds,
 * whatever else the shipped stacks are reported for.
 */
const added = (broken: StackRecord, base: StackRecord) => {
    const key = (v: { policyName: string; message: string; urn?: string }) => `${v.policyName}\u0000${v.message}\u0000${v.urn ?? ""}`;
    const before = new Set(mandatory(base).map(key));
    return mandatory(broken)
        .filter((v) => !before.has(key(v)))
        .map((v) => `${v.policyName}: ${v.message}`);
};

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

    it("under prod.json the topics the alarms notify are reported while nobody is subscribed (evaluation.json: advisory)", () => {
        const topicsReported = (record: StackRecord, file: string, level: string) =>
            checkStack(record, loadPackConfig(join(PROJECT_DIR, "policy-pack", "config", file)))
                .filter((v) => v.policyName === "sns-alarm-topics-subscribed" && v.enforcementLevel === level)
                .map((v) => v.urn?.split("::").pop());
        const byStack = (file: string, level: string) => Object.fromEntries(stacks.map((r) => [r.stack, topicsReported(r, file, level)]));
        const expected = { "us-east-1": ["ops-alerts"], "eu-west-1": ["ops-alerts"], global: ["alerts-us-east-1", "alerts-eu-west-1"] };
        expect(byStack("prod.json", "mandatory")).to.deep.equal(expected);
        expect(byStack("evaluation.json", "advisory")).to.deep.equal(expected);
    });

    it("fires s3-bucket-acl-not-public when the data bucket gets a canned public-read ACL", () => {
        const broken = mutate(
            usEast1,
            "aws:s3/bucket:Bucket",
            (r) => (r.inputs["acl"] = "public-read"),
            (r) => r.name === "storage-data",
        );
        expect(added(broken, usEast1)).to.deep.equal(['s3-bucket-acl-not-public: acl "public-read" grants READ to AllUsers (everyone).']);
    });

    it('fires s3-bucket-policy-no-public-access when a statement opens the data bucket to Principal "*" under a condition that restricts nothing', () => {
        const open = {
            Sid: "AnyIamPrincipal",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::storage-data/*",
            Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*" } },
        };
        const broken = mutate(
            usEast1,
            "aws:s3/bucketPolicy:BucketPolicy",
            (r) => {
                const doc = JSON.parse(r.inputs["policy"] as string) as { Statement: unknown[] };
                doc.Statement.push(open);
                r.inputs["policy"] = r.outputs["policy"] = JSON.stringify(doc);
            },
            (r) => r.name === "storage-data-policy",
        );
        expect(added(broken, usEast1)).to.deep.equal([
            's3-bucket-policy-no-public-access: Statement AnyIamPrincipal allows Principal "*" with a condition that restricts no principal (expected a fixed value of a principal or source key such as aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID).',
        ]);
    });

    it("fires kms-key-lockout-safety-check when the data key bypasses the lockout safety check", () => {
        const broken = mutate(
            usEast1,
            "aws:kms/key:Key",
            (r) => (r.inputs["bypassPolicyLockoutSafetyCheck"] = true),
            (r) => r.name === "storage-data",
        );
        expect(added(broken, usEast1)).to.deep.equal([
            "kms-key-lockout-safety-check: bypassPolicyLockoutSafetyCheck is true: KMS does not check that the key policy still lets the caller manage the key, so a wrong policy can make the key, and what it encrypts, unmanageable.",
        ]);
    });

    it("fires ec2-default-security-group-no-rules when a rule resource is attached to the VPC's adopted default group", () => {
        const copy = JSON.parse(JSON.stringify(usEast1)) as StackRecord;
        const dsg = copy.resources.find((r) => r.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")!;
        const props = { securityGroupId: "sg-default", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" };
        copy.resources.push({
            urn: dsg.urn.replace(/[^:]+::[^:]+$/, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule::all-out"),
            type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
            name: "all-out",
            custom: true,
            inputs: props,
            outputs: props,
            dependencies: [dsg.urn],
            propertyDependencies: { securityGroupId: [dsg.urn] },
        });
        expect(added(copy, usEast1)).to.deep.equal([
            `ec2-default-security-group-no-rules: SecurityGroupEgressRule "all-out" adds a rule to default security group "${dsg.name}"; expected none (EC2.2).`,
        ]);
    });

    it("a public access block naming its bucket by the bucket's known name, without a graph link, still counts for that bucket", () => {
        const broken = mutate(
            usEast1,
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            (r) => {
                r.propertyDependencies = {};
                r.dependencies = [];
            },
            (r) => r.name.startsWith("storage-data"),
        );
        expect(added(broken, usEast1)).to.deep.equal([]);
        // The same block naming a bucket of no stack: judged on its own, and the data bucket has none.
        const elsewhere = mutate(
            broken,
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            (r) => {
                r.inputs["bucket"] = r.outputs["bucket"] = "someone-elses-bucket";
            },
            (r) => r.name.startsWith("storage-data"),
        );
        expect(added(elsewhere, usEast1)).to.deep.equal([
            's3-bucket-public-access-blocked: Bucket "storage-data" has no BucketPublicAccessBlock.',
        ]);
    });

    it("in domain mode, an HTTP listener that forwards instead of redirecting fails ELB.1 (mandatory with the prod config)", async () => {
        const domain = await evaluateRegional("us-east-1", {
            // prod.json requires a subscriber on every alarm topic.
            "platform:observability": { alertEmails: ["oncall@example.com"] },
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
            configWith("global", {
                "platform:domain": { hostedZoneId: "Z0123456789ABC", domainName: "app.example.com" },
                // prod.json requires a subscriber on every alarm topic.
                "platform:alertEmails": ["oncall@example.com"],
            }),
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
