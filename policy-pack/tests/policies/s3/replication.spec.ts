import { expect } from "chai";
import * as s3 from "../../../policies/s3/replication";
import { type StackItem, U, checkResource, checkStack, resourcePolicySuite, set, stackPolicySuite, without } from "../../harness";
import { B, T, cases } from "./fixtures";

const replication = {
    role: "arn:aws:iam::111122223333:role/replication",
    rules: [
        {
            id: "to-eu",
            status: "Enabled",
            destination: {
                bucket: "arn:aws:s3:::dst",
                replicationTime: { status: "Enabled", time: { minutes: 15 } },
                metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
            },
        },
    ],
};
const R = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const secondRule = (p: Record<string, unknown>, rule: object) => set(p, "rules.1", rule);

resourcePolicySuite(s3.s3ReplicationRulesEnabled, {
    type: R,
    compliant: replication,
    cases: [
        [
            "rule disabled",
            (p) => set(p, "rules.0.status", "Disabled"),
            ['Replication rule to-eu status is "Disabled"; expected "Enabled".'],
        ],
        ["no rules", (p) => set(p, "rules", []), ["Replication configuration has no rules."]],
        [
            "a second rule disabled",
            (p) => secondRule(p, { ...replication.rules[0], id: "to-ap", status: "Disabled" }),
            ['Replication rule to-ap status is "Disabled"; expected "Enabled".'],
        ],
    ],
    unset: ["rules", ["Replication configuration has no rules."]],
    unknown: { bucket: U.string, rules: [{ id: "x", status: U.string }] },
    unknownPlusViolation: [
        "one rule's status unknown, another's Disabled",
        { bucket: U.string, rules: [{ id: "a", status: U.string }, U.object, { id: "b", status: "Disabled" }] },
        ['Replication rule b status is "Disabled"; expected "Enabled".'],
    ],
});

resourcePolicySuite(s3.s3ReplicationTimeControl, {
    type: R,
    compliant: replication,
    cases: [
        [
            "RTC disabled",
            (p) => set(p, "rules.0.destination.replicationTime.status", "Disabled"),
            ['Replication rule to-eu has no Replication Time Control (destination.replicationTime.status "Enabled").'],
        ],
        [
            "minutes 30",
            (p) => set(p, "rules.0.destination.replicationTime.time.minutes", 30),
            ["Replication rule to-eu replicationTime.time.minutes is 30; expected 15."],
        ],
        [
            "metrics disabled",
            (p) => set(p, "rules.0.destination.metrics.status", "Disabled"),
            ['Replication rule to-eu has no replication metrics (destination.metrics.status "Enabled").'],
        ],
        [
            "no replicationTime or metrics",
            (p) => set(set(p, "rules.0.destination.replicationTime", undefined), "rules.0.destination.metrics", undefined),
            [
                'Replication rule to-eu has no Replication Time Control (destination.replicationTime.status "Enabled").',
                'Replication rule to-eu has no replication metrics (destination.metrics.status "Enabled").',
            ],
        ],
    ],
    unset: [
        "rules.0.destination.replicationTime",
        ['Replication rule to-eu has no Replication Time Control (destination.replicationTime.status "Enabled").'],
    ],
    unknown: { bucket: U.string, rules: [{ id: "x", destination: U.object }] },
    unknownPlusViolation: [
        "one rule's destination unknown, another's RTC minutes unknown and metrics Disabled",
        {
            rules: [
                { id: "a", destination: U.object },
                {
                    id: "b",
                    destination: { replicationTime: { status: "Enabled", time: { minutes: U.number } }, metrics: { status: "Disabled" } },
                },
            ],
        },
        ['Replication rule b has no replication metrics (destination.metrics.status "Enabled").'],
    ],
});

// ---- the global stack: replication joined to the regional stacks' contracts through StackReferences

