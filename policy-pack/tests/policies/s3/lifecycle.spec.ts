import * as s3 from "../../../policies/s3/lifecycle";
import { edit, set, stackPolicySuite, without } from "../../harness";
import { stack, firstPreview, cases } from "./fixtures";

stackPolicySuite(s3.s3BucketLifecycleNoncurrentVersions, {
    compliant: stack,
    cases: cases(
        [
            "rule disabled",
            (f) => edit(f, "data-lifecycle", (p) => set(p, "rules.0.status", "Disabled")),
            ['data: Bucket "data" is versioned but has no enabled lifecycle rule for noncurrent versions.'],
        ],
        [
            "rule without noncurrent action",
            (f) => edit(f, "logs-lifecycle", (p) => set(p, "rules.0.noncurrentVersionExpiration", undefined)),
            ['logs: Bucket "logs" is versioned but has no enabled lifecycle rule for noncurrent versions.'],
        ],
    ),
    unset: [
        "no lifecycle configuration",
        (f) => without(f, "data-lifecycle"),
        ['data: Bucket "data" is versioned but has no enabled lifecycle rule for noncurrent versions.'],
    ],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview without the data bucket's lifecycle configuration",
        firstPreview(without(stack, "data-lifecycle")),
        ['data: Bucket "data" is versioned but has no enabled lifecycle rule for noncurrent versions.'],
    ],
});
