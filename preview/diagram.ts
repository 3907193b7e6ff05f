/**
 * `out/architecture.md`: a Mermaid flowchart generated from the recorded resource graph.
 *
 * Regions are subgraphs, architecture nodes (docs/DESIGN.md §1) carry their resource counts, and
 * an edge is drawn only when both ends were built and, for cross-region links, when the
 * resource that makes the link exists (a replication rule, a peering connection, a
 * CloudFront origin, a health check, a dashboard widget). Nothing is drawn from a template.
 */
import type { ResourceRecord, StackRecord } from "../simulation/evaluate";
import {
    type ArchitectureNode,
    byUrn,
    cloudResources,
    isRegional,
    NODE_LABELS,
    nodeOf,
    priorityOf,
    regionalRecords,
    regionOfResource,
    regionOfStack,
    regionWhere,
} from "./graph";

/** One edge of the diagram. */
export interface DiagramEdge {
    readonly from: string;
    readonly to: string;
    readonly label?: string;
    /** `-.->` for control/telemetry relations, `-->` for the request and data path. */
    readonly dotted?: boolean;
    /** `<-->` for symmetric links (peering). */
    readonly both?: boolean;
}

/** The diagram as data: nodes per group, and edges. Rendered by {@link renderMermaid}. */
export interface Diagram {
    readonly groups: { id: string; label: string; nodes: { id: string; label: string; count: number }[] }[];
    readonly edges: DiagramEdge[];
}

// Request path, telemetry and containment inside one region, drawn when both ends exist.
const REGIONAL_EDGES: ReadonlyArray<[ArchitectureNode, ArchitectureNode, string | undefined, boolean]> = [
    ["waf", "alb", undefined, false],
    ["alb", "ecs", undefined, false],
    ["ecs", "s3", undefined, false],
    ["s3", "athena", "access logs", false],
    ["alb", "cloudwatch", "metrics", true],
    ["ecs", "cloudwatch", "logs, metrics", true],
    ["cloudwatch", "sns", "alarms", true],
    ["ecs", "xray", "traces", true],
    ["alb", "vpc", "in", true],
    ["ecs", "vpc", "in", true],
    ["ecs", "iam", "assumes", true],
    ["s3", "kms", "encrypted by", true],
    ["fis", "ecs", "drills", true],
];

const nodeId = (scope: string, node: string) => `${scope.replace(/[^A-Za-z0-9]/g, "_")}_${node}`;

