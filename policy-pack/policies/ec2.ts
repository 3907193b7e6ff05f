/** EC2/VPC controls and the multi-AZ network reliability rule. */
import type { PolicyResource } from "@pulumi/policy";
import { SUBNET } from "./lib/azs";
import { resourcePolicy, stackPolicy } from "./lib/define";
import { statements } from "./lib/documents";
import { Graph } from "./lib/graph";
import { allowsEveryone, everyoneReason, statementLabel } from "./lib/principals";
import { UNKNOWN, get, isSet, list, num, str, strings } from "./lib/values";

export const AWSX_VPC = "awsx:ec2:Vpc";
export const VPC = "aws:ec2/vpc:Vpc";
const NAT = "aws:ec2/natGateway:NatGateway";

const DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
/** Rules managed as their own resources, each attached to one group through `securityGroupId`. */
const RULE_RESOURCES = [
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
];

/**
 * The default group a rule resource is attached to, as a label for messages, else `undefined`: through the
 * graph, a `securityGroupId` that comes from a DefaultSecurityGroup, or from a VPC (its only group id output is
 * `defaultSecurityGroupId`; awsx's Vpc creates no security group) with no security group among the
 * dependencies; without a graph link, a known id equal to a default group's known id.
 */
function defaultGroupOf(rule: PolicyResource, graph: Graph): string | undefined {
    const deps = rule.propertyDependencies?.["securityGroupId"] ?? [];
    const dsg = deps.find((d) => d.type === DEFAULT_SG);
    if (dsg) return `default security group "${dsg.name}"`;
    const vpc = deps.find((d) => d.type === VPC || d.type === AWSX_VPC);
    if (vpc && !deps.some((d) => d.type === SECURITY_GROUP)) return `the default security group of VPC "${vpc.name}"`;
    if (deps.length > 0) return undefined;
    const id = str(get(rule.props, "securityGroupId"));
    if (typeof id !== "string") return undefined;
    const byId = graph.ofType(DEFAULT_SG).find((d) => str(get(d.props, "id")) === id);
    if (byId) return `default security group "${byId.name}"`;
    const byVpc = graph.ofType(VPC).find((v) => str(get(v.props, "defaultSecurityGroupId")) === id);
    return byVpc ? `the default security group of VPC "${byVpc.name}"` : undefined;
}

export const ec2DefaultSecurityGroupNoRules = stackPolicy({
    name: "ec2-default-security-group-no-rules",
    description:
        "EC2.2: the VPC default security group has no ingress or egress rules: every VPC adopts it as a DefaultSecurityGroup with none inline, and no rule resource (SecurityGroupIngressRule/EgressRule, SecurityGroupRule) is attached to it.",
    controls: ["EC2.2"],
    enforcementLevel: "mandatory",
    module: __filename,
    validate: ({ graph, report }) => {
        for (const g of graph.ofType(DEFAULT_SG)) {
            for (const k of ["ingress", "egress"]) {
                const l = list(get(g.props, k));
                if (l !== UNKNOWN && l && l.length > 0)
                    report(`Default security group has ${l.length} ${k} rule(s); expected none.`, g.urn);
            }
        }
        for (const r of graph.ofType(...RULE_RESOURCES)) {
            const target = defaultGroupOf(r, graph);
            if (target) report(`${r.type.split(":").pop()} "${r.name}" adds a rule to ${target}; expected none (EC2.2).`, r.urn);
        }
        // VPC User Guide, "Default security groups for your VPCs": every VPC gets one that allows inbound traffic
        // from itself and all outbound traffic; only adopting it (DefaultSecurityGroup) removes those rules. An
        // awsx Vpc whose children are not visible (mocks) stands for its VPC, as for flow logs.
        const vpcs = [...graph.ofType(VPC), ...graph.ofType(AWSX_VPC).filter((c) => graph.descendants(c, [VPC]).length === 0)];
        for (const v of vpcs) {
            const { found, unattributed } = graph.companionsOf(v, [DEFAULT_SG], "vpcId", [VPC, AWSX_VPC], true);
            if (found.length === 0 && !unattributed)
                report(
                    `VPC "${v.name}" has no DefaultSecurityGroup, so its default security group keeps the rules AWS creates (inbound from itself, all outbound); declare an aws.ec2.DefaultSecurityGroup with no ingress or egress.`,
                    v.urn,
                );
        }
    },
});

