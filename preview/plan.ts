/**
 * Which stacks the offline preview evaluates, and in what order: every `Pulumi.<stack>.yaml`
 * of the project, split by role and ordered by the stack-set module (`stacks/stackSet.ts`, the one
 * place that derives roles and deploy order): regional stacks first, then the global stack(s),
 * which read the regional stacks' outputs. Nothing is hard-coded: a third region is one more file.
 */
import type { StackConfigFile } from "../stacks/config/files";
import { type FilesByRole, stackRole } from "../stacks/stackSet";

/** The stacks to evaluate, in dependency order. */
export type PreviewPlan = FilesByRole;

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
    // The roles come from the stack-set module; the regional stacks are evaluated concurrently,
    // so they keep their file order (that of out/ and the report) instead of the failover priority.
    return {
        regional: selected.filter((f) => stackRole(f) === "regional"),
        global: selected.filter((f) => stackRole(f) === "global"),
        unknownRole: selected.filter((f) => stackRole(f) === undefined),
    };
}
