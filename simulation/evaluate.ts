/**
 * Evaluates one stack program under the simulated cloud and records what it registered.
 *
 * Each evaluation runs in its own Pulumi runtime store (`withLocalStorage`, the mechanism the
 * Automation API uses for inline programs), so several stacks can be evaluated one after the
 * other, or interleaved, in a single process: the tests and the offline preview load
 * `@pulumi/aws` once. The program runs inside a real root `pulumi:pulumi:Stack` component, and
 * every registration is recorded in the shape of a Pulumi checkpoint resource: URN, type,
 * name, parent, provider, inputs, outputs, dependencies and property dependencies.
 */
import { createHmac } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../policy-pack/offline/types";
import { SimulatedCloud, type StackOutputTable } from "./cloud";

/* eslint-disable @typescript-eslint/no-require-imports */
// Internal runtime entry points: there is no public API to run a program under mocks in an
// isolated store, wait for its registrations, or see the parent/dependencies of a registration.
const state = require("@pulumi/pulumi/runtime/state") as { withLocalStorage<T>(fn: () => Promise<T>): Promise<T>; getStore(): any };
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
const stack = require("@pulumi/pulumi/runtime/stack") as {
    runInPulumiStack(init: () => Promise<any>): Promise<Record<string, unknown> | undefined>;
};
const rpc = require("@pulumi/pulumi/runtime/rpc") as { deserializeProperties(s: any): Record<string, unknown> };

/**
 * One resource as a Pulumi checkpoint records it (docs/DESIGN.md §6): the policy pack's
 * `RecordedResource` (one definition of the shape, in the pack the records are handed to),
 * plus what the recorder also keeps for tests and diffing.
 */
export interface ResourceRecord extends RecordedResource {
    /** Present when the resource has `ignoreChanges`: the input paths an update leaves as they are. */
    ignoreChanges?: string[];
    /** Present when the resource has `aliases`: the URNs it may have had before, which it keeps. */
    aliases?: string[];
    /** Present when the resource has `replaceOnChanges`: input paths whose change replaces it. */
    replaceOnChanges?: string[];
    /** Present (true) when the resource is replaced by deleting the old one first. */
    deleteBeforeReplace?: boolean;
}

/** Everything one evaluation produced. */
export interface StackRecord {
    stack: string;
    project: string;
    /** The configuration the program saw (`platform:key` → raw string). */
    config: Record<string, string>;
    /** Stack outputs, secrets included in plain text: mask them before writing anywhere. */
    outputs: Record<string, unknown>;
    /** Names of the outputs that are secrets. */
    secretOutputNames: string[];
    /**
     * Every secret value met (config secrets, secret outputs of resources and of the stack), in
     * clear: records hold plain values, as policies see them; pass this to {@link maskSecrets}
     * before writing anything.
     */
    secretValues: string[];
    resources: ResourceRecord[];
}

/** What to evaluate. */
export interface StackRun {
    readonly project: string;
    readonly stack: string;
    /** Fully qualified configuration (`platform:region` → raw string, objects as JSON). */
    readonly config: Readonly<Record<string, string>>;
    /** Keys of `config` that are secrets. */
    readonly secretKeys?: readonly string[];
    /** The stack program; its return value becomes the stack outputs. */
    readonly program: () => Promise<Record<string, unknown> | void>;
    /** Outputs of other stacks, for StackReferences. */
    readonly stackOutputs?: StackOutputTable;
    /** Pulumi organization. @default "organization" */
    readonly organization?: string;
    /** Evaluate as a preview (unknown outputs stay unknown). @default false */
    readonly preview?: boolean;
}

