/** Data protected (reliability): every KMS key and every SSE-KMS data bucket carries `protect: true`. */
import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../lib/define";
import { buckets } from "../lib/s3";
import { sseAlgorithms } from "./encryption";

const KMS_KEY = "aws:kms/key:Key";

/**
 * `opts.protect` is the only resource option the engine shows a policy (a boolean, false when unset);
 * `retainOnDelete` never reaches it, so protection is judged on `protect` alone.
 */
const isProtected = (r: PolicyResource): boolean => r.opts?.protect === true;

export const dataStoresProtected = stackPolicy({
    name: "data-stores-protected",
    description:
        "Data protected: every KMS key and every data bucket (SSE-KMS) carries protect: true (the engine shows policies protect only, never retainOnDelete).",
    controls: ["REL.DataProtected"],
    enforcementLevel: "mandatory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            // A bucket whose encryption is unknown is not provably a data bucket.
            const kms = sseAlgorithms(j).some((a) => a === "aws:kms" || a === "aws:kms:dsse");
            if (kms && !isProtected(j.bucket))
                report(`Bucket "${j.bucket.name}" holds data (SSE-KMS) but does not carry protect: true.`, j.bucket.urn);
        }
        // Deleting a key makes everything it encrypted unreadable: every key is a data store.
        for (const k of graph.ofType(KMS_KEY)) if (!isProtected(k)) report(`KMS key "${k.name}" does not carry protect: true.`, k.urn);
    },
});
