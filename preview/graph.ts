/**
 * Reading the recorded resource graph: which region a resource lives in, which architecture
 * node (docs/DESIGN.md §1) it belongs to, and how regional stacks are told apart. Shared by the
 * architecture diagram and the resilience report.
 */
import type { ResourceRecord, StackRecord } from "../simulation/evaluate";

/** The nodes of the architecture diagram of docs/DESIGN.md §1. */
export type ArchitectureNode =
    | "cloudfront"
    | "cloudfrontWaf"
    | "route53"
    | "acm"
    | "waf"
    | "alb"
    | "ecs"
    | "s3"
    | "athena"
    | "cloudwatch"
    | "sns"
    | "xray"
    | "vpc"
    | "iam"
    | "kms"
    | "fis";

/** Display names of the nodes. */
export const NODE_LABELS: Readonly<Record<ArchitectureNode, string>> = {
    cloudfront: "CloudFront",
    cloudfrontWaf: "WAF (CLOUDFRONT)",
    route53: "Route 53",
    acm: "ACM",
    waf: "WAF (REGIONAL)",
    alb: "ALB",
    ecs: "ECS Fargate",
    s3: "S3",
    athena: "Athena + Glue",
    cloudwatch: "CloudWatch",
    sns: "SNS",
    xray: "X-Ray",
    vpc: "VPC",
    iam: "IAM",
    kms: "KMS",
    fis: "FIS drills",
};

const BY_SERVICE: ReadonlyArray<[RegExp, ArchitectureNode]> = [
    [/^aws:cloudfront\//, "cloudfront"],
    [/^aws:route53\//, "route53"],
    [/^aws:acm\//, "acm"],
    [/^aws:lb\//, "alb"],
    [/^aws:(ecs|appautoscaling)\//, "ecs"],
    [/^aws:s3\//, "s3"],
    [/^aws:(athena|glue)\//, "athena"],
    [/^aws:cloudwatch\//, "cloudwatch"],
    [/^aws:sns\//, "sns"],
    [/^aws:xray\//, "xray"],
    [/^(awsx:ec2:Vpc|aws:ec2\/|aws:vpc\/)/, "vpc"],
    [/^aws:iam\//, "iam"],
    [/^aws:kms\//, "kms"],
    [/^aws:fis\//, "fis"],
];

/** The resources that stand for real cloud objects (no providers, components, references). */
export function cloudResources(record: StackRecord): ResourceRecord[] {
    return record.resources.filter((r) => (r.custom || r.type === "awsx:ec2:Vpc") && !r.type.startsWith("pulumi:"));
}

/** Index of a stack's resources by URN. */
export function byUrn(record: StackRecord): Map<string, ResourceRecord> {
    return new Map(record.resources.map((r) => [r.urn, r]));
}

/** The architecture node of `resource`, following WAF scope and log groups to their owner. */
export function nodeOf(resource: ResourceRecord, record: StackRecord): ArchitectureNode | undefined {
    if (resource.type.startsWith("aws:wafv2/")) return wafScope(resource, record) === "CLOUDFRONT" ? "cloudfrontWaf" : "waf";
    for (const [pattern, node] of BY_SERVICE) if (pattern.test(resource.type)) return node;
    return undefined;
}

function wafScope(resource: ResourceRecord, record: StackRecord): string | undefined {
    if (resource.type === "aws:wafv2/webAcl:WebAcl") return String(resource.inputs["scope"]);
    const index = byUrn(record);
    for (const dep of resource.dependencies) {
        const d = index.get(dep);
        if (d?.type === "aws:wafv2/webAcl:WebAcl") return String(d.inputs["scope"]);
    }
    return record.resources.some((r) => r.type === "aws:wafv2/webAcl:WebAcl" && r.inputs["scope"] === "CLOUDFRONT")
        ? "CLOUDFRONT"
        : "REGIONAL";
}

/** Region of a resource: its own `region` input, else its provider's. */
export function regionOfResource(resource: ResourceRecord, record: StackRecord, index = byUrn(record)): string | undefined {
    if (typeof resource.inputs["region"] === "string") return resource.inputs["region"] as string;
    if (!resource.provider) return undefined;
    const providerUrn = resource.provider.slice(0, resource.provider.lastIndexOf("::"));
    const provider = index.get(providerUrn);
    return typeof provider?.inputs["region"] === "string" ? (provider.inputs["region"] as string) : undefined;
}

/** True for a regional stack's record (it exports the regional contract's `region`). */
export function isRegional(record: StackRecord): boolean {
    return record.config["platform:role"] === "regional";
}

/**
 * A regional record's failover priority (1 = primary): its position in a global record's
 * `platform:regionalStacks`, the one source of priority; undefined when no global stack lists it.
 */
export function priorityOf(record: StackRecord, records: readonly StackRecord[]): number | undefined {
    for (const g of records.filter((r) => r.config["platform:role"] === "global")) {
        let listed: unknown;
        try {
            listed = JSON.parse(g.config["platform:regionalStacks"] ?? "[]");
        } catch {
            continue;
        }
        const i = Array.isArray(listed) ? listed.findIndex((name) => String(name).split("/").pop() === record.stack) : -1;
        if (i >= 0) return i + 1;
    }
    return undefined;
}

/** The regional records, ordered by failover priority (unlisted ones last, by stack name). */
export function regionalRecords(records: readonly StackRecord[]): StackRecord[] {
    const rank = (r: StackRecord) => priorityOf(r, records) ?? Number.MAX_SAFE_INTEGER;
    return records.filter(isRegional).sort((a, b) => rank(a) - rank(b) || a.stack.localeCompare(b.stack));
}

/** The region a regional record serves. */
export function regionOfStack(record: StackRecord): string {
    return String(record.outputs["region"] ?? record.config["platform:region"]);
}

/** The regional record whose contract output `key` equals `value`. */
export function regionWhere(records: readonly StackRecord[], key: string, value: unknown): StackRecord | undefined {
    return regionalRecords(records).find((r) => r.outputs[key] !== undefined && r.outputs[key] === value);
}
