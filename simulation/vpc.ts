/**
 * The simulated `awsx:ec2:Vpc` remote component.
 *
 * Under the mock runtime awsx's VPC is one opaque resource: no children are registered and
 * every output is whatever the mock returns. This returns outputs consistent with the args
 * (one public and one private subnet per AZ carved from the VPC CIDR, one route table per
 * subnet, NAT gateways per the strategy), so that components built on it see realistic ids.
 */
import { IPv4CidrRange, IPv4Prefix } from "ip-num";
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

/** Outputs of `awsx.ec2.Vpc` for the given args. */
export function simulateVpc(ctx: ModelContext): Record<string, unknown> {
    const cidrBlock = String(ctx.inputs["cidrBlock"] ?? "10.0.0.0/16");
    const azs: string[] =
        (ctx.inputs["availabilityZoneNames"] as string[] | undefined) ??
        ["a", "b", "c"].slice(0, Number(ctx.inputs["numberOfAvailabilityZones"] ?? 3)).map((l) => `${ctx.region}${l}`);
    const specs: SubnetSpec[] = (ctx.inputs["subnetSpecs"] as SubnetSpec[] | undefined) ?? [{ type: "Public" }, { type: "Private" }];
    const strategy = String((ctx.inputs["natGateways"] as { strategy?: string } | undefined)?.strategy ?? "OnePerAz");

    const vpcId = `vpc-${hex(ctx.seed, 17)}`;
    const range = IPv4CidrRange.fromCidr(cidrBlock);
    const prefix = Number(range.getPrefix().getValue());
    const count = azs.length * specs.length;
    const bits = Math.ceil(Math.log2(Math.max(count, 2)));
    const subnetRanges = range.splitInto(new IPv4Prefix(BigInt(prefix + bits)));

    const subnets: Record<string, unknown>[] = [];
    const routeTables: Record<string, unknown>[] = [];
    const byType: Record<string, string[]> = { Public: [], Private: [], Isolated: [] };
    let i = 0;
    for (const spec of specs) {
        for (const az of azs) {
            const subnetName = `${ctx.name}-${(spec.name ?? spec.type).toLowerCase()}-${az.slice(-1)}`;
            const id = `subnet-${hex(`${ctx.seed}/${subnetName}`, 17)}`;
            const rtb = routeTableIdOf(id);
            subnets.push({
                id,
                vpcId,
                availabilityZone: az,
                cidrBlock: subnetRanges[i++]!.toCidrString(),
                mapPublicIpOnLaunch: spec.type === "Public",
                tags: { Name: subnetName, SubnetType: spec.type },
            });
            routeTables.push({ id: rtb, vpcId, subnetId: id, tags: { Name: subnetName } });
            byType[spec.type]?.push(id);
        }
    }
    const publicSubnets = subnets.filter((s) => (s["tags"] as { SubnetType: string }).SubnetType === "Public");
    const natAzs = strategy === "OnePerAz" ? publicSubnets : strategy === "Single" ? publicSubnets.slice(0, 1) : [];
    const natGateways = natAzs.map((s) => ({
        id: `nat-${hex(`${s["id"]}/nat`, 17)}`,
        subnetId: s["id"],
        allocationId: `eipalloc-${hex(`${s["id"]}/eip`, 17)}`,
        connectivityType: "public",
    }));
    return {
        vpcId,
        vpc: { id: vpcId, arn: `arn:aws:ec2:${ctx.region}:${ctx.account}:vpc/${vpcId}`, cidrBlock, enableDnsHostnames: true, enableDnsSupport: true },
        subnets,
        publicSubnetIds: byType["Public"],
        privateSubnetIds: byType["Private"],
        isolatedSubnetIds: byType["Isolated"],
        natGateways,
        eips: natGateways.map((n) => ({ id: n.allocationId, publicIp: `203.0.113.${parseInt(hex(n.id, 2), 16) % 250}` })),
        internetGateway: { id: `igw-${hex(ctx.seed + "/igw", 17)}` },
        routeTables,
        routes: [],
        vpcEndpoints: [],
        subnetLayout: specs.map((s) => ({ type: s.type, name: s.name ?? s.type.toLowerCase() })),
    };
}
