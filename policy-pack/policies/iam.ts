/** IAM controls (IAM.1, IAM.21) and KMS.1/KMS.2, judged on identity policies. */
import { resourcePolicy } from "./lib/define";
import { type Statement, actionMatches, statements } from "./lib/documents";
import { UNKNOWN, get, list } from "./lib/values";

export const IAM_POLICY_TYPES = [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
    "aws:iam/role:Role",
];

/** Identity-policy documents of a resource: `policy`, or a Role's `inlinePolicies[].policy`. */
export function identityDocuments(type: string, props: Record<string, unknown>): { label: string; statements: Statement[] }[] {
    const docs: { label: string; doc: unknown }[] = [];
    if (type === "aws:iam/role:Role") {
        const inl = list(get(props, "inlinePolicies"));
        if (inl === UNKNOWN || !inl) return [];
        inl.forEach((p, i) => {
            const n = get(p, "name");
            docs.push({ label: `inline policy ${typeof n === "string" ? n : i}`, doc: get(p, "policy") });
        });
    } else {
        docs.push({ label: "policy", doc: get(props, "policy") });
    }
    const out: { label: string; statements: Statement[] }[] = [];
    for (const d of docs) {
        const sts = statements(d.doc);
        if (sts !== UNKNOWN && sts) out.push({ label: d.label, statements: sts });
    }
    return out;
}

function iamRule(name: string, description: string, controls: string[], check: (st: Statement) => string | undefined) {
    return resourcePolicy({
        name,
        description,
        controls,
        enforcementLevel: "mandatory",
        types: IAM_POLICY_TYPES,
        module: __filename,
        validate: ({ type, props, report }) => {
            for (const d of identityDocuments(type, props)) {
                d.statements.forEach((st, i) => {
                    if (st.effect !== "Allow" || st.actions === UNKNOWN || !st.actions) return;
                    const m = check(st);
                    if (m) report(`${d.label} statement ${st.sid ?? i}: ${m}`);
                });
            }
        },
    });
}

const resourceIsAll = (st: Statement) => st.resources !== UNKNOWN && (st.resources ?? []).includes("*");
const knownActions = (st: Statement) =>
    st.actions === UNKNOWN ? [] : (st.actions ?? []).filter((a): a is string => typeof a === "string");

export const iamNoAdminPolicy = iamRule(
    "iam-no-admin-policy",
    'IAM.1: identity policies do not grant full administrative privileges (Action "*" on Resource "*").',
    ["IAM.1"],
    (st) =>
        resourceIsAll(st) && knownActions(st).some((a) => a === "*" || a === "*:*") ? 'allows Action "*" on Resource "*".' : undefined,
);

export const iamNoServiceWildcardActions = iamRule(
    "iam-no-service-wildcard-actions",
    'IAM.21: identity policies do not allow wildcard service actions ("service:*").',
    ["IAM.21"],
    (st) => {
        const wild = knownActions(st).filter((a) => a === "*" || /^[A-Za-z0-9-]+:\*$/.test(a));
        return wild.length ? `allows wildcard action(s) ${wild.join(", ")}.` : undefined;
    },
);

export const iamNoKmsDecryptOnAllKeys = iamRule(
    "iam-no-kms-decrypt-on-all-keys",
    'KMS.1, KMS.2: identity policies do not allow kms:Decrypt or kms:ReEncryptFrom on all keys (Resource "*").',
    ["KMS.1", "KMS.2"],
    (st) => {
        if (!resourceIsAll(st)) return undefined;
        const hits = ["kms:Decrypt", "kms:ReEncryptFrom"].filter((a) => knownActions(st).some((p) => actionMatches(p, a)));
        return hits.length ? `allows ${hits.join(", ")} on Resource "*".` : undefined;
    },
);

export const iamPolicies = [iamNoAdminPolicy, iamNoServiceWildcardActions, iamNoKmsDecryptOnAllKeys];