/** Builds the diagram from the recorded stacks. */
export function buildDiagram(records: readonly StackRecord[]): Diagram {
    const groups: Diagram["groups"] = [];
    const edges: DiagramEdge[] = [];
    const present = new Set<string>();

    const regions = regionalRecords(records);
    for (const record of regions) {
        const region = regionOfStack(record);
        const counts = countNodes(cloudResources(record), record);
        const nodes = [...counts.entries()].map(([node, count]) => {
            const id = nodeId(region, node);
            present.add(id);
            return { id, label: NODE_LABELS[node], count };
        });
        groups.push({
            id: nodeId(region, "region"),
            label: `${region} (priority ${priorityOf(record, records) ?? "none: not in regionalStacks"})`,
            nodes,
        });
        for (const [from, to, label, dotted] of REGIONAL_EDGES) {
            if (counts.has(from) && counts.has(to)) edges.push({ from: nodeId(region, from), to: nodeId(region, to), label, dotted });
        }
    }

    for (const record of records.filter((r) => !isRegional(r))) {
        const index = byUrn(record);
        const resources = cloudResources(record);
        const globalCounts = new Map<ArchitectureNode, number>();
        const dashboards: ResourceRecord[] = [];
        for (const r of resources) {
            const node = nodeOf(r, record);
            // Cross-region links are drawn as edges between the regions they join.
            if (!node || isLinkResource(r)) continue;
            if (r.type === "aws:cloudwatch/dashboard:Dashboard") dashboards.push(r);
            globalCounts.set(node, (globalCounts.get(node) ?? 0) + 1);
        }
        const scope = record.stack;
        groups.unshift({
            id: nodeId(scope, "edge"),
            label: `${scope} (edge and cross-region)`,
            nodes: [...byNodeOrder(globalCounts).entries()].map(([node, count]) => {
                present.add(nodeId(scope, node));
                return { id: nodeId(scope, node), label: node === "cloudwatch" ? "CloudWatch (cross-region)" : NODE_LABELS[node], count };
            }),
        });
        const cf = nodeId(scope, "cloudfront");
        const r53 = nodeId(scope, "route53");
        const hasRecords = resources.some((r) => r.type === "aws:route53/record:Record");
        if (present.has(cf)) {
            if (hasRecords && present.has(r53)) edges.push({ from: "user", to: r53 }, { from: r53, to: cf, label: "alias" });
            else edges.push({ from: "user", to: cf });
            if (present.has(nodeId(scope, "cloudfrontWaf")))
                edges.push({ from: nodeId(scope, "cloudfrontWaf"), to: cf, label: "protects", dotted: true });
        }
        for (const dist of resources.filter((r) => r.type === "aws:cloudfront/distribution:Distribution")) {
            const origins = (dist.inputs["origins"] as { domainName?: string }[] | undefined) ?? [];
            for (const origin of origins) {
                const target = regionWhere(records, "originHostname", origin.domainName);
                if (!target) continue;
                const region = regionOfStack(target);
                const waf = nodeId(region, "waf");
                edges.push({ from: cf, to: present.has(waf) ? waf : nodeId(region, "alb"), label: `origin ${region}` });
            }
        }
        for (const hc of resources.filter((r) => r.type === "aws:route53/healthCheck:HealthCheck")) {
            const target = regionWhere(records, "originHostname", hc.inputs["fqdn"]);
            if (target) edges.push({ from: r53, to: nodeId(regionOfStack(target), "alb"), label: "health check", dotted: true });
        }
        for (const rep of resources.filter((r) => r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig")) {
            const source = regionOfResource(rep, record, index);
            const rules = (rep.inputs["rules"] as { destination?: { bucket?: string } }[] | undefined) ?? [];
            for (const rule of rules) {
                const dest = regionWhere(records, "dataBucketArn", rule.destination?.bucket);
                if (source && dest)
                    edges.push({ from: nodeId(source, "s3"), to: nodeId(regionOfStack(dest), "s3"), label: "replication (RTC)" });
            }
        }
        for (const pcx of resources.filter((r) => r.type === "aws:ec2/vpcPeeringConnection:VpcPeeringConnection")) {
            const a = regionOfResource(pcx, record, index);
            const b = pcx.inputs["peerRegion"] as string | undefined;
            if (a && b) edges.push({ from: nodeId(a, "vpc"), to: nodeId(b, "vpc"), label: "VPC peering", both: true });
        }
        for (const dash of dashboards) {
            const body = String(dash.inputs["dashboardBody"] ?? "");
            for (const record2 of regions) {
                const region = regionOfStack(record2);
                if (body.includes(`"${region}"`))
                    edges.push({ from: nodeId(scope, "cloudwatch"), to: nodeId(region, "cloudwatch"), label: "dashboard", dotted: true });
            }
        }
    }
    return { groups, edges: dedupe(edges).filter((e) => (e.from === "user" || present.has(e.from)) && present.has(e.to)) };
}

function isLinkResource(r: ResourceRecord): boolean {
    return (
        r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig" ||
        r.type.startsWith("aws:ec2/vpcPeering") ||
        r.type === "aws:ec2/peeringConnectionOptions:PeeringConnectionOptions" ||
        r.type === "aws:ec2/route:Route"
    );
}

/** Nodes in the order of the request path, then telemetry, network and identity. */
const NODE_ORDER = Object.keys(NODE_LABELS) as ArchitectureNode[];
const byNodeOrder = <T>(counts: Map<ArchitectureNode, T>) =>
    new Map([...counts.entries()].sort(([a], [b]) => NODE_ORDER.indexOf(a) - NODE_ORDER.indexOf(b)));

function countNodes(resources: readonly ResourceRecord[], record: StackRecord): Map<ArchitectureNode, number> {
    const counts = new Map<ArchitectureNode, number>();
    for (const r of resources) {
        const node = nodeOf(r, record);
        if (node) counts.set(node, (counts.get(node) ?? 0) + 1);
    }
    return byNodeOrder(counts);
}

function dedupe(edges: DiagramEdge[]): DiagramEdge[] {
    const seen = new Set<string>();
    return edges.filter((e) => {
        const key = `${e.from}|${e.to}|${e.label ?? ""}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

const quote = (text: string) => `"${text.replace(/"/g, "#quot;")}"`;

/** Mermaid `flowchart` text of a diagram. */
export function renderMermaid(diagram: Diagram): string {
    const lines = ["flowchart TB", `  user([${quote("User")}])`];
    for (const group of diagram.groups) {
        lines.push(`  subgraph ${group.id}[${quote(group.label)}]`);
        for (const node of group.nodes) {
            lines.push(`    ${node.id}[${quote(`${node.label}<br/>${node.count} resource${node.count === 1 ? "" : "s"}`)}]`);
        }
        lines.push("  end");
    }
    for (const e of diagram.edges) {
        const arrow = e.both ? "<-->" : e.dotted ? "-.->" : "-->";
        lines.push(`  ${e.from} ${arrow}${e.label ? `|${quote(e.label)}|` : ""} ${e.to}`);
    }
    return lines.join("\n");
}

/** The whole `architecture.md` document. */
export function renderArchitecture(records: readonly StackRecord[]): string {
    const total = records.reduce((n, r) => n + cloudResources(r).length, 0);
    return [
        "# Architecture (generated)",
        "",
        `Generated by \`npm start\` from the recorded resource graph of ${records.length} stack(s) (${records.map((r) => r.stack).join(", ")}), ${total} cloud resources. Do not edit: run \`npm start\` again.`,
        "",
        "```mermaid",
        renderMermaid(buildDiagram(records)),
        "```",
        "",
    ].join("\n");
}
