/**
 * What a plan refuses (mandatory) and what it warns about (advisory), from a stack's steps:
 *
 * - mandatory: replacing or deleting a protected resource (the engine fails the update); a
 *   resource created, replaced or updated into a physical identity that another resource still
 *   holds at that moment (creates run before the deletes, and a replacement creates the new
 *   resource before it deletes the old one unless `deleteBeforeReplace`); a Route 53 record
 *   whose routing policy differs from a record of the same name and type that still exists;
 * - advisory: replacing or deleting a stateful resource, a change inside a remote component
 *   (the offline plan cannot see its children), a type without replacement data, a deleted
 *   resource that `retainOnDelete` leaves in AWS.
 */
import { identitiesCollide, type PhysicalIdentity, physicalIdentities, route53RecordSet, route53RoutingKind } from "./identities";
import type { PlanProblem, PlanResource, StackState } from "./model";
import { isRemoteComponent, nameOfUrn, providerUrnOf, type StepDetail } from "./steps";

/** Stateful types, with what a replacement or deletion loses (a plural noun phrase). */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
    "aws:s3/bucket:Bucket": "its objects and their versions",
    "aws:kms/key:Key": "its key material and so whatever it encrypted (unreadable once AWS deletes the key)",
    "aws:cloudwatch/logGroup:LogGroup": "its log events",
    "aws:dynamodb/table:Table": "its items",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "its state and history",
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": "its state and history",
    "aws:glue/catalogTable:CatalogTable": "its partitions",
    "aws:athena/workgroup:Workgroup": "its query history",
};

/** What AWS answers when a second resource takes an identity, by identity scope. */
const REFUSALS: readonly [RegExp, string][] = [
    [/^route53-record$/, "Route 53 refuses the change batch: the record already exists"],
    [/^route:/, "EC2 CreateRoute fails with RouteAlreadyExists"],
    [/^vpc-peering$/, "AWS allows one VPC peering connection between the same two VPCs at a time"],
    [
        /^s3-replication$/,
        "a bucket has one replication configuration: the second overwrites the first, and deleting the old one afterwards removes replication",
    ],
    [/^listener:/, "ELB CreateListener fails with DuplicateListener"],
    [/^listener-rule:/, "ELB CreateRule fails with PriorityInUse"],
    [
        /^waf-association$/,
        "a resource has one web ACL: the second association overwrites the first, and deleting the old one afterwards removes protection",
    ],
    [/^waf-logging$/, "a web ACL has one logging configuration: deleting the old one afterwards turns logging off"],
    [/^sg-rule:/, "EC2 fails with InvalidPermission.Duplicate"],
    [/^subnet:/, "EC2 CreateSubnet fails with InvalidSubnet.Conflict (overlapping CIDR blocks)"],
    [/^name:/, "the name is already taken (AlreadyExists)"],
    [/^ecs-service:/, "ECS refuses a second service of that name in the cluster"],
];

const refusal = (scope: string) => REFUSALS.find(([re]) => re.test(scope))?.[1] ?? "AWS refuses a second one";

const label = (r: { urn: string; type: string }) => `${r.type} ${nameOfUrn(r.urn)}`;

/** The region a resource's provider deploys to, from the provider resource of the same side. */
function regionResolver(state: StackState | undefined): (r: PlanResource) => string | undefined {
    const byUrn = new Map((state?.resources ?? []).map((r) => [r.urn, r]));
    return (r) => {
        const provider = byUrn.get(providerUrnOf(r.provider) ?? "");
        const region = provider?.inputs["region"];
        return typeof region === "string" ? region : undefined;
    };
}

/** The problems of one stack's steps. */
export function stackProblems(
    steps: readonly StepDetail[],
    base: StackState | undefined,
    head: StackState | undefined,
    project: string,
): PlanProblem[] {
    const problems: PlanProblem[] = [];
    const mandatory = (urn: string, message: string) => problems.push({ level: "mandatory", urn, message });
    const advisory = (urn: string, message: string) => problems.push({ level: "advisory", urn, message });

    for (const s of steps) {
        if ((s.op === "replace" || s.op === "delete") && s.base?.protect) {
            mandatory(
                s.urn,
                `${label(s)} is protected, so pulumi up refuses to ${s.op} it${s.op === "delete" ? ` (if it was renamed or moved, give the new declaration aliases: [${JSON.stringify(s.urn)}])` : ` (${s.replaceReasons.join("; ")})`}; to ${s.op} it on purpose, unprotect it first`,
            );
        }
        const stateful = STATEFUL_TYPES[s.type];
        if (stateful && s.op === "replace" && !s.base?.protect) {
            advisory(s.urn, `${label(s)} is stateful and is replaced: the new one starts without ${stateful}`);
        }
        if (stateful && s.op === "delete" && !s.base?.protect && !s.base?.retainOnDelete) {
            advisory(s.urn, `${label(s)} is stateful and is deleted, with ${stateful}`);
        }
        if (s.op === "delete" && s.base?.retainOnDelete) {
            advisory(
                s.urn,
                `${label(s)} has retainOnDelete: it leaves the stack but stays in AWS (delete it by hand, or a later create of the same name collides)`,
            );
        }
        if (s.replacementUnknown) {
            advisory(
                s.urn,
                `${label(s)}: replacement unknown, no replacement data for ${s.type}; ${s.diffs.join(", ")} changed, and the plan shows an update that may be a replace`,
            );
        }
        if (s.head && isRemoteComponent(s.head, project) && s.op !== "same") {
            advisory(
                s.urn,
                `${label(s)} is a remote component: the engine diffs its children, which an offline plan cannot see (${s.diffs.join(", ") || "created"}); the children listed are modeled from the simulated outputs`,
            );
        }
    }
    problems.push(...collisions(steps, base, head));
    problems.push(...routingPolicyConflicts(steps, base));
    return problems;
}

