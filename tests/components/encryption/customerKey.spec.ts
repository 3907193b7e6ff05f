import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
    accountAdministration,
    cloudWatchLogsKeyUse,
    customerKeyArgs,
    customerKeyOptions,
    KEY_DELETION_WINDOW_DAYS,
    snsPublisherKeyUse,
} from "../../../components/encryption";
import { resourcePolicy, type Statement } from "../../../components/identity";

/** A plain value built outside any stack (plain inputs resolve without the engine). */
const resolved = <T>(value: pulumi.Input<T> | undefined): Promise<T> =>
    new Promise((resolve) => pulumi.output(value as pulumi.Input<T>).apply((v) => resolve(v as T)));
/** A statement as it is serialised into a policy document. */
const serialised = async (statement: Statement): Promise<Record<string, unknown>> =>
    JSON.parse(await resolved(resourcePolicy([statement]))).Statement[0];

const ACCOUNT = "123456789012";
const ADMIN = {
    Sid: "AccountAdministration",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: "kms:*",
    Resource: "*",
};
const LOGS_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"];

describe("components/identity/customerKey", () => {
    describe("customerKeyArgs", () => {
        it("rotates yearly, waits the longest deletion window, and lets only the account administer the key", async () => {
            const args = customerKeyArgs({ description: "Data bucket", accountId: ACCOUNT });
            expect(Object.keys(args).sort()).to.deep.equal(["deletionWindowInDays", "description", "enableKeyRotation", "policy"]);
            expect([args.description, args.enableKeyRotation, args.deletionWindowInDays]).to.deep.equal(["Data bucket", true, 30]);
            expect(KEY_DELETION_WINDOW_DAYS).to.equal(30);
            expect(JSON.parse(String(await resolved(args.policy)))).to.deep.equal({ Version: "2012-10-17", Statement: [ADMIN] });
        });

        it("puts the grants after the administration statement, in order, with an output account id and another partition", async () => {
            const grants: Statement[] = [
                { Sid: "First", Effect: "Allow", Principal: { Service: "a.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*" },
                { Sid: "Second", Effect: "Allow", Principal: { Service: "b.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*" },
            ];
            const args = customerKeyArgs({ description: "x", accountId: pulumi.output(ACCOUNT), partition: "aws-cn", grants });
            const statements = JSON.parse(String(await resolved(args.policy))).Statement;
            expect(statements.map((s: { Sid: string }) => s.Sid)).to.deep.equal(["AccountAdministration", "First", "Second"]);
            expect(statements[0].Principal).to.deep.equal({ AWS: `arn:aws-cn:iam::${ACCOUNT}:root` });
        });
    });

    describe("customerKeyOptions", () => {
        it("protects the key by default and keeps the caller's options", () => {
            const aliases = [{ name: "old" }];
            expect(customerKeyOptions({ retainOnDelete: true, aliases })).to.deep.equal({ retainOnDelete: true, aliases, protect: true });
            expect(customerKeyOptions({}, undefined)).to.deep.equal({ protect: true });
        });

        it("leaves it unprotected only when asked, and overrides a protect given in the options", () => {
            expect(customerKeyOptions({ protect: true }, false)).to.deep.equal({ protect: false });
        });
    });

    describe("statement builders", () => {
        const cases: [string, () => Statement, Record<string, unknown>][] = [
            ["accountAdministration", () => accountAdministration(ACCOUNT), ADMIN],
            [
                "accountAdministration in aws-us-gov",
                () => accountAdministration(ACCOUNT, "aws-us-gov"),
                { ...ADMIN, Principal: { AWS: `arn:aws-us-gov:iam::${ACCOUNT}:root` } },
            ],
            [
                "cloudWatchLogsKeyUse",
                () => cloudWatchLogsKeyUse("eu-west-1", ACCOUNT),
                {
                    Sid: "CloudWatchLogsUse",
                    Effect: "Allow",
                    Principal: { Service: "logs.eu-west-1.amazonaws.com" },
                    Action: LOGS_ACTIONS,
                    Resource: "*",
                    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:*` } },
                },
            ],
            [
                "cloudWatchLogsKeyUse in aws-cn",
                () => cloudWatchLogsKeyUse("cn-north-1", ACCOUNT, "aws-cn"),
                {
                    Sid: "CloudWatchLogsUse",
                    Effect: "Allow",
                    Principal: { Service: "logs.cn-north-1.amazonaws.com" },
                    Action: LOGS_ACTIONS,
                    Resource: "*",
                    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws-cn:logs:cn-north-1:${ACCOUNT}:log-group:*` } },
                },
            ],
            [
                "snsPublisherKeyUse for one service",
                () => snsPublisherKeyUse(["cloudwatch.amazonaws.com"], ACCOUNT),
                {
                    Sid: "PublishersEncryptMessages",
                    Effect: "Allow",
                    Principal: { Service: "cloudwatch.amazonaws.com" },
                    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                },
            ],
            [
                "snsPublisherKeyUse for two services",
                () => snsPublisherKeyUse(["cloudwatch.amazonaws.com", "budgets.amazonaws.com"], ACCOUNT),
                {
                    Sid: "PublishersEncryptMessages",
                    Effect: "Allow",
                    Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] },
                    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                },
            ],
        ];
        for (const [label, build, expected] of cases) {
            it(label, async () => {
                expect(await serialised(build())).to.deep.equal(expected);
            });
        }
    });
});
