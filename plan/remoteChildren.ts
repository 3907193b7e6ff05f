/**
 * Children of remote components, modeled from their simulated outputs so that the plan can
 * diff what the engine would see: a remote component's children are registered by its own
 * provider, never under the mock runtime.
 *
 * `awsx:ec2:Vpc`: one `aws:ec2/subnet:Subnet` per subnet and one `aws:ec2/natGateway:NatGateway`
 * per NAT gateway, named the way awsx names them (`<vpc>-<type>-<n>`, `<vpc>-<n>`: by AZ position,
 * so appending an AZ keeps the names; pulumi-awsx awsx/ec2/vpc.ts, subnetDistributorNew.ts).
 */
import type { PlanResource } from "./model";

/** The URN the mock monitor gives a child of `parent`: the parent's own type before the child's. */
function childUrn(parent: PlanResource, type: string, name: string): string {
    const [stackPart, project, typeChain] = parent.urn.split("::");
    return `${stackPart}::${project}::${typeChain!.split("$").pop()}$${type}::${name}`;
}

function child(
    parent: PlanResource,
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    propertyDependencies: Record<string, string[]> = {},
): PlanResource {
    return {
        urn: childUrn(parent, type, name),
        type,
        name,
        custom: true,
        parent: parent.urn,
        inputs,
        outputs: {},
        dependencies: [parent.urn, ...Object.values(propertyDependencies).flat()],
        propertyDependencies,
        protect: false,
        retainOnDelete: false,
        aliases: [],
        ignoreChanges: [],
        replaceOnChanges: [],
        deleteBeforeReplace: false,
    };
}

/** The modeled children of `r` (none for anything but a remote component the plan knows). */
export function remoteChildren(r: PlanResource): PlanResource[] {
    if (r.type !== "awsx:ec2:Vpc") return [];
    const subnets = Array.isArray(r.outputs["subnets"]) ? (r.outputs["subnets"] as Record<string, unknown>[]) : [];
    const nats = Array.isArray(r.outputs["natGateways"]) ? (r.outputs["natGateways"] as Record<string, unknown>[]) : [];
    const nameOf = (s: Record<string, unknown>) =>
        String(s["name"] ?? (s["tags"] as Record<string, unknown> | undefined)?.["Name"] ?? s["id"]);
    const subnetUrn = new Map(subnets.map((s) => [String(s["id"]), childUrn(r, "aws:ec2/subnet:Subnet", nameOf(s))]));
    return [
        ...subnets.map((s) =>
            child(r, "aws:ec2/subnet:Subnet", nameOf(s), {
                vpcId: s["vpcId"],
                cidrBlock: s["cidrBlock"],
                availabilityZone: s["availabilityZone"],
            }),
        ),
        ...nats.map((n, i) =>
            child(
                r,
                "aws:ec2/natGateway:NatGateway",
                String(n["name"] ?? `${r.name}-${i + 1}`),
                { subnetId: n["subnetId"], connectivityType: n["connectivityType"] },
                subnetUrn.has(String(n["subnetId"])) ? { subnetId: [subnetUrn.get(String(n["subnetId"]))!] } : {},
            ),
        ),
    ];
}
