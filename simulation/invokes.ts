/**
 * The data-source calls (invokes) the simulated cloud answers.
 *
 * Only the invokes the program uses are answered; any other token is refused with its name,
 * so a new lookup has to be modelled here before it can be previewed or tested.
 */
import { hex, SIMULATED_ACCOUNT_ID } from "./ids";
import { routeTableIdOf } from "./vpc";

/** ELB log-delivery accounts per region (AWS documents one per region launched before August 2022). */
export const ELB_SERVICE_ACCOUNTS: Readonly<Record<string, string>> = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-south-1": "718504428378",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-southeast-3": "589379963580",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-west-3": "009996457667",
    "eu-south-1": "635631232127",
    "eu-north-1": "897822967062",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
};

/** CloudFront's origin-facing managed prefix list ids, per region. */
const CLOUDFRONT_PREFIX_LISTS: Readonly<Record<string, string>> = {
    "us-east-1": "pl-3b927c52",
    "eu-west-1": "pl-4fa04526",
};

type Invoke = (inputs: Record<string, any>, region: string) => Record<string, unknown>;

/** Renders `aws.iam.getPolicyDocument` statements as IAM JSON, as the provider does. */
function policyDocument(inputs: Record<string, any>): Record<string, unknown> {
    const principals = (list: { type: string; identifiers: string[] }[] | undefined) =>
        list && Object.fromEntries(list.map((p) => [p.type, p.identifiers.length === 1 ? p.identifiers[0] : p.identifiers]));
    const statements = ((inputs["statements"] as any[]) ?? []).map((s) => {
        const out: Record<string, unknown> = {};
        if (s.sid) out["Sid"] = s.sid;
        out["Effect"] = s.effect ?? "Allow";
        if (s.actions) out["Action"] = s.actions.length === 1 ? s.actions[0] : s.actions;
        if (s.notActions) out["NotAction"] = s.notActions;
        if (s.resources) out["Resource"] = s.resources.length === 1 ? s.resources[0] : s.resources;
        if (s.principals) out["Principal"] = principals(s.principals);
        if (s.conditions) {
            const cond: Record<string, Record<string, unknown>> = {};
            for (const c of s.conditions) {
                cond[c.test] = { ...cond[c.test], [c.variable]: c.values.length === 1 ? c.values[0] : c.values };
            }
            out["Condition"] = cond;
        }
        return out;
    });
    const json = JSON.stringify({ Version: inputs["version"] ?? "2012-10-17", Statement: statements });
    return { id: hex(json, 10), json, minifiedJson: json };
}

/** Every invoke token the simulated cloud answers. */
export const INVOKES: Readonly<Record<string, Invoke>> = {
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_inputs, region) => ({
        id: region,
        names: ["a", "b", "c"].map((l) => `${region}${l}`),
        zoneIds: [1, 2, 3].map((n) => `${region.replace(/-/g, "").slice(0, 4)}-az${n}`),
        state: "available",
    }),
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        id: SIMULATED_ACCOUNT_ID,
        accountId: SIMULATED_ACCOUNT_ID,
        arn: `arn:aws:iam::${SIMULATED_ACCOUNT_ID}:user/simulated`,
        userId: "AIDASIMULATEDUSER",
    }),
    "aws:index/getRegion:getRegion": (_inputs, region) => ({
        id: region,
        region,
        name: region,
        description: region,
        endpoint: `ec2.${region}.amazonaws.com`,
    }),
    "aws:index/getPartition:getPartition": () => ({
        id: "aws",
        partition: "aws",
        dnsSuffix: "amazonaws.com",
        reverseDnsPrefix: "com.amazonaws",
    }),
    "aws:ec2/getManagedPrefixList:getManagedPrefixList": (inputs, region) => {
        const name = String(inputs["name"] ?? "");
        // The AWS-managed lists the program reads; Route 53's exists in every region under the
        // region's own name (a region does not answer another region's list).
        let id: string;
        let maxEntries: number;
        if (name === "com.amazonaws.global.cloudfront.origin-facing") {
            id = CLOUDFRONT_PREFIX_LISTS[region] ?? `pl-${hex(region, 8)}`;
            maxEntries = 55;
        } else if (name === `com.amazonaws.${region}.route53-healthchecks`) {
            id = `pl-${hex(name, 8)}`;
            maxEntries = 25;
        } else {
            throw new Error(`simulated cloud: no managed prefix list named ${JSON.stringify(name)} in ${region}`);
        }
        return {
            id,
            name,
            arn: `arn:aws:ec2:${region}:aws:prefix-list/${id}`,
            maxEntries,
            ownerId: "AWS",
            addressFamily: "IPv4",
            entries: [],
            version: 1,
        };
    },
    "aws:iam/getPolicyDocument:getPolicyDocument": (inputs) => policyDocument(inputs),
    "aws:elb/getServiceAccount:getServiceAccount": (_inputs, region) => {
        const account = ELB_SERVICE_ACCOUNTS[region];
        if (!account)
            throw new Error(`simulated cloud: region ${region} has no ELB service account (use the log-delivery service principal)`);
        return { id: account, arn: `arn:aws:iam::${account}:root`, region };
    },
    "aws:ec2/getRouteTables:getRouteTables": (inputs) => {
        const filter = ((inputs["filters"] as { name: string; values: string[] }[]) ?? []).find((f) => f.name === "association.subnet-id");
        const ids = (filter?.values ?? []).map(routeTableIdOf);
        return { id: hex(JSON.stringify(inputs), 10), ids };
    },
};
