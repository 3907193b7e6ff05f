/**
 * Command-line parsing shared by the operator commands: `util.parseArgs` with errors that name
 * the bad argument, and the `--policy-pack-config` file both commands take.
 */
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { parseArgs } from "node:util";

/** A bad command line. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** The options a command accepts, by name without the leading `--`. */
export type OptionSpec = Record<string, { type: "string" | "boolean" }>;

/**
 * `util.parseArgs` (strict, positionals allowed) with errors that name the bad argument and the
 * allowed ones. @throws UsageError
 */
export function parseOptions(argv: readonly string[], options: OptionSpec) {
    const allowed = Object.keys(options)
        .map((o) => `--${o}`)
        .join(", ");
    try {
        return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const code = (err as { code?: string }).code;
        const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? "argument";
        if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`${option}: unknown option; allowed: ${allowed}`);
        if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
            const spec = options[option.replace(/^-+/, "")];
            throw new UsageError(spec?.type === "boolean" ? `${option}: takes no value` : `${option}: expected a value`);
        }
        throw new UsageError(message);
    }
}

/**
 * The policy pack config files of a `--policy-pack-config` value: none when it is absent, else
 * its absolute path (relative to `cwd`), which must exist. @throws UsageError
 */
export function policyPackConfigs(value: string | undefined, cwd: string): string[] {
    if (value === undefined) return [];
    const path = isAbsolute(value) ? value : resolve(cwd, value);
    if (!existsSync(path)) throw new UsageError(`--policy-pack-config: no such file ${path}`);
    return [path];
}

/**
 * The stacks of a `--stacks a,b` option (undefined when the option is absent: every stack).
 * @throws UsageError when the list names no stack.
 */
export function stackList(value: string | undefined): string[] | undefined {
    if (value === undefined) return undefined;
    const stacks = value
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
    if (stacks.length === 0) throw new UsageError(`--stacks: expected a comma-separated list of stack names, got "${value}"`);
    return stacks;
}
