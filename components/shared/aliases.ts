/**
 * Moving resources under a new component without replacing them: at the call site, the way awsx
 * keeps URNs across a refactor, not as a component argument. A component that now wraps
 * resources its caller created directly gets `movedChildren(caller)` in its options; every
 * resource it creates then carries an alias to the URN it had directly under the caller (with its
 * former name where it was renamed), so an existing stack moves it instead of deleting and
 * creating it (a replaced key or topic would lose what it encrypts, queues or is subscribed to).
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * The options of a component whose resources used to be direct children of `from`: each custom
 * resource it creates is aliased to `from`'s child of the same type and (or `renamed[name]`) name.
 * A resource transformation of the call site's options applies to the component and its
 * children (Pulumi resource options, `transformations`). Not the newer `transforms`: those run
 * through the engine's callback service, which the mock runtime of the tests and of `npm start`
 * does not provide; `transformations` run in the SDK, the same offline and online. An alias to a
 * URN that never existed (a resource the component adds later) is ignored by the engine.
 */
export function movedChildren(
    from: pulumi.Resource,
    renamed: Readonly<Record<string, string>> = {},
): Pick<pulumi.ComponentResourceOptions, "transformations"> {
    return {
        transformations: [
            (args) =>
                args.resource instanceof pulumi.CustomResource
                    ? {
                          props: args.props,
                          opts: pulumi.mergeOptions(args.opts, { aliases: [{ parent: from, name: renamed[args.name] ?? args.name }] }),
                      }
                    : undefined,
        ],
    };
}
