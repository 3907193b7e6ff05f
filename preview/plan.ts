/**
 * Which stacks the offline preview evaluates, and in what order: every `Pulumi.<stack>.yaml`
 * of the project, regional stacks (by `platform:role`) first, then the global stack(s), which
 * read the regional stacks' outputs. Nothing is hard-coded: a third region is one more file.
 */
import type { StackConfigFile } from "../stacks/config/files";

/** The stacks to evaluate, in dependency order. */
export interface PreviewPlan {
    /** Regional stacks: independent of each other. */
    readonly regional: StackConfigFile[];
    /** Global stacks: evaluated after every regional stack. */
    readonly global: StackConfigFile[];
    /** Stacks whose role is neither: reported, not evaluated. */
    readonly unknownRole: StackConfigFile[];
}

/** The role a stack config declares (`platform:role`), or undefined. */
export function roleOf(file: StackConfigFile): string | undefined {
    return file.config["platform:role"];
}

/**
 * Splits `files` by role, keeping only `only` when given.
 * @throws Error naming any requested stack that has no config file.
 */
export function planPreview(files: readonly StackConfigFile[], only?: readonly string[]): PreviewPlan {
    if (only && only.length > 0) {
        const known = new Set(files.map((f) => f.stack));
        const missing = only.filter((s) => !known.has(s));
        if (missing.length > 0) {
            throw new Error(`--stacks: no Pulumi.<stack>.yaml for ${missing.join(", ")} (known stacks: ${[...known].join(", ")})`);
        }
    }
    const selected = only && only.length > 0 ? files.filter((f) => only.includes(f.stack)) : [...files];
    return {
        regional: selected.filter((f) => roleOf(f) === "regional"),
        global: selected.filter((f) => roleOf(f) === "global"),
        unknownRole: selected.filter((f) => roleOf(f) !== "regional" && roleOf(f) !== "global"),
    };
}
