/**
 * The network tier's settings (`platform:network`): the VPC block, its zones and the per-AZ block
 * size, with the rules AWS and the subnet layout impose, stated once.
 */
import { IPv4CidrRange } from "ip-num";
import { z } from "zod";
import { logRetentionDays } from "../shared/fields";
import { int } from "../shared/settings";

/** The smallest VPC the network tier accepts: room for a public and a private subnet per AZ. */
export const MAX_VPC_PREFIX = 22;
/** The largest VPC AWS allows. */
export const MIN_VPC_PREFIX = 16;
/** Bits the default AZ block adds to the VPC prefix: room for four AZs. */
export const AZ_BLOCK_BITS = 2;
/** The smallest AZ block: two subnets of /28, the smallest subnet AWS allows. */
const SMALLEST_AZ_BLOCK = 27;

/** Why `value` is not a usable VPC CIDR block, or undefined when it is one. */
export function cidrProblem(value: string): string | undefined {
    let range: IPv4CidrRange;
    try {
        range = IPv4CidrRange.fromCidr(value);
    } catch {
        return "expected an IPv4 CIDR block such as 10.0.0.0/16";
    }
    const prefix = Number(range.getPrefix().getValue());
    if (prefix < MIN_VPC_PREFIX || prefix > MAX_VPC_PREFIX) {
        return `expected a prefix length from /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX} (room for a public and a private subnet per AZ)`;
    }
    const [address] = value.split("/");
    if (range.getFirst().toString() !== address) {
        return `expected the network address ${range.getFirst().toString()}/${prefix}: host bits are set`;
    }
    return undefined;
}

/** True when two CIDR blocks share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
    const ra = IPv4CidrRange.fromCidr(a);
    const rb = IPv4CidrRange.fromCidr(b);
    return ra.contains(rb) || rb.contains(ra);
}

/** Prefix length of a valid CIDR block. */
export function prefixOf(cidrBlock: string): number {
    return Number(IPv4CidrRange.fromCidr(cidrBlock).getPrefix().getValue());
}

/**
 * The prefix of each AZ's block: the configured one, or the VPC prefix + {@link AZ_BLOCK_BITS}.
 * Pinned, so that appending an AZ keeps every existing subnet where it is: left to awsx, the
 * blocks would be sized by the AZ count and adding an AZ would replace every subnet.
 */
export function availabilityZoneMask(settings: { cidrBlock: string; availabilityZoneCidrMask?: number | undefined }): number {
    return settings.availabilityZoneCidrMask ?? prefixOf(settings.cidrBlock) + AZ_BLOCK_BITS;
}

const cidrBlock = z
    .string()
    .superRefine((value, ctx) => {
        const problem = cidrProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
    })
    .meta({ description: `VPC CIDR block, /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX}, not overlapping another regional stack's` });

const shape = {
    cidrBlock,
    availabilityZones: z.array(z.string()).min(2).meta({
        description:
            "availability-zone names of the stack's region, at least 2, distinct (a public and a private subnet and a NAT gateway in each)",
    }),
    availabilityZoneCidrMask: int(MIN_VPC_PREFIX, SMALLEST_AZ_BLOCK)
        .optional()
        .meta({
            description: `prefix of each AZ's block (default: the VPC prefix + ${AZ_BLOCK_BITS}, room for 4 AZs; appending an AZ keeps every subnet, changing the mask re-lays out all of them)`,
        }),
};

type Layout = { cidrBlock: string; availabilityZones: string[]; availabilityZoneCidrMask?: number | undefined };
/** The AZ blocks must lie inside the VPC block and hold every AZ; the zones must be distinct. */
function layoutProblems(v: Layout, ctx: z.RefinementCtx): void {
    const azs = v.availabilityZones;
    const repeated = [...new Set(azs.filter((az, i) => azs.indexOf(az) !== i))];
    if (repeated.length > 0) {
        ctx.addIssue({
            code: "custom",
            path: ["availabilityZones"],
            input: azs,
            message: `expected distinct zones, ${repeated.join(", ")} repeated`,
        });
    }
    if (cidrProblem(v.cidrBlock) !== undefined) return; // reported on cidrBlock
    const mask = v.availabilityZoneCidrMask;
    if (mask !== undefined && !(Number.isInteger(mask) && mask >= MIN_VPC_PREFIX && mask <= SMALLEST_AZ_BLOCK)) return; // reported on availabilityZoneCidrMask
    const vpcPrefix = prefixOf(v.cidrBlock);
    const azMask = availabilityZoneMask(v);
    if (azMask < vpcPrefix) {
        ctx.addIssue({
            code: "custom",
            path: ["availabilityZoneCidrMask"],
            input: azMask,
            message: `expected at least ${vpcPrefix} (the VPC prefix of ${v.cidrBlock})`,
        });
        return;
    }
    const blocks = 2 ** (azMask - vpcPrefix);
    if (azs.length > blocks) {
        ctx.addIssue({
            code: "custom",
            path: ["availabilityZones"],
            input: azs,
            message: `${azs.length} AZs need ${azs.length} blocks of /${azMask}, but ${v.cidrBlock} holds ${blocks}; expected at most ${blocks} AZs, or availabilityZoneCidrMask ${vpcPrefix + Math.ceil(Math.log2(azs.length))} or more (a new mask re-lays out every subnet: run npm run plan first)`,
        });
    }
}

/** `platform:network`. */
export const networkSettings = z.strictObject(shape).superRefine(layoutProblems);

/** What {@link Network} parses: the settings plus the flow logs' retention (the stack's log retention). */
export const networkArgsSettings = z.strictObject({ ...shape, flowLogRetentionDays: logRetentionDays }).superRefine(layoutProblems);

/** The settings as a caller may give them. */
export type NetworkSettingsInput = z.input<typeof networkArgsSettings>;
