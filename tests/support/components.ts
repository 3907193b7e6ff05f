/**
 * The shared harness of the component specs (`tests/components/**`): evaluate a small program
 * under the simulated cloud with explicit providers, look up what it registered, read its JSON
 * policy documents, and check a component's argument validation.
 *
 * Two ways to evaluate, for the two kinds of component:
 * - {@link evaluateWithProvider}: one region, one provider handed to `build` as component
 *   options; returns the {@link StackRecord} for the free functions below ({@link one},
 *   {@link childrenOf}, ...).
 * - {@link evaluateInRegions}: one provider per region, for components that span regions (the
 *   global stack's); returns a {@link Registered}, whose methods are the same look-ups plus
 *   {@link Registered.inRegion}.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ComponentArgsError } from "../../components/shared/validation";
import { evaluateStack, type ResourceRecord, type StackRecord } from "../../simulation/evaluate";

export type { ResourceRecord, StackRecord };

/** The stack outputs a test program returns (resolved into {@link StackRecord.outputs}). */
export type ProgramOutputs = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Evaluating
// ---------------------------------------------------------------------------------------------

/**
 * Evaluates `build` under the simulated cloud (project `platform`, stack `test`, no config)
 * with one explicit provider named `aws` in `region`. `build` creates its components with the
 * options it is given (`{ providers: { aws: provider } }`) and returns outputs to resolve.
 */
export function evaluateWithProvider(
    region: string,
    build: (opts: pulumi.ComponentResourceOptions) => ProgramOutputs | void | Promise<ProgramOutputs | void>,
): Promise<StackRecord> {
    return evaluateStack({
        project: "platform",
        stack: "test",
        config: {},
        program: async () => (await build({ providers: { aws: new aws.Provider("aws", { region }) } })) ?? {},
    });
}

/**
 * Evaluates one component per entry of `instances` (logical name → args) with
 * {@link evaluateWithProvider}: `create` builds the component and returns its outputs, which
 * resolve into {@link StackRecord.outputs} as `<name>.<output>` (so several instances can be
 * compared in one program).
 */
export function evaluateInstances<Args>(
    region: string,
    instances: Record<string, Args>,
    create: (name: string, args: Args, opts: pulumi.ComponentResourceOptions) => ProgramOutputs,
): Promise<StackRecord> {
    return evaluateWithProvider(region, (opts) => {
        const outputs: ProgramOutputs = {};
        for (const [name, args] of Object.entries(instances)) {
            for (const [key, value] of Object.entries(create(name, args, opts))) outputs[`${name}.${key}`] = value;
        }
        return outputs;
    });
}

/** Providers of an {@link evaluateInRegions} program, keyed by region. */
export type Providers = Record<string, aws.Provider>;

/** The regions {@link evaluateInRegions} creates providers for unless told otherwise. */
export const DEFAULT_REGIONS: readonly string[] = ["us-east-1", "eu-west-1"];

/**
 * Evaluates `build` under the simulated cloud with one provider per region, named
 * `aws-<region>` (so {@link Registered.inRegion} can tell them apart), and returns what it
 * registered.
 */
export async function evaluateInRegions(
    build: (providers: Providers) => ProgramOutputs | void,
    regions: readonly string[] = DEFAULT_REGIONS,
    stack = "test",
): Promise<Registered> {
    const record = await evaluateStack({
        project: "platform",
        stack,
        config: {},
        program: async () => {
            const providers = Object.fromEntries(regions.map((r) => [r, new aws.Provider(`aws-${r}`, { region: r as aws.Region })]));
            return build(providers) ?? {};
        },
    });
    return new Registered(record);
}

/** What an {@link evaluateInRegions} program registered: the look-ups below, bound to its record. */
export class Registered {
    constructor(public readonly record: StackRecord) {}

    /** Every record of `type` (see {@link ofType}). */
    ofType(type: string): ResourceRecord[] {
        return ofType(this.record, type);
    }

    /** The one record of `type` named `name`; fails otherwise (see {@link one}). */
    one(type: string, name: string): ResourceRecord {
        return one(this.record, type, name);
    }

    /** Sorted `type name` of the direct children of `parent` (see {@link childrenOf}). */
    childrenOf(parent: ResourceRecord | string): string[] {
        return childrenOf(this.record, parent);
    }

    /** The URN of the provider of `region`, as resources reference it (`urn::id` → urn). */
    providerUrn(region: string): string {
        return this.one("pulumi:providers:aws", `aws-${region}`).urn;
    }

    /** True when `resource` was created with the provider of `region`. */
    inRegion(resource: ResourceRecord, region: string): boolean {
        return (resource.provider ?? "").startsWith(`${this.providerUrn(region)}::`);
    }
}

// ---------------------------------------------------------------------------------------------
// Looking up what was registered
// ---------------------------------------------------------------------------------------------

/** Every recorded resource of `type`, in registration order. */
export function ofType(record: StackRecord, type: string): ResourceRecord[] {
    return record.resources.filter((r) => r.type === type);
}

