import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { cloudWatchLogsKeyUse } from "../../../components/encryption";
import { movedChildren } from "../../../components/shared/aliases";
import { AlertTopic, type AlertTopicArgs } from "../../../components/observability";
import {
    argsProblemsOf,
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
const T = AlertTopic.__pulumiType;
const KEY = "aws:kms/key:Key";
const TOPIC = "aws:sns/topic:Topic";
const POLICY = "aws:sns/topicPolicy:TopicPolicy";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const base: AlertTopicArgs = { accountId: ACCOUNT, alertEmails: ["oncall@example.com", "ops@example.com"] };

const make = (args: AlertTopicArgs, name = "alerts") =>
    evaluateWithProvider("eu-west-1", (opts) => {
        const t = new AlertTopic(name, args, opts);
        return { topicArn: t.topicArn, keyArn: t.keyArn };
    });

describe("components/observability/AlertTopic", () => {
    let record: StackRecord;
    before(async () => {
        record = await make(base);
    });

    it("registers exactly the key, the topic, its policy and one subscription per address, under the component", () => {
        expect(ofType(record, T).map((r) => r.name)).to.deep.equal(["alerts"]);
        expect(childrenOf(record, one(record, T, "alerts"))).to.deep.equal([
            `${KEY} alerts-key`,
            `${TOPIC} alerts`,
            `${POLICY} alerts-policy`,
            `${SUBSCRIPTION} alerts-oncall@example.com`,
            `${SUBSCRIPTION} alerts-ops@example.com`,
        ]);
        // New resources: nothing to move, so no alias.
        expect(record.resources.filter((r) => r.aliases !== undefined).map((r) => r.urn)).to.deep.equal([]);
    });

    it("encrypts the topic with a rotating, protected and retained key that only the account administers and CloudWatch alarms of the account use", () => {
        const key = one(record, KEY, "alerts-key");
        expect([
            key.inputs["enableKeyRotation"],
            key.inputs["deletionWindowInDays"],
            key.inputs["description"],
            key.protect,
            key.retainOnDelete,
        ]).to.deep.equal([true, 30, "Encrypts the alert topic alerts", true, true]);
        expect(statementsOf(key)).to.deep.equal([
            {
                Sid: "AccountAdministration",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "PublishersEncryptMessages",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            },
        ]);
        const topic = one(record, TOPIC, "alerts");
        expect(topic.inputs["kmsMasterKeyId"]).to.equal(key.outputs["arn"]);
        expect([record.outputs["topicArn"], record.outputs["keyArn"]]).to.deep.equal([topic.outputs["arn"], key.outputs["arn"]]);
    });

    it("leaves the key unprotected (still retained) only when asked", async () => {
        const key = one(await make({ ...base, protectKey: false }), KEY, "alerts-key");
        expect([key.protect, key.retainOnDelete]).to.deep.equal([undefined, true]);
    });

    it("lets only CloudWatch alarms of this account publish, over TLS", () => {
        const topicArn = one(record, TOPIC, "alerts").outputs["arn"];
        const policy = one(record, POLICY, "alerts-policy");
        expect(policy.inputs["arn"]).to.equal(topicArn);
        expect(statementsOf(policy)).to.deep.equal([
            {
                Sid: "PublishersPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ]);
    });

    it("subscribes each address by email, keyed by address", () => {
        const topicArn = one(record, TOPIC, "alerts").outputs["arn"];
        expect(
            ofType(record, SUBSCRIPTION).map((s) => [s.name, s.inputs["protocol"], s.inputs["endpoint"], s.inputs["topic"]]),
        ).to.deep.equal([
            ["alerts-oncall@example.com", "email", "oncall@example.com", topicArn],
            ["alerts-ops@example.com", "email", "ops@example.com", topicArn],
        ]);
    });

    it("takes the publishers, further key grants, the partition and the key description from its arguments", async () => {
        const custom = await make({
            accountId: ACCOUNT,
            partition: "aws-us-gov",
            publisherServices: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"],
            keyGrants: [cloudWatchLogsKeyUse("us-gov-west-1", ACCOUNT, "aws-us-gov")],
            keyDescription: "Custom",
        });
        const key = one(custom, KEY, "alerts-key");
        expect(key.inputs["description"]).to.equal("Custom");
        const statements = statementsOf(key);
        expect(statements.map((s) => [s.Sid, s.Principal])).to.deep.equal([
            ["AccountAdministration", { AWS: `arn:aws-us-gov:iam::${ACCOUNT}:root` }],
            ["PublishersEncryptMessages", { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] }],
            ["CloudWatchLogsUse", { Service: "logs.us-gov-west-1.amazonaws.com" }],
        ]);
        expect(statementsOf(one(custom, POLICY, "alerts-policy"))[0].Principal).to.deep.equal({
            Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"],
        });
        expect(ofType(custom, SUBSCRIPTION)).to.deep.equal([]);
    });

    it("keeps the URNs its resources had directly under the caller they moved from, with their former names", async () => {
        const moved = await evaluateWithProvider("eu-west-1", (opts) => {
            const owner = new pulumi.ComponentResource("platform:test:Owner", "owner", {}, opts);
            // The move is stated at the call site, in the options, not as a component argument.
            new AlertTopic("same", { ...base, alertEmails: ["a@example.com"] }, { parent: owner, ...movedChildren(owner) });
            new AlertTopic(
                "renamed",
                { ...base, alertEmails: [] },
                { parent: owner, ...movedChildren(owner, { "renamed-key": "old-key", "renamed-policy": "old-policy" }) },
            );
        });
        const owned = (type: string, name: string) => `urn:pulumi:test::platform::platform:test:Owner$${type}::${name}`;
        const aliases = Object.fromEntries(moved.resources.filter((r) => r.aliases).map((r) => [`${r.type} ${r.name}`, r.aliases]));
        expect(aliases).to.deep.equal({
            [`${KEY} same-key`]: [owned(KEY, "same-key")],
            [`${TOPIC} same`]: [owned(TOPIC, "same")],
            [`${POLICY} same-policy`]: [owned(POLICY, "same-policy")],
            [`${SUBSCRIPTION} same-a@example.com`]: [owned(SUBSCRIPTION, "same-a@example.com")],
            [`${KEY} renamed-key`]: [owned(KEY, "old-key")],
            [`${TOPIC} renamed`]: [owned(TOPIC, "renamed")],
            [`${POLICY} renamed-policy`]: [owned(POLICY, "old-policy")],
        });
    });

    it("lets two instances live in one program without colliding", async () => {
        const both = await evaluateWithProvider("eu-west-1", (opts) => {
            new AlertTopic("a", base, opts);
            new AlertTopic("b", base, opts);
        });
        expectUniqueUrns(both);
        expect(ofType(both, TOPIC).map((t) => t.name)).to.deep.equal(["a", "b"]);
    });

    describe("validation", () => {
        const cases: [string, Partial<AlertTopicArgs>, string][] = [
            [
                "an address that is not an email address",
                { alertEmails: ["oncall"] },
                'alertEmails: expected email addresses, got ["oncall"]',
            ],
            [
                "an address listed twice",
                { alertEmails: ["a@b.io", "a@b.io"] },
                'alertEmails: expected each address once, got ["a@b.io"] more than once',
            ],
            ["no publisher", { publisherServices: [] }, "publisherServices: expected at least 1 service principal, got []"],
            [
                "a publisher that is not a service principal",
                { publisherServices: ["cloudwatch"] },
                'publisherServices: expected service principals such as cloudwatch.amazonaws.com, got ["cloudwatch"]',
            ],
            [
                "a publisher listed twice",
                { publisherServices: ["budgets.amazonaws.com", "budgets.amazonaws.com"] },
                'publisherServices: expected each service once, got ["budgets.amazonaws.com"] more than once',
            ],
            [
                "EventBridge as a publisher (it sends no aws:SourceAccount, which both grants require)",
                { publisherServices: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
                'publisherServices: expected services that send aws:SourceAccount (the topic and key grants require it; EventBridge does not send it), got ["events.amazonaws.com"]',
            ],
        ];
        for (const [label, overrides, message] of cases) {
            it(`refuses ${label}`, () => {
                expectArgsError(() => new AlertTopic("bad", { ...base, ...overrides }), [message]);
            });
        }

        it("reports every problem at once, before registering any child", async () => {
            let problems: readonly string[] = [];
            const r = await evaluateWithProvider("eu-west-1", (opts) => {
                problems = argsProblemsOf(() => new AlertTopic("bad", { ...base, alertEmails: ["x"], publisherServices: [] }, opts));
            });
            expect(problems).to.deep.equal([
                'alertEmails: expected email addresses, got ["x"]',
                "publisherServices: expected at least 1 service principal, got []",
            ]);
            expect(r.resources.map((x) => x.type).sort()).to.deep.equal([T, "pulumi:providers:aws", "pulumi:pulumi:Stack"].sort());
        });
    });
});
