/**
 * Builders for the pack's policies. Every policy gets the same shape:
 * - a `configSchema` with its thresholds (each with a `default`) and an `exemptions` array of
 *   `{ urnPattern, reason }` where `reason` is required;
 * - config with the schema defaults applied (the engine applies them too; a hand-built args object does not);
 * - exempt resources skipped (resource policies: not evaluated; stack policies: their violations dropped);
 * - resource policies matched by type token strings, so nothing here loads the Pulumi SDK at run time.
 */
import type {
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import * as path from "node:path";
import { type Graph, graphOf } from "./graph";

/** One exemption: the URNs it matches (`*` is a wildcard) and why the exemption is acceptable. */
export interface Exemption {
    urnPattern: string;
    reason: string;
}

/** Config every policy accepts. */
export interface BaseConfig {
    exemptions: Exemption[];
}

/** Extra metadata the README table and the tests read. */
export interface PolicyMeta {
    /** Control ids implemented, e.g. `["S3.14"]`, or `["RELIABILITY"]`-style rule names. */
    controls: string[];
    /**
     * Test file that covers the policy (relative to `policy-pack/`), derived from the policy's module by
     * {@link testFileOf}: `policies/s3/versioning.ts` is covered by `tests/policies/s3/versioning.spec.ts`.
     */
    testFile: string;
}

/** The `policies/` folder (this file lives in `policies/lib/`). */
const POLICIES_DIR = path.resolve(__dirname, "..");

/**
 * The test file of a policy module, relative to `policy-pack/`: the module's path below `policies/` with
 * `.spec.ts` under `tests/policies/`. `moduleFile` is the module's `__filename` (`.ts` under ts-node, `.js`
 * when compiled).
 * @throws Error when `moduleFile` is not below `policies/`.
 */
export function testFileOf(moduleFile: string): string {
    const rel = path.relative(POLICIES_DIR, moduleFile);
    if (rel.startsWith("..") || path.isAbsolute(rel)) throw new Error(`testFileOf: ${moduleFile} is not below ${POLICIES_DIR}`);
    return `tests/policies/${rel
        .replace(/\.[cm]?[jt]s$/, "")
        .split(path.sep)
        .join("/")}.spec.ts`;
}

export type PlatformResourcePolicy = ResourceValidationPolicy & PolicyMeta & { types: string[] };
export type PlatformStackPolicy = StackValidationPolicy & PolicyMeta;
export type PlatformPolicy = PlatformResourcePolicy | PlatformStackPolicy;

export const exemptionsSchema: PolicyConfigJSONSchema = {
    type: "array",
    description: "Resources this policy skips. Each entry needs a urnPattern (`*` wildcard) and a reason.",
    default: [],
    items: {
        type: "object",
        properties: {
            urnPattern: { type: "string", minLength: 1 },
            reason: { type: "string", minLength: 1 },
        },
        required: ["urnPattern", "reason"],
        additionalProperties: false,
    },
};

interface CommonSpec {
    name: string;
    /** Starts with the control id(s), e.g. "S3.14: ...". */
    description: string;
    controls: string[];
    enforcementLevel: EnforcementLevel;
    /** Thresholds: JSON schema per key, each with a `default`. `exemptions` is added automatically. */
    config?: Record<string, PolicyConfigJSONSchema>;
    /** The defining module's `__filename`: its test file is derived from it ({@link testFileOf}). */
    module: string;
}

export interface ResourceContext<C> {
    type: string;
    urn: string;
    name: string;
    props: Record<string, unknown>;
    args: ResourceValidationArgs;
    config: C & BaseConfig;
    report(message: string): void;
}

export interface StackContext<C> {
    resources: PolicyResource[];
    graph: Graph;
    args: StackValidationArgs;
    config: C & BaseConfig;
    /** Reports a violation on `urn` unless that URN is exempt. */
    report(message: string, urn: string): void;
}

function buildSchema(spec: CommonSpec) {
    const properties: Record<string, PolicyConfigJSONSchema> = { ...(spec.config ?? {}), exemptions: exemptionsSchema };
    const defaults: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(properties)) if (s.default !== undefined) defaults[k] = s.default;
    return { configSchema: { properties }, defaults };
}

function withDefaults<C>(defaults: Record<string, unknown>, raw: object | undefined): C & BaseConfig {
    return { ...defaults, ...(raw ?? {}) } as C & BaseConfig;
}

const matcherCache = new WeakMap<Exemption[], RegExp[]>();

/** Compiles `*`-wildcard URN patterns; cached per exemptions array. */
export function exemptionMatchers(exemptions: Exemption[] | undefined): RegExp[] {
    if (!exemptions || exemptions.length === 0) return [];
    let m = matcherCache.get(exemptions);
    if (!m) {
        m = exemptions.map(
            (e) =>
                new RegExp(
                    "^" +
                        e.urnPattern
                            .split("*")
                            .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
                            .join(".*") +
                        "$",
                ),
        );
        matcherCache.set(exemptions, m);
    }
    return m;
}

export function isExempt(urn: string | undefined, exemptions: Exemption[] | undefined): boolean {
    if (!urn) return false;
    for (const re of exemptionMatchers(exemptions)) if (re.test(urn)) return true;
    return false;
}

/** A policy judging one resource's inputs. `types` are exact type tokens. */
export function resourcePolicy<C = object>(
    spec: CommonSpec & { types: string[]; validate: (ctx: ResourceContext<C>) => void },
): PlatformResourcePolicy {
    const { configSchema, defaults } = buildSchema(spec);
    const types = new Set(spec.types);
    const validateResource = (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
        if (!types.has(args.type)) return;
        const config = withDefaults<C>(defaults, args.getConfig<object>());
        if (isExempt(args.urn, config.exemptions)) return;
        spec.validate({
            type: args.type,
            urn: args.urn,
            name: args.name,
            props: args.props,
            args,
            config,
            report: (message) => reportViolation(message),
        });
    };
    // The engine (and the offline harness) skip a policy without calling it when a single-function
    // validator carries `__pulumiType` and the resource's type differs: a cheap "not applicable".
    if (spec.types.length === 1) (validateResource as unknown as { __pulumiType: string }).__pulumiType = spec.types[0]!;
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel,
        configSchema,
        controls: spec.controls,
        testFile: testFileOf(spec.module),
        types: spec.types,
        validateResource,
    };
}

/** A policy judging the whole stack (outputs plus the resource graph). */
export function stackPolicy<C = object>(spec: CommonSpec & { validate: (ctx: StackContext<C>) => void }): PlatformStackPolicy {
    const { configSchema, defaults } = buildSchema(spec);
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel,
        configSchema,
        controls: spec.controls,
        testFile: testFileOf(spec.module),
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation): void => {
            const config = withDefaults<C>(defaults, args.getConfig<object>());
            spec.validate({
                resources: args.resources,
                graph: graphOf(args.resources),
                args,
                config,
                report: (message, urn) => {
                    if (!isExempt(urn, config.exemptions)) reportViolation(message, urn);
                },
            });
        },
    };
}
