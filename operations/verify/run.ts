/**
 * Runs the post-deploy checks of the chosen stacks: reads each stack's outputs through the
 * workspace (the Automation API), then asks the AWS APIs whether the platform is what the
 * outputs say it should be. The checks run in parallel; the stack selections one at a time.
 */
import { decodeConfigValue } from "../../stacks/config/load";
import type { StackConfigFile } from "../../stacks/config/files";
import type { StackEntry } from "../../stacks/stackSet";
import { errorSummary } from "../orchestrator";
import { serialSelection, type Workspace } from "../workspace";
import { canaryPassing, healthCheckHealthy, replicationRules } from "./globalChecks";
import { alarmsOk, alertSubscriptions, ecsDeployment, ecsRunningCount, fisTemplates, targetsHealthy, type Verdict } from "./regionalChecks";
import { type AwsClients, type CheckResult, describeError, regionOfArn, StackOutputs } from "./types";

/** Inputs of {@link verifyStacks}. */
export interface VerifyOptions {
    /** The stacks to verify. */
    readonly stacks: readonly StackEntry[];
    /** Every stack of the project (a global stack's checks read its regional stacks' outputs). */
    readonly allStacks: readonly StackEntry[];
    /** The stack config files (for `platform:chaos.enabled`). */
    readonly files: readonly StackConfigFile[];
    readonly workspace: Workspace;
    readonly aws: AwsClients;
}

/** A check by id, run so that any exception becomes an `error` result naming it. */
async function check(stack: string, id: string, run: () => Promise<Verdict>): Promise<CheckResult> {
    try {
        return { stack, check: id, ...(await run()) };
    } catch (err) {
        return { stack, check: id, status: "error", seen: describeError(err) };
    }
}

/** Whether a stack's file turns the chaos drills on. */
function chaosEnabled(files: readonly StackConfigFile[], stack: string): boolean {
    const raw = files.find((f) => f.stack === stack)?.config["platform:chaos"];
    const chaos = raw === undefined ? undefined : (decodeConfigValue(raw) as { enabled?: unknown } | undefined);
    return chaos?.enabled === true;
}

function regionalChecks(entry: StackEntry, outputs: StackOutputs, options: VerifyOptions): Promise<CheckResult>[] {
    const { aws } = options;
    const region = entry.region!;
    const checks = [
        check(entry.name, "ecs-deployment", () => ecsDeployment(aws, region, outputs)),
        check(entry.name, "ecs-running-count", () => ecsRunningCount(aws, region, outputs)),
        check(entry.name, "targets-healthy", () => targetsHealthy(aws, region, outputs)),
        check(entry.name, "alert-subscriptions", () =>
            alertSubscriptions(aws.sns(region), outputs.string("alertTopicArn", "the region's alert topic")),
        ),
        check(entry.name, "region-unhealthy-alarm", () =>
            alarmsOk(aws, region, [outputs.string("regionUnhealthyAlarmName", "the composite region-unhealthy alarm")]),
        ),
    ];
    if (chaosEnabled(options.files, entry.name)) checks.push(check(entry.name, "fis-templates", () => fisTemplates(aws, region, outputs)));
    return checks;
}

/** A probe: the canary watching `target` region, and where it runs. */
interface ProbeCanary {
    readonly name: string;
    readonly region: string;
}

