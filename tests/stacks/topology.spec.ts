import { expect } from "chai";
import { ConfigError } from "../../stacks/config/schema";
import { type TopologyEntry, validateTopology } from "../../stacks/topology";

const entry = (stack: string, region: string, vpcCidrBlock: string, originProtocol: "http" | "https" = "http"): TopologyEntry => ({
    stack: `organization/platform/${stack}`,
    contract: { region, vpcCidrBlock, originProtocol },
});
const us = entry("us-east-1", "us-east-1", "10.0.0.0/16");
const eu = entry("eu-west-1", "eu-west-1", "10.1.0.0/16");
const usw = entry("us-west-2", "us-west-2", "10.2.0.0/16");
const DOMAIN = { hostedZoneId: "Z0123456789ABC", domainName: "app.example.com" };
/** A domain-mode entry with its origin-verify header name and secret digest. */
const secured = (
    stack: string,
    region: string,
    vpcCidrBlock: string,
    digest: string,
    originVerifyHeaderName = "X-Origin-Verify",
): TopologyEntry => ({
    stack: `organization/platform/${stack}`,
    contract: { region, vpcCidrBlock, originProtocol: "https", originVerifyHeaderName },
    originVerifySecretDigest: digest,
});

function problemsOf(fn: () => unknown): readonly string[] {
    try {
        fn();
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        expect((err as Error).message).to.match(/^invalid topology of the global stack:/);
        return (err as ConfigError).problems;
    }
    throw new Error("expected a ConfigError");
}

