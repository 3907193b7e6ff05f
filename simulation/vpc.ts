/**
 * The simulated `awsx:ec2:Vpc` remote component.
 *
 * Under the mock runtime awsx's VPC is one opaque resource: no children are registered and
 * every output is whatever the mock returns. This returns outputs consistent with the args
 * (one public and one private subnet per AZ carved from the VPC CIDR, one route table per
 * subnet, NAT gateways per the strategy), so that components built on it see realistic ids.
 */
import { IPv4, IPv4CidrRange } from "ip-num";
import { hex } from "./ids";
import type { ModelContext } from "./models";

interface SubnetSpec {
    type: "Public" | "Private" | "Isolated" | "Unused";
    name?: string;
    cidrMask?: number;
}

/** The id of the route table awsx creates for a subnet (one per subnet). */
export function routeTableIdOf(subnetId: string): string {
    return `rtb-${hex(`${subnetId}/rt`, 17)}`;
}

/**
 * The layout awsx's "Auto" strategy gives (pulumi-awsx awsx/ec2/subnetDistributorNew.ts): AZ
 * number k (from 0) owns the k-th aligned block of `/availabilityZoneCidrMask` (default: the VPC
 * prefix plus ceil(log2(AZ count)), so the blocks depend on the AZ count unless the mask is
 * pinned); inside it the specs follow in order, each `/cidrMask` (default: the AZ mask plus
 * ceil(log2(spec count))), aligned after the previous one.
 * @throws Error when a subnet falls outside the VPC block (AWS refuses such a subnet; awsx does not check)
 */
export function autoSubnetLayout(
    cidrBlock: string,
    azCount: number,
    specs: readonly SubnetSpec[],
    availabilityZoneCidrMask?: number,
): string[][] {
    const vpc = IPv4CidrRange.fromCidr(cidrBlock);
    const vpcPrefix = Number(vpc.getPrefix().getValue());
    const vpcStart = vpc.getFirst().getValue();
    const vpcEnd = vpc.getLast().getValue();
    const azMask = availabilityZoneCidrMask ?? vpcPrefix + Math.ceil(Math.log2(Math.max(azCount, 1)));
    const defaultMask = azMask + Math.ceil(Math.log2(Math.max(specs.length, 1)));
    const size = (mask: number) => 2n ** BigInt(32 - mask);
    return Array.from({ length: azCount }, (_, k) => {
        let next = vpcStart + BigInt(k) * size(azMask);
        return specs.map((spec) => {
            const mask = spec.cidrMask ?? defaultMask;
            const start = ((next + size(mask) - 1n) / size(mask)) * size(mask);
            next = start + size(mask);
            const cidr = `${IPv4.fromNumber(start).toString()}/${mask}`;
            if (start < vpcStart || start + size(mask) - 1n > vpcEnd) {
                throw new Error(
                    `simulated cloud: subnet ${cidr} (AZ ${k + 1}) lies outside the VPC ${cidrBlock}: EC2 CreateSubnet refuses it`,
                );
            }
            return cidr;
        });
    });
}

/** Outputs of `awsx.ec2.Vpc` for the given args. */
export function simulateVpc(ctx: ModelContext): Record<string, unknown> {
    const cidrBlock = String(ctx.inputs["cidrBlock"] ?? "10.0.0.0/16");
    const azs: string[] =
        (ctx.inputs["availabilityZoneNames"] as string[] | undefined) ??
        ["a", "b", "c"].slice(0, Number(ctx.inputs["numberOfAvailabilityZones"] ?? 3)).map((l) => `${ctx.region}${l}`);
    const specs: SubnetSpec[] = (ctx.inputs["subnetSpecs"] as SubnetSpec[] | undefined) ?? [{ type: "Public" }, { type: "Private" }];
    const strategy = String((ctx.inputs["natGateways"] as { strategy?: string } | undefined)?.strategy ?? "OnePerAz");
    const azMask = ctx.inputs["availabilityZoneCidrMask"] as number | undefined;

    const vpcId = `vpc-${hex(ctx.seed, 17)}`;
    const layout = autoSubnetLayout(cidrBlock, azs.length, specs, azMask);

    const subnets: Record<string, unknown>[] = [];
    const routeTables: Record<string, unknown>[] = [];
    const byType: Record<string, string[]> = { Public: [], Private: [], Isolated: [] };
    // awsx names subnets by AZ position (1-based), so appending an AZ keeps every existing name.
    azs.forEach((az, k) => {
        specs.forEach((spec, j) => {
            const subnetName = `${ctx.name}-${(spec.name ?? spec.type).toLowerCase()}-${k + 1}`;
            const id = `subnet-${hex(`${ctx.seed}/${subnetName}`, 17)}`;
            const rtb = routeTableIdOf(id);
            subnets.push({
                id,
                name: subnetName,
                vpcId,
                availabilityZone: az,
                cidrBlock: layout[k]![j]!,
                mapPublicIpOnLaunch: spec.type === "Public",
                tags: { Name: subnetName, SubnetType: spec.type },
            });
            routeTables.push({ id: rtb, vpcId, subnetId: id, tags: { Name: subnetName } });
            byType[spec.type]?.push(id);
        });
    });
    const publicSubnets = subnets.filter((s) => (s["tags"] as { SubnetType: string }).SubnetType === "Public");
    const natAzs = strategy === "OnePerAz" ? publicSubnets : strategy === "Single" ? publicSubnets.slice(0, 1) : [];
    const natGateways = natAzs.map((s, i) => ({
        id: `nat-${hex(`${s["id"]}/nat`, 17)}`,
        name: `${ctx.name}-${i + 1}`,
        subnetId: s["id"],
        allocationId: `eipalloc-${hex(`${s["id"]}/eip`, 17)}`,
        connectivityType: "public",
    }));
    return {
        vpcId,
        vpc: {
            id: vpcId,
            arn: `arn:aws:ec2:${ctx.region}:${ctx.account}:vpc/${vpcId}`,
            cidrBlock,
            enableDnsHostnames: true,
            enableDnsSupport: true,
        },
        subnets,
        publicSubnetIds: byType["Public"],
        privateSubnetIds: byType["Private"],
        isolatedSubnetIds: byType["Isolated"],
        natGateways,
        eips: natGateways.map((n) => ({ id: n.allocationId, publicIp: `203.0.113.${parseInt(hex(n.id, 2), 16) % 250}` })),
        internetGateway: { id: `igw-${hex(`${ctx.seed}/igw`, 17)}` },
        routeTables,
        routes: [],
        vpcEndpoints: [],
        subnetLayout: specs.map((s) => ({ type: s.type, name: s.name ?? s.type.toLowerCase() })),
    };
}
