import { expect } from "chai";
import { ServiceRoles, type ServiceRolesArgs } from "../../../components/identity";
import {
    childrenOf,
    evaluateWithProvider,
    expectArgsError,
    expectUniqueUrns,
    ofType,
    one,
    type StackRecord,
    statementsOf,
} from "../../support/components";

const ACCOUNT = "123456789012";
const BUCKET = "arn:aws:s3:::data-bucket";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const APP_LOGS = "arn:aws:logs:eu-west-1:123456789012:log-group:app";
const XRAY_LOGS = "arn:aws:logs:eu-west-1:123456789012:log-group:xray";
const baseArgs: ServiceRolesArgs = {
    accountId: ACCOUNT,
    region: "eu-west-1",
    logGroupArns: [APP_LOGS, XRAY_LOGS],
    dataBucketArn: BUCKET,
    dataKeyArn: KEY,
};

describe("components/identity/ServiceRoles", () => {
    let record: StackRecord;
    before(async () => {
        record = await evaluateWithProvider("eu-west-1", (opts) => {
            const roles = new ServiceRoles("svc", baseArgs, opts);
            return { executionRoleArn: roles.executionRoleArn, taskRoleArn: roles.taskRoleArn };
        });
    });

    it("creates exactly two roles with one inline policy each, under the component", () => {
        expect(childrenOf(record, one(record, "platform:identity:ServiceRoles", "svc"))).to.deep.equal([
            "aws:iam/role:Role svc-execution",
            "aws:iam/role:Role svc-task",
            "aws:iam/rolePolicy:RolePolicy svc-execution",
            "aws:iam/rolePolicy:RolePolicy svc-task",
        ]);
        expect(one(record, "aws:iam/rolePolicy:RolePolicy", "svc-task").inputs["role"]).to.equal(
            one(record, "aws:iam/role:Role", "svc-task").outputs["name"],
        );
        expect(record.outputs["taskRoleArn"]).to.match(/^arn:aws:iam::\d{12}:role\//);
    });

    it("lets only ECS tasks of this account assume either role", () => {
        for (const role of ["svc-execution", "svc-task"]) {
            expect(statementsOf(one(record, "aws:iam/role:Role", role), "assumeRolePolicy")).to.deep.equal([
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
        expect(statementsOf(one(record, "aws:iam/rolePolicy:RolePolicy", "svc-execution"))).to.deep.equal([
            {
                Sid: "WriteContainerLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: [`${APP_LOGS}:*`, `${XRAY_LOGS}:*`],
            },
        ]);
    });

    it("allows the task role the data bucket, its key through S3 in this region, and X-Ray", () => {
        expect(statementsOf(one(record, "aws:iam/rolePolicy:RolePolicy", "svc-task"))).to.deep.equal([
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
                Action: [
                    "xray:PutTraceSegments",
                    "xray:PutTelemetryRecords",
                    "xray:GetSamplingRules",
                    "xray:GetSamplingTargets",
                    "xray:GetSamplingStatisticSummaries",
                ],
                Resource: "*",
            },
        ]);
    });

    it("grants no wildcard action anywhere and Resource * only to X-Ray", () => {
        const statements = ofType(record, "aws:iam/rolePolicy:RolePolicy").flatMap((r) => statementsOf(r));
        expect(statements).to.have.length(5);
        for (const s of statements) {
            const actions: string[] = Array.isArray(s.Action) ? s.Action : [s.Action];
            for (const a of actions) expect(a).to.match(/^[a-z0-9]+:[A-Za-z]+$/);
            const resources: string[] = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
            if (resources.includes("*")) expect(actions.every((a) => a.startsWith("xray:"))).to.equal(true);
        }
    });

    it("two instances in one program do not collide", async () => {
        const both = await evaluateWithProvider("eu-west-1", (opts) => {
            new ServiceRoles("a", baseArgs, opts);
            new ServiceRoles("b", baseArgs, opts);
        });
        expectUniqueUrns(both);
        expect(ofType(both, "aws:iam/role:Role")).to.have.length(4);
    });

    describe("validation", () => {
        const cases: [string, Partial<ServiceRolesArgs>, string][] = [
            ["no log group", { logGroupArns: [] }, "logGroupArns: expected at least 1 log group, got 0"],
            ["a malformed region", { region: "Europe" }, 'region: expected a known AWS region such as us-east-1, got "Europe"'],
        ];
        for (const [label, overrides, message] of cases) {
            it(`refuses ${label}`, () => {
                expectArgsError(() => new ServiceRoles("bad", { ...baseArgs, ...overrides }), [message]);
            });
        }
    });
});
