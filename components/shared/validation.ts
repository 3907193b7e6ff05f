/**
 * Argument validation for components: collect every problem, throw once, before any child
 * resource is registered, so a bad argument never leaves a half-built component behind. Plain
 * knobs are checked by the component's settings schema (`settings.ts`, see `parseSettings`);
 * what is checked here is wiring that a schema cannot see (list lengths, names, cross-argument rules).
 */

/** Raised by a component whose arguments are invalid; lists every problem. */
export class ComponentArgsError extends Error {
    constructor(
        /** The component's type token, e.g. `platform:network:Network`. */
        public readonly component: string,
        /** The component's logical name. */
        public readonly resourceName: string,
        /** One line per problem: `arg: what is wrong, got <value>`. */
        public readonly problems: readonly string[],
    ) {
        super(`${component} "${resourceName}": invalid arguments:\n  - ${problems.join("\n  - ")}`);
        this.name = "ComponentArgsError";
    }
}

/**
 * Throws a {@link ComponentArgsError} when any check returned a message.
 * @param checks results of the checks: a problem message, or undefined when the check passed.
 */
export function assertValidArgs(component: string, resourceName: string, checks: readonly (string | undefined | false)[]): void {
    const problems = checks.filter((c): c is string => typeof c === "string");
    if (problems.length > 0) throw new ComponentArgsError(component, resourceName, problems);
}

/** JSON of a value for an error message. */
export const shown = (value: unknown): string => JSON.stringify(value) ?? String(value);