const SR = "pulumi:pulumi:StackReference";
const US = "organization/platform/us-east-1";
const EU = "organization/platform/eu-west-1";
/** A regional stack as the global stack reads it: a StackReference with the contract in `outputs`. */
const regional = (stackName: string, outputs: Record<string, unknown> = {}): StackItem => ({
    type: SR,
    name: stackName,
    props: {
        name: stackName,
        outputs: { dataBucketName: `data-${stackName.split("/")[2]}`, dataBucketVersioning: "Enabled", ...outputs },
        secretOutputNames: ["originVerifySecret"],
    },
});
/** The replication out of `from` into `to`, linked as the engine records it: bucket → source ref, rules → destination ref. */
const replicationOf = (from: string, to: string): StackItem[] => [
    { type: "aws:iam/role:Role", name: `replication-${from}-role`, props: {} },
    {
        type: R,
        name: `replication-${from.split("/")[2]}`,
        props: {
            ...replication,
            bucket: `data-${from.split("/")[2]}`,
            rules: [set(replication.rules[0]!, "destination.bucket", `arn:aws:s3:::data-${to.split("/")[2]}`)],
        },
        propDeps: { bucket: [from], role: [`replication-${from}-role`], rules: [to] },
    },
];
const globalStack: StackItem[] = [regional(US), regional(EU), ...replicationOf(US, EU), ...replicationOf(EU, US)];
const withContract = (stackName: string, outputs: Record<string, unknown>) => (f: StackItem[]) =>
    f.map((i) => (i.name === stackName ? set(i, "props.outputs", { ...(i.props!["outputs"] as object), ...outputs }) : i));
const withoutContractKey = (key: string) => (f: StackItem[]) =>
    f.map((i) => (i.type === SR ? set(i, `props.outputs.${key}`, undefined) : i));

stackPolicySuite(s3.s3ReplicationBothSidesVersioned, {
    compliant: globalStack,
    variants: [
        [
            "out of scope: a replication configuration whose buckets the graph does not link (literal names)",
            (f) =>
                f
                    .map((i) => (i.type === R ? { ...i, propDeps: {}, deps: [] } : i))
                    .map((i) => (i.type === SR ? withContract(i.name, { dataBucketVersioning: "Suspended" })([i])[0]! : i)),
        ],
    ],
    cases: cases(
        [
            "the eu-west-1 data bucket's versioning Suspended (destination of one replication, source of the other)",
            withContract(EU, { dataBucketVersioning: "Suspended" }),
            [
                `replication-us-east-1: Replication "replication-us-east-1" destination stack ${EU} exports dataBucketVersioning "Suspended"; expected "Enabled".`,
                `replication-eu-west-1: Replication "replication-eu-west-1" source stack ${EU} exports dataBucketVersioning "Suspended"; expected "Enabled".`,
            ],
        ],
        [
            "a local source bucket with versioning Suspended (replication inside one stack)",
            (f) => [
                ...f,
                { type: B, name: "local" },
                {
                    type: T.versioning,
                    name: "local-versioning",
                    props: { versioningConfiguration: { status: "Suspended" } },
                    propDeps: { bucket: ["local"] },
                },
                { type: R, name: "local-to-us", props: replication, propDeps: { bucket: ["local"], rules: [US] } },
            ],
            ['local-to-us: Replication "local-to-us" source bucket "local" versioning status is "Suspended"; expected "Enabled".'],
        ],
    ),
    unset: [
        "a regional stack that does not export dataBucketVersioning (an older contract)",
        (f) => withoutContractKey("dataBucketVersioning")(f).filter((i) => i.name !== `replication-${US.split("/")[2]}`),
        [
            `replication-eu-west-1: Replication "replication-eu-west-1" source stack ${EU} exports no dataBucketVersioning; expected "Enabled".`,
            `replication-eu-west-1: Replication "replication-eu-west-1" destination stack ${US} exports no dataBucketVersioning; expected "Enabled".`,
        ],
    ],
    unknown: (f) => f.map((i) => (i.type === SR ? set(i, "props.outputs", U.object) : i)),
    unknownPlusViolation: [
        "us-east-1's contract unknown, eu-west-1's versioning Suspended",
        withContract(EU, { dataBucketVersioning: "Suspended" })(globalStack).map((i) =>
            i.name === US ? set(i, "props.outputs.dataBucketVersioning", U.string) : i,
        ),
        [
            `replication-us-east-1: Replication "replication-us-east-1" destination stack ${EU} exports dataBucketVersioning "Suspended"; expected "Enabled".`,
            `replication-eu-west-1: Replication "replication-eu-west-1" source stack ${EU} exports dataBucketVersioning "Suspended"; expected "Enabled".`,
        ],
    ],
});

