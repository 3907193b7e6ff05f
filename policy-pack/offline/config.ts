/**
 * Validation of a policy pack config document (`--policy-pack-config FILE`) against the pack's policies.
 * Every problem is collected (none stops the others) and each names the key, the value found and what is
 * allowed; nothing in a config is silently ignored.
 *
 * What the Pulumi CLI does (pkg/resource/analyzer/config.go, v3): it parses the file into
 * `{ "<policy>": level | { enforcementLevel?, ...props } }`, refusing a value that is neither a string nor an
 * object and a string or `enforcementLevel` that is not a valid level; then, for each policy of the pack that has a
 * `configSchema`, it validates the props (schema defaults applied) with gojsonschema against
 * `{ type: "object", properties, required }`. `@pulumi/policy`'s `PolicyConfigSchema` has no
 * `additionalProperties`, and the CLI adds none, so the CLI IGNORES a key the schema does not declare (a typo such
 * as `minLogRetentionDay` leaves the threshold at its default), ignores a top-level key that names no policy, and
 * ignores extra keys under `"all"`; nested schemas with `additionalProperties: false` (our `exemptions` items) are
 * enforced. This offline check is stricter on purpose, so that `npm start` catches those typos before a
 * `pulumi preview` would quietly run a weaker guard: an unknown key (per policy: `enforcementLevel` plus its
 * `configSchema` properties; under `"all"`: `enforcementLevel` only) and an unknown policy name are errors.
 */
import type { AnyPolicy } from "./engine";
import { schemaProblems, shown, typeOf } from "./schema";
import type { EnforcementLevel } from "./types";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];
const LEVEL_LIST = ENFORCEMENT_LEVELS.map((l) => JSON.stringify(l)).join(", ");

/**
 * One problem of a pack config. `policy` is the top-level key (a policy name, `"all"`, or the unknown key), absent
 * when the whole document is wrong; `path` is the key under it (e.g. `exemptions[0].reason`), absent when the
 * policy's value itself is wrong.
 */
export interface ConfigProblem {
    policy?: string;
    path?: string;
    problem: string;
}

export function isEnforcementLevel(v: unknown): v is EnforcementLevel {
    return typeof v === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(v);
}

/** The key of a problem, dotted: `cloudwatch-log-group-retention.minLogRetentionDays`. */
export function problemKey(p: ConfigProblem): string | undefined {
    if (p.policy === undefined) return undefined;
    return p.path === undefined ? p.policy : `${p.policy}.${p.path}`;
}

/** `<source>: <key>: <problem>`, e.g. `policy-pack/config/prod.json: alb-multi-az.minAvailabilityZones: must be >= 1, got 0`. */
export function formatConfigProblem(p: ConfigProblem, source: string): string {
    const key = problemKey(p);
    return key === undefined ? `${source}: ${p.problem}` : `${source}: ${key}: ${p.problem}`;
}

/** Levenshtein distance (insert, delete, substitute). */
export function editDistance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++)
            cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
    }
    return prev[b.length]!;
}