export const ec2VpcFlowLogsEnabled = stackPolicy({
    name: "ec2-vpc-flow-logs-enabled",
    description: "EC2.6: every VPC has a flow log.",
    controls: ["EC2.6"],
    enforcementLevel: "mandatory",
    module: __filename,
    validate: ({ graph, report }) => {
        const vpcs = graph.ofType(VPC);
        // An awsx Vpc whose children are not visible (mocks) stands for its VPC.
        const judged = [...vpcs, ...graph.ofType(AWSX_VPC).filter((c) => graph.descendants(c, [VPC]).length === 0)];
        for (const v of judged) {
            const { found, unattributed } = graph.companionsOf(v, ["aws:ec2/flowLog:FlowLog"], "vpcId", [VPC, AWSX_VPC], true);
            if (found.length === 0 && !unattributed) report(`VPC "${v.name}" has no flow log.`, v.urn);
        }
    },
});

/** One ingress rule, normalised from the three ways to write them. */
interface Ingress {
    label: string;
    protocol: unknown;
    from: unknown;
    to: unknown;
    /** Known CIDRs; `UNKNOWN` entries stand for CIDRs (or lists) not known at preview. */
    cidrs: unknown[];
}

/** A CIDR list field: its known entries, or one `UNKNOWN` when the list itself is unknown. */
const cidrList = (v: unknown): unknown[] => {
    const l = strings(v);
    return l === UNKNOWN ? [UNKNOWN] : (l ?? []);
};

/**
 * The ingress rules of a security group resource, one per rule: a rule with unknown CIDRs stays a rule (it
 * is judged on what is known), so it never hides a known bad rule next to it. `UNKNOWN` only when the
 * group's whole `ingress` list is unknown.
 */
function ingressRules(type: string, props: Record<string, unknown>): Ingress[] | typeof UNKNOWN {
    if (type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
        return [
            {
                label: "Ingress rule",
                protocol: str(get(props, "ipProtocol")),
                from: num(get(props, "fromPort")),
                to: num(get(props, "toPort")),
                cidrs: [str(get(props, "cidrIpv4")), str(get(props, "cidrIpv6"))],
            },
        ];
    }
    if (type === "aws:ec2/securityGroupRule:SecurityGroupRule") {
        if (str(get(props, "type")) !== "ingress") return [];
        const cidrs = [...cidrList(get(props, "cidrBlocks")), ...cidrList(get(props, "ipv6CidrBlocks"))];
        return [
            {
                label: "Ingress rule",
                protocol: str(get(props, "protocol")),
                from: num(get(props, "fromPort")),
                to: num(get(props, "toPort")),
                cidrs,
            },
        ];
    }
    const l = list(get(props, "ingress"));
    if (l === UNKNOWN) return UNKNOWN;
    return (l ?? []).map((r, i) => ({
        label: `ingress[${i}]`,
        protocol: str(get(r, "protocol")),
        from: num(get(r, "fromPort")),
        to: num(get(r, "toPort")),
        cidrs: [...cidrList(get(r, "cidrBlocks")), ...cidrList(get(r, "ipv6CidrBlocks"))],
    }));
}

/**
 * The protocols EC2.18/EC2.19 judge: TCP and UDP (their AWS Config rules evaluate TCP and UDP ports) and
 * "all" (which includes them). ICMP and other protocols have no ports: out of these controls' scope.
 */
function portProtocol(p: unknown): "TCP" | "UDP" | "all" | "other" | typeof UNKNOWN | undefined {
    if (p === UNKNOWN || p === undefined) return p;
    switch (String(p).toLowerCase()) {
        case "-1":
        case "all":
            return "all";
        case "tcp":
        case "6":
            return "TCP";
        case "udp":
        case "17":
            return "UDP";
        default:
            return "other";
    }
}