/** Raised when the program or the simulated cloud failed; names the stack. */
export class EvaluationError extends Error {
    constructor(
        public readonly stack: string,
        public readonly cause: unknown,
    ) {
        super(`stack ${stack}: ${cause instanceof Error ? cause.message : String(cause)}`);
        this.name = "EvaluationError";
    }
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Shown instead of a secret in every file the preview writes. */
export const MASKED_SECRET = "[secret]";

/**
 * What decoding learnt about secrets. The SDK marks a whole property secret when any part of it
 * is (an origin list holding one secret header), so the exact secret leaf is not on the wire.
 */
interface SecretTracker {
    /** Values that were secrets on their own (config, a password, a secret output). */
    readonly leaves: Set<string>;
    /** Strings found inside a secret list or object. */
    readonly insideSecrets: Set<string>;
    /** Strings found outside any secret. */
    readonly plain: Set<string>;
}

/**
 * Shortest string treated as a secret when it only appears inside a secret list or object
 * (the origin-verify secret has at least 16 characters; header names, protocols and other
 * short tokens stay readable).
 */
const MIN_EMBEDDED_SECRET_LENGTH = 16;

/** The secret values to mask: every secret leaf, and long strings only ever seen inside secrets. */
function secretsOf(t: SecretTracker): Set<string> {
    const embedded = [...t.insideSecrets].filter((v) => v.length >= MIN_EMBEDDED_SECRET_LENGTH && !t.plain.has(v));
    return new Set([...t.leaves, ...embedded]);
}

/**
 * Turns the wire form of special values into what a policy sees: secrets unwrapped (the
 * engine hands policies plain values), resource references as their URN; notes secrets in `t`
 * so that writers can mask them wherever they were copied.
 */
function normalize(value: unknown, t: SecretTracker, inSecret = false): unknown {
    if (typeof value === "string") (inSecret ? t.insideSecrets : t.plain).add(value);
    if (Array.isArray(value)) return value.map((v) => normalize(v, t, inSecret));
    if (value && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SIG_KEY] === SECRET_SIG) {
            const inner = obj["value"];
            if ((typeof inner === "string" && inner !== "") || typeof inner === "number") t.leaves.add(String(inner));
            return normalize(inner, t, true);
        }
        if (obj[SIG_KEY] === RESOURCE_SIG) return obj["urn"];
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, normalize(v, t, inSecret)]));
    }
    return value;
}

/** How {@link maskSecrets} writes a masked secret. */
export interface MaskOptions {
    /**
     * Write `[secret:<fingerprint>]` instead of `[secret]`: the first 8 hex digits of an HMAC-SHA-256
     * of the value. Two files can then be compared (a rotated secret shows as a change) without the
     * value being readable. Offline, the only secrets are simulated ones (a generated password, a
     * simulated stack output) or values a config file already holds in plain text: `secure:` values
     * are never read.
     * @default false
     */
    readonly fingerprint?: boolean;
}

/** The fingerprint {@link maskSecrets} writes for `secret` (8 hex digits, not reversible). */
export function secretFingerprint(secret: string): string {
    return createHmac("sha256", "platform offline preview").update(secret).digest("hex").slice(0, 8);
}

/**
 * `value` with every occurrence of a secret replaced by {@link MASKED_SECRET} (or its
 * fingerprinted form, see {@link MaskOptions}): what may be written to disk or printed.
 */
export function maskSecrets<T>(value: T, secrets: readonly string[], options: MaskOptions = {}): T {
    if (secrets.length === 0) return value;
    const sorted = [...secrets].sort((a, b) => b.length - a.length);
    const masked = (secret: string) => (options.fingerprint ? `[secret:${secretFingerprint(secret)}]` : MASKED_SECRET);
    const mask = (v: unknown): unknown => {
        if (typeof v === "string") return sorted.reduce((text, secret) => text.split(secret).join(masked(secret)), v);
        if (typeof v === "number" && sorted.includes(String(v))) return masked(String(v));
        if (Array.isArray(v)) return v.map(mask);
        if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mask(x)]));
        return v;
    };
    return mask(value) as T;
}

const toUrns = (list: string[] | undefined): string[] => [...new Set(list ?? [])];

