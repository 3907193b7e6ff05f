import { expect } from "chai";
import { SecureBucket, type SecureBucketArgs } from "../../../components/storage";
import { childrenOf, evaluateWithProvider, expectArgsError, expectUniqueUrns, ofType, one, statementsOf } from "../../support/components";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const ARGS: SecureBucketArgs = {
    encryption: { kmsKeyArn: KEY },
    accessLogging: { targetBucket: "central-logs", targetPrefix: "s3-access/things/" },
};

describe("components/storage/SecureBucket", () => {
    it("builds the bucket and its eight companions, parented to the component", async () => {
        const r = await evaluateWithProvider("eu-west-1", (opts) => {
            const b = new SecureBucket("things", ARGS, opts);
            return {
                name: b.bucketName,
                arn: b.bucketArn,
                versioning: b.versioningStatus,
                protect: (b.bucket as unknown as { __protect?: boolean }).__protect ?? "unset",
            };
        });
        expect(childrenOf(r, one(r, SecureBucket.__pulumiType, "things"))).to.deep.equal(
            [
                "aws:s3/bucket:Bucket things",
                "aws:s3/bucketVersioning:BucketVersioning things-versioning",
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration things-encryption",
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock things-public-access-block",
                "aws:s3/bucketOwnershipControls:BucketOwnershipControls things-ownership",
                "aws:s3/bucketPolicy:BucketPolicy things-policy",
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration things-lifecycle",
                "aws:s3/bucketLogging:BucketLogging things-logging",
                "aws:s3/bucketNotification:BucketNotification things-notification",
            ].sort(),
        );
        const bucket = one(r, "aws:s3/bucket:Bucket", "things");
        expect(r.outputs["name"]).to.equal(bucket.outputs["bucket"]);
        expect(r.outputs["arn"]).to.equal(bucket.outputs["arn"]);
        expect(r.outputs["versioning"]).to.equal(
            (
                one(r, "aws:s3/bucketVersioning:BucketVersioning", "things-versioning").outputs["versioningConfiguration"] as {
                    status: string;
                }
            ).status,
        );
        expect(r.outputs["versioning"]).to.equal("Enabled");
        expect(r.outputs["protect"]).to.equal("unset");
        expect(one(r, "aws:s3/bucketLogging:BucketLogging", "things-logging").inputs).to.deep.include({
            targetBucket: "central-logs",
            targetPrefix: "s3-access/things/",
        });
        // The policy waits for the public access block (S3 rejects concurrent changes).
        expect(one(r, "aws:s3/bucketPolicy:BucketPolicy", "things-policy").dependencies).to.include(
            one(r, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "things-public-access-block").urn,
        );
    });

    it("appends the caller's statements after the TLS-only deny, and honours the optional settings", async () => {
        const r = await evaluateWithProvider("eu-west-1", (opts) => {
            const b = new SecureBucket(
                "results",
                {
                    encryption: { sseS3Reason: "a log destination" },
                    accessLogging: { disabledReason: "it is the log bucket" },
                    noncurrentVersionExpirationDays: 3,
                    currentVersionExpirationDays: 14,
                    abortIncompleteMultipartUploadDays: 1,
                    eventBridgeNotifications: false,
                    protect: true,
                    policyStatements: (arn) => [
                        {
                            Sid: "Extra",
                            Effect: "Allow",
                            Principal: { Service: "example.amazonaws.com" },
                            Action: "s3:GetObject",
                            Resource: arn,
                        },
                    ],
                },
                opts,
            );
            return { protect: (b.bucket as unknown as { __protect?: boolean }).__protect };
        });
        const arn = one(r, "aws:s3/bucket:Bucket", "results").outputs["arn"];
        expect(
            statementsOf(one(r, "aws:s3/bucketPolicy:BucketPolicy", "results-policy")).map((s) => [s.Sid, s.Effect, s.Resource]),
        ).to.deep.equal([
            ["DenyInsecureTransport", "Deny", [arn, `${arn}/*`]],
            ["Extra", "Allow", arn],
        ]);
        expect(
            one(r, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "results-lifecycle").inputs["rules"],
        ).to.deep.equal([
            {
                id: "expire-noncurrent-versions",
                status: "Enabled",
                filter: {},
                noncurrentVersionExpiration: { noncurrentDays: 3 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
            },
            { id: "expire-current-objects", status: "Enabled", filter: {}, expiration: { days: 14 } },
        ]);
        const types = r.resources.map((x) => x.type);
        expect(types).to.not.include("aws:s3/bucketNotification:BucketNotification");
        expect(types).to.not.include("aws:s3/bucketLogging:BucketLogging");
        expect(r.outputs["protect"]).to.equal(true);
    });

    it("limits current-object expiry to the given prefixes, one rule each keyed by prefix, and keeps the noncurrent rule bucket-wide", async () => {
        const r = await evaluateWithProvider("eu-west-1", (opts) => {
            new SecureBucket(
                "logs",
                {
                    ...ARGS,
                    noncurrentVersionExpirationDays: 30,
                    currentVersionExpirationDays: 90,
                    currentVersionExpirationPrefixes: ["alb/", "s3-access/nested/"],
                },
                opts,
            );
        });
        expect(one(r, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "logs-lifecycle").inputs["rules"]).to.deep.equal([
            {
                id: "expire-noncurrent-versions",
                status: "Enabled",
                filter: {},
                noncurrentVersionExpiration: { noncurrentDays: 30 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            },
            { id: "expire-current-alb", status: "Enabled", filter: { prefix: "alb/" }, expiration: { days: 90 } },
            { id: "expire-current-s3-access/nested", status: "Enabled", filter: { prefix: "s3-access/nested/" }, expiration: { days: 90 } },
        ]);
    });

    it("lets two instances live in one program without colliding", async () => {
        const r = await evaluateWithProvider("eu-west-1", (opts) => {
            new SecureBucket("one", ARGS, opts);
            new SecureBucket("two", ARGS, opts);
            return {};
        });
        expectUniqueUrns(r);
        expect(
            ofType(r, "aws:s3/bucket:Bucket")
                .map((x) => x.name)
                .sort(),
        ).to.deep.equal(["one", "two"]);
    });

    describe("validation", () => {
        const cases: [string, Partial<SecureBucketArgs>, string][] = [
            [
                "a zero noncurrent expiry",
                { noncurrentVersionExpirationDays: 0 },
                "noncurrentVersionExpirationDays: expected a whole number of days >= 1, got 0",
            ],
            [
                "a negative current expiry",
                { currentVersionExpirationDays: -1 },
                "currentVersionExpirationDays: expected a whole number of days >= 1, got -1",
            ],
            [
                "a fractional multipart abort",
                { abortIncompleteMultipartUploadDays: 0.5 },
                "abortIncompleteMultipartUploadDays: expected a whole number of days >= 1, got 0.5",
            ],
            [
                "SSE-S3 without a reason",
                { encryption: { sseS3Reason: " " } },
                'encryption: expected a kmsKeyArn, or an sseS3Reason for SSE-S3, got {"sseS3Reason":" "}',
            ],
            [
                "a log prefix without a trailing slash",
                { accessLogging: { targetBucket: "logs", targetPrefix: "s3-access" } },
                'accessLogging.targetPrefix: expected a key prefix ending in "/", got "s3-access"',
            ],
            [
                "expiry prefixes without expiry days",
                { currentVersionExpirationPrefixes: ["alb/"] },
                'currentVersionExpirationPrefixes: expected currentVersionExpirationDays to be set with it, got ["alb/"] without it',
            ],
            [
                "an empty list of expiry prefixes",
                { currentVersionExpirationDays: 30, currentVersionExpirationPrefixes: [] },
                "currentVersionExpirationPrefixes: expected at least 1 prefix (leave it unset for the whole bucket), got []",
            ],
            [
                "expiry prefixes without a trailing slash, or with a leading one",
                { currentVersionExpirationDays: 30, currentVersionExpirationPrefixes: ["alb", "/s3-access/", "ok/"] },
                'currentVersionExpirationPrefixes: expected key prefixes ending in "/" without a leading "/", got ["alb","/s3-access/"]',
            ],
            [
                "an expiry prefix listed twice",
                { currentVersionExpirationDays: 30, currentVersionExpirationPrefixes: ["alb/", "alb/"] },
                'currentVersionExpirationPrefixes: expected each prefix once, got ["alb/"] more than once',
            ],
            [
                "logging disabled without a reason",
                { accessLogging: { disabledReason: "" } },
                'accessLogging: expected a targetBucket and targetPrefix, or a disabledReason, got {"disabledReason":""}',
            ],
        ];
        for (const [title, override, message] of cases) {
            it(`refuses ${title}`, () => {
                expectArgsError(() => new SecureBucket("bad", { ...ARGS, ...override }), [message]);
            });
        }
    });
});
