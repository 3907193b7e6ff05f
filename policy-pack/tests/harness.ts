/**
 * Test helper for policies. It drives the same engine emulation as the offline preview
 * (`offline/engine.ts`): args with schema defaults, stackTags, notApplicable and, on request, props wrapped in
 * the SDK's own `unknownCheckingProxy` so unknown values throw exactly as on a first `pulumi preview`.
 */
import { expect } from "chai";
import type { PlatformPolicy } from "../policies/lib/define";
import { type AnyPolicy, resolvePolicies, run, stackTagsMap } from "../offline/engine";
import type { PackConfig, RecordedResource } from "../offline/types";

// `@pulumi/policy/proxy` is internal (its .d.ts is empty): load it untyped. Tests only.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy(p: unknown): Record<string, unknown>;
    unknownStringValue: string;
    unknownNumberValue: string;
    unknownBooleanValue: string;
    unknownArrayValue: string;
    unknownObjectValue: string;
};

/** Unknown-at-preview sentinels, as the engine deserialises them. */
export const U = {
    string: proxy.unknownStringValue,
    number: proxy.unknownNumberValue,
    boolean: proxy.unknownBooleanValue,
    array: proxy.unknownArrayValue,
    object: proxy.unknownObjectValue,
};

export const PROJECT = "platform";
export const urnOf = (type: string, name: string) => `urn:pulumi:test::${PROJECT}::${type}::${name}`;

export interface RunOpts {
    /** Policy config (props and/or enforcementLevel) for this policy. */
    config?: Record<string, unknown>;
    /** Wrap props in `unknownCheckingProxy`. */
    unknown?: boolean;
    stackTags?: Record<string, string>;
}

function exec(policy: AnyPolicy, resources: RecordedResource[], o: RunOpts) {
    const config: PackConfig = o.config ? { [policy.name]: o.config as PackConfig[string] } : {};
    const resolved = resolvePolicies([policy], config);
    return run(resolved, resources, {
        policyPack: "test",
        stackTags: stackTagsMap(o.stackTags),
        wrap: o.unknown ? proxy.unknownCheckingProxy : undefined,
    });
}

/** Runs a resource policy on one resource (props = inputs); returns the reported messages. */
export function checkResource(
    policy: AnyPolicy,
    type: string,
    props: Record<string, unknown>,
    o: RunOpts & { name?: string } = {},
): string[] {
    const name = o.name ?? "res";
    const r: RecordedResource = {
        urn: urnOf(type, name),
        type,
        name,
        custom: true,
        inputs: props,
        outputs: {},
        dependencies: [],
        propertyDependencies: {},
    };
    const res = exec(policy, [r], o);
    expect(res.notes, "no policy may throw on unknowns").to.deep.equal([]);
    return res.violations.map((v) => v.message);
}

/** A stack fixture resource: links are given by resource name. */
export interface StackItem {
    type: string;
    name: string;
    props?: Record<string, unknown>;
    parent?: string;
    deps?: string[];
    propDeps?: Record<string, string[]>;
    protect?: boolean;
    retainOnDelete?: boolean;
    custom?: boolean;
}

export function toRecorded(items: StackItem[]): RecordedResource[] {
    const urns = new Map(items.map((i) => [i.name, urnOf(i.type, i.name)]));
    const u = (n: string) => {
        const x = urns.get(n);
        if (!x) throw new Error(`fixture: unknown resource name "${n}"`);
        return x;
    };
    return items.map((i) => {
        const propertyDependencies = Object.fromEntries(Object.entries(i.propDeps ?? {}).map(([k, v]) => [k, v.map(u)]));
        const deps = new Set([...(i.deps ?? []).map(u), ...Object.values(propertyDependencies).flat()]);
        const r: RecordedResource = {
            urn: u(i.name),
            type: i.type,
            name: i.name,
            custom: i.custom ?? !i.type.startsWith("awsx:"),
            inputs: i.props ?? {},
            outputs: i.props ?? {},
            dependencies: [...deps],
            propertyDependencies,
        };
        if (i.parent) r.parent = u(i.parent);
        if (i.protect !== undefined) r.protect = i.protect;
        if (i.retainOnDelete !== undefined) r.retainOnDelete = i.retainOnDelete;
        return r;
    });
}

/** Runs a stack policy (props = outputs); returns "<name>: <message>" for each violation. */
export function checkStack(policy: AnyPolicy, items: StackItem[], o: RunOpts = {}): string[] {
    const res = exec(policy, toRecorded(items), o);
    expect(res.notes, "no policy may throw on unknowns").to.deep.equal([]);
    return res.violations.map((v) => `${v.urn?.split("::").pop()}: ${v.message}`);
}

/** Deep copy of `obj` with `path` set to `value` (`undefined` deletes it). Paths use dots and numeric indexes. */
export function set<T>(obj: T, path: string, value: unknown): T {
    const copy = structuredClone(obj) as Record<string, unknown>;
    const keys = path.split(".");
    let cur: Record<string, unknown> = copy;
    for (const k of keys.slice(0, -1)) {
        if (cur[k] === undefined || cur[k] === null) cur[k] = {};
        cur = cur[k] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1]!;
    if (value === undefined) delete cur[last];
    else cur[last] = value;
    return copy as T;
}

/** One non-compliant case: a mutation of the compliant fixture and the exact messages expected (at least one). */
export type Case<F> = [label: string, mutate: (f: F) => F, expected: string[]];

/**
 * A mutation that must still pass: another compliant shape, or something the policy does not judge. The label
 * says which ("compliant: ..." or "out of scope: ..."), so a case expecting no violation is never filed as
 * non-compliant.
 */
export type Variant<F> = [label: `compliant: ${string}` | `out of scope: ${string}`, mutate: (f: F) => F];

