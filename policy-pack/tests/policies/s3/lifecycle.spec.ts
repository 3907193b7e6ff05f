import * as s3 from "../../../policies/s3/lifecycle";
import { type StackItem, edit, set, stackPolicySuite, without } from "../../harness";
import { B, T, stack, firstPreview, cases } from "./fixtures";

/** An unversioned bucket (no versioning companion) with one lifecycle rule. */
const scratch = (rule: Record<string, unknown> | undefined): StackItem[] => [
    { type: B, name: "scratch", props: { bucket: "scratch-123" } },
    ...(rule
        ? [
              {
                  type: T.lifecycle,
                  name: "scratch-lifecycle",
                  props: { bucket: "scratch-123", rules: [rule] },
                  propDeps: { bucket: ["scratch"] },
              },
          ]
        : []),
];

stackPolicySuite(s3.s3BucketLifecycleNoncurrentVersions, {
    compliant: stack,
    variants: [
        [
            "compliant: an unversioned bucket whose enabled rule expires current objects (S3.13; no noncurrent versions to expire)",
            (f) => [...f, ...scratch({ id: "expire", status: "Enabled", expiration: { days: 30 } })],
        ],
        [
            "compliant: an unversioned bucket whose enabled rule aborts incomplete multipart uploads",
            (f) => [...f, ...scratch({ id: "mpu", status: "Enabled", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } })],
        ],
    ],
    cases: cases(
        [
            "an unversioned bucket without a lifecycle configuration",
            (f) => [...f, ...scratch(undefined)],
            [
                'scratch: Bucket "scratch" has no enabled lifecycle rule (S3.13: an expiration, transition, abort-incomplete-multipart-upload or noncurrent-version action).',
            ],
        ],
        [
            "an unversioned bucket whose only rule is disabled",
            (f) => [...f, ...scratch({ id: "expire", status: "Disabled", expiration: { days: 30 } })],
            [
                'scratch: Bucket "scratch" has no enabled lifecycle rule (S3.13: an expiration, transition, abort-incomplete-multipart-upload or noncurrent-version action).',
            ],
        ],
        [
            "an unversioned bucket whose rule has no action (an empty transitions list)",
            (f) => [...f, ...scratch({ id: "none", status: "Enabled", transitions: [] })],
            [
                'scratch: Bucket "scratch" has no enabled lifecycle rule (S3.13: an expiration, transition, abort-incomplete-multipart-upload or noncurrent-version action).',
            ],
        ],
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
