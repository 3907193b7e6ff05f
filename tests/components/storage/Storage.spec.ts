import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ALB_ACCESS_LOG_PREFIX, S3_ACCESS_LOG_PREFIX, SecureBucket, Storage, type StorageArgs } from "../../../components/storage";
import { SIMULATED_ACCOUNT_ID } from "../../../simulation/ids";
import { ELB_SERVICE_ACCOUNTS } from "../../../simulation/invokes";
import {
    childrenOf,
    evaluateInstances,
    evaluateWithProvider,
    expectArgsError,
    expectUniqueUrns,
    ofType,
    one,
    type StackRecord,
    statementsOf,
} from "../../support/components";

const REGION = "us-east-1";
const ARGS: StorageArgs = {
    region: REGION,
    accountId: SIMULATED_ACCOUNT_ID,
    noncurrentVersionExpirationDays: 30,
    accessLogExpirationDays: 180,
};
const B = "aws:s3/bucket:Bucket";

const evaluate = (instances: Record<string, StorageArgs>): Promise<StackRecord> =>
    evaluateInstances(REGION, instances, (name, args, opts) => {
        const s = new Storage(name, args, opts);
        return {
            dataBucketName: s.dataBucketName,
            dataBucketArn: s.dataBucketArn,
            dataBucketVersioning: s.dataBucketVersioning,
            dataKeyArn: s.dataKeyArn,
            logBucketName: s.logBucketName,
            logBucketArn: s.logBucketArn,
            // `protect` is not part of a resource's recorded state: read it from the resources themselves.
            protected: pulumi.all(s.protectedResources.map((r) => r.urn)),
            protectFlags: s.protectedResources.map((r) => (r as unknown as { __protect?: boolean }).__protect),
        };
    });

const companions = (bucket: string) => [
    `${B} ${bucket}`,
    `aws:s3/bucketVersioning:BucketVersioning ${bucket}-versioning`,
    `aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration ${bucket}-encryption`,
    `aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock ${bucket}-public-access-block`,
    `aws:s3/bucketOwnershipControls:BucketOwnershipControls ${bucket}-ownership`,
    `aws:s3/bucketPolicy:BucketPolicy ${bucket}-policy`,
    `aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration ${bucket}-lifecycle`,
    `aws:s3/bucketNotification:BucketNotification ${bucket}-notification`,
];

