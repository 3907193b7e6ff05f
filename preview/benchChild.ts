/**
 * One measured run for `npm run bench`: times loading the program's modules, then runs the
 * offline preview and prints the per-stack evaluation and policy times as JSON on stdout.
 */
import "./fastStackTraces";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

async function main(): Promise<void> {
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runPreview } = require("./run") as typeof import("./run");
    const loadMs = performance.now() - t0;
    const out = mkdtempSync(join(tmpdir(), "platform-bench-"));
    try {
        const t1 = performance.now();
        const result = await runPreview({ projectDir: resolve(__dirname, ".."), outDir: out });
        const previewMs = performance.now() - t1;
        const stacks = Object.fromEntries(
            result.outcomes.map((o) => [
                o.stack,
                { evaluateMs: o.evaluateMs, policyMs: o.policyMs, resources: o.record?.resources.length ?? 0, status: o.status },
            ]),
        );
        process.stdout.write(JSON.stringify({ loadMs, previewMs, stacks }));
    } finally {
        rmSync(out, { recursive: true, force: true });
    }
}

process.on("unhandledRejection", () => undefined);
main().catch((err) => {
    process.stderr.write(String(err));
    process.exit(1);
});
