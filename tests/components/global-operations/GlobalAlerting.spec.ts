import { expect } from "chai";
import { GlobalAlerting } from "../../../components/global-operations";
import { argsErrorOf, policyOf, run, statement } from "../../support/globalHarness";

const T = GlobalAlerting.__pulumiType;

describe("components/global-operations/GlobalAlerting", () => {
    let r: Awaited<ReturnType<typeof run>>;
    before(async () => {
        r = await run((p) => {
            new GlobalAlerting("alerts", { region: "eu-west-1", accountId: "123456789012", alertEmails: ["oncall@example.com", "ops@example.com"] }, { providers: { aws: p["eu-west-1"]! } });
        });
    });

    it("registers exactly the key, the topic, its policy and one subscription per address, in the provider's region", () => {
        const urn = r.one(T, "alerts").urn;
        expect(r.childrenOf(urn)).to.deep.equal([
            "aws:kms/key:Key alerts",
            "aws:sns/topic:Topic alerts",
            "aws:sns/topicPolicy:TopicPolicy alerts",
            "aws:sns/topicSubscription:TopicSubscription alerts-oncall@example.com",
            "aws:sns/topicSubscription:TopicSubscription alerts-ops@example.com",
        ]);
        for (const child of r.record.resources.filter((x) => x.parent === urn)) expect(r.inRegion(child, "eu-west-1"), child.name).to.equal(true);
    });

    it("encrypts the topic with a rotating key that CloudWatch alarms and this region's CloudWatch Logs may use", () => {
        const key = r.one("aws:kms/key:Key", "alerts");
        expect(key.inputs).to.include({ enableKeyRotation: true, deletionWindowInDays: 30 });
        expect(r.one("aws:sns/topic:Topic", "alerts").inputs["kmsMasterKeyId"]).to.equal(key.outputs["arn"]);
        const policy = policyOf(key.inputs["policy"]);
        expect(statement(policy, "CloudWatchAlarmsPublish")).to.deep.include({
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
        expect(statement(policy, "CloudWatchLogsUse")["Principal"]).to.deep.equal({ Service: "logs.eu-west-1.amazonaws.com" });
        expect(statement(policy, "CloudWatchLogsUse")["Condition"]).to.deep.equal({
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:123456789012:log-group:*" },
        });
    });

    it("lets only this account's CloudWatch alarms publish, over TLS, and subscribes the addresses by email", () => {
        const topic = r.one("aws:sns/topic:Topic", "alerts");
        const policy = policyOf(r.one("aws:sns/topicPolicy:TopicPolicy", "alerts").inputs["policy"]);
        expect(statement(policy, "CloudWatchAlarmsPublish")).to.deep.equal({
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topic.outputs["arn"],
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
        expect(statement(policy, "DenyInsecureTransport")).to.deep.include({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
        expect(r.one("aws:sns/topicSubscription:TopicSubscription", "alerts-ops@example.com").inputs).to.deep.include({
            topic: topic.outputs["arn"],
            protocol: "email",
            endpoint: "ops@example.com",
        });
    });

    it("lets two instances live in one program without colliding", async () => {
        const two = await run((p) => {
            new GlobalAlerting("a", { region: "us-east-1", accountId: "123456789012" }, { providers: { aws: p["us-east-1"]! } });
            new GlobalAlerting("b", { region: "eu-west-1", accountId: "123456789012" }, { providers: { aws: p["eu-west-1"]! } });
        });
        const urns = two.record.resources.map((x) => x.urn);
        expect(new Set(urns).size).to.equal(urns.length);
        expect(two.ofType("aws:sns/topicSubscription:TopicSubscription")).to.deep.equal([]);
    });

    describe("validation", () => {
        it("refuses a region that is not a region name", async () => {
            const { problems } = await argsErrorOf(() => new GlobalAlerting("a", { region: "global", accountId: "1" }));
            expect(problems).to.deep.equal(['region: expected an AWS region such as us-east-1, got "global"']);
        });
        it("refuses addresses that are not email addresses", async () => {
            const { problems } = await argsErrorOf(() => new GlobalAlerting("a", { region: "us-east-1", accountId: "1", alertEmails: ["oncall"] }));
            expect(problems).to.deep.equal(['alertEmails: expected email addresses, got ["oncall"]']);
        });
        it("refuses an address listed twice", async () => {
            const { problems } = await argsErrorOf(() => new GlobalAlerting("a", { region: "us-east-1", accountId: "1", alertEmails: ["a@b.io", "a@b.io"] }));
            expect(problems).to.deep.equal(['alertEmails: expected each address once, got ["a@b.io"] repeated']);
        });
    });
});
