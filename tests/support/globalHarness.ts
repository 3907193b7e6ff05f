/**
 * @deprecated The harness moved to {@link ./components}; this file only keeps the old names
 * (`run` is {@link evaluateInRegions}) for the specs not migrated yet. Import from
 * `tests/support/components` instead; delete this file once nothing imports it.
 */
export {
    argsErrorOf,
    evaluateInRegions as run,
    expectNoWildcardActions,
    policyOf,
    Registered,
    statement,
} from "./components";
export type { Providers } from "./components";
