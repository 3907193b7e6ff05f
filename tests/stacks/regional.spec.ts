/**
 * The regional stack program under the simulated cloud, from the shipped stack configs.
 * Each tier appends its own `describe` block below; the shared evaluations are in `shipped`.
 */
import { expect } from "chai";
import { ConfigError } from "../../stacks/config/schema";
import { loadStackConfig } from "../../stacks/config/load";
import { runStackProgram } from "../../stacks/program";
import { EvaluationError, evaluateStack, StackRecord } from "../../simulation/evaluate";
import { SIMULATED_ACCOUNT_ID } from "../../simulation/ids";
import { evaluateProjectStack, ORGANIZATION, PROJECT } from "../../simulation/project";
import { configWith, evaluateRegional, ofType, shippedConfig } from "../support/stacks";

const STACKS = [
    { stack: "us-east-1", region: "us-east-1", priority: 1, cidr: "10.0.0.0/16", azs: ["us-east-1a", "us-east-1b", "us-east-1c"] },
    { stack: "eu-west-1", region: "eu-west-1", priority: 2, cidr: "10.1.0.0/16", azs: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] },
] as const;

/** A third region, added by configuration alone: the us-east-1 config with a new region, CIDR, zones and priority. */
const THIRD_REGION = {
    "platform:region": "ap-southeast-2",
    "platform:failoverPriority": 3,
    "platform:network": { cidrBlock: "10.2.0.0/16", availabilityZones: ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"] },
};

/** The outputs the network, storage and analytics tiers add to the regional contract. */
const DATA_PLANE_KEYS = ["vpcId", "vpcCidrBlock", "privateRouteTableIds", "dataBucketName", "dataBucketArn", "dataKeyArn", "logBucketName", "logBucketArn"];

/** Every custom resource uses the stack's one explicit provider, configured for `region`. */
function expectAllIn(record: StackRecord, region: string): void {
    const providers = ofType(record, "pulumi:providers:aws");
    expect(providers.map((p) => p.inputs["region"])).to.deep.equal([region]);
    const provider = providers[0]!;
    const custom = record.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
    expect(custom.length).to.be.greaterThan(10);
    const strays = custom.filter((r) => !r.provider?.startsWith(`${provider.urn}::`)).map((r) => r.urn);
    expect(strays, "resources without the stack's provider").to.deep.equal([]);
    // awsx's VPC is a remote component: it reaches the provider through its parent's providers map.
    const vpc = ofType(record, "awsx:ec2:Vpc");
    expect(vpc).to.have.length(1);
    expect(vpc[0]!.inputs["availabilityZoneNames"]).to.satisfy((azs: string[]) => azs.every((az) => az.startsWith(region)));
}

describe("stacks/regional", () => {
    const records = new Map<string, StackRecord>();
    before(async () => {
        for (const { stack } of STACKS) records.set(stack, await evaluateRegional(stack));
        records.set("ap-southeast-2", await evaluateProjectStack("ap-southeast-2", configWith("us-east-1", THIRD_REGION)));
    });

    describe("shipped stacks", () => {
        for (const { stack, region, priority, cidr, azs } of STACKS) {
            describe(stack, () => {
                it("ships a config that disables default providers", () => {
                    expect(shippedConfig(stack).config["pulumi:disable-default-providers"]).to.equal('["aws"]');
                });

                it("places every resource in its region through one explicit provider", () => {
                    expectAllIn(records.get(stack)!, region);
                });

                it("exports the contract's identity and data-plane outputs", () => {
                    const outputs = records.get(stack)!.outputs;
                    expect(outputs).to.deep.include({ region, failoverPriority: priority, availabilityZones: [...azs], vpcCidrBlock: cidr });
                    expect(Object.keys(outputs)).to.include.members(DATA_PLANE_KEYS);
                    expect(outputs["vpcId"]).to.match(/^vpc-[0-9a-f]{17}$/);
                    expect(outputs["privateRouteTableIds"]).to.have.length(azs.length);
                    expect(outputs["dataKeyArn"]).to.match(new RegExp(`^arn:aws:kms:${region}:${SIMULATED_ACCOUNT_ID}:key/`));
                    expect(outputs["dataBucketArn"]).to.equal(`arn:aws:s3:::${outputs["dataBucketName"]}`);
                    expect(outputs["logBucketArn"]).to.equal(`arn:aws:s3:::${outputs["logBucketName"]}`);
                    expect(outputs["dataBucketName"]).to.not.equal(outputs["logBucketName"]);
                });

                it("builds the network, storage and analytics tiers once each", () => {
                    const record = records.get(stack)!;
                    for (const type of ["platform:network:Network", "platform:storage:Storage", "platform:analytics:Analytics"]) {
                        expect(ofType(record, type).map((r) => r.name), type).to.have.length(1);
                    }
                    expect(ofType(record, "awsx:ec2:Vpc")[0]!.inputs).to.deep.include({ cidrBlock: cidr, availabilityZoneNames: [...azs] });
                });

                it("uses the configured log retention for the flow logs and the account of the caller", () => {
                    const record = records.get(stack)!;
                    const group = ofType(record, "aws:cloudwatch/logGroup:LogGroup").filter((g) => g.name === "network-flow-logs");
                    expect(group.map((g) => g.inputs["retentionInDays"])).to.deep.equal([90]);
                    const trust = JSON.parse(ofType(record, "aws:iam/role:Role").find((r) => r.name === "network-flow-logs")!.inputs["assumeRolePolicy"] as string);
                    expect(trust.Statement[0].Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": SIMULATED_ACCOUNT_ID } });
                });
            });
        }

        it("gives the two regions distinct resources (no shared bucket or VPC)", () => {
            const [a, b] = STACKS.map(({ stack }) => records.get(stack)!.outputs);
            for (const key of ["vpcId", "dataBucketName", "logBucketName", "dataKeyArn"]) expect(a![key], key).to.not.equal(b![key]);
        });
    });

    describe("a third region by configuration alone", () => {
        it("evaluates ap-southeast-2 from config, with no code change", () => {
            const record = records.get("ap-southeast-2")!;
            expectAllIn(record, "ap-southeast-2");
            expect(record.outputs).to.deep.include({
                region: "ap-southeast-2",
                failoverPriority: 3,
                vpcCidrBlock: "10.2.0.0/16",
                availabilityZones: ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"],
            });
            expect(record.outputs["dataKeyArn"]).to.match(/^arn:aws:kms:ap-southeast-2:/);
            const endpoint = ofType(record, "aws:ec2/vpcEndpoint:VpcEndpoint");
            expect(endpoint.map((e) => e.inputs["serviceName"])).to.deep.equal(["com.amazonaws.ap-southeast-2.s3"]);
        });
    });

    describe("invalid configuration", () => {
        const BAD = { "platform:network": { cidrBlock: "10.0.0.0/24", availabilityZones: ["us-east-1a"] } };
        const PROBLEMS = [
            'network.cidrBlock: expected a prefix length from /16 to /22 (room for a public and a private subnet per AZ), got "10.0.0.0/24"',
            'network.availabilityZones: expected at least 2, got 1 (["us-east-1a"])',
        ];

        it("fails the evaluation with a ConfigError that names the keys", async () => {
            let error: unknown;
            try {
                await evaluateRegional("us-east-1", BAD);
            } catch (err) {
                error = err;
            }
            expect(error).to.be.instanceOf(EvaluationError);
            const cause = (error as EvaluationError).cause;
            expect(cause).to.be.instanceOf(ConfigError);
            expect((cause as ConfigError).problems).to.deep.equal(PROBLEMS);
            expect((error as Error).message).to.contain("stack us-east-1: invalid configuration of stack us-east-1:");
        });

        it("registers no resource other than the root stack", async () => {
            let error: unknown;
            const record = await evaluateStack({
                project: PROJECT,
                stack: "us-east-1",
                organization: ORGANIZATION,
                config: configWith("us-east-1", BAD),
                program: async () => {
                    try {
                        await runStackProgram(loadStackConfig());
                    } catch (err) {
                        error = err;
                    }
                },
            });
            expect(error).to.be.instanceOf(ConfigError);
            expect((error as ConfigError).problems).to.deep.equal(PROBLEMS);
            expect(record.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
        });

        it("refuses a misspelt key instead of ignoring it", async () => {
            let error: unknown;
            try {
                await evaluateRegional("us-east-1", { "platform:netwrok": { cidrBlock: "10.0.0.0/16" } });
            } catch (err) {
                error = err;
            }
            expect(((error as EvaluationError).cause as ConfigError).problems).to.deep.equal(["netwrok: unknown key"]);
        });
    });
});
