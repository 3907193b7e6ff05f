import { expect } from "chai";
import { GlobalAlerting } from "../../../components/global-operations";
import { AlertTopic } from "../../../components/observability";
import { argsErrorOf, evaluateInRegions, expectUniqueUrns, type Registered, statementsOf } from "../../support/components";

const T = GlobalAlerting.__pulumiType;
const KEY = "aws:kms/key:Key";
const TOPIC = "aws:sns/topic:Topic";
const POLICY = "aws:sns/topicPolicy:TopicPolicy";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";

describe("components/global-operations/GlobalAlerting", () => {
    let r: Registered;
    before(async () => {
        r = await evaluateInRegions((p) => {
            new GlobalAlerting(
                "alerts",
                { region: "eu-west-1", accountId: "123456789012", alertEmails: ["oncall@example.com", "ops@example.com"] },
                { providers: { aws: p["eu-west-1"]! } },
            );
        });
    });

    it("registers exactly one alert topic: its key, the topic, its policy and one subscription per address, in the provider's region", () => {
        const component = r.one(T, "alerts");
        expect(r.childrenOf(component)).to.deep.equal([`${AlertTopic.__pulumiType} alerts`]);
        const topic = r.one(AlertTopic.__pulumiType, "alerts");
        expect(r.childrenOf(topic)).to.deep.equal([
            `${KEY} alerts-key`,
            `${TOPIC} alerts`,
            `${POLICY} alerts-policy`,
            `${SUBSCRIPTION} alerts-oncall@example.com`,
            `${SUBSCRIPTION} alerts-ops@example.com`,
        ]);
        for (const child of r.record.resources.filter((x) => x.parent === topic.urn))
            expect(r.inRegion(child, "eu-west-1"), child.name).to.equal(true);
    });

    it("keeps the URNs the key, topic, policy and subscriptions had before AlertTopic, so existing stacks move them instead of replacing them", () => {
        const urnBefore = (type: string, name: string) =>
            `urn:pulumi:test::platform::platform:global-operations:GlobalAlerting$${type}::${name}`;
        expect(
            Object.fromEntries(r.record.resources.filter((x) => x.aliases).map((x) => [`${x.type} ${x.name}`, x.aliases])),
        ).to.deep.equal({
            [`${KEY} alerts-key`]: [urnBefore(KEY, "alerts")],
            [`${TOPIC} alerts`]: [urnBefore(TOPIC, "alerts")],
            [`${POLICY} alerts-policy`]: [urnBefore(POLICY, "alerts")],
            [`${SUBSCRIPTION} alerts-oncall@example.com`]: [urnBefore(SUBSCRIPTION, "alerts-oncall@example.com")],
            [`${SUBSCRIPTION} alerts-ops@example.com`]: [urnBefore(SUBSCRIPTION, "alerts-ops@example.com")],
        });
    });

    it("encrypts the topic with a rotating, protected and retained key that CloudWatch alarms and this region's CloudWatch Logs may use", () => {
        const key = r.one(KEY, "alerts-key");
        expect([
            key.inputs["enableKeyRotation"],
            key.inputs["deletionWindowInDays"],
            key.inputs["description"],
            key.protect,
            key.retainOnDelete,
        ]).to.deep.equal([true, 30, "Cross-region alerts and edge logs (alerts)", true, true]);
        expect(r.one(TOPIC, "alerts").inputs["kmsMasterKeyId"]).to.equal(key.outputs["arn"]);
        expect(statementsOf(key)).to.deep.equal([
            {
                Sid: "AccountAdministration",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::123456789012:root" },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "PublishersEncryptMessages",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
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

    it("lets only this account's CloudWatch alarms publish, over TLS, and subscribes the addresses by email", () => {
        const topic = r.one(TOPIC, "alerts");
        const topicArn = topic.outputs["arn"];
        expect(statementsOf(r.one(POLICY, "alerts-policy"))).to.deep.equal([
            {
                Sid: "PublishersPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
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
        expect(r.ofType(SUBSCRIPTION).map((s) => [s.inputs["topic"], s.inputs["protocol"], s.inputs["endpoint"]])).to.deep.equal([
            [topicArn, "email", "oncall@example.com"],
            [topicArn, "email", "ops@example.com"],
        ]);
    });

    it("lets two instances live in one program without colliding", async () => {
        const two = await evaluateInRegions((p) => {
            new GlobalAlerting("a", { region: "us-east-1", accountId: "123456789012" }, { providers: { aws: p["us-east-1"]! } });
            new GlobalAlerting("b", { region: "eu-west-1", accountId: "123456789012" }, { providers: { aws: p["eu-west-1"]! } });
        });
        expectUniqueUrns(two.record);
        expect(two.ofType(SUBSCRIPTION)).to.deep.equal([]);
    });

    describe("validation", () => {
        it("refuses a region that is not a region name", async () => {
            const { problems } = await argsErrorOf(() => new GlobalAlerting("a", { region: "global", accountId: "1" }));
            expect(problems).to.deep.equal(['region: expected a known AWS region such as us-east-1, got "global"']);
        });
        it("refuses addresses that are not email addresses", async () => {
            const { problems } = await argsErrorOf(
                () => new GlobalAlerting("a", { region: "us-east-1", accountId: "1", alertEmails: ["oncall"] }),
            );
            expect(problems).to.deep.equal(['alertEmails: expected email addresses, got ["oncall"]']);
        });
        it("refuses an address listed twice", async () => {
            const { problems } = await argsErrorOf(
                () => new GlobalAlerting("a", { region: "us-east-1", accountId: "1", alertEmails: ["a@b.io", "a@b.io"] }),
            );
            expect(problems).to.deep.equal(['alertEmails: expected each address once, got ["a@b.io"] more than once']);
        });
    });
});
