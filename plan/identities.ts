/**
 * Physical identities: what AWS keys a resource by, so that the plan can tell when a create
 * meets a resource that still exists (docs/DESIGN.md §6). Two resources with the same scope
 * and value are one thing to AWS; subnets also collide when their CIDR blocks overlap.
 *
 * Sources, per type:
 * - Route 53 record: zone, name, type and set identifier (API_ChangeResourceRecordSets: a CREATE of
 *   an existing record fails); routing policies are checked separately (`route53RoutingKind`).
 * - Route: one destination per route table (EC2 CreateRoute: `RouteAlreadyExists`).
 * - VPC peering: "You cannot have more than one VPC peering connection between the same two VPCs
 *   at the same time" (VPC Peering Guide, peering limitations).
 * - Bucket replication: one replication configuration per bucket (PutBucketReplication replaces it).
 * - Listener: one per load balancer port (ELB CreateListener: `DuplicateListener`).
 * - Listener rule: priorities are unique per listener (`PriorityInUse`).
 * - WAF association: one web ACL per resource (AssociateWebACL replaces the association).
 * - Security group rules: one rule per group, protocol, port range and source
 *   (AuthorizeSecurityGroupIngress: `InvalidPermission.Duplicate`).
 * - Subnets: CIDR blocks of one VPC may not overlap (CreateSubnet: `InvalidSubnet.Conflict`).
 * - Explicitly named resources: the name is unique in the account (and region, for regional
 *   services); an auto-named resource gets a fresh suffix and never collides.
 */
import { cidrsOverlap } from "../components/network/settings";
import type { PlanResource } from "./model";

/** One identity of a resource. */
export interface PhysicalIdentity {
    /** What kind of thing and where (`route53-record`, `route:<table>`, `name:aws:iam/role:Role`). */
    readonly scope: string;
    readonly value: string;
    /** Subnets: the block, compared by overlap. */
    readonly cidr?: string;
}

type Inputs = Record<string, unknown>;
const str = (v: unknown): string => (v === undefined || v === null ? "" : String(v));
/** DNS names compare case-insensitively and without the trailing dot. */
const dnsName = (v: unknown): string => str(v).toLowerCase().replace(/\.$/, "");

/** The routing policy of a Route 53 record, or `simple`. */
export function route53RoutingKind(inputs: Inputs): string {
    const kinds: [string, string][] = [
        ["failoverRoutingPolicies", "failover"],
        ["latencyRoutingPolicies", "latency"],
        ["weightedRoutingPolicies", "weighted"],
        ["geolocationRoutingPolicies", "geolocation"],
        ["geoproximityRoutingPolicy", "geoproximity"],
        ["cidrRoutingPolicy", "cidr"],
    ];
    for (const [key, kind] of kinds) {
        const v = inputs[key];
        if (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null) return kind;
    }
    return inputs["multivalueAnswerRoutingPolicy"] === true ? "multivalue" : "simple";
}

/** The record set a Route 53 record belongs to: zone, name and type. */
export function route53RecordSet(inputs: Inputs): string {
    return `${str(inputs["zoneId"])}|${dnsName(inputs["name"])}|${str(inputs["type"]).toUpperCase()}`;
}

function sgRule(direction: string, i: Inputs): PhysicalIdentity[] {
    const source = i["cidrIpv4"] ?? i["cidrIpv6"] ?? i["prefixListId"] ?? i["referencedSecurityGroupId"];
    return [
        {
            scope: `sg-rule:${str(i["securityGroupId"])}`,
            value: [direction, str(i["ipProtocol"]), str(i["fromPort"]), str(i["toPort"]), str(source)].join("|"),
        },
    ];
}

