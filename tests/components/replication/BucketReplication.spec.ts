import { expect } from "chai";
import { BucketReplication, type BucketReplicationArgs, type ReplicatedBucket } from "../../../components/replication";
import {
    argsErrorOf,
    evaluateInRegions,
    expectNoWildcardActions,
    expectUniqueUrns,
    policyOf,
    type Registered,
    statement,
} from "../../support/components";

const T = BucketReplication.__pulumiType;
const CFG = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const bucket = (region: string): ReplicatedBucket => ({
    region,
    bucketName: `data-${region}`,
    bucketArn: `arn:aws:s3:::data-${region}`,
    keyArn: `arn:aws:kms:${region}:123456789012:key/key-${region}`,
});
const US = bucket("us-east-1");
const EU = bucket("eu-west-1");
const USW = bucket("us-west-2");
const base: BucketReplicationArgs = { source: US, destinations: [EU, USW], accountId: "123456789012" };
const build = (args: Partial<BucketReplicationArgs> = {}) =>
    evaluateInRegions((p) => {
        new BucketReplication("replication", { ...base, ...args }, { providers: { aws: p["us-east-1"]! } });
    });

describe("components/replication/BucketReplication", () => {
    let r: Registered;
    before(async () => {
        r = await build();
    });

    it("registers exactly one replication configuration and its role, in the source region, parented to the component", () => {
        expect(r.childrenOf(r.one(T, "replication").urn)).to.deep.equal([
            "aws:iam/role:Role replication-role",
            "aws:iam/rolePolicy:RolePolicy replication-role",
            `${CFG} replication`,
        ]);
        const config = r.one(CFG, "replication");
        expect(r.inRegion(config, "us-east-1")).to.equal(true);
        expect(config.dependencies).to.include(r.one("aws:iam/rolePolicy:RolePolicy", "replication-role").urn);
    });

    it("has one enabled rule per destination with RTC 15 min, metrics, the destination's KMS key and no delete markers", () => {
        const config = r.one(CFG, "replication").inputs as any;
        expect(config.bucket).to.equal("data-us-east-1");
        expect(config.role).to.equal(r.one("aws:iam/role:Role", "replication-role").outputs["arn"]);
        expect(config.rules).to.deep.equal(
            [EU, USW].map((d, i) => ({
                id: `to-${d.region}`,
                priority: i + 1,
                status: "Enabled",
                filter: {},
                deleteMarkerReplication: { status: "Disabled" },
                sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                destination: {
                    bucket: d.bucketArn,
                    storageClass: "STANDARD",
                    encryptionConfiguration: { replicaKmsKeyId: d.keyArn },
                    replicationTime: { status: "Enabled", time: { minutes: 15 } },
                    metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
                },
            })),
        );
    });

    it("replicates delete markers when asked", async () => {
        const on = await build({ replicateDeleteMarkers: true, destinations: [EU] });
        expect((on.one(CFG, "replication").inputs as any).rules.map((x: any) => x.deleteMarkerReplication)).to.deep.equal([
            { status: "Enabled" },
        ]);
    });

    it("lets only S3 of this account assume the role", () => {
        expect(policyOf(r.one("aws:iam/role:Role", "replication-role").inputs["assumeRolePolicy"])).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "s3.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
                },
            ],
        });
    });

    it("grants the role exactly the replication actions on the source and destination buckets and keys", () => {
        const policy = policyOf(r.one("aws:iam/rolePolicy:RolePolicy", "replication-role").inputs["policy"]);
        expectNoWildcardActions(policy);
        expect(policy.Statement.map((s) => s["Sid"])).to.deep.equal([
            "ReadSourceConfiguration",
            "ReadSourceObjects",
            "WriteReplicas",
            "DecryptSource",
            "EncryptReplicasIneuwest1",
            "EncryptReplicasInuswest2",
        ]);
        expect(statement(policy, "ReadSourceConfiguration")).to.deep.include({
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: "arn:aws:s3:::data-us-east-1",
        });
        expect(statement(policy, "ReadSourceObjects")).to.deep.include({
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: "arn:aws:s3:::data-us-east-1/*",
        });
        expect(statement(policy, "WriteReplicas")).to.deep.include({
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: ["arn:aws:s3:::data-eu-west-1/*", "arn:aws:s3:::data-us-west-2/*"],
        });
        expect(statement(policy, "DecryptSource")).to.deep.equal({
            Sid: "DecryptSource",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: US.keyArn,
            Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
        });
        for (const d of [EU, USW]) {
            expect(statement(policy, `EncryptReplicasIn${d.region.replace(/-/g, "")}`)).to.deep.include({
                Action: "kms:Encrypt",
                Resource: d.keyArn,
                Condition: { StringEquals: { "kms:ViaService": `s3.${d.region}.amazonaws.com` } },
            });
        }
    });

    it("lets two instances live in one program without colliding", async () => {
        const two = await evaluateInRegions((p) => {
            new BucketReplication("a", { ...base, source: US, destinations: [EU] }, { providers: { aws: p["us-east-1"]! } });
            new BucketReplication("b", { ...base, source: EU, destinations: [US] }, { providers: { aws: p["eu-west-1"]! } });
        });
        expectUniqueUrns(two.record);
        expect(two.inRegion(two.one(CFG, "b"), "eu-west-1")).to.equal(true);
    });

    describe("validation", () => {
        const cases: [string, Partial<BucketReplicationArgs>, string][] = [
            ["no destination", { destinations: [] }, "destinations: expected at least 1 destination bucket, got 0"],
            [
                "duplicate destination regions",
                { destinations: [EU, EU] },
                'destinations: expected distinct regions, got ["eu-west-1","eu-west-1"]',
            ],
            [
                "a destination in the source's region",
                { destinations: [EU, US] },
                'destinations: expected regions other than the source\'s (us-east-1), got ["eu-west-1","us-east-1"]',
            ],
        ];
        for (const [title, args, message] of cases) {
            it(`refuses ${title}`, async () => {
                const { problems } = await argsErrorOf(() => new BucketReplication("replication", { ...base, ...args }));
                expect(problems).to.deep.equal([message]);
            });
        }
    });
});
