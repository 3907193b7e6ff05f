/**
 * Test doubles for the operations tooling: a {@link Workspace} that records every call (with
 * a logical clock, so overlap is provable without timing races), and temporary project
 * directories with `Pulumi.<stack>.yaml` files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { KNOWN_REGIONS } from "../../components/shared/regions";
import type {
    BaseOperationOptions,
    GuardedOperationOptions,
    OperationResult,
    PreviewResult,
    StackHandle,
    Workspace,
} from "../../operations/workspace";

/** How the fake answers one stack's operations. */
export interface FakeBehaviour {
    /** Rejects with this message (`CommandError`-like: with a `stderr:` section). */
    readonly fail?: string;
    /** Output chunks fed to `onOutput` before settling. */
    readonly output?: readonly string[];
    /** Reported resource changes. */
    readonly changes?: Record<string, number>;
    /** Milliseconds before settling. @default 15 */
    readonly delayMs?: number;
    /** preview: the mandatory policy violations it reports (it then also fails, as the CLI does). */
    readonly violations?: readonly string[];
}

/** One recorded operation call. */
export interface FakeCall {
    readonly stack: string;
    readonly operation: string;
    readonly options: BaseOperationOptions | GuardedOperationOptions;
    /** Logical time of the start and of the end (one counter for all events). */
    readonly start: number;
    end?: number;
    /** Config of the stack when the operation started. */
    readonly configAtStart: Record<string, string>;
}

/** A recording {@link Workspace}. */
export class FakeWorkspace implements Workspace {
    public readonly calls: FakeCall[] = [];
    public readonly selected: string[] = [];
    public readonly configWrites: { stack: string; key: string; value: string | undefined }[] = [];
    public inFlight = 0;
    public maxInFlight = 0;
    /** Selections in progress; a second one while one is in progress is an error (pulumi/pulumi#8186). */
    public selecting = 0;
    private tick = 0;

    constructor(
        /** Behaviour per `stack` or `stack:operation`. */
        private readonly behaviour: Record<string, FakeBehaviour> = {},
        /** Initial config per stack. */
        public readonly config: Record<string, Record<string, string>> = {},
        /** Stacks that do not exist (selectStack rejects). */
        private readonly missing: readonly string[] = [],
        /** Outputs per stack. */
        public readonly stackOutputs: Record<string, Record<string, unknown>> = {},
    ) {}

    async selectStack(name: string): Promise<StackHandle> {
        // The real selection rewrites the project's workspace file: two at once corrupt it.
        if (this.selecting > 0) throw new Error(`overlapping stack selection: ${name} while another selection is in progress`);
        this.selecting++;
        try {
            await new Promise((r) => setTimeout(r, 3));
        } finally {
            this.selecting--;
        }
        this.selected.push(name);
        if (this.missing.includes(name)) throw new Error(`stack '${name}' not found`);
        this.config[name] ??= {};
        const config = this.config[name];
        const op = (operation: string) => (options: BaseOperationOptions) => this.run(name, operation, options);
        return {
            preview: async (options) => {
                const b = this.behaviour[`${name}:preview`] ?? this.behaviour[name] ?? {};
                const violations = b.violations ?? [];
                if (violations.length > 0) {
                    await this.run(name, "preview", options).catch(() => undefined);
                    return { changes: {}, mandatoryViolations: violations } satisfies PreviewResult;
                }
                return { ...(await this.run(name, "preview", options)), mandatoryViolations: [] };
            },
            up: op("up"),
            destroy: op("destroy"),
            refresh: op("refresh"),
            getConfig: async (key) => config[key],
            setConfig: async (key, value) => {
                this.configWrites.push({ stack: name, key, value });
                config[key] = value;
            },
            removeConfig: async (key) => {
                this.configWrites.push({ stack: name, key, value: undefined });
                delete config[key];
            },
            outputs: async () => {
                const outputs = this.stackOutputs[name];
                if (outputs === undefined) throw new Error(`code: 255\n stdout: \n stderr: error: no outputs for ${name}\n`);
                return outputs;
            },
        };
    }

