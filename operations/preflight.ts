/**
 * Checks made before any workspace is created: the Pulumi CLI is on the PATH (the Automation
 * API drives it), and the policy pack is present with its dependencies installed (the CLI runs
 * it as its own package). Nothing here spawns a process.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from "node:fs";
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

/**
 * Why the Pulumi CLI has no backend to talk to, or undefined when it has one: an access token
 * or backend URL in the environment, or a `current` backend in `$PULUMI_HOME/credentials.json`
 * (what `pulumi login` writes). Read without running the CLI.
 */
export function pulumiLoginProblem(env: NodeJS.ProcessEnv): string | undefined {
    if (env.PULUMI_ACCESS_TOKEN || env.PULUMI_BACKEND_URL) return undefined;
    const home = env.PULUMI_HOME ?? join(env.HOME ?? env.USERPROFILE ?? "", ".pulumi");
    try {
        const credentials = JSON.parse(readFileSync(join(home, "credentials.json"), "utf8")) as { current?: unknown };
        if (typeof credentials.current === "string" && credentials.current !== "") return undefined;
    } catch {
        // no file, or not JSON: not logged in
    }
    return (
        "not logged in to a Pulumi backend: run `pulumi login` (Pulumi Cloud), `pulumi login --local` or " +
        "`pulumi login s3://<bucket>`, or set PULUMI_ACCESS_TOKEN (CI)"
    );
}

/**
 * Why the AWS SDK (and the Pulumi AWS provider) would find no credentials, or undefined: the
 * environment variables and files of the default credential chain. (An EC2 instance profile is
 * not visible from here: on such a host set AWS_PROFILE to a profile with
 * `credential_source = Ec2InstanceMetadata`.)
 */
export function awsCredentialsProblem(env: NodeJS.ProcessEnv): string | undefined {
    const fromEnv =
        (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) ||
        env.AWS_PROFILE ||
        env.AWS_WEB_IDENTITY_TOKEN_FILE ||
        env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
        env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    if (fromEnv) return undefined;
    const home = env.HOME ?? env.USERPROFILE ?? "";
    const files = [
        env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, ".aws", "credentials"),
        env.AWS_CONFIG_FILE ?? join(home, ".aws", "config"),
    ];
    if (files.some((f) => existsSync(f))) return undefined;
    return (
        "no AWS credentials: run `aws configure sso` then `aws sso login` and set AWS_PROFILE, or export " +
        "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY of an assumed role (in GitHub Actions, aws-actions/configure-aws-credentials)"
    );
}
