/**
 * The plan's step generator and problems on small hand-made stacks: matching through aliases,
 * ForceNew and replaceOnChanges replacements, ignoreChanges, unknown inputs after a replacement,
 * provider region changes, protected resources and physical-identity collisions.
 */
import { expect } from "chai";
import { planChanges } from "../../plan/changePlan";
import type { SideStack } from "../../plan/documents";
import { planResource } from "../../plan/documents";
import type { PlanResource } from "../../plan/model";
import type { ReplacementData } from "../../plan/replacements";

const STACK = "urn:pulumi:s::platform::";
const urn = (type: string, name: string, parentType?: string) => `${STACK}${parentType ? `${parentType}$` : ""}${type}::${name}`;
const PROVIDER = urn("pulumi:providers:aws", "aws-us-east-1");
const provider = (region = "us-east-1", name = "aws-us-east-1"): PlanResource =>
    planResource({ urn: urn("pulumi:providers:aws", name), type: "pulumi:providers:aws", custom: true, inputs: { region } });

function res(type: string, name: string, inputs: Record<string, unknown>, extra: Record<string, unknown> = {}): PlanResource {
    return planResource({ urn: urn(type, name), type, custom: true, provider: `${PROVIDER}::id-1`, inputs, ...extra });
}

const DATA: ReplacementData = {
    "pulumi:providers:aws": { forceNew: [], source: "test" },
    "aws:s3/bucket:Bucket": { forceNew: ["bucket", "region"], source: "test" },
    "aws:iam/role:Role": { forceNew: ["name"], source: "test" },
    "aws:ec2/route:Route": { forceNew: ["routeTableId", "destinationCidrBlock"], source: "test" },
    "aws:ec2/securityGroup:SecurityGroup": { forceNew: ["vpcId", "ingress[].fromPort"], source: "test" },
    "aws:route53/record:Record": { forceNew: ["zoneId", "name", "type", "setIdentifier"], source: "test" },
    "aws:lb/listener:Listener": { forceNew: ["loadBalancerArn"], source: "test" },
};

const side = (...resources: PlanResource[]): SideStack[] => [{ stack: "s", project: "platform", resources }];
const plan = (base: PlanResource[], head: PlanResource[]) =>
    planChanges({ base: "b", baseStacks: side(...base), headStacks: side(...head), replacements: DATA });
const steps = (p: ReturnType<typeof plan>) =>
    p.stacks[0]!.steps.map((s) => `${s.op} ${s.urn.split("::").pop()}${s.diffs.length ? ` [${s.diffs.join(", ")}]` : ""}`);
const problems = (p: ReturnType<typeof plan>) => p.stacks[0]!.problems.map((x) => `${x.level}: ${x.message}`);