/** Runs `run.program` under the simulated cloud and returns the recorded stack. */
export async function evaluateStack(run: StackRun): Promise<StackRecord> {
    return state.withLocalStorage(async () => {
        const cloud = new SimulatedCloud({ stack: run.stack, stackOutputs: run.stackOutputs });
        await pulumi.runtime.setMocks(cloud, run.project, run.stack, run.preview ?? false, run.organization ?? "organization");
        pulumi.runtime.setAllConfig({ ...run.config }, [...(run.secretKeys ?? [])]);

        const records = new Map<string, ResourceRecord>();
        // Secrets known before the program runs: secret config values, and the secret outputs
        // of the stacks it references (they stay secrets across a StackReference).
        const secrets: SecretTracker = { leaves: new Set(), insideSecrets: new Set(), plain: new Set() };
        for (const key of run.secretKeys ?? []) if (run.config[key]) secrets.leaves.add(run.config[key]!);
        for (const entry of Object.values(run.stackOutputs ?? {})) {
            for (const key of entry.secretOutputNames ?? [])
                secretValuesOf(entry.outputs[key]).forEach((v) => {
                    secrets.leaves.add(v);
                });
        }
        instrument(state.getStore().settings.monitor, records, secrets);

        let outputs: Record<string, unknown> | undefined;
        let failure: unknown;
        try {
            // Keep the program's own return value: the root stack flattens secrets away.
            const evaluation = stack.runInPulumiStack(async () => (outputs = (await run.program()) ?? {}));
            await Promise.race([evaluation, failureOf(cloud)]);
            await Promise.race([settings.waitForRPCs(), failureOf(cloud)]);
        } catch (err) {
            failure = err;
        }
        if (failure !== undefined || cloud.errors.length > 0) {
            throw new EvaluationError(run.stack, cloud.errors.length > 0 ? new Error(cloud.errors.join("; ")) : failure);
        }

        const { plain, secrets: secretOutputs } = await unwrapOutputs(outputs ?? {});
        for (const key of secretOutputs) for (const v of secretValuesOf(plain[key])) secrets.leaves.add(v);
        const secretValues = secretsOf(secrets);
        return {
            stack: run.stack,
            project: run.project,
            config: { ...run.config },
            outputs: plain,
            secretOutputNames: secretOutputs,
            secretValues: [...secretValues],
            resources: [...records.values()],
        };
    });
}

/**
 * A promise that rejects as soon as the simulated cloud refused something. A refused
 * registration otherwise leaves its outputs pending forever and the run would hang.
 */
function failureOf(cloud: SimulatedCloud): Promise<never> {
    return new Promise((_, reject) => {
        const timer = setInterval(() => {
            if (cloud.errors.length > 0) {
                clearInterval(timer);
                reject(new Error(cloud.errors.join("; ")));
            }
        }, 5);
        timer.unref();
    });
}

/** Wraps the mock monitor so that each registration is recorded with its graph edges. */
function instrument(monitor: any, records: Map<string, ResourceRecord>, secrets: SecretTracker): void {
    const decode = (struct: any): Record<string, unknown> =>
        normalize(rpc.deserializeProperties(struct), secrets) as Record<string, unknown>;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: unknown, resp: any) => void) =>
        register(req, (err: unknown, resp: any) => {
            if (!err && resp) {
                const urn: string = resp.getUrn();
                const aliases = [...aliasUrns(req, urn), ...inheritedAliasUrns(req, records.get(req.getParent()))];
                const propertyDependencies: Record<string, string[]> = {};
                req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
                    propertyDependencies[key] = toUrns(deps.getUrnsList());
                });
                records.set(urn, {
                    urn,
                    type: req.getType(),
                    name: req.getName(),
                    custom: req.getCustom(),
                    parent: req.getParent() || undefined,
                    provider: req.getProvider() || undefined,
                    inputs: decode(req.getObject()),
                    outputs: decode(resp.getObject()),
                    dependencies: toUrns(req.getDependenciesList()),
                    propertyDependencies,
                    // Checkpoints carry these only when set.
                    ...(req.getProtect() ? { protect: true } : {}),
                    ...(req.getRetainondelete() ? { retainOnDelete: true } : {}),
                    ...(req.getIgnorechangesList().length > 0 ? { ignoreChanges: [...req.getIgnorechangesList()] } : {}),
                    ...(aliases.length > 0 ? { aliases } : {}),
                    ...(req.getReplaceonchangesList().length > 0 ? { replaceOnChanges: [...req.getReplaceonchangesList()] } : {}),
                    ...(req.getDeletebeforereplace() ? { deleteBeforeReplace: true } : {}),
                });
            }
            callback(err, resp);
        });

    const read = monitor.readResource.bind(monitor);
    monitor.readResource = (req: any, callback: (err: unknown, resp: any) => void) =>
        read(req, (err: unknown, resp: any) => {
            if (!err && resp) {
                const urn: string = resp.getUrn();
                records.set(urn, {
                    urn,
                    type: req.getType(),
                    name: req.getName(),
                    custom: true,
                    parent: req.getParent() || undefined,
                    provider: req.getProvider() || undefined,
                    inputs: decode(req.getProperties()),
                    outputs: decode(resp.getProperties()),
                    dependencies: toUrns(req.getDependenciesList?.()),
                    propertyDependencies: {},
                });
            }
            callback(err, resp);
        });

    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: (err: unknown, resp: any) => void) => {
        const record = records.get(req.getUrn());
        if (record && req.getOutputs()) record.outputs = decode(req.getOutputs());
        return registerOutputs(req, callback);
    };
}

