/**
 * `npm run bench`: how long the offline preview takes, against the floor of loading the
 * AWS SDKs alone, measured in the same run.
 *
 * Prints min and median over `--runs` runs (default 5) of: the floor
 * (`node -e "require('@pulumi/aws'); require('@pulumi/awsx')"`), the whole `npm start`
 * (as a fresh process, the way a user runs it), and inside one process the module load, each
 * stack's evaluation and each stack's policy run, and the change plan of every stack against
 * HEAD (`npm run plan -- --base HEAD`: a git worktree, the ref's own npm start, the working
 * tree's evaluation). Targets: whole run within 3x the floor; policies under 200 ms per stack;
 * the plan within 3x one npm start.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = resolve(__dirname, "..");
// Exactly what `npm start` runs: ts-node with the swc transpiler.
const tsNode = [require.resolve("ts-node/dist/bin.js"), "--swc"];

function timeProcess(args: string[]): { ms: number; stdout: string } {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
    const ms = performance.now() - started;
    if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
    return { ms, stdout: result.stdout };
}

const min = (xs: number[]) => Math.min(...xs);
const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const row = (label: string, xs: number[]) => `${label.padEnd(34)} ${min(xs).toFixed(0).padStart(7)} ${median(xs).toFixed(0).padStart(8)}`;

function main(): void {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer, got ${JSON.stringify(values.runs)}`);

    const floor: number[] = [];
    const whole: number[] = [];
    const plan: number[] = [];
    const load: number[] = [];
    const perStack = new Map<string, { evaluate: number[]; policy: number[] }>();
    const out = mkdtempSync(join(tmpdir(), "platform-bench-"));
    try {
        for (let i = 0; i < runs; i++) {
            process.stderr.write(`run ${i + 1}/${runs}\n`);
            floor.push(timeProcess(["-e", "require('@pulumi/aws'); require('@pulumi/awsx')"]).ms);
            whole.push(timeProcess([...tsNode, "preview/cli.ts", "--quiet", "--out", out]).ms);
            plan.push(timeProcess([...tsNode, "plan/cli.ts", "--base", "HEAD"]).ms);
            const child = JSON.parse(timeProcess([...tsNode, "preview/benchChild.ts"]).stdout) as {
                loadMs: number;
                stacks: Record<string, { evaluateMs: number; policyMs: number }>;
            };
            load.push(child.loadMs);
            for (const [stack, t] of Object.entries(child.stacks)) {
                const entry = perStack.get(stack) ?? { evaluate: [], policy: [] };
                entry.evaluate.push(t.evaluateMs);
                entry.policy.push(t.policyMs);
                perStack.set(stack, entry);
            }
        }
    } finally {
        rmSync(out, { recursive: true, force: true });
    }

    const lines = [
        `offline preview benchmark: ${runs} run(s), node ${process.version}, ${require("node:os").cpus().length} cores`,
        `${"".padEnd(34)} ${"min ms".padStart(7)} ${"median ms".padStart(8)}`,
        row("floor (require aws + awsx)", floor),
        row("npm start (whole, fresh process)", whole),
        row("npm run plan -- --base HEAD", plan),
        row("load program modules", load),
        ...[...perStack].flatMap(([stack, t]) => [row(`evaluate ${stack}`, t.evaluate), row(`policies ${stack}`, t.policy)]),
        `ratio whole/floor (median): ${(median(whole) / median(floor)).toFixed(2)}x (target <= 3x)`,
        `ratio plan/npm start (median): ${(median(plan) / median(whole)).toFixed(2)}x (target <= 3x)`,
        `slowest policy run per stack (median): ${Math.max(...[...perStack.values()].map((t) => median(t.policy))).toFixed(0)} ms (target < 200 ms)`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
}

main();