const HIGH_RISK_PORTS = [
    20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300,
];

export const ec2SecurityGroupRestrictedIngress = resourcePolicy<{ authorizedPublicPorts: number[]; authorizedPublicUdpPorts: number[] }>({
    name: "ec2-security-group-restricted-ingress",
    description:
        "EC2.18, EC2.19: security groups allow 0.0.0.0/0 or ::/0 ingress only on authorized TCP (80, 443) and UDP (none) ports, never on high-risk ports; judged per rule; ICMP has no ports and is out of these controls' scope.",
    controls: ["EC2.18", "EC2.19"],
    enforcementLevel: "mandatory",
    types: [
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        "aws:ec2/securityGroupRule:SecurityGroupRule",
    ],
    config: {
        authorizedPublicPorts: {
            type: "array",
            items: { type: "integer", minimum: 0, maximum: 65535 },
            default: [80, 443],
            description: "TCP ports that may be open to 0.0.0.0/0 or ::/0 (FSBP authorizedTcpPorts).",
        },
        authorizedPublicUdpPorts: {
            type: "array",
            items: { type: "integer", minimum: 0, maximum: 65535 },
            default: [],
            description: "UDP ports that may be open to 0.0.0.0/0 or ::/0 (FSBP authorizedUdpPorts).",
        },
    },
    module: __filename,
    validate: ({ type, props, report, config }) => {
        const rules = ingressRules(type, props);
        if (rules === UNKNOWN) return;
        for (const r of rules) {
            // Open only when a known CIDR is 0.0.0.0/0 or ::/0: an unknown CIDR proves nothing.
            const open = r.cidrs.filter((c) => c === "0.0.0.0/0" || c === "::/0");
            const protocol = portProtocol(r.protocol);
            if (open.length === 0 || protocol === UNKNOWN || protocol === undefined || protocol === "other") continue;
            if (r.from === UNKNOWN || r.to === UNKNOWN) continue;
            const from = protocol === "all" ? 0 : typeof r.from === "number" ? r.from : 0;
            const to = protocol === "all" ? 65535 : typeof r.to === "number" ? r.to : 65535;
            const what =
                protocol === "all"
                    ? "all protocols and ports"
                    : from === to
                      ? `${protocol} port ${from}`
                      : `${protocol} ports ${from}-${to}`;
            const to0 = open.join(", ");
            const risky = HIGH_RISK_PORTS.filter((p) => p >= from && p <= to);
            if (risky.length) {
                report(`${r.label} opens ${what} to ${to0}, including high-risk port(s) ${risky.join(", ")} (EC2.19).`);
                continue;
            }
            const allowed = protocol === "UDP" ? config.authorizedPublicUdpPorts : config.authorizedPublicPorts;
            if (protocol !== "all" && from === to && allowed.includes(from)) continue;
            const kind = protocol === "UDP" ? "UDP" : "TCP";
            const may = allowed.length ? `only ${kind} ${allowed.join(", ")} may be public` : `no ${kind} port may be public`;
            report(`${r.label} opens ${what} to ${to0}; ${may} (EC2.18).`);
        }
    },
});

