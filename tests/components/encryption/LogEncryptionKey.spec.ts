import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { LogEncryptionKey } from "../../../components/encryption";
import { movedChildren } from "../../../components/shared/aliases";
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

const KEY = "aws:kms/key:Key";

describe("components/identity/LogEncryptionKey", () => {
    let record: StackRecord;
    before(async () => {
        record = await evaluateWithProvider("eu-west-1", (opts) => ({
            keyArn: new LogEncryptionKey("logs", { accountId: "123456789012", region: "eu-west-1" }, opts).keyArn,
        }));
    });

    it("creates exactly one rotating, protected key with the longest deletion window, under the component", () => {
        const component = one(record, LogEncryptionKey.__pulumiType, "logs");
        expect(ofType(record, LogEncryptionKey.__pulumiType)).to.have.length(1);
        expect(childrenOf(record, component)).to.deep.equal([`${KEY} logs`]);
        const key = one(record, KEY, "logs");
        expect([
            key.inputs["enableKeyRotation"],
            key.inputs["deletionWindowInDays"],
            key.inputs["description"],
            key.protect,
            key.retainOnDelete,
        ]).to.deep.equal([true, 30, "CloudWatch Logs (logs)", true, undefined]);
        expect(record.outputs["keyArn"])
            .to.equal(key.outputs["arn"])
            .and.match(/^arn:aws:kms:eu-west-1:/);
        // A new key: nothing to move, so no alias.
        expect(key.aliases).to.equal(undefined);
    });

    it("leaves the key unprotected only when asked", async () => {
        const r = await evaluateWithProvider("eu-west-1", (opts) => ({
            keyArn: new LogEncryptionKey("tmp", { accountId: "123456789012", region: "eu-west-1", protect: false }, opts).keyArn,
        }));
        expect(one(r, KEY, "tmp").protect).to.equal(undefined);
    });

    it("lets only CloudWatch Logs of this region use the key, for this account's log groups", () => {
        expect(statementsOf(one(record, KEY, "logs"))).to.deep.equal([
            {
                Sid: "AccountAdministration",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::123456789012:root" },
                Action: "kms:*",
                Resource: "*",
            },
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

    it("keeps the URN a caller's own key had, as an alias, when moved from that caller", async () => {
        const moved = await evaluateWithProvider("eu-west-1", (opts) => {
            const owner = new pulumi.ComponentResource("platform:test:Owner", "owner", {}, opts);
            new LogEncryptionKey(
                "owner-logs",
                { accountId: "123456789012", region: "eu-west-1", purpose: "Flow logs" },
                { parent: owner, ...movedChildren(owner) },
            );
            new LogEncryptionKey(
                "renamed",
                { accountId: "123456789012", region: "eu-west-1" },
                { parent: owner, ...movedChildren(owner, { renamed: "old-key" }) },
            );
        });
        const key = one(moved, KEY, "owner-logs");
        expect(key.parent).to.equal(one(moved, LogEncryptionKey.__pulumiType, "owner-logs").urn);
        // The URN the key had as a direct child of the owner.
        expect(key.aliases).to.deep.equal(["urn:pulumi:test::platform::platform:test:Owner$aws:kms/key:Key::owner-logs"]);
        expect(key.inputs["description"]).to.equal("Flow logs (owner-logs)");
        expect(one(moved, KEY, "renamed").aliases).to.deep.equal([
            "urn:pulumi:test::platform::platform:test:Owner$aws:kms/key:Key::old-key",
        ]);
    });

    it("two instances in one program do not collide", async () => {
        const both = await evaluateWithProvider("eu-west-1", (opts) => {
            new LogEncryptionKey("a", { accountId: "123456789012", region: "eu-west-1" }, opts);
            new LogEncryptionKey("b", { accountId: "123456789012", region: "eu-west-1" }, opts);
        });
        expectUniqueUrns(both);
        expect(ofType(both, KEY).map((k) => k.name)).to.deep.equal(["a", "b"]);
    });

    it("refuses a malformed region", () => {
        expectArgsError(
            () => new LogEncryptionKey("bad", { accountId: "123456789012", region: "Ireland" }),
            ['region: expected a known AWS region such as us-east-1, got "Ireland"'],
        );
    });
});
