import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ServiceRoles, ServiceRolesArgs } from "../../../components/identity";
import { ComponentArgsError } from "../../../components/shared/validation";
import { evaluateStack, ResourceRecord, StackRecord } from "../../../simulation/evaluate";

const ACCOUNT = "123456789012";
const BUCKET = "arn:aws:s3:::data-bucket";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const APP_LOGS = "arn:aws:logs:eu-west-1:123456789012:log-group:app";
const XRAY_LOGS = "arn:aws:logs:eu-west-1:123456789012:log-group:xray";
const baseArgs: ServiceRolesArgs = { accountId: ACCOUNT, region: "eu-west-1", logGroupArns: [APP_LOGS, XRAY_LOGS], dataBucketArn: BUCKET, dataKeyArn: KEY };

function run(build: (opts: pulumi.ComponentResourceOptions) => Record<string, unknown>): Promise<StackRecord> {
    return evaluateStack({
        project: "platform",
        stack: "test",
        config: {},
        program: async () => {
            const provider = new aws.Provider("aws", { region: "eu-west-1" });
            return build({ providers: { aws: provider } });
        },
    });
}

const named = (record: StackRecord, type: string, name: string): ResourceRecord => {
    const found = record.resources.filter((r) => r.type === type && r.name === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0]!;
};
const statementsOf = (r: ResourceRecord, key: string): any[] => JSON.parse(r.inputs[key] as string).Statement;

describe("components/identity/ServiceRoles", () => {
    let record: StackRecord;
    before(async () => {
        record = await run((opts) => {
            const roles = new ServiceRoles("svc", baseArgs, opts);
            return { executionRoleArn: roles.executionRoleArn, taskRoleArn: roles.taskRoleArn };
        });
    });

    it("creates exactly two roles with one inline policy each, under the component", () => {
        const component = named(record, "platform:identity:ServiceRoles", "svc");
        const children = record.resources.filter((r) => r.parent === component.urn);
        expect(children.map((r) => `${r.type} ${r.name}`).sort()).to.deep.equal([
            "aws:iam/role:Role svc-execution",
            "aws:iam/role:Role svc-task",
            "aws:iam/rolePolicy:RolePolicy svc-execution",
            "aws:iam/rolePolicy:RolePolicy svc-task",
        ]);
        expect(named(record, "aws:iam/rolePolicy:RolePolicy", "svc-task").inputs["role"]).to.equal(named(record, "aws:iam/role:Role", "svc-task").outputs["name"]);
        expect(record.outputs["taskRoleArn"]).to.match(/^arn:aws:iam::\d{12}:role\//);
    });

    it("lets only ECS tasks of this account assume either role", () => {
        for (const role of ["svc-execution", "svc-task"]) {
            expect(statementsOf(named(record, "aws:iam/role:Role", role), "assumeRolePolicy")).to.deep.equal([
                {
                    Effect: "Allow",
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                },
            ]);
        }
    });

    it("allows the execution role only to write the task's log groups", () => {
        expect(statementsOf(named(record, "aws:iam/rolePolicy:RolePolicy", "svc-execution"), "policy")).to.deep.equal([
            {
                Sid: "WriteContainerLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: [`${APP_LOGS}:*`, `${XRAY_LOGS}:*`],
            },
        ]);
    });

    it("allows the task role the data bucket, its key through S3 in this region, and X-Ray", () => {
        expect(statementsOf(named(record, "aws:iam/rolePolicy:RolePolicy", "svc-task"), "policy")).to.deep.equal([
            { Sid: "DataObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${BUCKET}/*` },
            { Sid: "DataBucketList", Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET },
            {
                Sid: "DataKeyThroughS3",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"],
                Resource: KEY,
                Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
            },
            {
                Sid: "XRayDaemon",
                Effect: "Allow",
                Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"],
                Resource: "*",
            },
        ]);
    });

    it("grants no wildcard action anywhere and Resource * only to X-Ray", () => {
        const statements = record.resources
            .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy")
            .flatMap((r) => statementsOf(r, "policy"));
        expect(statements).to.have.length(5);
        for (const s of statements) {
            const actions: string[] = Array.isArray(s.Action) ? s.Action : [s.Action];
            for (const a of actions) expect(a).to.match(/^[a-z0-9]+:[A-Za-z]+$/);
            const resources: string[] = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
            if (resources.includes("*")) expect(actions.every((a) => a.startsWith("xray:"))).to.equal(true);
        }
    });

    it("two instances in one program do not collide", async () => {
        const both = await run((opts) => {
            new ServiceRoles("a", baseArgs, opts);
            new ServiceRoles("b", baseArgs, opts);
            return {};
        });
        const urns = both.resources.map((r) => r.urn);
        expect(new Set(urns).size).to.equal(urns.length);
        expect(both.resources.filter((r) => r.type === "aws:iam/role:Role")).to.have.length(4);
    });

    describe("validation", () => {
        const cases: [string, Partial<ServiceRolesArgs>, string][] = [
            ["no log group", { logGroupArns: [] }, "logGroupArns: expected at least 1 log group, got 0"],
            ["a malformed region", { region: "Europe" }, 'region: expected an AWS region such as us-east-1, got "Europe"'],
        ];
        for (const [label, overrides, message] of cases) {
            it(`refuses ${label}`, () => {
                let error: unknown;
                try {
                    new ServiceRoles("bad", { ...baseArgs, ...overrides });
                } catch (err) {
                    error = err;
                }
                expect(error).to.be.instanceOf(ComponentArgsError);
                expect((error as ComponentArgsError).problems).to.deep.equal([message]);
            });
        }
    });
});