/**
 * The case every policy with unknown handling needs: a fixture with values unknown at preview that still holds
 * a provable violation, and the exact messages: an unknown value must not hide what is known.
 */
export type UnknownPlusViolation<F> = [label: string, fixture: F, expected: string[]];

function assertNonCompliant(policy: string, cases: Case<unknown>[]): void {
    const empty = cases.filter(([, , expected]) => expected.length === 0).map(([label]) => label);
    if (empty.length)
        throw new Error(`${policy}: non-compliant case(s) expecting no violation: ${empty.join("; ")} (list them as variants)`);
}

/**
 * Table-driven tests of a resource policy: the compliant fixture and its variants pass, each numbered
 * mutation reports exactly the expected messages (never none), the unknown case neither throws nor reports,
 * and an unknown next to a provable violation still reports it.
 */
export function resourcePolicySuite(
    policy: PlatformPolicy,
    spec: {
        type: string;
        compliant: Record<string, unknown>;
        variants?: Variant<Record<string, unknown>>[];
        cases: Case<Record<string, unknown>>[];
        unset: [string, string[]];
        unknown: Record<string, unknown>;
        unknownPlusViolation: UnknownPlusViolation<Record<string, unknown>>;
        config?: Record<string, unknown>;
    },
): void {
    assertNonCompliant(policy.name, spec.cases as Case<unknown>[]);
    describe(policy.name, () => {
        it("passes the compliant fixture", () => {
            expect(checkResource(policy, spec.type, spec.compliant, { config: spec.config })).to.deep.equal([]);
            expect(checkResource(policy, spec.type, spec.compliant, { config: spec.config, unknown: true })).to.deep.equal([]);
        });
        for (const [label, mutate] of spec.variants ?? []) {
            it(label, () => {
                expect(checkResource(policy, spec.type, mutate(spec.compliant), { config: spec.config })).to.deep.equal([]);
            });
        }
        spec.cases.forEach(([label, mutate, expected], i) => {
            it(`non-compliant ${i + 1}: ${label}`, () => {
                expect(checkResource(policy, spec.type, mutate(spec.compliant), { config: spec.config })).to.deep.equal(expected);
            });
        });
        it(`unset: ${spec.unset[0]}`, () => {
            expect(checkResource(policy, spec.type, set(spec.compliant, spec.unset[0], undefined), { config: spec.config })).to.deep.equal(
                spec.unset[1],
            );
        });
        it("unknown at preview: neither throws nor reports", () => {
            expect(checkResource(policy, spec.type, spec.unknown, { unknown: true, config: spec.config })).to.deep.equal([]);
        });
        if (spec.unknownPlusViolation) {
            const [label, fixture, expected] = spec.unknownPlusViolation;
            it(`unknown plus a provable violation is still reported: ${label}`, () => {
                expect(expected.length, "expects a violation").to.be.greaterThan(0);
                expect(checkResource(policy, spec.type, fixture, { unknown: true, config: spec.config })).to.deep.equal(expected);
            });
        }
        it("ignores other resource types", () => {
            expect(checkResource(policy, "aws:sqs/queue:Queue", spec.compliant)).to.deep.equal([]);
        });
    });
}

/** Table-driven tests of a stack policy over a fixture list. */
export function stackPolicySuite(
    policy: PlatformPolicy,
    spec: {
        compliant: StackItem[];
        variants?: Variant<StackItem[]>[];
        cases: Case<StackItem[]>[];
        unset: [string, (f: StackItem[]) => StackItem[], string[]];
        unknown: (f: StackItem[]) => StackItem[];
        unknownPlusViolation: UnknownPlusViolation<StackItem[]>;
        config?: Record<string, unknown>;
    },
): void {
    assertNonCompliant(policy.name, spec.cases as Case<unknown>[]);
    describe(policy.name, () => {
        it("passes the compliant fixture", () => {
            expect(checkStack(policy, spec.compliant, { config: spec.config })).to.deep.equal([]);
            expect(checkStack(policy, spec.compliant, { config: spec.config, unknown: true })).to.deep.equal([]);
        });
        for (const [label, mutate] of spec.variants ?? []) {
            it(label, () => {
                expect(checkStack(policy, mutate(spec.compliant), { config: spec.config })).to.deep.equal([]);
            });
        }
        spec.cases.forEach(([label, mutate, expected], i) => {
            it(`non-compliant ${i + 1}: ${label}`, () => {
                expect(checkStack(policy, mutate(spec.compliant), { config: spec.config })).to.deep.equal(expected);
            });
        });
        it(`unset: ${spec.unset[0]}`, () => {
            expect(checkStack(policy, spec.unset[1](spec.compliant), { config: spec.config })).to.deep.equal(spec.unset[2]);
        });
        it("unknown at preview: neither throws nor reports", () => {
            expect(checkStack(policy, spec.unknown(spec.compliant), { unknown: true, config: spec.config })).to.deep.equal([]);
        });
        if (spec.unknownPlusViolation) {
            const [label, fixture, expected] = spec.unknownPlusViolation;
            it(`unknown plus a provable violation is still reported: ${label}`, () => {
                expect(expected.length, "expects a violation").to.be.greaterThan(0);
                expect(checkStack(policy, fixture, { unknown: true, config: spec.config })).to.deep.equal(expected);
            });
        }
    });
}

/** Replaces the props of the fixture item `name` through `f`. */
export function edit(items: StackItem[], name: string, f: (p: Record<string, unknown>) => Record<string, unknown>): StackItem[] {
    return items.map((i) => (i.name === name ? { ...i, props: f(i.props ?? {}) } : i));
}

export function without(items: StackItem[], ...names: string[]): StackItem[] {
    return items.filter((i) => !names.includes(i.name));
}
