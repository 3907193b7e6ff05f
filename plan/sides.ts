/**
 * The two sides of a plan, each as preview documents:
 *
 * - the base: a saved `out/preview` folder, or a git ref checked out in a temporary worktree
 *   and previewed with its own `npm start` (so the base writes its own format, and any commit
 *   that has `npm start` works), sharing this checkout's installed packages;
 * - the head: the working tree, evaluated in this process (no policy run: the plan needs only
 *   the records), masked exactly as `npm start` writes it.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateStacks } from "../preview/run";
import { readProjectName } from "../simulation/project";
import { readStackConfigFiles } from "../stacks/config/files";
import { readPreviewDir, type SideStack } from "./documents";
import { sidesOf } from "./evaluateSide";

/** Raised for a base that cannot be had: a bad ref, a folder that is not a preview. */
export class BaseError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "BaseError";
    }
}

/** The head side: the working tree's stacks, evaluated offline. Failed stacks are listed, not thrown. */
export async function headSide(projectDir: string): Promise<{ stacks: SideStack[]; failures: { stack: string; error: string }[] }> {
    return sidesOf(
        await evaluateStacks({ files: readStackConfigFiles(projectDir), packConfig: false, project: readProjectName(projectDir) }),
    );
}

function git(cwd: string, args: string[]): string {
    const r = spawnSync("git", args, { cwd, encoding: "utf8" });
    if (r.error) throw new BaseError(`git ${args.join(" ")}: ${r.error.message}`);
    if (r.status !== 0) throw new BaseError(`git ${args.join(" ")}: ${(r.stderr || r.stdout).trim()}`);
    return r.stdout.trim();
}

/**
 * The base side from a git ref: a detached worktree of the ref in a temporary folder, this
 * checkout's `node_modules` linked in, the ref's own `npm start`, its `out/preview` read back.
 * The worktree is removed afterwards, whatever happens.
 * @throws BaseError naming the ref when it does not resolve, or when its preview wrote nothing
 */
export async function baseSideFromRef(repoDir: string, ref: string): Promise<{ stacks: SideStack[]; commit: string }> {
    const top = git(repoDir, ["rev-parse", "--show-toplevel"]);
    let commit: string;
    try {
        commit = git(top, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    } catch {
        throw new BaseError(
            `--base: ${JSON.stringify(ref)} is not a commit of this repository (expected a branch, tag or commit, e.g. origin/main or HEAD~1)`,
        );
    }
    const dir = mkdtempSync(join(tmpdir(), "platform-plan-base-"));
    const worktree = join(dir, "tree");
    git(top, ["worktree", "add", "--detach", "--quiet", worktree, commit]);
    try {
        for (const modules of ["node_modules", join("policy-pack", "node_modules")]) {
            if (existsSync(join(top, modules)) && existsSync(join(worktree, modules, "..")))
                symlinkSync(join(top, modules), join(worktree, modules), "dir");
        }
        const { code, stderr } = await run("npm", ["start", "--silent", "--", "--quiet"], worktree);
        const previewDir = join(worktree, "out", "preview");
        if (!existsSync(previewDir)) {
            throw new BaseError(
                `--base ${ref} (${commit.slice(0, 12)}): its npm start exited ${code} and wrote no out/preview:\n${stderr.trim().split("\n").slice(-10).join("\n")}`,
            );
        }
        return { stacks: readPreviewDir(previewDir), commit };
    } finally {
        spawnSync("git", ["worktree", "remove", "--force", worktree], { cwd: top });
        rmSync(dir, { recursive: true, force: true });
        spawnSync("git", ["worktree", "prune"], { cwd: top });
    }
}

/** The base side from a saved `out/preview` folder. @throws BaseError naming the folder */
export function baseSideFromDir(dir: string): SideStack[] {
    try {
        return readPreviewDir(dir);
    } catch (err) {
        throw new BaseError(`--base-dir: ${(err as Error).message}`);
    }
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, {
            cwd,
            stdio: ["ignore", "ignore", "pipe"],
            env: { ...process.env, npm_config_update_notifier: "false" },
        });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stderr }));
    });
}