/** The candidate closest to `name`, when it is close: at most max(2, a quarter of its length) edits away. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const c of candidates) {
        const d = editDistance(name.toLowerCase(), c.toLowerCase());
        if (d < bestDistance) [best, bestDistance] = [c, d];
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

/** Every problem of `config` (parsed JSON, anything) as a pack config of `policies`. Empty when it is valid. */
export function checkPackConfig(policies: readonly AnyPolicy[], config: unknown): ConfigProblem[] {
    if (typeOf(config) !== "object") {
        return [
            {
                problem: `expected a JSON object whose keys are "all" or policy names and whose values are an enforcement level or an object, got ${typeOf(config)} (${shown(config)})`,
            },
        ];
    }
    const problems: ConfigProblem[] = [];
    const byName = new Map(policies.map((p) => [p.name, p]));
    const entries = Object.entries(config as Record<string, unknown>);
    for (const [name, value] of entries) {
        const policy = byName.get(name);
        if (name !== "all" && !policy) {
            const near = closest(name, byName.keys());
            problems.push({
                policy: name,
                problem: near
                    ? `no such policy in the pack; did you mean "${near}"?`
                    : `no such policy in the pack; allowed: "all" or a policy name (see the controls table in policy-pack/README.md)`,
            });
            continue;
        }
        if (typeof value === "string" ? !isEnforcementLevel(value) : typeOf(value) !== "object") {
            problems.push({ policy: name, problem: `expected an enforcement level (${LEVEL_LIST}) or an object, got ${shown(value)}` });
            continue;
        }
        if (typeof value === "string") continue;
        const properties = policy?.configSchema?.properties ?? {};
        const allowed = ["enforcementLevel", ...Object.keys(properties)];
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
            if (key === "enforcementLevel") {
                if (!isEnforcementLevel(v))
                    problems.push({ policy: name, path: key, problem: `expected one of ${LEVEL_LIST}, got ${shown(v)}` });
                continue;
            }
            const schema = properties[key];
            if (!schema) {
                problems.push({ policy: name, path: key, problem: `unknown key; allowed: ${allowed.join(", ")}` });
                continue;
            }
            for (const p of schemaProblems(schema, v, key)) problems.push({ policy: name, path: p.path, problem: p.problem });
        }
    }
    // Required keys are checked for every policy, configured or not (as the CLI does), unless the schema has a
    // default or the policy's value is already refused.
    for (const policy of policies) {
        const schema = policy.configSchema;
        if (!schema?.required?.length) continue;
        const raw = (config as Record<string, unknown>)[policy.name];
        if (raw !== undefined && !isEnforcementLevel(raw) && typeOf(raw) !== "object") continue; // already reported
        const given = typeOf(raw) === "object" ? (raw as Record<string, unknown>) : {};
        for (const r of schema.required) {
            if (!(r in given) && schema.properties[r]?.default === undefined)
                problems.push({ policy: policy.name, path: r, problem: "missing required key (it has no default)" });
        }
    }
    return problems;
}

/** A key given more than once in one JSON object: `JSON.parse` keeps the last and drops the others silently. */
export interface DuplicateKey {
    /** Path of the duplicated key: top-level key first, then keys and array indexes. */
    path: (string | number)[];
    /** Each value given, in order (the last one wins). */
    values: unknown[];
}

/** Keys given more than once in the same object of `text`, which must be valid JSON. */
export function duplicateKeys(text: string): DuplicateKey[] {
    let i = 0;
    const found = new Map<string, DuplicateKey>();
    const ws = () => {
        while (i < text.length && " \t\n\r\ufeff".includes(text[i]!)) i++;
    };
    const string = (): string => {
        const start = i++;
        while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
        i++;
        return JSON.parse(text.slice(start, i)) as string;
    };
    /** Scans one value at `i`; returns its source text. */
    const value = (path: (string | number)[]): string => {
        ws();
        const start = i;
        const c = text[i];
        if (c === "{") {
            i++;
            const seen = new Map<string, string>();
            ws();
            if (text[i] === "}") return text.slice(start, ++i);
            for (;;) {
                ws();
                const key = string();
                ws();
                i++; // ':'
                const raw = value([...path, key]);
                const before = seen.get(key);
                if (before !== undefined) {
                    const id = JSON.stringify([...path, key]);
                    const dup = found.get(id) ?? { path: [...path, key], values: [JSON.parse(before) as unknown] };
                    dup.values.push(JSON.parse(raw) as unknown);
                    found.set(id, dup);
                }
                seen.set(key, raw);
                ws();
                if (text[i++] === ",") continue;
                return text.slice(start, i);
            }
        }
        if (c === "[") {
            i++;
            ws();
            if (text[i] === "]") return text.slice(start, ++i);
            for (let n = 0; ; n++) {
                value([...path, n]);
                ws();
                if (text[i++] === ",") continue;
                return text.slice(start, i);
            }
        }
        if (c === '"') {
            string();
            return text.slice(start, i);
        }
        while (i < text.length && !",]} \t\n\r".includes(text[i]!)) i++;
        return text.slice(start, i);
    };
    value([]);
    return [...found.values()];
}

/** A duplicate key as a {@link ConfigProblem}. */
export function duplicateKeyProblem(d: DuplicateKey): ConfigProblem {
    const [top, ...rest] = d.path;
    const path = rest.map((s, n) => (typeof s === "number" ? `[${s}]` : n === 0 ? s : `.${s}`)).join("");
    const problem = `key given ${d.values.length} times (${d.values.map((v) => shown(v, 40)).join(", then ")}); JSON keeps only the last one, so give it once`;
    if (top === undefined) return { problem };
    return rest.length ? { policy: String(top), path, problem } : { policy: String(top), problem };
}
