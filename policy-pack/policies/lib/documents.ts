/**
 * Parsing of JSON documents that arrive as strings (or objects, or unknown): IAM/resource policies and ECS
 * container definitions.
 */
import { UNKNOWN, type Unknown, get, json, list, str, strings } from "./values";

export interface Statement {
    sid: string | undefined;
    effect: string | Unknown | undefined;
    actions: (string | Unknown)[] | Unknown | undefined;
    resources: (string | Unknown)[] | Unknown | undefined;
    principal: unknown;
    condition: unknown;
}

/** Stands for a statement that is unknown at preview: every field unknown, so no check can prove anything from it. */
const unknownStatement = (): Statement => ({
    sid: undefined,
    effect: UNKNOWN,
    actions: UNKNOWN,
    resources: UNKNOWN,
    principal: UNKNOWN,
    condition: UNKNOWN,
});

/**
 * The statements of a policy document, `UNKNOWN` when the document (or its statement list) is unknown. An
 * unknown statement inside a known list is kept as a statement whose fields are all unknown, so the known
 * statements next to it are still judged.
 */
export function statements(doc: unknown): Statement[] | Unknown | undefined {
    const d = json(doc);
    if (d === UNKNOWN) return UNKNOWN;
    if (d === undefined || d === null || typeof d !== "object") return undefined;
    const sts = list(get(d, "Statement"));
    if (sts === UNKNOWN) return UNKNOWN;
    if (!sts) return undefined;
    const out: Statement[] = [];
    for (const s of sts) {
        if (s === UNKNOWN) {
            out.push(unknownStatement());
            continue;
        }
        out.push({
            sid: (() => {
                const v = str(get(s, "Sid"));
                return v === UNKNOWN ? undefined : v;
            })(),
            effect: str(get(s, "Effect")),
            actions: strings(get(s, "Action")),
            resources: strings(get(s, "Resource")),
            principal: get(s, "Principal"),
            condition: get(s, "Condition"),
        });
    }
    return out;
}

/** Case-insensitive IAM wildcard match of an action pattern (`s3:*`, `kms:Re*`) against an action. */
export function actionMatches(pattern: string, action: string): boolean {
    const re = new RegExp(
        "^" +
            pattern
                .split("*")
                .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
                .join(".*") +
            "$",
        "i",
    );
    return re.test(action);
}

/** True when a principal is everyone (`"*"` or `{ AWS: "*" }`); `UNKNOWN` when it cannot be known. */
export function principalIsPublic(principal: unknown): boolean | Unknown {
    if (principal === UNKNOWN) return UNKNOWN;
    if (principal === "*") return true;
    const aws = strings(get(principal, "AWS"));
    if (aws === UNKNOWN) return UNKNOWN;
    if (aws?.includes("*")) return true;
    return false;
}

/**
 * The AWS account ids named by a principal's known `AWS` entries (ARNs or bare ids); `UNKNOWN` when the
 * principal or its `AWS` list is unknown. Unknown entries are left out: they never hide a known account.
 */
export function principalAccounts(principal: unknown): string[] | Unknown {
    if (principal === UNKNOWN) return UNKNOWN;
    const aws = strings(get(principal, "AWS"));
    if (aws === UNKNOWN) return UNKNOWN;
    const out: string[] = [];
    for (const a of aws ?? []) {
        if (a === UNKNOWN) continue;
        const m = /^(?:arn:[^:]+:iam::)?(\d{12})(?::|$)/.exec(a);
        if (m) out.push(m[1]!);
    }
    return out;
}

/** The containers of an ECS task definition's `containerDefinitions`; `UNKNOWN` when not yet known. */
export function containers(v: unknown): unknown[] | Unknown | undefined {
    const d = json(v);
    if (d === UNKNOWN) return UNKNOWN;
    const l = list(d);
    return l;
}

/** Display name of a container for messages. */
export function containerName(c: unknown, index: number): string {
    const n = str(get(c, "name"));
    return typeof n === "string" ? n : `#${index}`;
}
