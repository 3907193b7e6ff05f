/**
 * Controlled failover: moves the global stack's `platform:activeRegion` (CloudFront's primary
 * origin, Route 53's PRIMARY record) to another region, through the same guarded
 * preview → confirm → up sequence an operator would follow by hand, and puts the previous
 * value back when the preview fails or the operator declines. The `up` is bound to the update
 * plan of that preview: it applies exactly what the operator saw and approved, not whatever else
 * is pending on the stack by the time it runs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LineSink, formatChanges, PrefixedLineWriter } from "./output";
import { EXIT, errorSummary } from "./orchestrator";
import { PlanError } from "./plan";
import type { StackEntry } from "../stacks/stackSet";
import type { Workspace } from "./workspace";

/** The config key the failover flips. */
export const ACTIVE_REGION_KEY = "platform:activeRegion";

/** Where to fail over to: a named region, or back to the highest-priority one. */
export type FailoverTarget = { readonly to: string } | { readonly failback: true };

/** The regions a global stack can serve from, in failover priority order. */
export function regionsOf(global: StackEntry, stacks: readonly StackEntry[]): string[] {
    return (global.regionalStacks ?? []).map((name) => {
        const region = stacks.find((s) => s.name === name)?.region;
        if (region === undefined) throw new PlanError([`${global.name}: regional stack "${name}" has no platform:region`]);
        return region;
    });
}

/**
 * The region `target` designates for `global`.
 * @throws PlanError when the region is not one of the global stack's regional stacks' regions
 */
export function resolveTarget(global: StackEntry, stacks: readonly StackEntry[], target: FailoverTarget): string {
    const regions = regionsOf(global, stacks);
    if (regions.length === 0) throw new PlanError([`${global.name}: platform:regionalStacks lists no regional stack`]);
    if ("failback" in target) return regions[0]!;
    if (!regions.includes(target.to)) {
        throw new PlanError([
            `--to: "${target.to}" is not a region of the regional stacks of ${global.name}; allowed: ${regions.join(", ")}`,
        ]);
    }
    return target.to;
}

/** Inputs of {@link runFailover}. */
export interface FailoverOptions {
    /** The global stack to fail over. */
    readonly global: StackEntry;
    /** Every stack of the project (for the regional stacks' regions). */
    readonly stacks: readonly StackEntry[];
    readonly target: FailoverTarget;
    readonly workspace: Workspace;
    /** Absolute path of the policy pack run by the preview and the up. */
    readonly policyPack: string;
    readonly policyPackConfigs?: readonly string[];
    /** Skip the confirmation. */
    readonly yes: boolean;
    /** Asks a yes/no question; resolves true for yes. */
    readonly confirm: (question: string) => Promise<boolean>;
    readonly out: LineSink;
    /** Folder for the update plan. @default a new temporary folder, removed at the end */
    readonly planDir?: string;
}

/**
 * Runs the failover and returns the exit code: 0 done or nothing to do, 1 preview or up
 * failed, 2 declined by the operator.
 * @throws PlanError for a region that is not one of the regional stacks' regions
 */
export async function runFailover(options: FailoverOptions): Promise<number> {
    const ownPlanDir = options.planDir === undefined ? mkdtempSync(join(tmpdir(), "platform-failover-")) : undefined;
    try {
        return await failover(options, join(options.planDir ?? ownPlanDir!, `${options.global.name}.plan.json`));
    } finally {
        if (ownPlanDir) rmSync(ownPlanDir, { recursive: true, force: true });
    }
}

async function failover(options: FailoverOptions, planFile: string): Promise<number> {
    const { global, workspace } = options;
    const regions = regionsOf(global, options.stacks);
    const target = resolveTarget(global, options.stacks, options.target);
    const log = new PrefixedLineWriter(global.name, options.out);

    const stack = await workspace.selectStack(global.name);
    const previous = await stack.getConfig(ACTIVE_REGION_KEY);
    // Unset means the stack's default: the first regional stack's region.
    const current = previous ?? regions[0]!;
    if (current === target) {
        log.line(`${ACTIVE_REGION_KEY} is already ${target}: nothing to do`);
        return EXIT.ok;
    }

    const restore = async (why: string): Promise<void> => {
        try {
            if (previous === undefined) await stack.removeConfig(ACTIVE_REGION_KEY);
            else await stack.setConfig(ACTIVE_REGION_KEY, previous);
            log.line(`${why}: ${ACTIVE_REGION_KEY} restored to ${previous ?? `its default (${current})`}`);
        } catch (err) {
            log.line(
                `${why}, and restoring ${ACTIVE_REGION_KEY} failed (${errorSummary(err)}): ` +
                    `run \`pulumi config set ${ACTIVE_REGION_KEY} ${current} -s ${global.name}\``,
            );
        }
    };

    log.line(`failover: ${ACTIVE_REGION_KEY} ${current} -> ${target}`);
    await stack.setConfig(ACTIVE_REGION_KEY, target);
    const guard = {
        policyPacks: [options.policyPack],
        policyPackConfigs: [...(options.policyPackConfigs ?? [])],
        onOutput: (chunk: string) => log.write(chunk),
    };

    try {
        const preview = await stack.preview({ ...guard, savePlan: planFile });
        log.flush();
        if (preview.mandatoryViolations.length > 0) {
            log.line(`preview refused: mandatory policy violation: ${preview.mandatoryViolations.join("; ")}`);
            await restore("preview refused");
            return EXIT.failed;
        }
        log.line(`preview: ${formatChanges(preview.changes)}`);
    } catch (err) {
        log.flush();
        log.line(`preview failed: ${errorSummary(err)}`);
        await restore("preview failed");
        return EXIT.failed;
    }

    if (!options.yes) {
        const accepted = await options.confirm(`Fail over ${global.name} from ${current} to ${target} and apply the changes above? [y/N] `);
        if (!accepted) {
            await restore("declined");
            return EXIT.usage;
        }
    }

    try {
        const up = await stack.up({ ...guard, plan: planFile });
        log.flush();
        log.line(`up: ${formatChanges(up.changes)}`);
        log.line(`failover complete: ${target} is the active region`);
        return EXIT.ok;
    } catch (err) {
        log.flush();
        // Not restored: part of the change may be live, and the config must describe the
        // intended state so that re-running finishes the failover.
        log.line(`up failed: ${errorSummary(err)}`);
        log.line(
            `${ACTIVE_REGION_KEY} stays ${target}: run \`npm run stacks -- up --stacks ${global.name}\` to finish, ` +
                `or \`npm run failover -- --to ${current}\` to go back`,
        );
        return EXIT.failed;
    }
}
