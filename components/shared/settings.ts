/**
 * Settings: the plain knobs of a component (numbers, names, switches), typed, bounded, defaulted
 * and described once, in a zod schema next to the component. The component parses its arguments
 * with it; the stack configuration schema composes the same schemas; the `Pulumi.yaml`
 * descriptions and the README's configuration reference are generated from them. One message
 * format for both: `key: what is wrong, got <value>`.
 */
import { z } from "zod";
import { ComponentArgsError, shown } from "./validation";

/** An integer from `min` to `max` (inclusive; no upper bound when `max` is omitted). */
export function int(min: number, max?: number): z.ZodNumber {
    const s = z.number().int().min(min);
    return max === undefined ? s : s.max(max);
}

/** JSON of a value for a message; `nothing` for a missing one. */
function json(value: unknown): string {
    return value === undefined ? "nothing" : shown(value);
}

/**
 * One zod issue as `path: message, got <value>` lines (an unknown-keys issue gives one line per
 * key). `secretKeys`: top-level keys whose values never appear in a message. `retired`: keys that
 * were settings once, with what to do instead (said instead of "unknown key").
 */
export function describeIssue(
    issue: z.core.$ZodIssue,
    options: { readonly secretKeys?: ReadonlySet<string>; readonly retired?: Readonly<Record<string, string>> } = {},
): string[] {
    const path = issue.path.map(String).join(".") || "(root)";
    const raw = (issue as { input?: unknown }).input;
    const input = options.secretKeys?.has(String(issue.path[0])) && raw !== undefined ? "[secret]" : raw;
    let message: string;
    switch (issue.code) {
        case "invalid_type": {
            const expected = issue.expected === "int" ? "an integer" : issue.expected;
            message = input === undefined ? `required, expected ${expected}` : `expected ${expected}, got ${json(input)}`;
            break;
        }
        case "too_small":
            message = Array.isArray(input)
                ? `expected at least ${issue.minimum}, got ${input.length} (${json(input)})`
                : `expected ${issue.origin === "string" ? "a string of length" : "a number"} >= ${issue.minimum}, got ${json(input)}`;
            break;
        case "too_big":
            message = Array.isArray(input)
                ? `expected at most ${issue.maximum}, got ${input.length} (${json(input)})`
                : `expected ${issue.origin === "string" ? "a string of length" : "a number"} <= ${issue.maximum}, got ${json(input)}`;
            break;
        case "invalid_value":
            message = `expected ${issue.values.map((x) => json(x)).join(" | ")}, got ${json(input)}`;
            break;
        case "unrecognized_keys":
            return issue.keys.map((k) => {
                const retired = path === "(root)" ? options.retired?.[k] : undefined;
                return `${path === "(root)" ? "" : `${path}.`}${k}: ${retired ?? "unknown key"}`;
            });
        case "invalid_key":
            // A record key its schema refused: what a key must look like (the inner issues), not zod's generic text.
            return issue.issues.flatMap((inner) =>
                describeIssue({ ...inner, path: [], input } as z.core.$ZodIssue, options).map(
                    (line) => `${path}: ${line.replace(/^\(root\): /, "")}`,
                ),
            );
        case "invalid_union":
            message = `expected ${json(input)} to be one of the allowed values`;
            break;
        default:
            message = `${issue.message}, got ${json(input)}`;
    }
    return [`${path}: ${message}`];
}

/** Parses `value` with `schema`: the data, or every problem as a `key: ...` line. */
export function checkSettings<S extends z.ZodType>(
    schema: S,
    value: unknown,
    options?: Parameters<typeof describeIssue>[1],
): { readonly data: z.output<S> } | { readonly problems: string[] } {
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return { data: result.data };
    return { problems: result.error.issues.flatMap((i) => describeIssue(i, options)) };
}

/**
 * The settings of a component, parsed from its arguments with its settings schema: the keys of
 * the schema are taken from `args` (the wiring arguments beside them are the component's own
 * business), defaults filled in. Throws one {@link ComponentArgsError} with every problem before
 * any child resource is registered.
 */
export function parseSettings<Shape extends z.core.$ZodLooseShape, Out>(
    schema: z.ZodType<Out> & { readonly shape: Shape },
    args: object,
    component: string,
    resourceName: string,
    extraProblems: readonly (string | false | undefined)[] = [],
): Out {
    const picked = Object.fromEntries(
        Object.keys(schema.shape)
            .filter((k) => k in args)
            .map((k) => [k, (args as Record<string, unknown>)[k]]),
    );
    const result = checkSettings(schema, picked);
    const problems = [...("problems" in result ? result.problems : []), ...extraProblems.filter((p): p is string => typeof p === "string")];
    if (problems.length > 0) throw new ComponentArgsError(component, resourceName, problems);
    return (result as { data: Out }).data;
}