export const vpcMultiAz = resourcePolicy<{ minAvailabilityZones: number }>({
    name: "vpc-multi-az",
    description:
        "Multi-AZ network (mission rule): an awsx Vpc spans at least minAvailabilityZones AZs with one NAT gateway per AZ (judged from its args).",
    controls: ["REL.MultiAZNetwork", "MISSION.MultiAZ"],
    enforcementLevel: "mandatory",
    types: [AWSX_VPC],
    config: { minAvailabilityZones: { type: "integer", minimum: 1, default: 2 } },
    module: __filename,
    validate: ({ props, report, config }) => {
        // awsx: explicit names win; otherwise numberOfAvailabilityZones, default 3. An unknown name could be any
        // zone (two unknowns are not one zone), so the count is judged only when every name is known.
        const names = list(get(props, "availabilityZoneNames"));
        const n =
            names === UNKNOWN || names?.some((z) => typeof z !== "string")
                ? UNKNOWN
                : names
                  ? new Set(names).size
                  : (num(get(props, "numberOfAvailabilityZones")) ?? 3);
        if (n !== UNKNOWN && n < config.minAvailabilityZones)
            report(`VPC spans ${n} AZ(s); expected at least ${config.minAvailabilityZones}.`);
        // awsx default strategy is OnePerAz.
        const strategy = str(get(props, "natGateways", "strategy"));
        if (typeof strategy === "string" && strategy !== "OnePerAz") report(`natGateways.strategy is "${strategy}"; expected "OnePerAz".`);
    },
});

/** The VPC a subnet belongs to: its `vpcId` dependency, else the nearest awsx Vpc ancestor. */
function vpcOf(s: PolicyResource): PolicyResource | undefined {
    const t = Graph.targets(s, "vpcId", [VPC, AWSX_VPC]);
    if (t && t.length === 1) {
        const v = t[0]!;
        for (let p: PolicyResource | undefined = v; p; p = p.parent) if (p.type === AWSX_VPC) return p;
        return v;
    }
    for (let p = s.parent; p; p = p.parent) if (p.type === AWSX_VPC) return p;
    return undefined;
}

/** The subnets of one VPC, by what the NAT rule needs. */
interface SubnetGroup {
    azs: Set<string>;
    unknownAz: boolean;
    /** AZs of the subnets awsx tags `SubnetType: Private` (they reach the internet through a NAT gateway). */
    privateAzs: Set<string>;
    privateCount: number;
    privateUnknownAz: boolean;
    natAzs: Set<string>;
    natUnknownAz: boolean;
    nats: number;
}

export const vpcSubnetsMultiAz = stackPolicy<{ minAvailabilityZones: number }>({
    name: "vpc-subnets-multi-az",
    description:
        "Multi-AZ network (mission rule): when a VPC's subnets are visible they span at least minAvailabilityZones AZs, and private subnets (awsx SubnetType Private) have a NAT gateway in each of their AZs.",
    controls: ["REL.MultiAZNetwork", "MISSION.MultiAZ"],
    enforcementLevel: "mandatory",
    config: { minAvailabilityZones: { type: "integer", minimum: 1, default: 2 } },
    module: __filename,
    validate: ({ graph, report, config }) => {
        const groups = new Map<PolicyResource, SubnetGroup>();
        const azOfSubnet = new Map<PolicyResource, unknown>();
        for (const s of graph.ofType(SUBNET)) {
            const v = vpcOf(s);
            if (!v) continue;
            let g = groups.get(v);
            if (!g) {
                g = {
                    azs: new Set(),
                    unknownAz: false,
                    privateAzs: new Set(),
                    privateCount: 0,
                    privateUnknownAz: false,
                    natAzs: new Set(),
                    natUnknownAz: false,
                    nats: 0,
                };
                groups.set(v, g);
            }
            const az = str(get(s.props, "availabilityZone")) ?? str(get(s.props, "availabilityZoneId"));
            azOfSubnet.set(s, az);
            if (typeof az === "string") g.azs.add(az);
            else g.unknownAz = true;
            const type = str(get(s.props, "tags", "SubnetType"));
            if (typeof type === "string" && type.toLowerCase() === "private") {
                g.privateCount++;
                if (typeof az === "string") g.privateAzs.add(az);
                else g.privateUnknownAz = true;
            }
        }
        // A NAT gateway the graph cannot place in a VPC may be any VPC's: "no NAT gateway" is then unprovable.
        let unplacedNats = false;
        for (const n of graph.ofType(NAT)) {
            const s = Graph.targets(n, "subnetId", [SUBNET])?.[0] ?? (n.parent?.type === SUBNET ? n.parent : undefined);
            const v = s && vpcOf(s);
            const g = v && groups.get(v);
            if (!s || !g) {
                unplacedNats = true;
                continue;
            }
            g.nats++;
            const az = azOfSubnet.get(s);
            if (typeof az === "string") g.natAzs.add(az);
            else g.natUnknownAz = true;
        }
        for (const [v, g] of groups) {
            if (!g.unknownAz && g.azs.size < config.minAvailabilityZones) {
                report(
                    `VPC "${v.name}" subnets span ${g.azs.size} AZ(s) (${[...g.azs].sort().join(", ")}); expected at least ${config.minAvailabilityZones}.`,
                    v.urn,
                );
            }
            if (g.nats === 0) {
                if (g.privateCount > 0 && !unplacedNats)
                    report(`VPC "${v.name}" has private subnets but no NAT gateway; expected one per AZ.`, v.urn);
                continue;
            }
            // The AZs that need a NAT gateway: those of the private subnets (all AZs when no subnet says its type).
            const needed = g.privateCount > 0 ? g.privateAzs : g.azs;
            if (g.natUnknownAz || (g.privateCount > 0 ? g.privateUnknownAz : g.unknownAz)) continue;
            const missing = [...needed].filter((a) => !g.natAzs.has(a)).sort();
            if (missing.length) report(`VPC "${v.name}" has no NAT gateway in ${missing.join(", ")}; expected one per AZ.`, v.urn);
        }
    },
});

