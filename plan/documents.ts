/**
 * Reads the resources of a side back from preview documents (`out/preview/<stack>.json`), of
 * this version or an earlier one: fields a document does not have take the engine's defaults
 * (no aliases, not protected). Remote components get the children the plan can model from their
 * simulated outputs (see `remoteChildren.ts`).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PlanResource, StackState } from "./model";
import { remoteChildren } from "./remoteChildren";

/** A stack of one side, with the project it belongs to. */
export interface SideStack extends StackState {
    readonly project: string;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const record = (v: unknown): Record<string, unknown> =>
    v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** One resource of a document, defaults filled in. */
export function planResource(raw: Record<string, unknown>): PlanResource {
    const deps = record(raw["propertyDependencies"]);
    return {
        urn: String(raw["urn"]),
        type: String(raw["type"]),
        name: String(raw["name"] ?? String(raw["urn"]).split("::").pop()),
        custom: raw["custom"] !== false,
        ...(typeof raw["parent"] === "string" ? { parent: raw["parent"] } : {}),
        ...(typeof raw["provider"] === "string" ? { provider: raw["provider"] } : {}),
        inputs: record(raw["inputs"]),
        outputs: record(raw["outputs"]),
        dependencies: strings(raw["dependencies"]),
        propertyDependencies: Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, strings(v)])),
        protect: raw["protect"] === true,
        retainOnDelete: raw["retainOnDelete"] === true,
        aliases: strings(raw["aliases"]),
        ignoreChanges: strings(raw["ignoreChanges"]),
        replaceOnChanges: strings(raw["replaceOnChanges"]),
        deleteBeforeReplace: raw["deleteBeforeReplace"] === true,
    };
}

/** A stack from a parsed preview document. @throws Error when it is not one */
export function sideStack(doc: unknown, where: string): SideStack {
    const d = record(doc);
    if (typeof d["stack"] !== "string" || !Array.isArray(d["resources"])) {
        throw new Error(`${where}: not a preview document (expected { stack, project, resources, ... } as npm start writes)`);
    }
    const resources = (d["resources"] as unknown[]).map((r) => planResource(record(r)));
    return {
        stack: d["stack"],
        project: typeof d["project"] === "string" ? d["project"] : "",
        resources: resources.flatMap((r) => [r, ...remoteChildren(r)]),
    };
}

/**
 * Every stack of a saved `out/preview` folder.
 * @throws Error naming the folder or file that cannot be read
 */
export function readPreviewDir(dir: string): SideStack[] {
    if (!existsSync(dir)) throw new Error(`${dir}: no such folder (expected a saved out/preview folder)`);
    const files = readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .sort();
    if (files.length === 0) throw new Error(`${dir}: no <stack>.json preview documents in it`);
    return files.map((f) => {
        const path = join(dir, f);
        let doc: unknown;
        try {
            doc = JSON.parse(readFileSync(path, "utf8"));
        } catch (err) {
            throw new Error(`${path}: not valid JSON (${(err as Error).message})`);
        }
        return sideStack(doc, path);
    });
}
