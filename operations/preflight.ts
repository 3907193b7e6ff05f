/**
 * Checks made before any workspace is created: the Pulumi CLI is on the PATH (the Automation
 * API drives it), and the policy pack is present with its dependencies installed (the CLI runs
 * it as its own package). Nothing here spawns a process.
 */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/** Folder of the policy pack, relative to the project directory. */
export const POLICY_PACK_DIR = "policy-pack";

/** Message when the Pulumi CLI is missing. */
export const PULUMI_CLI_MISSING =
    "the Pulumi CLI is not installed: see https://www.pulumi.com/docs/install/ (in GitHub Actions, " +
    "pulumi/actions installs it). `npm start` runs the offline preview without it.";

/** The path of the `pulumi` executable found on `PATH`, or undefined. */
export function findPulumiCli(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
    const names = platform === "win32" ? ["pulumi.exe", "pulumi.cmd", "pulumi"] : ["pulumi"];
    for (const dir of (env.PATH ?? "").split(delimiter).filter((d) => d !== "")) {
        for (const name of names) {
            const candidate = join(dir, name);
            try {
                if (!statSync(candidate).isFile()) continue;
                accessSync(candidate, constants.X_OK);
                return candidate;
            } catch {
                // not there, or not executable: keep looking
            }
        }
    }
    return undefined;
}

/** Problems with the policy pack at `<projectDir>/policy-pack`, empty when it is usable. */
export function policyPackProblems(policyPackPath: string): string[] {
    if (!existsSync(join(policyPackPath, "PulumiPolicy.yaml"))) {
        return [`the policy pack is missing: no PulumiPolicy.yaml in ${policyPackPath}`];
    }
    if (!existsSync(join(policyPackPath, "node_modules"))) {
        return [`the policy pack's dependencies are not installed: run \`npm ci --prefix ${POLICY_PACK_DIR}\``];
    }
    return [];
}
