/**
 * The one check of "a resource policy allows everyone": used by the S3 bucket policy, SNS topic policy and KMS
 * key policy rules alike.
 */
import { type Statement, hasCondition, principalIsPublic, statements } from "./documents";
import { UNKNOWN } from "./values";

/** The label of a statement in messages: its `Sid`, else its index. */
export const statementLabel = (st: Statement, index: number): string => st.sid ?? String(index);

/**
 * True when `st` provably allows everyone (`Effect "Allow"`, `Principal "*"` or `{ AWS: "*" }`) without a
 * condition; `UNKNOWN` when that cannot be known at preview.
 */
export function allowsEveryone(st: Statement): boolean | typeof UNKNOWN {
    if (st.effect === UNKNOWN) return UNKNOWN;
    if (st.effect !== "Allow") return false;
    const pub = principalIsPublic(st.principal);
    if (pub !== true) return pub;
    return !hasCondition(st);
}

/**
 * One message per statement of the policy document `doc` that provably allows everyone; none when the
 * document is absent or unknown (an unknown statement never hides a known public one next to it).
 */
export function publicStatementMessages(doc: unknown): string[] {
    const sts = statements(doc);
    if (sts === UNKNOWN || !sts) return [];
    return sts.flatMap((st, i) =>
        allowsEveryone(st) === true ? [`Statement ${statementLabel(st, i)} allows Principal "*" without a condition.`] : [],
    );
}
