import * as s3 from "../../../policies/s3/dataProtection";
import { type StackItem, U, edit, stackPolicySuite } from "../../harness";
import { KEY, stack, firstPreview, cases } from "./fixtures";

const protect = (name: string, value: boolean | undefined) => (f: StackItem[]) =>
    f.map((i) => (i.name === name ? { ...i, protect: value } : i));

stackPolicySuite(s3.dataStoresProtected, {
    compliant: stack,
    variants: [["out of scope: an unprotected SSE-S3 bucket (not a data bucket)", protect("logs", undefined)]],
    cases: cases(
        [
            "data bucket not protected",
            protect("data", false),
            ['data: Bucket "data" holds data (SSE-KMS) but does not carry protect: true.'],
        ],
        ["data key not protected", protect("data-key", false), ['data-key: KMS key "data-key" does not carry protect: true.']],
        [
            "a key that encrypts no bucket (e.g. a log-group key) not protected",
            (f) => [...f, { type: KEY.type, name: "logs-key", props: { enableKeyRotation: true } }],
            ['logs-key: KMS key "logs-key" does not carry protect: true.'],
        ],
        [
            "a key with retainOnDelete only (policies never see retainOnDelete)",
            (f) => f.map((i) => (i.name === "data-key" ? { ...i, protect: undefined, retainOnDelete: true } : i)),
            ['data-key: KMS key "data-key" does not carry protect: true.'],
        ],
    ),
    unset: [
        "protect not set (recorded only when true, as in a checkpoint: policies see false)",
        (f) => f.map((i) => ({ ...i, protect: undefined })),
        [
            'data: Bucket "data" holds data (SSE-KMS) but does not carry protect: true.',
            'data-key: KMS key "data-key" does not carry protect: true.',
        ],
    ],
    unknown: firstPreview,
    unknownPlusViolation: [
        "first preview with the data bucket's encryption unknown (not provably a data bucket) and its key unprotected",
        edit(protect("data-key", undefined)(protect("data", undefined)(firstPreview(stack))), "data-sse", (p) => ({
            ...p,
            rules: U.array,
        })),
        ['data-key: KMS key "data-key" does not carry protect: true.'],
    ],
});
