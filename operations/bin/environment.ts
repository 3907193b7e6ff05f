/** The real surroundings of the operator commands: this project, the process's console and stdin. */
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import type { CliEnvironment } from "../cliEnvironment";
import { localWorkspace } from "../localWorkspace";

/** Asks on the terminal; only `y` or `yes` (any case) is a yes. */
async function confirmOnTerminal(question: string): Promise<boolean> {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
        return /^y(es)?$/i.test((await rl.question(question)).trim());
    } finally {
        rl.close();
    }
}

/** The command environment of this process. */
export function processEnvironment(): CliEnvironment {
    return {
        projectDir: join(__dirname, "..", ".."),
        // npm runs scripts from the package root; INIT_CWD is where the operator typed the command.
        cwd: process.env.INIT_CWD ?? process.cwd(),
        env: process.env,
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
        interactive: process.stdin.isTTY === true,
        confirm: confirmOnTerminal,
        createWorkspace: localWorkspace,
    };
}

/** Runs a command and sets the process's exit code from its result. */
export function run(main: (argv: readonly string[], io: CliEnvironment) => Promise<number>): void {
    main(process.argv.slice(2), processEnvironment()).then(
        (code) => {
            process.exitCode = code;
        },
        (err: unknown) => {
            process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
            process.exitCode = 1;
        },
    );
}
