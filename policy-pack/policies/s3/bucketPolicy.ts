/** Bucket policy documents: S3.5 (TLS only, the mission rule in transit) and S3.6 (no cross-account sensitive actions). */
import { resourcePolicy, stackPolicy } from "../lib/define";
import { type Statement, actionMatches, principalAccounts, principalIsPublic, statements } from "../lib/documents";
import { S3_POLICY_DOCUMENT_TYPES, attribution, buckets, companionLabel, inlineValues, reportUnlinked } from "../lib/s3";
import { UNKNOWN, get, isSet, list } from "../lib/values";

function deniesInsecureTransport(st: Statement): boolean | typeof UNKNOWN {
    if (st.effect === UNKNOWN) return UNKNOWN;
    if (st.effect !== "Deny") return false;
    const v = get(st.condition, "Bool", "aws:SecureTransport");
    if (v === UNKNOWN) return UNKNOWN;
    const vals = Array.isArray(v) ? list(v) : [v];
    if (vals === UNKNOWN || vals === undefined) return UNKNOWN;
    if (vals.some((x) => x === false || x === "false")) return true;
    return vals.includes(UNKNOWN) ? UNKNOWN : false;
}

/** Whether some statement of the documents denies insecure transport: `UNKNOWN` when only an unknown part could. */
function deniesInsecureTransportIn(docs: unknown[]): boolean | typeof UNKNOWN {
    let unknown = false;
    for (const d of docs) {
        const sts = statements(d);
        if (sts === UNKNOWN) unknown = true;
        else
            for (const st of sts ?? []) {
                const r = deniesInsecureTransport(st);
                if (r === UNKNOWN) unknown = true;
                else if (r) return true;
            }
    }
    return unknown ? UNKNOWN : false;
}

export const s3BucketPolicyTlsOnly = stackPolicy({
    name: "s3-bucket-policy-tls-only",
    description: "S3.5: every S3 bucket policy denies requests with aws:SecureTransport = false (mission: encryption in transit).",
    controls: ["S3.5", "MISSION.EncryptionInTransit"],
    enforcementLevel: "mandatory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const j of buckets(graph)) {
            const docs = j.companions("policy").map((c) => get(c.props, "policy"));
            docs.push(...inlineValues(j.bucket, "policy").filter((d) => d === UNKNOWN || isSet(d)));
            const denies = deniesInsecureTransportIn(docs);
            if (denies !== false) continue;
            if (docs.length === 0)
                report(`Bucket "${j.bucket.name}" has no bucket policy denying aws:SecureTransport = false.`, j.bucket.urn);
            else report(`Bucket "${j.bucket.name}" policy does not deny aws:SecureTransport = false.`, j.bucket.urn);
        }
        // A policy whose bucket is not created here (or cannot be linked) is judged on its own.
        const { external, unlinked } = attribution(graph, "policy");
        for (const c of [...external, ...unlinked]) {
            if (deniesInsecureTransportIn([get(c.props, "policy")]) === false)
                report(`${companionLabel(c)} does not deny aws:SecureTransport = false.`, c.urn);
        }
        reportUnlinked(graph, "policy", report);
    },
});

const SENSITIVE_ACTIONS = [
    "s3:PutBucketPolicy",
    "s3:PutBucketAcl",
    "s3:DeleteBucketPolicy",
    "s3:PutEncryptionConfiguration",
    "s3:PutObjectAcl",
];

export const s3BucketPolicyNoCrossAccountSensitiveActions = resourcePolicy<{ trustedAccountIds: string[] }>({
    name: "s3-bucket-policy-no-cross-account-sensitive-actions",
    description:
        "S3.6: a bucket policy does not allow other accounts PutBucketPolicy, PutBucketAcl, DeleteBucketPolicy, PutEncryptionConfiguration or PutObjectAcl.",
    controls: ["S3.6"],
    enforcementLevel: "mandatory",
    types: S3_POLICY_DOCUMENT_TYPES,
    config: {
        trustedAccountIds: {
            type: "array",
            items: { type: "string", pattern: "^\\d{12}$" },
            default: [],
            description: 'Account ids (the platform\'s own) that may hold these actions. Empty: only Principal "*" is provably foreign.',
        },
    },
    module: __filename,
    validate: ({ props, report, config }) => {
        const sts = statements(get(props, "policy"));
        if (sts === UNKNOWN || !sts) return;
        sts.forEach((st, i) => {
            if (st.effect !== "Allow" || st.actions === UNKNOWN || !st.actions) return;
            const granted = SENSITIVE_ACTIONS.filter(
                (a) => st.actions !== UNKNOWN && st.actions!.some((p) => p !== UNKNOWN && actionMatches(p, a)),
            );
            if (granted.length === 0) return;
            const pub = principalIsPublic(st.principal);
            const accounts = principalAccounts(st.principal);
            if (pub === UNKNOWN || accounts === UNKNOWN) return;
            const foreign = config.trustedAccountIds.length > 0 ? accounts.filter((a) => !config.trustedAccountIds.includes(a)) : [];
            if (pub) report(`Statement ${st.sid ?? i} allows ${granted.join(", ")} to Principal "*".`);
            else if (foreign.length > 0)
                report(`Statement ${st.sid ?? i} allows ${granted.join(", ")} to account(s) ${foreign.join(", ")}.`);
        });
    },
});
