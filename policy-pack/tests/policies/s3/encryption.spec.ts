import { expect } from "chai";
import * as s3 from "../../../policies/s3/encryption";
import { checkStack, edit, set, stackPolicySuite, without } from "../../harness";
import { stack, firstPreview, cases } from "./fixtures";

stackPolicySuite(s3.s3BucketServerSideEncryption, {
    compliant: stack,
    variants: [
        [
            "compliant: AES256 on a data bucket (an explicit configuration: s3-bucket-sse-kms reports the algorithm)",
            (f) => edit(f, "data-sse", (p) => set(p, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm", "AES256")),
        ],
    ],
    cases: cases(
        [
            "algorithm not recognised",
            (f) => edit(f, "data-sse", (p) => set(p, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm", "none")),
            ['data: Bucket "data" default encryption algorithm "none" is not one of AES256, aws:kms, aws:kms:dsse.'],
        ],
        [
            "aws:kms without a kmsMasterKeyId (S3 then uses the AWS managed key aws/s3)",
            (f) => edit(f, "data-sse", (p) => set(p, "rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId", undefined)),
            [
                'data: Bucket "data" default encryption uses aws:kms without a kmsMasterKeyId, so S3 uses the AWS managed key aws/s3; expected a customer managed key.',
            ],
        ],
        [
            "aws:kms with the AWS managed key named",
            (f) =>
                edit(f, "data-sse", (p) =>
                    set(p, "rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId", "arn:aws:kms:us-east-1:111122223333:alias/aws/s3"),
                ),
            [
                'data: Bucket "data" default encryption uses the AWS managed key "arn:aws:kms:us-east-1:111122223333:alias/aws/s3"; expected a customer managed key.',
            ],
        ],
    ),
    unset: [
        "no encryption configuration",
        (f) => without(f, "logs-sse"),
        [
            `logs: Bucket "logs" has no explicit default encryption configuration; S3's implicit SSE-S3 default does not count. Expected a BucketServerSideEncryptionConfiguration with a customer managed KMS key (aws:kms or aws:kms:dsse and a kmsMasterKeyId), or AES256 on a log destination (see s3-bucket-sse-kms).`,
        ],
    ],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview without the log bucket's encryption configuration",
        firstPreview(without(stack, "logs-sse")),
        [
            `logs: Bucket "logs" has no explicit default encryption configuration; S3's implicit SSE-S3 default does not count. Expected a BucketServerSideEncryptionConfiguration with a customer managed KMS key (aws:kms or aws:kms:dsse and a kmsMasterKeyId), or AES256 on a log destination (see s3-bucket-sse-kms).`,
        ],
    ],
});

stackPolicySuite(s3.s3BucketSseKms, {
    compliant: stack,
    cases: cases(
        [
            "data bucket on AES256",
            (f) => edit(f, "data-sse", (p) => set(p, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm", "AES256")),
            ['data: Bucket "data" uses AES256; expected aws:kms or aws:kms:dsse.'],
        ],
        [
            "the AES256 log bucket once no BucketLogging targets it (not a log destination)",
            (f) => without(f, "data-logging"),
            ['logs: Bucket "logs" uses AES256; expected aws:kms or aws:kms:dsse.'],
        ],
        [
            "after creation: no encryption configuration, the provider reads back S3's default AES256 inline",
            (f) =>
                edit(without(f, "data-sse"), "data", (p) => ({
                    ...p,
                    serverSideEncryptionConfiguration: {
                        rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false },
                    },
                })),
            ['data: Bucket "data" uses AES256; expected aws:kms or aws:kms:dsse.'],
        ],
    ),
    unset: ["no encryption configuration (reported by s3-bucket-server-side-encryption instead)", (f) => without(f, "data-sse"), []],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview with the data bucket's encryption configuration on AES256",
        firstPreview(edit(stack, "data-sse", (p) => set(p, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm", "AES256"))),
        ['data: Bucket "data" uses AES256; expected aws:kms or aws:kms:dsse.'],
    ],
});

describe("s3-bucket-sse-kms: allowSseS3ForLogDestinations false", () => {
    it("reports the log destination on AES256 too", () => {
        expect(checkStack(s3.s3BucketSseKms, stack, { config: { allowSseS3ForLogDestinations: false } })).to.deep.equal([
            'logs: Bucket "logs" uses AES256; expected aws:kms or aws:kms:dsse.',
        ]);
    });
});
