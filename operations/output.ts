/**
 * Console output of the operations tooling: every line of a stack's output prefixed with
 * `[<stack>]` (several stacks run at once, so unprefixed lines would be unreadable), and the
 * summary table printed at the end of a run.
 */
import type { ChangeSummary, Operation } from "./workspace";

/** Where finished lines go (one call per line, no trailing newline). */
export type LineSink = (line: string) => void;

/**
 * Turns arbitrary output chunks into whole lines, each prefixed with `[<stack>] `. A partial
 * line is held until its newline arrives or {@link PrefixedLineWriter.flush} is called.
 */
export class PrefixedLineWriter {
    private pending = "";

    constructor(
        private readonly stack: string,
        private readonly sink: LineSink,
    ) {}

    /** Feeds a chunk of output. */
    write(chunk: string): void {
        const lines = (this.pending + chunk).split(/\r?\n/);
        this.pending = lines.pop()!;
        for (const line of lines) this.sink(this.prefix(line));
    }

    /** Emits one complete line (a message of the tool itself). */
    line(text: string): void {
        this.flush();
        for (const line of text.split(/\r?\n/)) this.sink(this.prefix(line));
    }

    /** Emits the held partial line, if any. */
    flush(): void {
        if (this.pending !== "") this.sink(this.prefix(this.pending));
        this.pending = "";
    }

    private prefix(line: string): string {
        return line === "" ? `[${this.stack}]` : `[${this.stack}] ${line}`;
    }
}

/** How a stack's part of a run ended. */
export type StackOutcome = "succeeded" | "failed" | "skipped";

/** One row of the summary. */
export interface StackResult {
    readonly stack: string;
    readonly operation: Operation;
    readonly result: StackOutcome;
    /** Wall-clock time of the operation; 0 when skipped. */
    readonly durationMs: number;
    /** Resource changes, when the operation reported them. */
    readonly changes?: ChangeSummary;
    /** Why the stack failed or was skipped. */
    readonly reason?: string;
}

// The usual reading order of a change summary; other op types follow alphabetically.
const CHANGE_ORDER = ["create", "update", "replace", "delete", "same"];

/** `create 3, update 1, same 10`, or `no changes` / `-`. */
export function formatChanges(changes: ChangeSummary | undefined): string {
    if (changes === undefined) return "-";
    const entries = Object.entries(changes).filter(([, n]) => n !== undefined && n > 0) as [string, number][];
    if (entries.length === 0) return "no changes";
    const rank = (op: string) => {
        const i = CHANGE_ORDER.indexOf(op);
        return i === -1 ? CHANGE_ORDER.length : i;
    };
    entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
    return entries.map(([op, n]) => `${op} ${n}`).join(", ");
}

/** `850ms`, `12.3s`, `4m 05s`. */
export function formatDuration(ms: number): string {
    if (ms < 1000) return `${Math.round(ms)}ms`;
    if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
    const minutes = Math.floor(ms / 60_000);
    const seconds = Math.round((ms % 60_000) / 1000);
    return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
}

/** The summary table, one line per element (header, rule, one row per stack). */
export function summaryTable(results: readonly StackResult[]): string[] {
    const header = ["STACK", "OPERATION", "RESULT", "DURATION", "CHANGES"];
    const rows = results.map((r) => [
        r.stack,
        r.operation,
        r.result,
        r.result === "skipped" ? "-" : formatDuration(r.durationMs),
        formatChanges(r.changes),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const render = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
    return [render(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(render)];
}
