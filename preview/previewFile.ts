/**
 * The `out/preview/<stack>.json` document (docs/DESIGN.md §6):
 * `{ stack, project, config, outputs, resources, violations }`, each resource in the shape
 * of a Pulumi checkpoint resource and each violation as the policy engine reports it.
 * Secrets never reach the file: secret config keys and outputs are masked, and a secret copied
 * into a resource's inputs is masked with its fingerprint (see {@link maskSecrets}), so that
 * `npm run plan` can tell that a secret changed without anyone seeing it.
 */
import type { ResourceRecord, StackRecord } from "../simulation/evaluate";
import { MASKED_SECRET, maskSecrets } from "../simulation/evaluate";

/** A policy violation as `pulumi preview --policy-pack` reports it. */
export interface PreviewViolation {
    policyPack: string;
    policyName: string;
    enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
    urn?: string;
    message: string;
}

/** The written document. */
export interface PreviewDocument {
    stack: string;
    project: string;
    config: Record<string, string>;
    outputs: Record<string, unknown>;
    resources: PreviewResource[];
    violations: PreviewViolation[];
}

/** A resource as written: a checkpoint resource with explicit nulls. */
export type PreviewResource = Omit<ResourceRecord, "parent" | "provider"> & { parent: string | null; provider: string | null };

/** Builds the document for a recorded stack, masking its secrets. */
export function previewDocument(
    record: StackRecord,
    violations: readonly PreviewViolation[],
    secretConfigKeys: readonly string[] = [],
): PreviewDocument {
    const config = Object.fromEntries(Object.entries(record.config).map(([k, v]) => [k, secretConfigKeys.includes(k) ? MASKED_SECRET : v]));
    const outputs = Object.fromEntries(
        Object.entries(record.outputs).map(([k, v]) => [k, record.secretOutputNames.includes(k) ? MASKED_SECRET : v]),
    );
    // Secret values are masked wherever they were copied (an origin's custom header, a listener
    // condition), not only where they were declared.
    return maskSecrets(
        {
            stack: record.stack,
            project: record.project,
            config,
            outputs,
            // Every key present in every resource (null when a root has no parent or provider), so
            // consumers need not guess between "absent" and "empty".
            resources: record.resources.map((r) => ({
                urn: r.urn,
                type: r.type,
                name: r.name,
                custom: r.custom,
                parent: r.parent ?? null,
                provider: r.provider ?? null,
                inputs: r.inputs,
                outputs: r.outputs,
                dependencies: r.dependencies,
                propertyDependencies: r.propertyDependencies,
                ...(r.protect ? { protect: true } : {}),
                ...(r.retainOnDelete ? { retainOnDelete: true } : {}),
                // What the engine needs to plan an update (npm run plan reads them back).
                ...(r.aliases ? { aliases: r.aliases } : {}),
                ...(r.ignoreChanges ? { ignoreChanges: r.ignoreChanges } : {}),
                ...(r.replaceOnChanges ? { replaceOnChanges: r.replaceOnChanges } : {}),
                ...(r.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
            })),
            violations: [...violations],
        },
        record.secretValues,
        { fingerprint: true },
    );
}
