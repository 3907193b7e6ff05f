import { expect } from "chai";
import * as s3 from "../../../policies/s3/logging";
import { checkStack, edit, set, stackPolicySuite, without } from "../../harness";
import { stack, logsExempt, firstPreview, cases } from "./fixtures";

stackPolicySuite(s3.s3BucketAccessLoggingEnabled, {
    compliant: stack,
    config: logsExempt,
    cases: cases([
        "empty targetBucket",
        (f) => edit(f, "data-logging", (p) => set(p, "targetBucket", "")),
        ['data: Bucket "data" has no server access logging (BucketLogging with a targetBucket).'],
    ]),
    unset: [
        "no BucketLogging",
        (f) => without(f, "data-logging"),
        ['data: Bucket "data" has no server access logging (BucketLogging with a targetBucket).'],
    ],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview without the data bucket's BucketLogging",
        firstPreview(without(stack, "data-logging")),
        ['data: Bucket "data" has no server access logging (BucketLogging with a targetBucket).'],
    ],
});

describe("exemptions", () => {
    it("without the exemption the log bucket is reported", () => {
        expect(checkStack(s3.s3BucketAccessLoggingEnabled, stack)).to.deep.equal([
            'logs: Bucket "logs" has no server access logging (BucketLogging with a targetBucket).',
        ]);
    });
});