const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
/**
 * Endpoint types that take a policy (AWS PrivateLink Guide, "Control access to VPC endpoints using endpoint
 * policies"): Gateway (the default of `vpcEndpointType`) and Interface; Gateway Load Balancer, resource and
 * service-network endpoints take none.
 */
const POLICY_ENDPOINT_TYPES = ["Gateway", "Interface"];

/** An action pattern that grants every action (`*`) or every action of one service (`s3:*`). */
const everyAction = (a: string): boolean => a === "*" || /^[a-z0-9-]+:\*$/i.test(a);

export const ec2VpcEndpointPolicyRestricted = resourcePolicy({
    name: "ec2-vpc-endpoint-policy-restricted",
    description:
        'Hardening: every VPC endpoint that takes a policy has one (without, AWS applies full access), and no statement allows every action ("*" or "<service>:*") on Resource "*" to Principal "*" without a condition restricting the caller.',
    controls: ["SEC.VPCEndpointPolicyScoped"],
    enforcementLevel: "mandatory",
    types: [VPC_ENDPOINT],
    module: __filename,
    validate: ({ props, report }) => {
        const type = str(get(props, "vpcEndpointType")) ?? "Gateway";
        if (type === UNKNOWN || !POLICY_ENDPOINT_TYPES.includes(type)) return;
        const policy = get(props, "policy");
        if (policy === UNKNOWN) return;
        // "If you do not attach a policy when you create an endpoint, we attach a default policy for you that allows
        // full access to the service" (PrivateLink Guide, endpoint policies).
        if (!isSet(policy))
            return report(
                'VPC endpoint has no policy, so AWS applies the default one: full access ("*" on "*") for every principal; scope it to the resources the VPC needs.',
            );
        const sts = statements(policy);
        if (sts === UNKNOWN || !sts) return;
        sts.forEach((st, i) => {
            const how = allowsEveryone(st);
            if (how !== "unconditional" && how !== "unrestricted") return;
            if (st.actions === UNKNOWN || st.resources === UNKNOWN || !st.actions || !st.resources) return;
            const action = st.actions.find((a): a is string => typeof a === "string" && everyAction(a));
            if (action === undefined || !st.resources.includes("*")) return;
            report(`Statement ${statementLabel(st, i)} allows Action "${action}" on Resource "*" to Principal "*" ${everyoneReason(how)}.`);
        });
    },
});

export const ec2Policies = [
    ec2DefaultSecurityGroupNoRules,
    ec2VpcFlowLogsEnabled,
    ec2SecurityGroupRestrictedIngress,
    vpcMultiAz,
    vpcSubnetsMultiAz,
    ec2VpcEndpointPolicyRestricted,
];
