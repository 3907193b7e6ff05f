/**
 * Test helpers for forks: the shipped project files as text, edited as a user edits them, and
 * previewed in a temporary folder with the repository's program code.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { type PreviewResult, runPreview } from "../../preview/run";
import { baselineFiles, PROJECT_DIR } from "../support/stacks";

/** File name → text. */
export type Files = Record<string, string>;

/**
 * The shipped project files as text: Pulumi.yaml and the two-region baseline's stack files (the
 * global stack's list pinned to the shipped pair, so the cases hold in a fork that added regions).
 */
export function shippedFiles(): Files {
    const out: Files = { "Pulumi.yaml": readFileSync(join(PROJECT_DIR, "Pulumi.yaml"), "utf8") };
    for (const f of baselineFiles()) {
        const text = readFileSync(f.path, "utf8");
        out[`Pulumi.${f.stack}.yaml`] =
            f.config["platform:role"] === "global"
                ? editConfig(text, { "platform:regionalStacks": JSON.parse(f.config["platform:regionalStacks"]!) })
                : text;
    }
    return out;
}

/** A YAML stack file's config edited: `undefined` removes a key. */
export function editConfig(text: string, edits: Record<string, unknown>): string {
    const doc = parse(text) as { config: Record<string, unknown> };
    for (const [k, v] of Object.entries(edits)) {
        if (v === undefined) delete doc.config[k];
        else doc.config[k] = v;
    }
    return stringify(doc);
}

/** A regional stack file for `region` (cloned from eu-west-1's). */
export const regionalFile = (files: Files, region: string, cidrBlock: string) =>
    editConfig(files["Pulumi.eu-west-1.yaml"]!, {
        "platform:region": region,
        "platform:network": { cidrBlock, availabilityZones: ["a", "b", "c"].map((z) => `${region}${z}`) },
    });

/** A fork renamed to organization `org` (and project `project`) with `regions` added after the shipped two. */
export function fork(org: string, project: string, regions: [string, string][]): Files {
    const files = shippedFiles();
    files["Pulumi.yaml"] = files["Pulumi.yaml"]!.replace(/^name: platform$/m, `name: ${project}`);
    for (const [region, cidr] of regions) files[`Pulumi.${region}.yaml`] = regionalFile(files, region, cidr);
    files["Pulumi.global.yaml"] = editConfig(files["Pulumi.global.yaml"]!, {
        "platform:regionalStacks": ["us-east-1", "eu-west-1", ...regions.map(([r]) => r)].map((s) => `${org}/${project}/${s}`),
    });
    return files;
}

const dirs: string[] = [];

/** Removes every folder {@link preview} made. */
export const removePreviewDirs = () =>
    dirs.splice(0).forEach((d) => {
        rmSync(d, { recursive: true, force: true });
    });

/** Previews `files` in a fresh temporary project folder. */
export async function preview(files: Files, stacks?: readonly string[]): Promise<{ result: PreviewResult; dir: string; log: string[] }> {
    const dir = mkdtempSync(join(tmpdir(), "platform-fork-"));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const log: string[] = [];
    const result = await runPreview({ projectDir: dir, stacks, log: (l) => log.push(l) });
    return { result, dir, log };
}
export const status = (r: PreviewResult) => Object.fromEntries(r.outcomes.map((o) => [o.stack, o.status]));
export const errorOf = (r: PreviewResult, stack: string) => r.outcomes.find((o) => o.stack === stack)!.error;
