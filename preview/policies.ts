/**
 * The policy pack, run over a recorded stack the way `pulumi preview --policy-pack` runs it:
 * resource policies per resource (on inputs), stack policies once per stack (on outputs),
 * the pack config honoured. The engine emulation lives in the pack itself
 * (`policy-pack/offline/`), so the pack's tests and the preview share one implementation.
 *
 * A pack config is checked when it is loaded ({@link loadPackConfig}): every problem (an unknown
 * policy or key, a bad level, a value its policy's `configSchema` refuses, a duplicated key) is
 * reported at once, one line each naming the file, the key, the value and what is allowed, so
 * that `npm start` refuses it like a usage error (exit 2) before evaluating anything.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { duplicateKeyProblem, duplicateKeys, formatConfigProblem } from "../policy-pack/offline/config";
import {
    describeGuard,
    evaluatePolicies,
    type ExemptionMatch,
    type GuardReport,
    matchExemptions,
    type PackConfig as EnginePackConfig,
    validatePackConfig,
} from "../policy-pack/offline/evaluate";
import type { StackRecord } from "../simulation/evaluate";
import type { PreviewViolation } from "./previewFile";

export type {
    Allowance,
    ChangedSetting,
    ConfiguredExemption,
    ExemptionMatch,
    GuardReport,
    LevelChange,
} from "../policy-pack/offline/evaluate";

/** The name the pack registers (`policy-pack/index.ts`). */
export const POLICY_PACK_NAME = "platform-guard";

/** A policy pack config document (`--policy-pack-config`). */
export type PackConfig = Record<string, unknown>;

/** `path` as messages show it: relative to the working directory when it lies under it. */
function shownPath(path: string): string {
    const rel = relative(process.cwd(), path);
    return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

/**
 * The problems of a parsed pack config, one line each: `<file>: <policy>.<key>: <problem>`, e.g.
 * `policy-pack/config/evaluation.json: cloudwatch-log-group-retention.minLogRetentionDay: unknown key; allowed: enforcementLevel, minLogRetentionDays, exemptions`.
 * Empty when the config is valid. `text`, when given, is also checked for keys given twice.
 */
export function packConfigProblems(config: unknown, file: string, text?: string): string[] {
    const duplicates = text === undefined ? [] : duplicateKeys(text).map(duplicateKeyProblem);
    return [...duplicates, ...validatePackConfig(config)].map((p) => formatConfigProblem(p, file));
}

/**
 * Reads and checks a policy pack config file.
 * @throws Error naming the file when it cannot be read or is not JSON, or, when the config is
 *   invalid, whose message lists every problem, one line each (see {@link packConfigProblems})
 */
export function loadPackConfig(path: string): PackConfig {
    const file = shownPath(path);
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (err) {
        throw new Error(`--policy-config: cannot read ${file}: ${(err as Error).message}`);
    }
    let config: unknown;
    try {
        config = JSON.parse(text);
    } catch (err) {
        throw new Error(`--policy-config: ${file} is not valid JSON: ${(err as Error).message}`);
    }
    const problems = packConfigProblems(config, file, text);
    if (problems.length > 0) throw new Error(problems.join("\n"));
    return config as PackConfig;
}

/** What the pack reports for one stack: violations, and the resources exemptions took out of the guard. */
export interface StackCheck {
    violations: PreviewViolation[];
    /** One entry per policy and resource it skips because of an exemption of the config. */
    exemptions: ExemptionMatch[];
}

/** Runs the pack over `record` once: its violations and the exemptions that matched. */
export function checkStackReport(record: StackRecord, config?: PackConfig): StackCheck {
    const { violations, exemptions } = evaluatePolicies({
        policyPack: POLICY_PACK_NAME,
        resources: record.resources,
        config: config as EnginePackConfig | undefined,
    });
    return { violations: violations.map((v) => ({ ...v })), exemptions };
}

/** The violations the pack reports for `record`. */
export function checkStack(record: StackRecord, config?: PackConfig): PreviewViolation[] {
    return checkStackReport(record, config).violations;
}

/**
 * What `config` changes relative to the pack's defaults: policies disabled, policies downgraded
 * from their default level, settings changed from their defaults, reasoned allowances, exemptions.
 * No config: nothing changed. @throws Error when the config is invalid (load it with {@link loadPackConfig})
 */
export function guardReport(config?: PackConfig): GuardReport {
    return describeGuard((config ?? {}) as EnginePackConfig);
}

/**
 * The resources of `record` the pack's policies skip because of `config`'s exemptions, without
 * running the policies (the same matching {@link checkStackReport} reports).
 */
export function stackExemptions(record: StackRecord, config?: PackConfig): ExemptionMatch[] {
    return matchExemptions(record.resources, (config ?? {}) as EnginePackConfig);
}

/** What `npm start` prints about the guard (see `renderSummary`). */
export interface GuardSummary {
    readonly report: GuardReport;
    /** Per stack evaluated, the exemptions that matched its resources. */
    readonly exemptions: readonly { readonly stack: string; readonly matches: readonly ExemptionMatch[] }[];
}

/** The {@link GuardSummary} of a run: `config`'s report and the exemptions of every stack that has a record. */
export function guardSummary(
    outcomes: readonly { readonly stack: string; readonly record?: StackRecord }[],
    config?: PackConfig,
): GuardSummary {
    return {
        report: guardReport(config),
        exemptions: outcomes.filter((o) => o.record).map((o) => ({ stack: o.stack, matches: stackExemptions(o.record!, config) })),
    };
}