    /** Every call of `operation`, in start order. */
    callsOf(operation: string): FakeCall[] {
        return this.calls.filter((c) => c.operation === operation);
    }

    /** The calls of `operation`, by stack name. */
    callOf(stack: string, operation?: string): FakeCall {
        const call = this.calls.find((c) => c.stack === stack && (operation === undefined || c.operation === operation));
        if (!call) throw new Error(`no ${operation ?? "operation"} call for ${stack}`);
        return call;
    }

    private async run(stack: string, operation: string, options: BaseOperationOptions): Promise<OperationResult> {
        const b = this.behaviour[`${stack}:${operation}`] ?? this.behaviour[stack] ?? {};
        const call: FakeCall = { stack, operation, options, start: ++this.tick, configAtStart: { ...this.config[stack] } };
        this.calls.push(call);
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        try {
            for (const chunk of b.output ?? []) options.onOutput(chunk);
            await new Promise((r) => setTimeout(r, b.delayMs ?? 15));
            if (b.fail !== undefined) {
                throw new Error(`code: 255\n stdout: (streamed)\n stderr: ${b.fail}\n`);
            }
            return { changes: b.changes ?? { same: 1 } };
        } finally {
            this.inFlight--;
            call.end = ++this.tick;
        }
    }
}

/**
 * A valid regional stack config as a `Pulumi.<stack>.yaml` document (the commands run the
 * program's config parser before anything else): two zones of `region` and a /16 whose second
 * octet is the region's place in KNOWN_REGIONS, so that two regions never overlap.
 */
export function regionalYaml(region: string, cidrBlock = `10.${Math.max(0, KNOWN_REGIONS.indexOf(region))}.0.0/16`): object {
    return {
        config: {
            "platform:role": "regional",
            "platform:region": region,
            "platform:network": { cidrBlock, availabilityZones: [`${region}a`, `${region}b`] },
        },
    };
}

/** Global stack config listing `regionals` (local stack names) in priority order. */
export function globalYaml(regionals: readonly string[], activeRegion?: string): object {
    return {
        config: {
            "platform:role": "global",
            "platform:regionalStacks": regionals.map((r) => `organization/platform/${r}`),
            ...(activeRegion ? { "platform:activeRegion": activeRegion } : {}),
        },
    };
}

/** The shipped layout: us-east-1 (1), eu-west-1 (2), global. */
export const TWO_REGIONS: Record<string, object> = {
    "us-east-1": regionalYaml("us-east-1"),
    "eu-west-1": regionalYaml("eu-west-1"),
    global: globalYaml(["us-east-1", "eu-west-1"], "us-east-1"),
};

const created: string[] = [];

/** Deletes every directory {@link tempProject} and {@link tempDir} created. */
export function removeTempDirs(): void {
    for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A temporary empty directory, removed by {@link removeTempDirs}. */
export function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), "ops-"));
    created.push(dir);
    return dir;
}

/** A temporary project directory with these stack files and (unless told otherwise) an installed policy pack. */
export function tempProject(stacks: Record<string, object>, policyPack: "installed" | "not-installed" | "absent" = "installed"): string {
    const dir = mkdtempSync(join(tmpdir(), "ops-"));
    created.push(dir);
    writeFileSync(join(dir, "Pulumi.yaml"), "name: platform\nruntime: nodejs\n");
    for (const [stack, doc] of Object.entries(stacks)) writeFileSync(join(dir, `Pulumi.${stack}.yaml`), stringify(doc));
    if (policyPack !== "absent") {
        mkdirSync(join(dir, "policy-pack"));
        writeFileSync(join(dir, "policy-pack", "PulumiPolicy.yaml"), "runtime: nodejs\n");
        if (policyPack === "installed") mkdirSync(join(dir, "policy-pack", "node_modules"));
    }
    return dir;
}
