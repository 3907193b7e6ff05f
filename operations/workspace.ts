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

/** What an operation reports back. */
export interface OperationResult {
    /** Resource changes (planned for a preview, performed otherwise). */
    readonly changes: ChangeSummary;
}

/** One selected stack. Every method rejects when the underlying CLI command fails. */
export interface StackHandle {
    preview(options: GuardedOperationOptions): Promise<OperationResult>;
    up(options: GuardedOperationOptions): Promise<OperationResult>;
    destroy(options: BaseOperationOptions): Promise<OperationResult>;
    refresh(options: BaseOperationOptions): Promise<OperationResult>;
    /** The stack's plain-text config value of `key` (`namespace:name`), or undefined when unset. */
    getConfig(key: string): Promise<string | undefined>;
    /** Sets a plain-text config value on the stack (written to `Pulumi.<stack>.yaml`). */
    setConfig(key: string, value: string): Promise<void>;
    /** Removes a config value from the stack. */
    removeConfig(key: string): Promise<void>;
}

/** Selects existing stacks of the project. */
export interface Workspace {
    /** Selects the stack named `name`; rejects when it does not exist. */
    selectStack(name: string): Promise<StackHandle>;
}