describe("plan: steps", () => {
    it("same, update, replace (ForceNew), create and delete, with the paths that differ", () => {
        const p = plan(
            [
                provider(),
                res("aws:s3/bucket:Bucket", "a", { bucket: "a-1", tags: { x: "1" } }),
                res("aws:s3/bucket:Bucket", "b", { bucket: "b-1" }),
                res("aws:s3/bucket:Bucket", "gone", {}),
            ],
            [
                provider(),
                res("aws:s3/bucket:Bucket", "a", { bucket: "a-1", tags: { x: "2" } }),
                res("aws:s3/bucket:Bucket", "b", { bucket: "b-2" }),
                res("aws:s3/bucket:Bucket", "new", {}),
            ],
        );
        expect(steps(p)).to.deep.equal(["same aws-us-east-1", "update a [tags.x]", "replace b [bucket]", "create new", "delete gone"]);
        expect(p.stacks[0]!.details.find((d) => d.op === "replace")!.replaceReasons).to.deep.equal(["bucket forces replacement"]);
    });

    it("a nested ForceNew field forces replacement when its list element changes, and not when a sibling does", () => {
        const sg = (fromPort: number, description: string) =>
            res("aws:ec2/securityGroup:SecurityGroup", "sg", { vpcId: "v", ingress: [{ fromPort, description }] });
        expect(steps(plan([provider(), sg(80, "a")], [provider(), sg(443, "a")]))[1]).to.equal("replace sg [ingress[0].fromPort]");
        expect(steps(plan([provider(), sg(80, "a")], [provider(), sg(80, "b")]))[1]).to.equal("update sg [ingress[0].description]");
    });

    it("matches a renamed resource through its alias (no delete, no create)", () => {
        const moved = res("aws:s3/bucket:Bucket", "new-name", { bucket: "x" }, { aliases: [urn("aws:s3/bucket:Bucket", "old-name")] });
        const p = plan([provider(), res("aws:s3/bucket:Bucket", "old-name", { bucket: "x" })], [provider(), moved]);
        expect(steps(p)).to.deep.equal(["same aws-us-east-1", "same new-name"]);
        expect(p.stacks[0]!.details[1]!.notes).to.deep.equal([`moved from ${urn("aws:s3/bucket:Bucket", "old-name")} (alias)`]);
    });

    it("leaves out ignoreChanges paths and replaces on replaceOnChanges paths", () => {
        const ignored = plan(
            [provider(), res("aws:s3/bucket:Bucket", "a", { tags: { x: "1" } })],
            [provider(), res("aws:s3/bucket:Bucket", "a", { tags: { x: "2" } }, { ignoreChanges: ["tags"] })],
        );
        expect(steps(ignored)[1]).to.equal("same a");
        const roc = plan(
            [provider(), res("aws:s3/bucket:Bucket", "a", { tags: { x: "1" } })],
            [provider(), res("aws:s3/bucket:Bucket", "a", { tags: { x: "2" } }, { replaceOnChanges: ["tags.*"] })],
        );
        expect(steps(roc)[1]).to.equal("replace a [tags.x]");
    });

    it("an input fed by a replaced resource is unknown, and replaces when it is ForceNew", () => {
        const lbUrn = urn("aws:s3/bucket:Bucket", "lb");
        const listener = res(
            "aws:lb/listener:Listener",
            "l",
            { loadBalancerArn: "arn:lb" },
            { propertyDependencies: { loadBalancerArn: [lbUrn] } },
        );
        const p = plan(
            [provider(), res("aws:s3/bucket:Bucket", "lb", { bucket: "1" }), listener],
            [provider(), res("aws:s3/bucket:Bucket", "lb", { bucket: "2" }), listener],
        );
        expect(steps(p)).to.deep.equal(["same aws-us-east-1", "replace lb [bucket]", "replace l [loadBalancerArn]"]);
        expect(p.stacks[0]!.details[2]!.notes).to.deep.equal(["loadBalancerArn: unknown until lb is replaced"]);
    });

    it("a provider whose region changes is updated; its regional resources are replaced, its global ones are not", () => {
        const p = plan(
            [provider("us-east-1"), res("aws:s3/bucket:Bucket", "a", {}), res("aws:iam/role:Role", "r", {})],
            [provider("eu-west-1"), res("aws:s3/bucket:Bucket", "a", {}), res("aws:iam/role:Role", "r", {})],
        );
        expect(steps(p)).to.deep.equal(["update aws-us-east-1 [region]", "replace a", "same r"]);
        expect(p.stacks[0]!.details[1]!.replaceReasons).to.deep.equal([
            "region forces replacement (us-east-1 → eu-west-1, from its provider)",
        ]);
    });

    it("a provider whose defaultTags change is updated, with a note that its resources' tags follow", () => {
        const p = plan(
            [
                planResource({
                    ...provider(),
                    inputs: { region: "us-east-1", defaultTags: '{"tags":{"environment":"production"}}' },
                } as unknown as Record<string, unknown>),
            ],
            [
                planResource({
                    ...provider(),
                    inputs: { region: "us-east-1", defaultTags: '{"tags":{"environment":"evaluation"}}' },
                } as unknown as Record<string, unknown>),
            ],
        );
        expect(steps(p)).to.deep.equal(["update aws-us-east-1 [defaultTags]"]);
        expect(p.stacks[0]!.details[0]!.notes).to.deep.equal([
            "defaultTags changed: every taggable resource of this provider updates its tags in place (not listed one by one)",
        ]);
    });

    it("a type without replacement data is an update reported as replacement unknown", () => {
        const p = plan([provider(), res("aws:foo/bar:Bar", "x", { a: 1 })], [provider(), res("aws:foo/bar:Bar", "x", { a: 2 })]);
        expect(steps(p)[1]).to.equal("update x [a]");
        expect(problems(p)).to.deep.equal([
            "advisory: aws:foo/bar:Bar x: replacement unknown, no replacement data for aws:foo/bar:Bar; a changed, and the plan shows an update that may be a replace",
        ]);
    });

    it("a stack on one side only is all create or all delete", () => {
        const onlyHead = planChanges({
            base: "b",
            baseStacks: [],
            headStacks: side(provider(), res("aws:s3/bucket:Bucket", "a", {})),
            replacements: DATA,
        });
        expect(onlyHead.stacks[0]!.steps.map((s) => s.op)).to.deep.equal(["create", "create"]);
        const onlyBase = planChanges({
            base: "b",
            baseStacks: side(provider(), res("aws:s3/bucket:Bucket", "a", {})),
            headStacks: [],
            replacements: DATA,
        });
        expect(onlyBase.stacks[0]!.steps.map((s) => s.op)).to.deep.equal(["delete", "delete"]);
    });

    it("masked secrets compare by fingerprint; a bare [secret] from an older preview counts as equal", () => {
        const b = (v: string) => res("aws:s3/bucket:Bucket", "a", { tags: { s: v } });
        expect(steps(plan([provider(), b("[secret:00000001]")], [provider(), b("[secret:00000002]")]))[1]).to.equal("update a [tags.s]");
        expect(steps(plan([provider(), b("[secret]")], [provider(), b("[secret:00000002]")]))[1]).to.equal("same a");
    });
});

