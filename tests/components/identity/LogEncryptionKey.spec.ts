import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { LogEncryptionKey } from "../../../components/identity";
import { ComponentArgsError } from "../../../components/shared/validation";
import { evaluateStack, StackRecord } from "../../../simulation/evaluate";

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

describe("components/identity/LogEncryptionKey", () => {
    let record: StackRecord;
    before(async () => {
        record = await run((opts) => ({ keyArn: new LogEncryptionKey("logs", { accountId: "123456789012", region: "eu-west-1" }, opts).keyArn }));
    });

    it("creates exactly one rotating key with the longest deletion window, under the component", () => {
        const component = record.resources.filter((r) => r.type === "platform:identity:LogEncryptionKey");
        expect(component.map((r) => r.name)).to.deep.equal(["logs"]);
        const children = record.resources.filter((r) => r.parent === component[0]!.urn);
        expect(children.map((r) => `${r.type} ${r.name}`)).to.deep.equal(["aws:kms/key:Key logs"]);
        expect(children[0]!.inputs["enableKeyRotation"]).to.equal(true);
        expect(children[0]!.inputs["deletionWindowInDays"]).to.equal(30);
        expect(record.outputs["keyArn"]).to.equal(children[0]!.outputs["arn"]).and.match(/^arn:aws:kms:eu-west-1:/);
    });

    it("lets only CloudWatch Logs of this region use the key, for this account's log groups", () => {
        const key = record.resources.find((r) => r.type === "aws:kms/key:Key")!;
        const statements = JSON.parse(key.inputs["policy"] as string).Statement;
        expect(statements).to.deep.equal([
            { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
            {
                Sid: "CloudWatchLogsUse",
                Effect: "Allow",
                Principal: { Service: "logs.eu-west-1.amazonaws.com" },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:123456789012:log-group:*" } },
            },
        ]);
    });

    it("two instances in one program do not collide", async () => {
        const both = await run((opts) => {
            new LogEncryptionKey("a", { accountId: "123456789012", region: "eu-west-1" }, opts);
            new LogEncryptionKey("b", { accountId: "123456789012", region: "eu-west-1" }, opts);
            return {};
        });
        const urns = both.resources.map((r) => r.urn);
        expect(new Set(urns).size).to.equal(urns.length);
        expect(both.resources.filter((r) => r.type === "aws:kms/key:Key")).to.have.length(2);
    });

    it("refuses a malformed region", () => {
        let error: unknown;
        try {
            new LogEncryptionKey("bad", { accountId: "123456789012", region: "Ireland" });
        } catch (err) {
            error = err;
        }
        expect(error).to.be.instanceOf(ComponentArgsError);
        expect((error as ComponentArgsError).problems).to.deep.equal(['region: expected an AWS region such as us-east-1, got "Ireland"']);
    });
});