async function globalChecks(entry: StackEntry, outputs: StackOutputs, options: VerifyOptions, read: OutputReader): Promise<CheckResult[]> {
    const { aws } = options;
    const regionals = await Promise.all(
        (entry.regionalStacks ?? []).map(async (name) => ({
            name,
            outputs: await read(name),
            region: options.allStacks.find((s) => s.name === name)?.region,
        })),
    );
    const checks: Promise<CheckResult>[] = [];
    for (const r of regionals) {
        const region = r.region ?? r.name;
        if (r.outputs instanceof Error) {
            checks.push(
                Promise.resolve({ stack: entry.name, check: `regional-outputs:${r.name}`, status: "error", seen: errorSummary(r.outputs) }),
            );
            continue;
        }
        const regional = r.outputs;
        checks.push(
            check(entry.name, `health-check:${region}`, async () => {
                const id = outputs.record<string>("healthCheckIds", "the Route 53 health check ids by region")[region];
                return id
                    ? healthCheckHealthy(aws, region, id)
                    : { status: "fail", seen: `no Route 53 health check recorded for ${region}` };
            }),
            check(entry.name, `replication:${region}`, async () => {
                const others = regionals.filter((o) => o !== r && !(o.outputs instanceof Error));
                const destinations = others.map((o) => (o.outputs as StackOutputs).string("dataBucketName", "the data bucket"));
                return replicationRules(aws, region, regional.string("dataBucketName", "the data bucket"), destinations);
            }),
        );
    }
    let probes: Record<string, ProbeCanary> | Error;
    try {
        probes = outputs.record<ProbeCanary>("probeCanaries", "the cross-region probe canaries (name and region) by watched region");
    } catch (err) {
        probes = err as Error;
    }
    for (const r of regionals) {
        const region = r.region ?? r.name;
        checks.push(
            check(entry.name, `canary:${region}`, async () => {
                if (probes instanceof Error) throw probes;
                const probe = probes[region];
                return probe
                    ? canaryPassing(aws, probe.region, probe.name)
                    : { status: "fail", seen: `no probe canary recorded for ${region}` };
            }),
            check(entry.name, `probe-alarm:${region}`, async () => {
                if (probes instanceof Error) throw probes;
                const name = outputs.record<string>("probeAlarmNames", "the probe alarms by watched region")[region];
                const probe = probes[region];
                return name && probe
                    ? alarmsOk(aws, probe.region, [name])
                    : { status: "fail", seen: `no probe alarm recorded for ${region}` };
            }),
        );
    }
    for (const [region, arn] of Object.entries(safeRecord(outputs, "alertTopicArns"))) {
        checks.push(check(entry.name, `alert-subscriptions:${region}`, () => alertSubscriptions(aws.sns(regionOfArn(arn) ?? region), arn)));
    }
    return Promise.all(checks);
}

function safeRecord(outputs: StackOutputs, name: string): Record<string, string> {
    try {
        return outputs.record<string>(name, "the global alert topics by region");
    } catch {
        return {};
    }
}

type OutputReader = (stack: string) => Promise<StackOutputs | Error>;

/** Runs every check of every stack of `options.stacks`; results in stack order, then check order. */
export async function verifyStacks(options: VerifyOptions): Promise<CheckResult[]> {
    const workspace = serialSelection(options.workspace);
    const cache = new Map<string, Promise<StackOutputs | Error>>();
    const read: OutputReader = (stack) => {
        if (!cache.has(stack)) {
            cache.set(
                stack,
                workspace
                    .selectStack(stack)
                    .then(
                        async (s) => new StackOutputs(stack, await s.outputs()),
                        (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
                    )
                    .catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))),
            );
        }
        return cache.get(stack)!;
    };
    const perStack = await Promise.all(
        options.stacks.map(async (entry): Promise<CheckResult[]> => {
            const outputs = await read(entry.name);
            if (outputs instanceof Error)
                return [
                    {
                        stack: entry.name,
                        check: "outputs",
                        status: "error",
                        seen: `cannot read the stack's outputs: ${errorSummary(outputs)}`,
                    },
                ];
            return entry.role === "regional"
                ? Promise.all(regionalChecks(entry, outputs, options))
                : globalChecks(entry, outputs, options, read);
        }),
    );
    return perStack.flat();
}

/** `PASS  [us-east-1] ecs-deployment: primary deployment runs ...`: one line per check. */
export function formatCheck(result: CheckResult): string {
    return `${result.status.toUpperCase().padEnd(5)} [${result.stack}] ${result.check}: ${result.seen}`;
}

/** True when every check passed (and there was at least one). */
export function allPassed(results: readonly CheckResult[]): boolean {
    return results.length > 0 && results.every((r) => r.status === "pass");
}