/**
 * The URNs of a registration's aliases. An alias spec's unset name, type, stack or project are the
 * resource's own; its parent is the one given, none (`noParent`), or the resource's own. The URN
 * is built the way the mock monitor names resources (the parent's own type, not its whole chain,
 * before the type), so an alias equals the URN an earlier evaluation recorded for the resource.
 */
function aliasUrns(req: any, urn: string): string[] {
    const [stackPart, project] = urn.split("::");
    return (req.getAliasesList?.() ?? []).map((alias: any): string => {
        if (!alias.hasSpec()) return alias.getUrn();
        const spec = alias.getSpec();
        const parent: string | undefined = spec.getNoparent() ? undefined : spec.getParenturn() || req.getParent() || undefined;
        const type: string = spec.getType() || req.getType();
        const qualifiedType = parent ? `${parent.split("::")[2]!.split("$").pop()}$${type}` : type;
        const stack = spec.getStack() || stackPart!.slice("urn:pulumi:".length);
        return `urn:pulumi:${stack}::${spec.getProject() || project}::${qualifiedType}::${spec.getName() || req.getName()}`;
    });
}

/**
 * The aliases a resource inherits from its parent's aliases, as the engine derives them: for each
 * URN the parent may have had, the child's URN under it (a child named after its parent, such as
 * `<parent>-key`, is renamed with it). This is how an `aliases` entry at a component's call site
 * moves the component's children too.
 */
function inheritedAliasUrns(req: any, parent: ResourceRecord | undefined): string[] {
    if (!parent?.aliases) return [];
    const name: string = req.getName();
    return parent.aliases.map((parentAlias) => {
        const [prefix, project, parentType, parentAliasName] = parentAlias.split("::");
        const childName = name.startsWith(parent.name) ? parentAliasName + name.slice(parent.name.length) : name;
        return `${prefix}::${project}::${parentType!.split("$").pop()}$${req.getType()}::${childName}`;
    });
}

/** The plain strings inside a secret output value. */
function secretValuesOf(value: unknown): string[] {
    if (typeof value === "string") return value ? [value] : [];
    if (typeof value === "number") return [String(value)];
    if (Array.isArray(value)) return value.flatMap(secretValuesOf);
    if (value && typeof value === "object") return Object.values(value).flatMap(secretValuesOf);
    return [];
}

/** Resolves the stack outputs to plain values and notes which were secrets. */
async function unwrapOutputs(outputs: Record<string, unknown>): Promise<{ plain: Record<string, unknown>; secrets: string[] }> {
    const plain: Record<string, unknown> = {};
    const secrets: string[] = [];
    for (const [key, value] of Object.entries(outputs)) {
        const output: pulumi.Output<unknown> = pulumi.output(value as pulumi.Input<unknown>) as pulumi.Output<unknown>;
        if (await pulumi.isSecret(output)) secrets.push(key);
        plain[key] = await new Promise((resolve) => output.apply((v: unknown) => resolve(v)));
    }
    return { plain, secrets };
}