stackPolicySuite(s3.s3RegionalDataBucketsReplicated, {
    compliant: globalStack,
    variants: [
        [
            "out of scope: a StackReference whose outputs hold no dataBucketName (not a regional stack)",
            (f) => [...f, { type: SR, name: "organization/dns/prod", props: { name: "organization/dns/prod", outputs: { zoneId: "Z1" } } }],
        ],
        [
            "out of scope: a replication configuration the graph does not link makes absence unprovable",
            (f) => [...without(f, "replication-eu-west-1"), { type: R, name: "unlinked", props: replication }],
        ],
    ],
    cases: cases([
        "no replication out of eu-west-1",
        (f) => without(f, "replication-eu-west-1"),
        [`${EU}: The data bucket "data-eu-west-1" of stack ${EU} is the source of no BucketReplicationConfig (cross-region replication).`],
    ]),
    unset: [
        "no replication at all",
        (f) => f.filter((i) => i.type !== R),
        [
            `${US}: The data bucket "data-us-east-1" of stack ${US} is the source of no BucketReplicationConfig (cross-region replication).`,
            `${EU}: The data bucket "data-eu-west-1" of stack ${EU} is the source of no BucketReplicationConfig (cross-region replication).`,
        ],
    ],
    unknown: (f) => f.map((i) => (i.type === SR ? set(i, "props.outputs", U.object) : i)),
    unknownPlusViolation: [
        "us-east-1's contract unknown, no replication out of eu-west-1",
        without(globalStack, "replication-eu-west-1").map((i) => (i.name === US ? set(i, "props.outputs", U.object) : i)),
        [`${EU}: The data bucket "data-eu-west-1" of stack ${EU} is the source of no BucketReplicationConfig (cross-region replication).`],
    ],
});

// ---- the deprecated inline replication configuration of a bucket (v7 Bucket.replicationConfiguration,
// BucketV2.replicationConfigurations[]), read by the same rules

const inlineReplication = {
    replicationConfiguration: {
        role: "arn:aws:iam::111122223333:role/replication",
        rules: [
            {
                id: "to-eu",
                status: "Enabled",
                destination: {
                    bucket: "arn:aws:s3:::dst",
                    replicationTime: { status: "Enabled", minutes: 15 },
                    metrics: { status: "Enabled", minutes: 15 },
                },
            },
        ],
    },
};
const v2Replication = {
    replicationConfigurations: [
        {
            role: "arn:aws:iam::111122223333:role/replication",
            rules: [
                {
                    id: "to-eu",
                    status: "Enabled",
                    destinations: [
                        {
                            bucket: "arn:aws:s3:::dst",
                            replicationTimes: [{ status: "Enabled", minutes: 15 }],
                            metrics: [{ status: "Enabled", minutes: 15 }],
                        },
                    ],
                },
            ],
        },
    ],
};