describe("plan: problems", () => {
    it("refuses to replace or delete a protected resource, naming it and the alias that would move it", () => {
        const p = plan(
            [
                provider(),
                res("aws:s3/bucket:Bucket", "data", { bucket: "d" }, { protect: true }),
                res("aws:s3/bucket:Bucket", "old", {}, { protect: true }),
            ],
            [provider(), res("aws:s3/bucket:Bucket", "data", { bucket: "e" }, { protect: true })],
        );
        expect(problems(p)).to.deep.equal([
            "mandatory: aws:s3/bucket:Bucket data is protected, so pulumi up refuses to replace it (bucket forces replacement); to replace it on purpose, unprotect it first",
            `mandatory: aws:s3/bucket:Bucket old is protected, so pulumi up refuses to delete it (if it was renamed or moved, give the new declaration aliases: ["${urn("aws:s3/bucket:Bucket", "old")}"]); to delete it on purpose, unprotect it first`,
        ]);
    });

    it("warns when a stateful resource is replaced or deleted", () => {
        const p = plan(
            [provider(), res("aws:s3/bucket:Bucket", "b", { bucket: "1" })],
            [provider(), res("aws:s3/bucket:Bucket", "b", { bucket: "2" })],
        );
        expect(problems(p)).to.deep.equal([
            "advisory: aws:s3/bucket:Bucket b is stateful and is replaced: the new one starts without its objects and their versions",
        ]);
    });

    it("a new route to the same destination in the same table collides with the old one, deleted only at the end", () => {
        const route = (name: string) => res("aws:ec2/route:Route", name, { routeTableId: "rtb-1", destinationCidrBlock: "10.1.0.0/16" });
        const p = plan([provider(), route("peering-a-b-rtb-1")], [provider(), route("peering-b-a-rtb-1")]);
        expect(steps(p)).to.deep.equal(["same aws-us-east-1", "create peering-b-a-rtb-1", "delete peering-a-b-rtb-1"]);
        expect(problems(p)).to.deep.equal([
            "mandatory: aws:ec2/route:Route peering-b-a-rtb-1 is created with route:rtb-1 = 10.1.0.0/16, which aws:ec2/route:Route peering-a-b-rtb-1 still holds at that moment: EC2 CreateRoute fails with RouteAlreadyExists",
        ]);
    });

    it("a replacement that keeps its identity collides with itself unless deleteBeforeReplace", () => {
        const rec = (setIdentifier: string, extra: Record<string, unknown> = {}) =>
            res(
                "aws:route53/record:Record",
                "r",
                { zoneId: "Z1", name: "a.example.com", type: "A", setIdentifier, healthCheckId: setIdentifier === "x" ? "h1" : "h2" },
                extra,
            );
        const base = [provider(), rec("x")];
        const head = [
            provider(),
            planResource({
                ...rec("x"),
                urn: urn("aws:route53/record:Record", "r"),
                inputs: { ...rec("x").inputs, zoneId: "Z1", name: "A.example.com." },
            }),
        ];
        expect(problems(plan(base, head))[0]).to.match(
            /^mandatory: aws:route53\/record:Record r is replaced by a resource with the same identity \(route53-record = Z1\|a\.example\.com\|A\|x\) while the old one still exists/,
        );
        const dbr = [provider(), planResource({ ...head[1]!, deleteBeforeReplace: true } as unknown as Record<string, unknown>)];
        expect(problems(plan(base, dbr))).to.deep.equal([]);
    });

    it("records of one name and type cannot mix routing policies, even when updated in place", () => {
        const rec = (name: string, setIdentifier: string, policy: Record<string, unknown>) =>
            res("aws:route53/record:Record", name, { zoneId: "Z1", name: "origin.example.com", type: "A", setIdentifier, ...policy });
        const base = [
            provider(),
            rec("primary", "primary", { failoverRoutingPolicies: [{ type: "PRIMARY" }] }),
            rec("secondary", "secondary", { failoverRoutingPolicies: [{ type: "SECONDARY" }] }),
        ];
        const inPlace = [
            provider(),
            rec("primary", "primary", { latencyRoutingPolicies: [{ region: "us-east-1" }] }),
            rec("secondary", "secondary", { latencyRoutingPolicies: [{ region: "eu-west-1" }] }),
        ];
        expect(problems(plan(base, inPlace))).to.deep.equal([
            "mandatory: aws:route53/record:Record primary gets a latency routing policy while aws:route53/record:Record secondary (failover) still exists with the same name and type: Route 53 refuses records of one name and type with different routing policies",
            "mandatory: aws:route53/record:Record secondary gets a latency routing policy while aws:route53/record:Record primary (failover) still exists with the same name and type: Route 53 refuses records of one name and type with different routing policies",
        ]);
    });
});
