/**
 * Cross-stack validation of the global stack's view of the regional stacks: a pure function,
 * so that every rule is table-tested and a bad topology is refused (with every problem at
 * once) before the global stack registers anything but its StackReferences.
 */
import { cidrsOverlap } from "../components/network/settings";
import { ConfigError, type GlobalConfig } from "./config/schema";
import type { RegionalContract } from "./contract";

/** One regional stack, as the topology needs it. */
export interface TopologyEntry {
    /** Fully qualified stack name. */
    readonly stack: string;
    /** `originVerifyHeaderName` is compared in domain mode when given. */
    readonly contract: Pick<RegionalContract, "region" | "vpcCidrBlock" | "originProtocol"> &
        Partial<Pick<RegionalContract, "originVerifyHeaderName">>;
    /**
     * A digest of the stack's origin-verify secret (never the secret itself: it is compared, not
     * shown). In domain mode every stack that gives one must give the same.
     * @default - not compared
     */
    readonly originVerifySecretDigest?: string;
}

/** The validated topology. */
export interface Topology {
    /** The region served first. */
    readonly activeRegion: string;
    /** Every region, the active one first, then the rest in priority order. */
    readonly regions: readonly string[];
}

/** The global config values the topology depends on. */
export interface TopologyConfig {
    readonly activeRegion?: string;
    readonly domain?: GlobalConfig["domain"];
}

/** Scope of the {@link ConfigError} this module throws. */
export const TOPOLOGY_SCOPE = "topology of the global stack";

/**
 * Validates the regional stacks (given in priority order) against each other and the
 * global config, and orders their regions with the active one first.
 * @throws ConfigError listing every problem.
 */
export function validateTopology(entries: readonly TopologyEntry[], config: TopologyConfig): Topology {
    const problems: string[] = [];
    const stacks = entries.map((e) => e.stack);
    if (entries.length < 2) {
        problems.push(`regionalStacks: expected at least 2 regional stacks, got ${entries.length} (${JSON.stringify(stacks)})`);
    }
    stacks.forEach((stack, i) => {
        if (stacks.indexOf(stack) !== i && stacks.indexOf(stack, i + 1) === -1) {
            problems.push(`regionalStacks: ${stack} is listed more than once; expected each regional stack once`);
        }
    });

    const distinct = entries.filter((e, i) => stacks.indexOf(e.stack) === i);
    const regions = distinct.map((e) => e.contract.region);
    for (let i = 0; i < distinct.length; i++) {
        for (let j = i + 1; j < distinct.length; j++) {
            const a = distinct[i]!;
            const b = distinct[j]!;
            if (a.contract.region === b.contract.region) {
                problems.push(
                    `regionalStacks: ${a.stack} and ${b.stack} are both in region ${a.contract.region}; expected one regional stack per region`,
                );
            }
            if (overlap(a.contract.vpcCidrBlock, b.contract.vpcCidrBlock)) {
                problems.push(
                    `regionalStacks: VPC CIDR ${a.contract.vpcCidrBlock} of ${a.stack} overlaps VPC CIDR ${b.contract.vpcCidrBlock} of ${b.stack}; expected disjoint CIDR blocks (VPC peering)`,
                );
            }
        }
    }

    const uniqueRegions = [...new Set(regions)];
    const activeRegion = config.activeRegion ?? uniqueRegions[0];
    if (config.activeRegion !== undefined && !uniqueRegions.includes(config.activeRegion)) {
        problems.push(
            `activeRegion: expected one of the regional stacks' regions (${uniqueRegions.join(", ")}), got "${config.activeRegion}"`,
        );
    }
    if (config.domain) {
        for (const e of distinct.filter((e) => e.contract.originProtocol !== "https")) {
            problems.push(
                `domain: domain mode needs HTTPS origins, but ${e.stack} serves ${e.contract.originProtocol} (set platform:loadBalancing.domain in its config)`,
            );
        }
        problems.push(...sharedOriginVerifyProblems(distinct));
    }

    if (problems.length > 0) throw new ConfigError(problems, TOPOLOGY_SCOPE);
    return { activeRegion: activeRegion!, regions: [activeRegion!, ...uniqueRegions.filter((r) => r !== activeRegion)] };
}

/**
 * Domain mode sends the write paths to the Route 53 failover name, which resolves to whichever
 * region is healthy; CloudFront sends that origin one origin-verify header, so every region's ALB
 * must require the same header name (HTTP header names are case-insensitive) and the same secret.
 */
function sharedOriginVerifyProblems(entries: readonly TopologyEntry[]): string[] {
    const problems: string[] = [];
    const why = "domain mode sends writes to the Route 53 failover name, which reaches any region's ALB with one origin-verify header";
    const names = entries.filter((e) => e.contract.originVerifyHeaderName !== undefined);
    if (new Set(names.map((e) => e.contract.originVerifyHeaderName!.toLowerCase())).size > 1) {
        problems.push(
            `originVerifyHeaderName: ${why}, so every regional stack must use the same header name; got ${names.map((e) => `${e.contract.originVerifyHeaderName} (${e.stack})`).join(", ")} (set the same platform:loadBalancing.originVerifyHeaderName on each regional stack)`,
        );
    }
    const groups = new Map<string, string[]>();
    for (const e of entries.filter((e) => e.originVerifySecretDigest !== undefined)) {
        groups.set(e.originVerifySecretDigest!, [...(groups.get(e.originVerifySecretDigest!) ?? []), e.stack]);
    }
    if (groups.size > 1) {
        problems.push(
            `originVerifySecret: ${why}, so every regional stack must export the same secret; stacks with different values: ${[...groups.values()].map((g) => g.join(", ")).join(" | ")} (set the same platform:originVerifySecret, with --secret, on each regional stack)`,
        );
    }
    return problems;
}

/** Overlap, or false when a value is not a CIDR (the regional stack validated its own). */
function overlap(a: string, b: string): boolean {
    try {
        return cidrsOverlap(a, b);
    } catch {
        return false;
    }
}