/** The single recorded resource of `type` named `name`; fails when there are none or several. */
export function one(record: StackRecord, type: string, name: string): ResourceRecord {
    const found = ofType(record, type).filter((r) => r.name === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0]!;
}

/** The single recorded resource of `type`, whatever its name; fails when there are none or several. */
export function only(record: StackRecord, type: string): ResourceRecord {
    const found = ofType(record, type);
    expect(found, type).to.have.length(1);
    return found[0]!;
}

/**
 * The single custom resource named `name`, whatever its type; fails when there are none or
 * several (so a name is also checked not to be reused across types).
 */
export function byName(record: StackRecord, name: string): ResourceRecord {
    const found = record.resources.filter((r) => r.custom && r.name === name);
    expect(found, name).to.have.length(1);
    return found[0]!;
}

/** `type name` of every direct child (custom or component) of `parent` (a record or its URN), sorted. */
export function childrenOf(record: StackRecord, parent: ResourceRecord | string): string[] {
    const urn = typeof parent === "string" ? parent : parent.urn;
    return record.resources
        .filter((r) => r.parent === urn)
        .map((r) => `${r.type} ${r.name}`)
        .sort();
}

/** Every URN is distinct: the mock monitor does not check this, the engine would refuse the program. */
export function expectUniqueUrns(record: StackRecord): void {
    const urns = record.resources.map((r) => r.urn);
    expect(new Set(urns).size, "duplicate URNs").to.equal(urns.length);
}

// ---------------------------------------------------------------------------------------------
// JSON policy documents
// ---------------------------------------------------------------------------------------------

/** An IAM / KMS / S3 policy document as the components serialise it. */
export interface PolicyDocument {
    Version: string;
    Statement: Record<string, any>[];
}

/** Parses a JSON policy document input (fails unless it is a string). */
export function policyOf(value: unknown): PolicyDocument {
    expect(value, "policy document").to.be.a("string");
    return JSON.parse(value as string) as PolicyDocument;
}

/**
 * The statements of the JSON policy input `key` of `resource`; fails unless its Version is
 * 2012-10-17. Typed `any` so specs can index them freely.
 */
export function statementsOf(resource: ResourceRecord, key = "policy"): any[] {
    const doc = policyOf(resource.inputs[key]);
    expect(doc.Version, `${resource.name} ${key} Version`).to.equal("2012-10-17");
    return doc.Statement;
}

/** The one statement of `policy` with `sid`; fails when absent or repeated. */
export function statement(policy: Pick<PolicyDocument, "Statement">, sid: string): Record<string, any> {
    const found = policy.Statement.filter((s) => s["Sid"] === sid);
    expect(found, `statement ${sid}`).to.have.length(1);
    return found[0]!;
}

/** No Allow statement of `policy` grants `*` or `service:*`. */
export function expectNoWildcardActions(policy: Pick<PolicyDocument, "Statement">): void {
    for (const s of policy.Statement.filter((s) => s["Effect"] === "Allow")) {
        const actions = ([] as string[]).concat(s["Action"]);
        for (const action of actions) expect(action === "*" || action.endsWith(":*"), `action ${action}`).to.equal(false);
    }
}

// ---------------------------------------------------------------------------------------------
// Argument validation
// ---------------------------------------------------------------------------------------------

/** Runs `construct`, expects it to throw a {@link ComponentArgsError}, and returns its problems. */
export function argsProblemsOf(construct: () => unknown): readonly string[] {
    let error: unknown;
    try {
        construct();
    } catch (err) {
        error = err;
    }
    expect(error, "expected a ComponentArgsError").to.be.instanceOf(ComponentArgsError);
    return (error as ComponentArgsError).problems;
}

/** Runs `construct` and expects a {@link ComponentArgsError} with exactly `problems`, in order. */
export function expectArgsError(construct: () => unknown, problems: readonly string[]): void {
    expect(argsProblemsOf(construct)).to.deep.equal(problems);
}

/**
 * Runs `build` inside an {@link evaluateInRegions} program, expects it to throw a
 * {@link ComponentArgsError}, and checks that no custom resource but the providers was
 * registered (a component validates before it creates anything). Returns the problems and what
 * was registered.
 */
export async function argsErrorOf(
    build: (providers: Providers) => unknown,
    regions: readonly string[] = DEFAULT_REGIONS,
): Promise<{ problems: readonly string[]; registered: Registered }> {
    let error: unknown;
    const registered = await evaluateInRegions((providers) => {
        try {
            build(providers);
        } catch (err) {
            error = err; // asserted below, outside the program, so the failure reads plainly
        }
    }, regions);
    const problems = argsProblemsOf(() => {
        if (error !== undefined) throw error;
    });
    const custom = registered.record.resources.filter((r) => r.custom && r.type !== "pulumi:providers:aws");
    expect(
        custom.map((r) => r.urn),
        "resources registered despite invalid arguments",
    ).to.deep.equal([]);
    return { problems, registered };
}