describe("components/storage/Storage", () => {
    let record: StackRecord;
    before(async () => {
        record = await evaluate({ st: ARGS });
    });

    it("creates exactly a data key, a data bucket and a log bucket, each bucket with its companions", () => {
        const storage = one(record, Storage.__pulumiType, "st");
        expect(childrenOf(record, storage)).to.deep.equal(
            [`${SecureBucket.__pulumiType} st-data`, `${SecureBucket.__pulumiType} st-logs`, "aws:kms/key:Key st-data"].sort(),
        );
        expect(childrenOf(record, one(record, SecureBucket.__pulumiType, "st-data"))).to.deep.equal(
            [...companions("st-data"), "aws:s3/bucketLogging:BucketLogging st-data-logging"].sort(),
        );
        // The log bucket does not log to itself.
        expect(childrenOf(record, one(record, SecureBucket.__pulumiType, "st-logs"))).to.deep.equal(companions("st-logs").sort());
        expect(record.resources).to.have.length(3 + 3 + 9 + 8); // stack, provider, Storage; key + 2 components; companions
    });

    it("attaches every companion to its own bucket", () => {
        for (const bucket of ["st-data", "st-logs"]) {
            const name = one(record, B, bucket).outputs["bucket"];
            const parent = one(record, SecureBucket.__pulumiType, bucket).urn;
            const kids = record.resources.filter((r) => r.parent === parent && r.type !== B);
            expect(kids.length).to.be.greaterThan(0);
            for (const k of kids) expect(k.inputs["bucket"], k.name).to.equal(name);
        }
    });

    it("encrypts the data bucket with a rotating customer key (bucket key on) and the log bucket with SSE-S3", () => {
        const key = one(record, "aws:kms/key:Key", "st-data");
        expect(key.inputs["enableKeyRotation"]).to.equal(true);
        expect(key.inputs["deletionWindowInDays"]).to.equal(30);
        expect(statementsOf(key)).to.deep.equal([
            {
                Sid: "AccountAdministration",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${SIMULATED_ACCOUNT_ID}:root` },
                Action: "kms:*",
                Resource: "*",
            },
        ]);
        const sse = (bucket: string) =>
            one(record, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${bucket}-encryption`)
                .inputs["rules"];
        expect(sse("st-data")).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.outputs["arn"] }, bucketKeyEnabled: true },
        ]);
        expect(sse("st-logs")).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    });

    it("versions both buckets, blocks all public access and disables ACLs", () => {
        for (const bucket of ["st-data", "st-logs"]) {
            expect(
                one(record, "aws:s3/bucketVersioning:BucketVersioning", `${bucket}-versioning`).inputs["versioningConfiguration"],
            ).to.deep.equal({ status: "Enabled" });
            const pab = one(record, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${bucket}-public-access-block`).inputs;
            expect([pab["blockPublicAcls"], pab["blockPublicPolicy"], pab["ignorePublicAcls"], pab["restrictPublicBuckets"]]).to.deep.equal(
                [true, true, true, true],
            );
            expect(
                one(record, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", `${bucket}-ownership`).inputs["rule"],
            ).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
            expect(one(record, "aws:s3/bucketNotification:BucketNotification", `${bucket}-notification`).inputs["eventbridge"]).to.equal(
                true,
            );
        }
        // Exported from the versioning resource, for the replication counterpart (the regional contract).
        expect(record.outputs["st.dataBucketVersioning"]).to.equal("Enabled");
    });

    it("denies plain HTTP on the data bucket and its objects, and grants nothing else", () => {
        const arn = one(record, B, "st-data").outputs["arn"];
        expect(statementsOf(one(record, "aws:s3/bucketPolicy:BucketPolicy", "st-data-policy"))).to.deep.equal([
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [arn, `${arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ]);
    });

    it("lets only S3 log delivery (this account) and ELB log delivery write, each under its own prefix, over TLS only", () => {
        const arn = one(record, B, "st-logs").outputs["arn"];
        const albObjects = `${arn}/${ALB_ACCESS_LOG_PREFIX}/AWSLogs/${SIMULATED_ACCOUNT_ID}/*`;
        expect(statementsOf(one(record, "aws:s3/bucketPolicy:BucketPolicy", "st-logs-policy"))).to.deep.equal([
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [arn, `${arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
                Sid: "S3ServerAccessLogDelivery",
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${arn}/${S3_ACCESS_LOG_PREFIX}/*`,
                Condition: { StringEquals: { "aws:SourceAccount": SIMULATED_ACCOUNT_ID } },
            },
            {
                Sid: "AlbAccessLogDeliveryAccount",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ELB_SERVICE_ACCOUNTS[REGION]}:root` },
                Action: "s3:PutObject",
                Resource: albObjects,
            },
            {
                Sid: "AlbAccessLogDeliveryService",
                Effect: "Allow",
                Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: albObjects,
            },
        ]);
        expect(ALB_ACCESS_LOG_PREFIX).to.equal("alb");
    });

    it("in a region launched after August 2022 (no ELB log account) grants ALB delivery to the service principal only", async () => {
        const region = "eu-central-2";
        const newer = await evaluateWithProvider(region, (opts) => {
            new Storage("st", { ...ARGS, region }, opts);
        });
        const sids = statementsOf(one(newer, "aws:s3/bucketPolicy:BucketPolicy", "st-logs-policy")).map((st) => st.Sid);
        expect(sids).to.deep.equal(["DenyInsecureTransport", "S3ServerAccessLogDelivery", "AlbAccessLogDeliveryService"]);
    });

    it("expires noncurrent versions and incomplete uploads everywhere, and only the access-log and probe-run prefixes after their retention (not the probes' code under synthetics/)", () => {
        const noncurrent = {
            id: "expire-noncurrent-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: 30 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        };
        const rules = (bucket: string) =>
            one(record, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", `${bucket}-lifecycle`).inputs["rules"];
        expect(rules("st-data")).to.deep.equal([noncurrent]);
        expect(rules("st-logs")).to.deep.equal([
            noncurrent,
            { id: "expire-current-alb", status: "Enabled", filter: { prefix: "alb/" }, expiration: { days: 180 } },
            { id: "expire-current-s3-access", status: "Enabled", filter: { prefix: "s3-access/" }, expiration: { days: 180 } },
            { id: "expire-current-synthetics-runs", status: "Enabled", filter: { prefix: "synthetics-runs/" }, expiration: { days: 180 } },
        ]);
    });

    it("logs data-bucket access to the log bucket under its prefix", () => {
        const logging = one(record, "aws:s3/bucketLogging:BucketLogging", "st-data-logging");
        expect(logging.inputs["targetBucket"]).to.equal(one(record, B, "st-logs").outputs["bucket"]);
        expect(logging.inputs["targetPrefix"]).to.equal(`${S3_ACCESS_LOG_PREFIX}/data/`);
        // The policy pack finds log destinations through this edge.
        expect(logging.propertyDependencies["targetBucket"]).to.deep.equal([one(record, B, "st-logs").urn]);
    });

    it("hands out the log bucket name only once its log-delivery policy exists", async () => {
        // An ALB enabling access logs (ELB checks its write permission then) must wait for the policy.
        const r = await evaluateWithProvider(REGION, (opts) => {
            const s = new Storage("st", ARGS, opts);
            new aws.s3.BucketLogging(
                "probe",
                { bucket: "elsewhere", targetBucket: s.logBucketName, targetPrefix: "probe/" },
                { provider: (opts.providers as Record<string, aws.Provider>)["aws"] },
            );
            return {};
        });
        expect(one(r, "aws:s3/bucketLogging:BucketLogging", "probe").propertyDependencies["targetBucket"]).to.deep.equal([
            one(r, "aws:s3/bucketPolicy:BucketPolicy", "st-logs-policy").urn,
        ]);
    });

    it("protects the data bucket and its key, and nothing else", () => {
        expect(record.outputs["st.protected"]).to.deep.equal([
            one(record, B, "st-data").urn,
            one(record, "aws:kms/key:Key", "st-data").urn,
        ]);
        expect(record.outputs["st.protectFlags"]).to.deep.equal([true, true]);
    });

    it("leaves the data unprotected only when asked", async () => {
        const r = await evaluate({ tmp: { ...ARGS, protectData: false } });
        expect(r.outputs["tmp.protected"]).to.deep.equal([]);
    });

    it("exposes the buckets' names and ARNs and the key ARN", () => {
        const data = one(record, B, "st-data").outputs;
        const logs = one(record, B, "st-logs").outputs;
        expect(record.outputs["st.dataBucketName"]).to.equal(data["bucket"]);
        expect(record.outputs["st.dataBucketArn"]).to.equal(data["arn"]);
        expect(record.outputs["st.dataKeyArn"]).to.equal(one(record, "aws:kms/key:Key", "st-data").outputs["arn"]);
        expect(record.outputs["st.logBucketName"]).to.equal(logs["bucket"]);
        expect(record.outputs["st.logBucketArn"]).to.equal(logs["arn"]);
    });

    it("defaults to 90 days of noncurrent versions and 365 days of access logs", async () => {
        const r = await evaluate({ d: { region: REGION, accountId: SIMULATED_ACCOUNT_ID } });
        const rules = one(r, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "d-logs-lifecycle").inputs[
            "rules"
        ] as any[];
        expect(rules.map((x) => [x.id, x.noncurrentVersionExpiration?.noncurrentDays ?? x.expiration?.days])).to.deep.equal([
            ["expire-noncurrent-versions", 90],
            ["expire-current-alb", 365],
            ["expire-current-s3-access", 365],
            ["expire-current-synthetics-runs", 365],
        ]);
        expect(r.outputs["d.protectFlags"]).to.deep.equal([true, true]);
    });

    it("lets two instances live in one program without colliding", async () => {
        const r = await evaluate({ a: ARGS, b: ARGS });
        expectUniqueUrns(r);
        expect(
            ofType(r, B)
                .map((x) => x.name)
                .sort(),
        ).to.deep.equal(["a-data", "a-logs", "b-data", "b-logs"]);
        expect(r.outputs["a.dataBucketName"]).to.not.equal(r.outputs["b.dataBucketName"]);
    });

    describe("validation", () => {
        const cases: [string, Partial<StorageArgs>, string][] = [
            [
                "a zero noncurrent-version expiry",
                { noncurrentVersionExpirationDays: 0 },
                "noncurrentVersionExpirationDays: expected a number >= 1, got 0",
            ],
            ["a fractional access-log expiry", { accessLogExpirationDays: 1.5 }, "accessLogExpirationDays: expected an integer, got 1.5"],
            ["a malformed region", { region: "mars-1" }, 'region: expected a known AWS region such as us-east-1, got "mars-1"'],
        ];
        for (const [title, override, message] of cases) {
            it(`refuses ${title}`, () => {
                expectArgsError(() => new Storage("bad", { ...ARGS, ...override }), [message]);
            });
        }
    });
});
