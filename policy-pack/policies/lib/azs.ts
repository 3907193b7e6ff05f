/**
 * Availability zones of the subnets a resource is placed in, resolved through the resource graph. A
 * resource's subnet list holds ids (unknown on a first preview), but when each id comes from an
 * `aws:ec2/subnet:Subnet` of the stack, `propertyDependencies[<property>]` names those subnets and their
 * `availabilityZone` is an input (known at preview).
 */
import type { PolicyResource } from "@pulumi/policy";
import { get, str } from "./values";

export const SUBNET = "aws:ec2/subnet:Subnet";

/**
 * The AZ of each of the `count` subnets listed in `property` of `r`, when the graph resolves them: the
 * property depends on exactly `count` subnets, each with a known AZ. `undefined` otherwise (a subnet id that
 * is a literal, comes from a remote component such as `awsx:ec2:Vpc`, or a subnet whose AZ is unknown).
 */
export function subnetAzs(r: PolicyResource, property: string, count: number): string[] | undefined {
    const subnets = (r.propertyDependencies?.[property] ?? []).filter((d) => d.type === SUBNET);
    if (count === 0 || subnets.length !== count) return undefined;
    const azs = subnets.map((s) => str(get(s.props, "availabilityZone")) ?? str(get(s.props, "availabilityZoneId")));
    return azs.every((a): a is string => typeof a === "string") ? azs : undefined;
}

/**
 * The multi-AZ finding for `n` listed subnets (`undefined` when compliant): distinct AZs when the graph
 * resolves them, otherwise the number of subnets, said so (fewer subnets than AZs required is provable;
 * enough subnets in unresolved AZs is not provably wrong).
 */
export function multiAzProblem(subject: string, what: string, n: number, azs: string[] | undefined, min: number): string | undefined {
    if (azs) {
        const distinct = [...new Set(azs)].sort();
        return distinct.length < min
            ? `${subject} ${what} span ${distinct.length} AZ(s) (${distinct.join(", ")}); expected at least ${min}.`
            : undefined;
    }
    return n < min
        ? `${subject} ${what}: ${n} subnet(s), AZs not resolvable through the graph (subnets counted); expected at least ${min} in distinct AZs.`
        : undefined;
}
