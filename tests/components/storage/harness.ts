/** Helpers for the data-plane component specs: evaluate components under the simulated cloud. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { evaluateStack, ResourceRecord, StackRecord } from "../../../simulation/evaluate";

/**
 * Evaluates `build` with an explicit provider in `region`; `build` creates components with
 * `{ providers: { aws: provider } }` and returns outputs to resolve.
 */
export function evaluateWithProvider(
    region: string,
    build: (opts: pulumi.ComponentResourceOptions) => Record<string, unknown> | Promise<Record<string, unknown>>,
): Promise<StackRecord> {
    return evaluateStack({
        project: "platform",
        stack: "test",
        config: {},
        program: async () => build({ providers: { aws: new aws.Provider("aws", { region }) } }),
    });
}

/** The single recorded resource of `type` named `name`. */
export function one(record: StackRecord, type: string, name: string): ResourceRecord {
    const found = record.resources.filter((r) => r.type === type && r.name === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0]!;
}

/** `type name` of every direct child of `parent`, sorted. */
export function childrenOf(record: StackRecord, parent: ResourceRecord): string[] {
    return record.resources
        .filter((r) => r.parent === parent.urn)
        .map((r) => `${r.type} ${r.name}`)
        .sort();
}

/** The statements of a JSON policy input. */
export function statementsOf(r: ResourceRecord, key = "policy"): any[] {
    const doc = JSON.parse(r.inputs[key] as string) as { Version: string; Statement: any[] };
    expect(doc.Version).to.equal("2012-10-17");
    return doc.Statement;
}

/** The URNs are all distinct (the mock monitor does not check; the engine would). */
export function expectUniqueUrns(record: StackRecord): void {
    const urns = record.resources.map((r) => r.urn);
    expect(new Set(urns).size, "duplicate URNs").to.equal(urns.length);
}
