/**
 * Test harness for the global stack's components: runs a small program under the simulated
 * cloud with one explicit provider per region, and looks up what it registered.
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { evaluateStack, ResourceRecord, StackRecord } from "../../simulation/evaluate";
import { ComponentArgsError } from "../../components/shared/validation";

/** Providers of a harness program, keyed by region. */
export type Providers = Record<string, aws.Provider>;

/** What a component test program registered. */
export class Registered {
    constructor(public readonly record: StackRecord) {}

    /** Every record of `type`. */
    ofType(type: string): ResourceRecord[] {
        return this.record.resources.filter((r) => r.type === type);
    }

    /** The one record of `type` named `name` (fails otherwise). */
    one(type: string, name: string): ResourceRecord {
        const found = this.ofType(type).filter((r) => r.name === name);
        expect(found, `${type} ${name}`).to.have.length(1);
        return found[0]!;
    }

    /** Sorted `type name` of every custom or component resource under `componentUrn` (direct children). */
    childrenOf(componentUrn: string): string[] {
        return this.record.resources
            .filter((r) => r.parent === componentUrn)
            .map((r) => `${r.type} ${r.name}`)
            .sort();
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

/** Runs `build` with a provider per region (named `aws-<region>`). */
export async function run(
    build: (providers: Providers) => Record<string, unknown> | void,
    regions: readonly string[] = ["us-east-1", "eu-west-1"],
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

/**
 * Runs `build`, expects it to throw a {@link ComponentArgsError}, and returns its problems and
 * what was registered (to check that nothing but the component itself was).
 */
export async function argsErrorOf(build: (providers: Providers) => unknown, regions: readonly string[] = ["us-east-1", "eu-west-1"]): Promise<{ problems: readonly string[]; registered: Registered }> {
    let error: unknown;
    const registered = await run((providers) => {
        try {
            build(providers);
        } catch (err) {
            error = err;
        }
    }, regions);
    expect(error, "expected a ComponentArgsError").to.be.instanceOf(ComponentArgsError);
    const custom = registered.record.resources.filter((r) => r.custom && r.type !== "pulumi:providers:aws");
    expect(custom.map((r) => r.urn), "resources registered despite invalid arguments").to.deep.equal([]);
    return { problems: (error as ComponentArgsError).problems, registered };
}

/** Parses a JSON policy document input. */
export function policyOf(value: unknown): { Version: string; Statement: Record<string, any>[] } {
    expect(value, "policy document").to.be.a("string");
    return JSON.parse(value as string);
}

/** The statement with `sid` (fails when absent). */
export function statement(policy: { Statement: Record<string, any>[] }, sid: string): Record<string, any> {
    const found = policy.Statement.filter((s) => s["Sid"] === sid);
    expect(found, `statement ${sid}`).to.have.length(1);
    return found[0]!;
}

/** Every action of every Allow statement: no `*`, no `service:*`. */
export function expectNoWildcardActions(policy: { Statement: Record<string, any>[] }): void {
    for (const s of policy.Statement.filter((s) => s["Effect"] === "Allow")) {
        const actions = ([] as string[]).concat(s["Action"]);
        for (const action of actions) expect(action === "*" || action.endsWith(":*"), `action ${action}`).to.equal(false);
    }
}
