/**
 * The simulated cloud: one `pulumi.runtime.Mocks` implementation shared by the unit tests
 * and the offline preview.
 *
 * It answers resource registrations with realistic ids, ARNs and DNS names (see
 * `models.ts`), data-source calls (see `invokes.ts`) and StackReference reads (from a table
 * of other stacks' outputs), and refuses anything it does not know with an error that names
 * it: a mock that silently returns `{}` lets tests pass for the wrong reason.
 */
import * as pulumi from "@pulumi/pulumi";
import { SIMULATED_ACCOUNT_ID } from "./ids";
import { INVOKES } from "./invokes";
import { MODELS } from "./models";

/** Outputs of other stacks, keyed by fully qualified stack name, for StackReference reads. */
export type StackOutputTable = Readonly<Record<string, { outputs: Record<string, unknown>; secretOutputNames?: readonly string[] }>>;

/** How to build a {@link SimulatedCloud}. */
export interface SimulatedCloudOptions {
    /** Stack being evaluated (seeds every generated id). */
    readonly stack: string;
    /** Outputs returned to `StackReference`s. */
    readonly stackOutputs?: StackOutputTable;
    /** Region for resources whose provider sets none. @default "us-east-1" */
    readonly defaultRegion?: string;
}

/** The Pulumi mocks that simulate AWS. */
export class SimulatedCloud implements pulumi.runtime.Mocks {
    /** Problems met while answering; the evaluator fails the run on any. */
    public readonly errors: string[] = [];
    private readonly providerRegions = new Map<string, string>();

    constructor(private readonly options: SimulatedCloudOptions) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        try {
            return this.create(args);
        } catch (err) {
            this.errors.push((err as Error).message);
            throw err;
        }
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        const invoke = INVOKES[args.token];
        if (!invoke) {
            const message = `simulated cloud: unknown invoke ${args.token}`;
            this.errors.push(message);
            throw new Error(message);
        }
        try {
            return invoke(args.inputs, this.regionOf(args.provider, args.inputs));
        } catch (err) {
            this.errors.push((err as Error).message);
            throw err;
        }
    }

    private create(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        if (args.type === "pulumi:pulumi:StackReference") return this.readStackReference(args);
        const model = MODELS[args.type];
        // The program's own components and the root stack have nothing to simulate.
        if (!model && !args.custom && isLocalComponent(args.type)) return { id: undefined, state: {} };
        if (!model) throw new Error(`simulated cloud: unknown resource type ${args.type} (${args.name}); model it in simulation/models.ts`);
        const region = this.regionOf(args.provider, args.inputs);
        const seed = `${this.options.stack}/${args.type}/${args.name}`;
        const { id, state } = model({ type: args.type, name: args.name, inputs: args.inputs, region, account: SIMULATED_ACCOUNT_ID, seed });
        if (args.type.startsWith("pulumi:providers:")) {
            this.providerRegions.set(id, String(args.inputs["region"] ?? this.defaultRegion));
        }
        // Providers echo inputs into outputs; computed values come from the model.
        return { id, state: { ...args.inputs, ...state } };
    }

    /**
     * The recorded outputs a StackReference name refers to: the exact name, else the one entry of
     * the same project and stack in any organization (offline there is one set of stacks, and a
     * fork names them with its own organization), a plain `stack` or `project/stack` name too.
     */
    private lookup(name: string): StackOutputTable[string] | undefined {
        const table = this.options.stackOutputs ?? {};
        if (table[name]) return table[name];
        const [stack, project] = name.split("/").reverse();
        const same = Object.keys(table).filter((key) => {
            const [s, p] = key.split("/").reverse();
            return s === stack && (project === undefined || p === undefined || p === project);
        });
        return same.length === 1 ? table[same[0]!] : undefined;
    }

    private readStackReference(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
        const name = String(args.inputs["name"]);
        const entry = this.lookup(name);
        if (!entry) {
            const known = Object.keys(this.options.stackOutputs ?? {});
            throw new Error(`simulated cloud: no recorded outputs for stack ${name} (known: ${known.length ? known.join(", ") : "none"})`);
        }
        // As the engine does, secret outputs stay secrets inside `outputs` (the SDK decides a
        // getOutput's secretness from `secretOutputNames`; the record must not hold them in clear).
        const secretNames = new Set(entry.secretOutputNames ?? []);
        const outputs = Object.fromEntries(
            Object.entries(entry.outputs).map(([key, value]) => [key, secretNames.has(key) ? pulumi.secret(value) : value]),
        );
        return { id: name, state: { name, outputs, secretOutputNames: [...secretNames] } };
    }

    private get defaultRegion(): string {
        return this.options.defaultRegion ?? "us-east-1";
    }

    /** Region of a resource: its own `region` input, else its provider's. */
    private regionOf(provider: string | undefined, inputs: Record<string, any>): string {
        if (typeof inputs["region"] === "string" && inputs["region"]) return inputs["region"];
        if (provider) {
            const id = provider.slice(provider.lastIndexOf("::") + 2);
            const region = this.providerRegions.get(id);
            if (region) return region;
        }
        return this.defaultRegion;
    }
}

/** Component types that run in this process (not remote components such as awsx's). */
function isLocalComponent(type: string): boolean {
    return type === "pulumi:pulumi:Stack" || type.startsWith("platform:");
}