describe("s3 replication rules: the inline replication configuration of a bucket", () => {
    const V2 = "aws:s3/bucketV2:BucketV2";
    it("compliant inline (v7 Bucket and BucketV2 forms), and a bucket without replication is out of scope", () => {
        for (const p of [s3.s3ReplicationRulesEnabled, s3.s3ReplicationTimeControl]) {
            expect(checkResource(p, B, inlineReplication), p.name).to.deep.equal([]);
            expect(checkResource(p, V2, v2Replication), p.name).to.deep.equal([]);
            expect(checkResource(p, B, { bucket: "b" }), p.name).to.deep.equal([]);
        }
    });
    it("s3-replication-rules-enabled: a disabled inline rule, no inline rules", () => {
        expect(
            checkResource(s3.s3ReplicationRulesEnabled, B, set(inlineReplication, "replicationConfiguration.rules.0.status", "Disabled")),
        ).to.deep.equal(['Replication rule to-eu status is "Disabled"; expected "Enabled".']);
        expect(checkResource(s3.s3ReplicationRulesEnabled, V2, set(v2Replication, "replicationConfigurations.0.rules", []))).to.deep.equal([
            "Replication configuration has no rules.",
        ]);
    });
    it("s3-replication-time-control: inline RTC minutes, metrics off; the BucketV2 form without replicationTimes", () => {
        expect(
            checkResource(
                s3.s3ReplicationTimeControl,
                B,
                set(
                    set(inlineReplication, "replicationConfiguration.rules.0.destination.replicationTime.minutes", 30),
                    "replicationConfiguration.rules.0.destination.metrics.status",
                    "Disabled",
                ),
            ),
        ).to.deep.equal([
            "Replication rule to-eu replicationTime.minutes is 30; expected 15.",
            'Replication rule to-eu has no replication metrics (destination.metrics.status "Enabled").',
        ]);
        expect(
            checkResource(
                s3.s3ReplicationTimeControl,
                V2,
                set(v2Replication, "replicationConfigurations.0.rules.0.destinations.0.replicationTimes", []),
            ),
        ).to.deep.equal(['Replication rule to-eu has no Replication Time Control (destination.replicationTime.status "Enabled").']);
    });
    it("unknown inline configuration or rule: neither throws nor reports; a known bad rule next to an unknown one is reported", () => {
        expect(checkResource(s3.s3ReplicationRulesEnabled, B, { replicationConfiguration: U.object }, { unknown: true })).to.deep.equal([]);
        expect(checkResource(s3.s3ReplicationTimeControl, V2, { replicationConfigurations: U.array }, { unknown: true })).to.deep.equal([]);
        expect(
            checkResource(
                s3.s3ReplicationRulesEnabled,
                B,
                { replicationConfiguration: { role: U.string, rules: [U.object, { id: "b", status: "Disabled", destination: U.object }] } },
                { unknown: true },
            ),
        ).to.deep.equal(['Replication rule b status is "Disabled"; expected "Enabled".']);
    });
    it("s3-replication-both-sides-versioned: a bucket replicating inline is a source, its replicationConfiguration's links the destinations", () => {
        const f: StackItem[] = [
            regional(US),
            regional(EU),
            { type: B, name: "local", props: inlineReplication, propDeps: { replicationConfiguration: [EU] } },
            {
                type: T.versioning,
                name: "local-versioning",
                props: { versioningConfiguration: { status: "Suspended" } },
                propDeps: { bucket: ["local"] },
            },
        ];
        expect(checkStack(s3.s3ReplicationBothSidesVersioned, f)).to.deep.equal([
            'local: Replication "local" source bucket "local" versioning status is "Suspended"; expected "Enabled".',
        ]);
        const suspendedEu = [regional(US), withContract(EU, { dataBucketVersioning: "Suspended" })([regional(EU)])[0]!];
        expect(
            checkStack(s3.s3ReplicationBothSidesVersioned, [
                ...suspendedEu,
                { type: B, name: "local", props: inlineReplication, propDeps: { replicationConfiguration: [EU] } },
                {
                    type: T.versioning,
                    name: "local-versioning",
                    props: { versioningConfiguration: { status: "Enabled" } },
                    propDeps: { bucket: ["local"] },
                },
            ]),
        ).to.deep.equal([
            `local: Replication "local" destination stack ${EU} exports dataBucketVersioning "Suspended"; expected "Enabled".`,
        ]);
    });
    it("s3-replication-both-sides-versioned: a bucket without inline replication, or with it only computed (unknown, no dependency), is no source", () => {
        const f: StackItem[] = [
            { type: B, name: "plain", props: { replicationConfiguration: U.object } },
            {
                type: T.versioning,
                name: "plain-versioning",
                props: { versioningConfiguration: { status: "Suspended" } },
                propDeps: { bucket: ["plain"] },
            },
        ];
        expect(checkStack(s3.s3ReplicationBothSidesVersioned, f, { unknown: true })).to.deep.equal([]);
    });
});
