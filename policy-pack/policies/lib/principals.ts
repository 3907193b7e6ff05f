/**
 * The one check of "a resource policy allows everyone", used by the S3 bucket policy, SNS topic policy, KMS key
 * policy and VPC endpoint policy rules alike: `Effect "Allow"` to `Principal "*"` (or `{ AWS: "*" }`) without a
 * condition that restricts who the caller is.
 *
 * What restricts follows S3's definition of a public policy ("The meaning of public", Amazon S3 User Guide,
 * access-control-block-public-access.html#access-control-block-public-access-policy-status): a policy is
 * non-public only when it grants access to fixed values (no wildcard, no policy variable) of a principal or
 * source key such as `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceVpce` or `aws:PrincipalOrgID`. Any other
 * condition (`aws:SecureTransport`, `kms:ViaService`, `aws:PrincipalArn` like `arn:aws:iam::*`) leaves the
 * statement open to everyone.
 */
import { type Statement, principalIsPublic, statements } from "./documents";
import { UNKNOWN, type Unknown, keys, get, strings } from "./values";

/**
 * Condition keys (lower case: IAM compares condition keys case-insensitively) whose fixed value narrows who
 * may use a statement: S3's list, the principal keys of the IAM global condition context keys reference, and
 * `kms:CallerAccount` (the KMS key policy equivalent of `aws:PrincipalAccount`, used by AWS managed key policies).
 */
export const PRINCIPAL_RESTRICTING_KEYS: readonly string[] = [
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalservicename",
    "aws:userid",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn",
    "kms:calleraccount",
];

/**
 * Operators that grant only on a match. Negated operators (`StringNotEquals`, `NotIpAddress`, ...) leave the
 * rest of the world; `...IfExists` matches when the key is absent (a direct call has no `aws:SourceAccount`);
 * `ForAllValues:` matches an absent key; `Null` tests presence only.
 */
const MATCHING_OPERATORS = new Set(["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress"]);

function operatorMatches(op: string): boolean {
    const o = op.toLowerCase();
    if (o.startsWith("forallvalues:")) return false;
    return MATCHING_OPERATORS.has(o.startsWith("foranyvalue:") ? o.slice("foranyvalue:".length) : o);
}

/** A value that names something definite: no `*`/`?` wildcard (`ArnEquals` takes them too), no `${...}` variable, not every address. */
function fixedValue(v: string): boolean {
    return !/[*?]|\$\{/.test(v) && v !== "0.0.0.0/0" && v !== "::/0";
}

/**
 * True when a statement's `Condition` restricts the caller to fixed principals or sources: some clause (clauses
 * AND together) uses a matching operator on a {@link PRINCIPAL_RESTRICTING_KEYS} key with only fixed values (a
 * clause's values OR together, so one wildcard opens it). `false` when there is no condition or none restricts;
 * `UNKNOWN` when only an unknown part could.
 */
export function conditionRestrictsPrincipal(condition: unknown): boolean | Unknown {
    if (condition === undefined || condition === null) return false;
    const ops = keys(condition);
    if (ops === UNKNOWN) return UNKNOWN;
    let unknown = false;
    for (const op of ops ?? []) {
        if (!operatorMatches(op)) continue;
        const block = get(condition, op);
        const ks = keys(block);
        if (ks === UNKNOWN) {
            unknown = true;
            continue;
        }
        for (const k of ks ?? []) {
            if (!PRINCIPAL_RESTRICTING_KEYS.includes(k.toLowerCase())) continue;
            const vals = strings(get(block, k));
            if (vals === UNKNOWN) {
                unknown = true;
                continue;
            }
            if (!vals || vals.length === 0) continue;
            const known = vals.filter((v): v is string => v !== UNKNOWN);
            if (known.some((v) => !fixedValue(v))) continue; // one wildcard value opens the clause
            if (known.length < vals.length) unknown = true;
            else return true;
        }
    }
    return unknown ? UNKNOWN : false;
}

/** The label of a statement in messages: its `Sid`, else its index. */
export const statementLabel = (st: Statement, index: number): string => st.sid ?? String(index);

/**
 * How `st` allows everyone: `"unconditional"` (no condition), `"unrestricted"` (a condition that restricts no
 * principal), `false` when it provably does not (not Allow, not public, or a restricting condition), `UNKNOWN`
 * when that cannot be known at preview.
 */
export function allowsEveryone(st: Statement): "unconditional" | "unrestricted" | false | Unknown {
    if (st.effect === UNKNOWN) return UNKNOWN;
    if (st.effect !== "Allow") return false;
    const pub = principalIsPublic(st.principal);
    if (pub !== true) return pub;
    if (st.condition === undefined || st.condition === null) return "unconditional";
    const restricted = conditionRestrictsPrincipal(st.condition);
    if (restricted === UNKNOWN) return UNKNOWN;
    return restricted ? false : "unrestricted";
}

/** Why a statement allowing everyone is reported, for messages. */
export function everyoneReason(how: "unconditional" | "unrestricted"): string {
    return how === "unconditional"
        ? "without a condition"
        : "with a condition that restricts no principal (expected a fixed value of a principal or source key such as aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID)";
}

/**
 * One message per statement of the policy document `doc` that provably allows everyone; none when the
 * document is absent or unknown (an unknown statement never hides a known public one next to it).
 */
export function publicStatementMessages(doc: unknown): string[] {
    const sts = statements(doc);
    if (sts === UNKNOWN || !sts) return [];
    return sts.flatMap((st, i) => {
        const how = allowsEveryone(st);
        return how === "unconditional" || how === "unrestricted"
            ? [`Statement ${statementLabel(st, i)} allows Principal "*" ${everyoneReason(how)}.`]
            : [];
    });
}
