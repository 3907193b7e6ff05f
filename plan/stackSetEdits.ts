/**
 * Edits of a project's stack set in memory (the `Pulumi.<stack>.yaml` files as
 * {@link readStackConfigFiles} reads them), the way an operator edits the files: the day-2
 * operations (`dayTwoOperations.ts`) and the tests are written with them.
 */
import type { StackConfigFile } from "../stacks/config/files";

const encode = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/**
 * `files` with `stack`'s config changed: `platform:`-less keys are `platform:` keys; `undefined`
 * removes a key; a function receives the decoded old value.
 */
export function edit(
    files: readonly StackConfigFile[],
    stack: string,
    overrides: Record<string, unknown>,
    secretKeys: string[] = [],
): StackConfigFile[] {
    if (!files.some((f) => f.stack === stack)) throw new Error(`no stack ${stack} to edit`);
    return files.map((f) => {
        if (f.stack !== stack) return f;
        const config = { ...f.config };
        for (const [k, v] of Object.entries(overrides)) {
            const key = k.includes(":") ? k : `platform:${k}`;
            const value =
                typeof v === "function"
                    ? (v as (old: unknown) => unknown)(config[key] === undefined ? undefined : decode(config[key]!))
                    : v;
            if (value === undefined) delete config[key];
            else config[key] = encode(value);
        }
        return { ...f, config, secretKeys: [...new Set([...f.secretKeys, ...secretKeys.map((k) => `platform:${k}`)])] };
    });
}

function decode(raw: string): unknown {
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

/** A regional stack file cloned from `from`, in `region` with `cidrBlock` and three AZs. */
export function regionalFile(files: readonly StackConfigFile[], from: string, region: string, cidrBlock: string): StackConfigFile {
    const source = files.find((f) => f.stack === from)!;
    const [file] = edit([{ ...source, stack: region, path: source.path.replace(`Pulumi.${from}.yaml`, `Pulumi.${region}.yaml`) }], region, {
        region,
        network: { cidrBlock, availabilityZones: ["a", "b", "c"].map((z) => `${region}${z}`) },
    });
    return file!;
}

/** `files` plus a third region (us-west-2), listed last in the global stack's regionalStacks. */
export function withThirdRegion(files: readonly StackConfigFile[], listed = true): StackConfigFile[] {
    const added = [...files, regionalFile(files, "eu-west-1", "us-west-2", "10.2.0.0/16")];
    // Named like the entries already listed (the fork's organization and project).
    const entry = (old: string[]) => `${(old[0] ?? "organization/platform/x").replace(/[^/]+$/, "")}us-west-2`;
    return listed ? edit(added, "global", { regionalStacks: (old: unknown) => [...(old as string[]), entry(old as string[])] }) : added;
}

/** The shared origin-verify secret the domain-mode stacks of the tests use. */
export const DOMAIN_SECRET = "domain-mode-shared-secret-0123456789";

/**
 * `files` in domain mode: every regional stack with its own origin host name and certificate
 * and the one shared origin-verify secret; the global stack with a hosted zone (app.example.com).
 * `only` limits it to the regional stacks (step 1 of the documented migration) or the global one.
 */
export function domainMode(files: readonly StackConfigFile[], only?: "regional" | "global"): StackConfigFile[] {
    let out = [...files];
    for (const f of files) {
        const role = f.config["platform:role"];
        if (role === "regional" && only !== "global") {
            const region = f.config["platform:region"]!;
            out = edit(
                out,
                f.stack,
                {
                    loadBalancing: (old: unknown) => ({
                        ...((old as object | undefined) ?? {}),
                        domain: {
                            domainName: `${region}.origin.app.example.com`,
                            certificateArn: `arn:aws:acm:${region}:123456789012:certificate/0a1b2c3d-${region.length}000-4000-8000-000000000000`,
                        },
                    }),
                    originVerifySecret: DOMAIN_SECRET,
                },
                ["originVerifySecret"],
            );
        }
        if (role === "global" && only !== "regional")
            out = edit(out, f.stack, { domain: { hostedZoneId: "Z0123456789ABCDEFGHIJ", domainName: "app.example.com" } });
    }
    return out;
}

/** The two regional stacks the shipped configuration deploys: the reference scenario of the docs and tests. */
export const SHIPPED_REGIONAL_STACKS = ["us-east-1", "eu-west-1"] as const;

/**
 * The two-region baseline of a project's files: the shipped regional stacks and the global stack,
 * whose `platform:regionalStacks` is pinned to those two as the shipped file names them
 * (`organization/<project>/<stack>`; offline, references resolve whatever the organization). The
 * day-2 plans the docs show, and the tests about the shipped pair, are computed on it, so they stay
 * the same in a fork that renames its organization or adds regions.
 * @throws Error when one of the shipped stacks has no file (a fork that removed it)
 */
export function twoRegionBaseline(files: readonly StackConfigFile[]): StackConfigFile[] {
    for (const stack of [...SHIPPED_REGIONAL_STACKS, "global"]) {
        if (!files.some((f) => f.stack === stack))
            throw new Error(
                `no Pulumi.${stack}.yaml: the two-region baseline needs the shipped stacks ${SHIPPED_REGIONAL_STACKS.join(", ")} and global`,
            );
    }
    return files
        .filter((f) => (SHIPPED_REGIONAL_STACKS as readonly string[]).includes(f.stack) || f.config["platform:role"] === "global")
        .map((f) => {
            if (f.config["platform:role"] !== "global") return f;
            const listed = JSON.parse(f.config["platform:regionalStacks"] ?? "[]") as string[];
            const project = (stack: string) =>
                listed
                    .find((l) => l.split("/").pop() === stack)
                    ?.split("/")
                    .slice(-2, -1)[0] ?? "platform";
            const prefix = (stack: string) => `organization/${project(stack)}/`;
            return {
                ...f,
                config: { ...f.config, "platform:regionalStacks": JSON.stringify(SHIPPED_REGIONAL_STACKS.map((s) => `${prefix(s)}${s}`)) },
            };
        });
}