/** Identities that another resource still holds when a create (or a replacement's create, or an update) takes them. */
function collisions(steps: readonly StepDetail[], base: StackState | undefined, head: StackState | undefined): PlanProblem[] {
    const baseRegion = regionResolver(base);
    const headRegion = regionResolver(head);
    const stepOfBase = new Map(steps.filter((s) => s.base).map((s) => [s.base!.urn, s]));
    // What exists while the creates run: every old resource, except one whose replacement deletes it first.
    const present: { owner: PlanResource; identity: PhysicalIdentity }[] = [];
    for (const b of base?.resources ?? []) {
        const step = stepOfBase.get(b.urn);
        if (step?.op === "replace" && step.deleteBeforeReplace) continue;
        for (const identity of physicalIdentities(b, baseRegion(b))) present.push({ owner: b, identity });
    }
    const problems: PlanProblem[] = [];
    const taken: { owner: PlanResource; identity: PhysicalIdentity }[] = [];
    for (const s of steps) {
        if (!s.head || !(s.op === "create" || s.op === "replace" || s.op === "update")) continue;
        const own = s.base ? physicalIdentities(s.base, baseRegion(s.base)) : [];
        for (const identity of physicalIdentities(s.head, headRegion(s.head))) {
            // An update that keeps an identity keeps the resource that holds it.
            if (s.op === "update" && own.some((o) => identitiesCollide(o, identity))) continue;
            const holder =
                present.find((p) => identitiesCollide(p.identity, identity) && (p.owner !== s.base || s.op === "replace")) ??
                taken.find((t) => identitiesCollide(t.identity, identity));
            if (!holder) {
                taken.push({ owner: s.head, identity });
                continue;
            }
            const what = `${identity.scope.replace(/^name:/, "name ")} = ${identity.value}`;
            const self = holder.owner === s.base;
            problems.push({
                level: "mandatory",
                urn: s.urn,
                message: self
                    ? `${label(s)} is replaced by a resource with the same identity (${what}) while the old one still exists (create before delete: ${s.replaceReasons.join("; ")}): ${refusal(identity.scope)}; set deleteBeforeReplace or change the identity`
                    : `${label(s)} ${s.op === "update" ? "is updated to" : "is created with"} ${what}, which ${label(holder.owner)} still holds at that moment: ${refusal(identity.scope)}`,
            });
        }
    }
    return problems;
}

/**
 * Route 53 keeps one routing policy per record name and type: "You can't create non-failover
 * resource record sets that have the same values for the Name and Type elements as failover
 * resource record sets" (and likewise for latency, weighted, geolocation; Route 53 API
 * Reference, ResourceRecordSet). A record that takes a routing policy while a record of the
 * same name and type with another policy still exists is refused, even in place.
 */
function routingPolicyConflicts(steps: readonly StepDetail[], base: StackState | undefined): PlanProblem[] {
    const RECORD = "aws:route53/record:Record";
    const stepOfBase = new Map(steps.filter((s) => s.base).map((s) => [s.base!.urn, s]));
    const existing = (base?.resources ?? []).filter((b) => {
        const step = stepOfBase.get(b.urn);
        return b.type === RECORD && !(step?.op === "replace" && step.deleteBeforeReplace);
    });
    const problems: PlanProblem[] = [];
    for (const s of steps) {
        if (!s.head || s.type !== RECORD || s.op === "same" || s.op === "delete") continue;
        const kind = route53RoutingKind(s.head.inputs);
        if (s.op === "update" && s.base && route53RoutingKind(s.base.inputs) === kind) continue;
        const set = route53RecordSet(s.head.inputs);
        const other = existing.find((b) => b !== s.base && route53RecordSet(b.inputs) === set && route53RoutingKind(b.inputs) !== kind);
        if (!other) continue;
        problems.push({
            level: "mandatory",
            urn: s.urn,
            message: `${label(s)} gets a ${kind} routing policy while ${label(other)} (${route53RoutingKind(other.inputs)}) still exists with the same name and type: Route 53 refuses records of one name and type with different routing policies`,
        });
    }
    return problems;
}
