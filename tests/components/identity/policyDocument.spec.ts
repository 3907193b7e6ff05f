import type * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { identityPolicy, leastPrivilegeProblems, resourcePolicy, serviceTrustPolicy, type Statement } from "../../../components/identity";

/** The JSON of a document built outside any stack (plain inputs resolve without the engine). */
const json = (doc: pulumi.Output<string>): Promise<any> => new Promise((resolve) => doc.apply((text) => resolve(JSON.parse(text))));

describe("components/identity/policyDocument", () => {
    describe("leastPrivilegeProblems", () => {
        const cases: [string, Statement, string][] = [
            [
                "a * action",
                { Sid: "All", Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" },
                'All: action "*" grants a whole service; list the actions',
            ],
            [
                "a service:* action",
                { Effect: "Allow", Action: ["s3:GetObject", "s3:*"], Resource: "arn:aws:s3:::b/*" },
                'statement 0: action "s3:*" grants a whole service; list the actions',
            ],
            [
                "an Allow with NotAction",
                { Sid: "Not", Effect: "Allow", NotAction: "iam:CreateUser", Resource: "arn:aws:s3:::b" } as Statement,
                "Not: Allow with NotAction grants everything else",
            ],
            [
                "Resource * without a reason",
                { Sid: "X", Effect: "Allow", Action: "xray:PutTraceSegments", Resource: "*" },
                'X: Resource "*" needs a wildcardResourceReason',
            ],
        ];
        for (const [label, statement, problem] of cases) {
            it(`refuses ${label}`, () => {
                expect(leastPrivilegeProblems([statement])).to.deep.equal([problem]);
                expect(() => identityPolicy([statement])).to.throw(Error, problem);
            });
        }

        it("accepts listed actions, Resource * with a reason, and Deny statements", () => {
            expect(
                leastPrivilegeProblems([
                    { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::b/*" },
                    {
                        Effect: "Allow",
                        Action: "xray:PutTraceSegments",
                        Resource: "*",
                        wildcardResourceReason: "no resource-level permissions",
                    },
                    { Effect: "Deny", Action: "s3:*", Resource: "*" },
                ]),
            ).to.deep.equal([]);
        });
    });

    it("serialises an identity policy without the wildcard reason", async () => {
        const doc = await json(
            identityPolicy([
                {
                    Sid: "XRay",
                    Effect: "Allow",
                    Action: ["xray:PutTraceSegments"],
                    Resource: "*",
                    wildcardResourceReason: "no resource-level permissions",
                },
            ]),
        );
        expect(doc).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Sid: "XRay", Effect: "Allow", Action: ["xray:PutTraceSegments"], Resource: "*" }],
        });
    });

    it("serialises a resource policy as given", async () => {
        const statement: Statement = {
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: "arn:aws:s3:::b/*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        };
        expect(await json(resourcePolicy([statement]))).to.deep.equal({ Version: "2012-10-17", Statement: [statement] });
    });

    it("builds a service trust policy, pinned to the account when given", async () => {
        expect((await json(serviceTrustPolicy("ecs-tasks.amazonaws.com", "123456789012"))).Statement).to.deep.equal([
            {
                Effect: "Allow",
                Principal: { Service: "ecs-tasks.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            },
        ]);
        expect((await json(serviceTrustPolicy("ecs-tasks.amazonaws.com"))).Statement).to.deep.equal([
            { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
        ]);
    });
});
