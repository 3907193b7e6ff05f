import * as s3 from "../../../policies/s3/versioning";
import { edit, set, stackPolicySuite, without } from "../../harness";
import { stack, firstPreview, cases } from "./fixtures";

stackPolicySuite(s3.s3BucketVersioningEnabled, {
    compliant: stack,
    cases: cases(
        [
            "status Suspended",
            (f) => edit(f, "data-versioning", (p) => set(p, "versioningConfiguration.status", "Suspended")),
            ['data: Bucket "data" versioning status is "Suspended"; expected "Enabled".'],
        ],
        [
            "inline versioning disabled, no companion",
            (f) => edit(without(f, "logs-versioning"), "logs", (p) => ({ ...p, versioning: { enabled: false } })),
            ['logs: Bucket "logs" has no BucketVersioning with status "Enabled".'],
        ],
        [
            "BucketV2 token without companion",
            (f) => [...f, { type: "aws:s3/bucketV2:BucketV2", name: "legacy", props: {} }],
            ['legacy: Bucket "legacy" has no BucketVersioning with status "Enabled".'],
        ],
    ),
    unset: [
        "no BucketVersioning",
        (f) => without(f, "data-versioning"),
        ['data: Bucket "data" has no BucketVersioning with status "Enabled".'],
    ],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview without the data bucket's BucketVersioning",
        firstPreview(without(stack, "data-versioning")),
        ['data: Bucket "data" has no BucketVersioning with status "Enabled".'],
    ],
});