describe("stacks/topology validateTopology", () => {
    const ordered: [string, TopologyEntry[], string | undefined, string[]][] = [
        ["defaults to the first stack's region", [us, eu], undefined, ["us-east-1", "eu-west-1"]],
        ["puts the active region first", [us, eu], "eu-west-1", ["eu-west-1", "us-east-1"]],
        ["keeps priority order behind the active region", [us, eu, usw], "us-west-2", ["us-west-2", "us-east-1", "eu-west-1"]],
        ["three regions, primary active", [us, eu, usw], "us-east-1", ["us-east-1", "eu-west-1", "us-west-2"]],
    ];
    for (const [title, entries, activeRegion, regions] of ordered) {
        it(title, () => {
            const topology = validateTopology(entries, { activeRegion, domain: undefined });
            expect(topology.regions).to.deep.equal(regions);
            expect(topology.activeRegion).to.equal(regions[0]);
        });
    }

    const failures: [string, TopologyEntry[], Parameters<typeof validateTopology>[1], string[]][] = [
        [
            "fewer than two regional stacks",
            [us],
            { activeRegion: undefined, domain: undefined },
            ['regionalStacks: expected at least 2 regional stacks, got 1 (["organization/platform/us-east-1"])'],
        ],
        [
            "an active region no stack is in",
            [us, eu],
            { activeRegion: "ap-south-1", domain: undefined },
            ['activeRegion: expected one of the regional stacks\' regions (us-east-1, eu-west-1), got "ap-south-1"'],
        ],
        [
            "two stacks in one region",
            [us, entry("us-east-1-b", "us-east-1", "10.5.0.0/16")],
            { activeRegion: undefined, domain: undefined },
            [
                "regionalStacks: organization/platform/us-east-1 and organization/platform/us-east-1-b are both in region us-east-1; expected one regional stack per region",
            ],
        ],
        [
            "overlapping CIDRs, naming both stacks",
            [us, entry("eu-west-1", "eu-west-1", "10.0.128.0/20")],
            { activeRegion: undefined, domain: undefined },
            [
                "regionalStacks: VPC CIDR 10.0.0.0/16 of organization/platform/us-east-1 overlaps VPC CIDR 10.0.128.0/20 of organization/platform/eu-west-1; expected disjoint CIDR blocks (VPC peering)",
            ],
        ],
        [
            "a stack listed twice",
            [us, eu, us],
            { activeRegion: undefined, domain: undefined },
            ["regionalStacks: organization/platform/us-east-1 is listed more than once; expected each regional stack once"],
        ],
        [
            "domain mode with an HTTP origin",
            [entry("us-east-1", "us-east-1", "10.0.0.0/16", "https"), eu],
            { activeRegion: undefined, domain: { hostedZoneId: "Z0123456789ABC", domainName: "app.example.com" } },
            [
                "domain: domain mode needs HTTPS origins, but organization/platform/eu-west-1 serves http (set platform:loadBalancing.domain in its config)",
            ],
        ],
        [
            "domain mode with regions that do not share the origin-verify secret (the write origin reaches either)",
            [secured("us-east-1", "us-east-1", "10.0.0.0/16", "digest-a"), secured("eu-west-1", "eu-west-1", "10.1.0.0/16", "digest-b")],
            { activeRegion: undefined, domain: DOMAIN },
            [
                "originVerifySecret: domain mode sends writes to the Route 53 failover name, which reaches any region's ALB with one origin-verify header, so every regional stack must export the same secret; stacks with different values: organization/platform/us-east-1 | organization/platform/eu-west-1 (set the same platform:originVerifySecret, with --secret, on each regional stack)",
            ],
        ],
        [
            "domain mode with three regions, two sharing a secret, naming the stacks by value",
            [
                secured("us-east-1", "us-east-1", "10.0.0.0/16", "digest-a"),
                secured("eu-west-1", "eu-west-1", "10.1.0.0/16", "digest-b"),
                secured("us-west-2", "us-west-2", "10.2.0.0/16", "digest-a"),
            ],
            { activeRegion: undefined, domain: DOMAIN },
            [
                "originVerifySecret: domain mode sends writes to the Route 53 failover name, which reaches any region's ALB with one origin-verify header, so every regional stack must export the same secret; stacks with different values: organization/platform/us-east-1, organization/platform/us-west-2 | organization/platform/eu-west-1 (set the same platform:originVerifySecret, with --secret, on each regional stack)",
            ],
        ],
        [
            "domain mode with regions that require different origin-verify header names",
            [
                secured("us-east-1", "us-east-1", "10.0.0.0/16", "digest-a"),
                secured("eu-west-1", "eu-west-1", "10.1.0.0/16", "digest-a", "X-Platform-Secret"),
            ],
            { activeRegion: undefined, domain: DOMAIN },
            [
                "originVerifyHeaderName: domain mode sends writes to the Route 53 failover name, which reaches any region's ALB with one origin-verify header, so every regional stack must use the same header name; got X-Origin-Verify (organization/platform/us-east-1), X-Platform-Secret (organization/platform/eu-west-1) (set the same platform:loadBalancing.originVerifyHeaderName on each regional stack)",
            ],
        ],
        [
            "every problem at once",
            [us, entry("eu-west-1", "us-east-1", "10.0.0.0/16")],
            { activeRegion: "eu-west-1", domain: undefined },
            [
                "regionalStacks: organization/platform/us-east-1 and organization/platform/eu-west-1 are both in region us-east-1; expected one regional stack per region",
                "regionalStacks: VPC CIDR 10.0.0.0/16 of organization/platform/us-east-1 overlaps VPC CIDR 10.0.0.0/16 of organization/platform/eu-west-1; expected disjoint CIDR blocks (VPC peering)",
                'activeRegion: expected one of the regional stacks\' regions (us-east-1), got "eu-west-1"',
            ],
        ],
    ];
    for (const [title, entries, config, expected] of failures) {
        it(`refuses ${title}`, () => {
            expect(problemsOf(() => validateTopology(entries, config))).to.deep.equal(expected);
        });
    }

    it("accepts domain mode when the regions share the secret and the header name (header names compare case-insensitively)", () => {
        const shared = [
            secured("us-east-1", "us-east-1", "10.0.0.0/16", "digest-a"),
            secured("eu-west-1", "eu-west-1", "10.1.0.0/16", "digest-a", "x-origin-verify"),
        ];
        expect(validateTopology(shared, { activeRegion: "eu-west-1", domain: DOMAIN }).regions).to.deep.equal(["eu-west-1", "us-east-1"]);
    });

    it("does not compare secrets or header names in evaluation mode (each origin carries its own region's header)", () => {
        const own = [
            secured("us-east-1", "us-east-1", "10.0.0.0/16", "digest-a"),
            secured("eu-west-1", "eu-west-1", "10.1.0.0/16", "digest-b", "X-Platform-Secret"),
        ];
        expect(validateTopology(own, { activeRegion: undefined, domain: undefined }).regions).to.deep.equal(["us-east-1", "eu-west-1"]);
    });

    it("accepts domain mode when every origin serves HTTPS", () => {
        const https = [entry("us-east-1", "us-east-1", "10.0.0.0/16", "https"), entry("eu-west-1", "eu-west-1", "10.1.0.0/16", "https")];
        expect(
            validateTopology(https, { activeRegion: undefined, domain: { hostedZoneId: "Z0123456789ABC", domainName: "app.example.com" } })
                .regions,
        ).to.deep.equal(["us-east-1", "eu-west-1"]);
    });
});