const IDENTITIES: Readonly<Record<string, (i: Inputs) => PhysicalIdentity[]>> = {
    "aws:route53/record:Record": (i) => [{ scope: "route53-record", value: `${route53RecordSet(i)}|${str(i["setIdentifier"])}` }],
    "aws:ec2/route:Route": (i) => [
        {
            scope: `route:${str(i["routeTableId"])}`,
            value: str(i["destinationCidrBlock"] ?? i["destinationIpv6CidrBlock"] ?? i["destinationPrefixListId"]),
        },
    ],
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": (i) => [
        { scope: "vpc-peering", value: [str(i["vpcId"]), str(i["peerVpcId"])].sort().join("|") },
    ],
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": (i) => [{ scope: "s3-replication", value: str(i["bucket"]) }],
    "aws:lb/listener:Listener": (i) => [{ scope: `listener:${str(i["loadBalancerArn"])}`, value: str(i["port"]) }],
    "aws:lb/listenerRule:ListenerRule": (i) =>
        i["priority"] === undefined ? [] : [{ scope: `listener-rule:${str(i["listenerArn"])}`, value: str(i["priority"]) }],
    "aws:wafv2/webAclAssociation:WebAclAssociation": (i) => [{ scope: "waf-association", value: str(i["resourceArn"]) }],
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": (i) => [{ scope: "waf-logging", value: str(i["resourceArn"]) }],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (i) => sgRule("ingress", i),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (i) => sgRule("egress", i),
    "aws:ec2/securityGroupRule:SecurityGroupRule": (i) => {
        const sources = [
            ...((i["cidrBlocks"] as unknown[]) ?? []),
            ...((i["ipv6CidrBlocks"] as unknown[]) ?? []),
            ...((i["prefixListIds"] as unknown[]) ?? []),
        ];
        const all = sources.length > 0 ? sources : [i["sourceSecurityGroupId"] ?? (i["self"] ? "self" : "")];
        return all.map((s) => ({
            scope: `sg-rule:${str(i["securityGroupId"])}`,
            value: [str(i["type"]), str(i["protocol"]), str(i["fromPort"]), str(i["toPort"]), str(s)].join("|"),
        }));
    },
    "aws:ec2/subnet:Subnet": (i) => [{ scope: `subnet:${str(i["vpcId"])}`, value: str(i["cidrBlock"]), cidr: str(i["cidrBlock"]) }],
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": (i) => [{ scope: "default-security-group", value: str(i["vpcId"]) }],
    "aws:xray/encryptionConfig:EncryptionConfig": () => [{ scope: "xray-encryption-config", value: "account" }],
};

/**
 * The input that names a resource explicitly, per type, and whether the name is global (IAM,
 * S3) rather than per region. Only these inputs are physical names; without one the provider
 * auto-names the resource.
 */
const NAMES: Readonly<Record<string, { readonly input: string; readonly global?: boolean }>> = {
    "aws:s3/bucket:Bucket": { input: "bucket", global: true },
    "aws:iam/role:Role": { input: "name", global: true },
    "aws:iam/policy:Policy": { input: "name", global: true },
    "aws:cloudwatch/logGroup:LogGroup": { input: "name" },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { input: "name" },
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": { input: "alarmName" },
    "aws:cloudwatch/dashboard:Dashboard": { input: "dashboardName", global: true },
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": { input: "name" },
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": { input: "name" },
    "aws:lb/loadBalancer:LoadBalancer": { input: "name" },
    "aws:lb/targetGroup:TargetGroup": { input: "name" },
    "aws:ecs/cluster:Cluster": { input: "name" },
    "aws:sns/topic:Topic": { input: "name" },
    "aws:synthetics/canary:Canary": { input: "name" },
    "aws:glue/catalogDatabase:CatalogDatabase": { input: "name" },
    "aws:athena/workgroup:Workgroup": { input: "name" },
    "aws:xray/group:Group": { input: "groupName" },
    "aws:xray/samplingRule:SamplingRule": { input: "ruleName" },
    "aws:wafv2/webAcl:WebAcl": { input: "name" },
};

/** The identities of `r`; `region` is its provider's region (names of regional services are per region). */
export function physicalIdentities(r: PlanResource, region: string | undefined): PhysicalIdentity[] {
    if (!r.custom) return [];
    const out = [...(IDENTITIES[r.type]?.(r.inputs) ?? [])];
    const named = NAMES[r.type];
    if (named && typeof r.inputs[named.input] === "string" && r.inputs[named.input] !== "") {
        const where = named.global ? "global" : (region ?? "");
        const scope = r.type === "aws:wafv2/webAcl:WebAcl" ? `${r.type}:${str(r.inputs["scope"])}` : r.type;
        out.push({ scope: `name:${scope}@${where}`, value: String(r.inputs[named.input]) });
    }
    if (r.type === "aws:ecs/service:Service" && typeof r.inputs["name"] === "string") {
        out.push({ scope: `ecs-service:${str(r.inputs["cluster"])}`, value: String(r.inputs["name"]) });
    }
    return out;
}

/** Whether two identities are the same thing to AWS. */
export function identitiesCollide(a: PhysicalIdentity, b: PhysicalIdentity): boolean {
    if (a.scope !== b.scope) return false;
    if (a.value === b.value) return true;
    if (a.cidr && b.cidr) {
        try {
            return cidrsOverlap(a.cidr, b.cidr);
        } catch {
            return false;
        }
    }
    return false;
}
