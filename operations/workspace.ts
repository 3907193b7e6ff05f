/**
 * The slice of the Pulumi Automation API the operations tooling uses, as an interface.
 *
 * The orchestrator and the failover command talk only to {@link Workspace}, so the tests run
 * them against a fake (no Pulumi CLI, no cloud account) and `localWorkspace.ts` adapts the real
 * `LocalWorkspace` to it.
 */

/** The four stack operations the orchestrator runs. */
export const OPERATIONS = ["preview", "up", "destroy", "refresh"] as const;

/** One of {@link OPERATIONS}. */
export type Operation = (typeof OPERATIONS)[number];

/** Resource changes of an operation, keyed by Pulumi's op type (`create`, `update`, `same`, ...). */
export type ChangeSummary = Readonly<Partial<Record<string, number>>>;

/** Options every operation takes. */
export interface BaseOperationOptions {
    /** Receives the CLI's output (stdout and stderr) as it arrives, in arbitrary chunks. */
    readonly onOutput: (chunk: string) => void;
}

/** Options of the operations that evaluate the program and so run the policy pack. */
export interface GuardedOperationOptions extends BaseOperationOptions {
    /** Absolute paths of the policy packs to run. */
    readonly policyPacks: readonly string[];
    /** Absolute paths of JSON config files for the policy packs. */
    readonly policyPackConfigs: readonly string[];
}

/** Options of a guarded preview. */
export interface PreviewOptions extends GuardedOperationOptions {
    /**
     * Where to save the update plan (`pulumi preview --save-plan`): the exact set of operations
     * the preview proposed, which a later {@link StackHandle.up} is bound to.
     */
    readonly savePlan?: string;
}

/** Options of an update: always bound to the plan of a guarded preview. */
export interface UpOptions extends GuardedOperationOptions {
    /**
     * The update plan a successful guarded preview of the same stack saved (`pulumi up --plan`):
     * the engine refuses any operation the plan does not contain, so nothing other than what was
     * previewed (and checked by the policy pack) is applied.
     */
    readonly plan: string;
}

/** What an operation reports back. */
export interface OperationResult {
    /** Resource changes (planned for a preview, performed otherwise). */
    readonly changes: ChangeSummary;
}

/** What a preview reports back. */
export interface PreviewResult extends OperationResult {
    /**
     * Mandatory policy violations the preview reported (`policy: message`), from the engine's
     * policy events. A preview with one is also a failed preview; this names them.
     */
    readonly mandatoryViolations: readonly string[];
}

/** One selected stack. Every method rejects when the underlying CLI command fails. */
export interface StackHandle {
    preview(options: PreviewOptions): Promise<PreviewResult>;
    up(options: UpOptions): Promise<OperationResult>;
    destroy(options: BaseOperationOptions): Promise<OperationResult>;
    refresh(options: BaseOperationOptions): Promise<OperationResult>;
    /** The stack's plain-text config value of `key` (`namespace:name`), or undefined when unset. */
    getConfig(key: string): Promise<string | undefined>;
    /** Sets a plain-text config value on the stack (written to `Pulumi.<stack>.yaml`). */
    setConfig(key: string, value: string): Promise<void>;
    /** Removes a config value from the stack. */
    removeConfig(key: string): Promise<void>;
    /** The stack's outputs (secrets included, as plain values), from its last update. */
    outputs(): Promise<Record<string, unknown>>;
}

/**
 * Selects existing stacks of the project. Selecting writes the project's one workspace file, so
 * two selections must never overlap (pulumi/pulumi#8186): callers go through
 * {@link serialSelection}; the operations on the selected stacks name their stack and may overlap.
 */
export interface Workspace {
    /** Selects the stack named `name`; rejects when it does not exist. */
    selectStack(name: string): Promise<StackHandle>;
}

/**
 * `workspace` with its selections made one at a time, in call order (a failed selection does not
 * stop the next). The operations on the returned stacks still run in parallel.
 */
export function serialSelection(workspace: Workspace): Workspace {
    let last: Promise<unknown> = Promise.resolve();
    return {
        selectStack(name: string): Promise<StackHandle> {
            const selected = last.then(() => workspace.selectStack(name));
            last = selected.catch(() => undefined);
            return selected;
        },
    };
}
