import { expect } from "chai";
import { cidrProblem, cidrsOverlap } from "../../components/network/settings";
import { DEFAULT_APP_IMAGE } from "../../components/service/containers";
import { KNOWN_REGIONS } from "../../components/shared/regions";
import {
    ConfigError,
    type GlobalConfig,
    type RegionalConfig,
    parseGlobalConfig,
    parseRegionalConfig,
    parseStackConfig,
} from "../../stacks/config/schema";

const REGIONS = KNOWN_REGIONS.join(", ");

/** A minimal valid regional config: only the required keys. */
const REGIONAL = {
    role: "regional",
    region: "us-east-1",
    network: { cidrBlock: "10.0.0.0/16", availabilityZones: ["us-east-1a", "us-east-1b"] },
};
const network = (cidrBlock: string, availabilityZones: unknown) => ({ network: { cidrBlock, availabilityZones } });

/** A minimal valid global config. */
const GLOBAL = { role: "global", regionalStacks: ["organization/platform/us-east-1", "organization/platform/eu-west-1"] };

/** Removes the keys whose value is undefined (a missing key, as the loader would pass it). */
const withOut = (raw: Record<string, unknown>) => Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));

function problemsOf(raw: Record<string, unknown>): readonly string[] {
    try {
        parseStackConfig(withOut(raw), "test-stack");
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return (err as ConfigError).problems;
    }
    throw new Error("expected a ConfigError");
}

describe("stacks/config/schema", () => {
    describe("regional stacks: refused values, with exact messages", () => {
        const cases: [title: string, overrides: Record<string, unknown>, problems: string[]][] = [
            [
                "fewer than 2 AZs",
                network("10.0.0.0/16", ["us-east-1a"]),
                ['network.availabilityZones: expected at least 2, got 1 (["us-east-1a"])'],
            ],
            ["no AZ at all", network("10.0.0.0/16", []), ["network.availabilityZones: expected at least 2, got 0 ([])"]],
            [
                "an AZ of another region",
                network("10.0.0.0/16", ["us-east-1a", "eu-west-1b"]),
                ['network.availabilityZones.1: expected an availability zone of us-east-1 (us-east-1a, us-east-1b, ...), got "eu-west-1b"'],
            ],
            [
                "a zone id instead of a zone name",
                network("10.0.0.0/16", ["us-east-1a", "use1-az1"]),
                ['network.availabilityZones.1: expected an availability zone of us-east-1 (us-east-1a, us-east-1b, ...), got "use1-az1"'],
            ],
            [
                "duplicate AZs",
                network("10.0.0.0/16", ["us-east-1a", "us-east-1b", "us-east-1a"]),
                ['network.availabilityZones: expected distinct zones, us-east-1a repeated, got ["us-east-1a","us-east-1b","us-east-1a"]'],
            ],
            [
                "an invalid CIDR",
                network("10.0.0/16", ["us-east-1a", "us-east-1b"]),
                ['network.cidrBlock: expected an IPv4 CIDR block such as 10.0.0.0/16, got "10.0.0/16"'],
            ],
            [
                "a too-small CIDR (/24)",
                network("10.0.0.0/24", ["us-east-1a", "us-east-1b"]),
                [
                    'network.cidrBlock: expected a prefix length from /16 to /22 (room for a public and a private subnet per AZ), got "10.0.0.0/24"',
                ],
            ],
            [
                "a too-large CIDR (/8)",
                network("10.0.0.0/8", ["us-east-1a", "us-east-1b"]),
                [
                    'network.cidrBlock: expected a prefix length from /16 to /22 (room for a public and a private subnet per AZ), got "10.0.0.0/8"',
                ],
            ],
            [
                "a CIDR with host bits set",
                network("10.0.1.0/16", ["us-east-1a", "us-east-1b"]),
                ['network.cidrBlock: expected the network address 10.0.0.0/16: host bits are set, got "10.0.1.0/16"'],
            ],
            [
                "an unknown region",
                { region: "us-moon-1", ...network("10.0.0.0/16", ["us-moon-1a", "us-moon-1b"]) },
                [`region: expected a known AWS region (${REGIONS}), got "us-moon-1"`],
            ],
            [
                "the retired failoverPriority key, saying where the priority is set now",
                { failoverPriority: 1 },
                [
                    "failoverPriority: no longer a setting: a region's priority is its position in the global stack's platform:regionalStacks (one source); remove this key and order that list instead",
                ],
            ],
            ["desiredCount 1", { service: { desiredCount: 1 } }, ["service.desiredCount: expected a number >= 2, got 1"]],
            [
                "maxCount below desiredCount",
                { service: { desiredCount: 4, maxCount: 3 } },
                ["service.maxCount: expected at least desiredCount (4), got 3"],
            ],
            [
                "memory not allowed for the CPU",
                { service: { cpu: 256, memory: 4096 } },
                ["service.memory: expected 512..2048 MiB in steps of 512 for cpu 256, got 4096"],
            ],
            [
                "a health-check timeout not below the interval",
                { loadBalancing: { healthCheckIntervalSeconds: 10, healthCheckTimeoutSeconds: 10 } },
                ["loadBalancing.healthCheckTimeoutSeconds: expected less than healthCheckIntervalSeconds (10), got 10"],
            ],
            [
                "a log retention CloudWatch does not offer",
                { observability: { logRetentionDays: 45 } },
                [
                    "observability.logRetentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 45",
                ],
            ],
            [
                "an Athena cutoff below 10 MB",
                { analytics: { bytesScannedCutoffPerQuery: 1000 } },
                ["analytics.bytesScannedCutoffPerQuery: expected a number >= 10000000, got 1000"],
            ],
            [
                "a privileged container port",
                { service: { containerPort: 80 } },
                ["service.containerPort: expected a number >= 1024, got 80"],
            ],
            [
                "credentials in the service environment, naming them without their values",
                { service: { environment: { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", MODE: "demo" } } },
                [
                    'service.environment: expected no AWS credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, ECS_ENGINE_AUTH_DATA: the task role provides them), got ["AWS_ACCESS_KEY_ID"]',
                ],
            ],
            [
                "a root service user",
                { service: { user: "0" } },
                ['service.user: expected a non-root uid or uid:gid such as 101:101, got "0"'],
            ],
            [
                "a health-check matcher that is not HTTP codes",
                { loadBalancing: { healthCheckMatcher: "ok" } },
                ['loadBalancing.healthCheckMatcher: expected HTTP codes such as 200 or 200-399 or 200,302, got "ok"'],
            ],
            [
                "an idle timeout above 4000",
                { loadBalancing: { idleTimeoutSeconds: 4001 } },
                ["loadBalancing.idleTimeoutSeconds: expected a number <= 4000, got 4001"],
            ],
            [
                "a malformed analytics start day",
                { analytics: { logsSince: "2025-01-01" } },
                ['analytics.logsSince: expected a day as yyyy/MM/dd, got "2025-01-01"'],
            ],
            [
                "a zero result expiry",
                { analytics: { resultExpirationDays: 0 } },
                ["analytics.resultExpirationDays: expected a number >= 1, got 0"],
            ],
            [
                "protectData given as a string",
                { storage: { protectData: "false" } },
                ['storage.protectData: expected boolean, got "false"'],
            ],
            [
                "a short origin-verify secret",
                { originVerifySecret: "short" },
                ['originVerifySecret: expected a string of length >= 16, got "[secret]"'],
            ],
            ["a missing role", { role: undefined }, ['role: expected "regional" | "global", got nothing']],
            ["an unknown role", { role: "edge" }, ['role: expected "regional" | "global", got "edge"']],
            ["a missing region", { region: undefined }, ["region: required, expected string"]],
            ["a missing network", { network: undefined }, ["network: required, expected object"]],
            [
                "a missing CIDR inside network",
                { network: { availabilityZones: ["us-east-1a", "us-east-1b"] } },
                ["network.cidrBlock: required, expected string"],
            ],
            ["tags that are not a map", { tags: "team=platform" }, ['tags: expected record, got "team=platform"']],
            [
                "a number given as a string",
                { storage: { noncurrentVersionExpirationDays: "90" } },
                ['storage.noncurrentVersionExpirationDays: expected number, got "90"'],
            ],
            [
                "a boolean given as a string",
                { loadBalancing: { deletionProtection: "true" } },
                ['loadBalancing.deletionProtection: expected boolean, got "true"'],
            ],
            [
                "AZs given as a string",
                network("10.0.0.0/16", "us-east-1a,us-east-1b"),
                ['network.availabilityZones: expected array, got "us-east-1a,us-east-1b"'],
            ],
            ["an unknown top-level key", { colour: "blue" }, ["colour: unknown key"]],
            [
                "a misspelt nested key",
                { storage: { noncurrentVersionExpiryDays: 30 } },
                ["storage.noncurrentVersionExpiryDays: unknown key"],
            ],
            ["a global-only key on a regional stack", { regionalStacks: ["a/b/c", "a/b/d"] }, ["regionalStacks: unknown key"]],
            [
                "several problems at once",
                { colour: "blue", storage: { noncurrentVersionExpirationDays: 0 }, ...network("10.0.0.0/24", ["us-east-1a"]) },
                [
                    "colour: unknown key",
                    "storage.noncurrentVersionExpirationDays: expected a number >= 1, got 0",
                    'network.cidrBlock: expected a prefix length from /16 to /22 (room for a public and a private subnet per AZ), got "10.0.0.0/24"',
                    'network.availabilityZones: expected at least 2, got 1 (["us-east-1a"])',
                ],
            ],
            [
                "a zone problem next to an unrelated type error",
                { storage: { noncurrentVersionExpirationDays: "1" }, ...network("10.0.0.0/16", ["us-east-1a", "eu-west-1a"]) },
                [
                    'storage.noncurrentVersionExpirationDays: expected number, got "1"',
                    'network.availabilityZones.1: expected an availability zone of us-east-1 (us-east-1a, us-east-1b, ...), got "eu-west-1a"',
                ],
            ],
        ];
        for (const [title, overrides, problems] of cases) {
            it(`refuses ${title}`, () => {
                expect([...problemsOf({ ...REGIONAL, ...overrides })].sort()).to.deep.equal([...problems].sort());
            });
        }

        it("names the stack and lists every problem in the error message", () => {
            expect(() =>
                parseStackConfig({ ...REGIONAL, storage: { noncurrentVersionExpirationDays: 0 }, colour: 1 }, "us-east-1"),
            ).to.throw(
                ConfigError,
                "invalid configuration of stack us-east-1:\n  - storage.noncurrentVersionExpirationDays: expected a number >= 1, got 0\n  - colour: unknown key",
            );
        });
    });

    describe("regional stacks: accepted values", () => {
        it("knows every commercial region of the AWS provider package, the newest included, and no other partition's", () => {
            for (const region of ["mx-central-1", "ap-southeast-5", "ap-southeast-7", "ap-east-2", "us-east-1"]) {
                expect(
                    parseStackConfig({ ...REGIONAL, region, ...network("10.0.0.0/16", [`${region}a`, `${region}b`]) }, region).role,
                    region,
                ).to.equal("regional");
            }
            for (const region of ["cn-north-1", "us-gov-west-1", "us-iso-east-1", "eusc-de-east-1"]) {
                expect(problemsOf({ ...REGIONAL, region, ...network("10.0.0.0/16", [`${region}a`, `${region}b`]) })[0], region).to.equal(
                    `region: expected a known AWS region (${REGIONS}), got "${region}"`,
                );
            }
            expect(KNOWN_REGIONS).to.include.members(["mx-central-1", "ap-southeast-5", "ap-southeast-7"]);
        });

        it("fills every default from the required keys alone", () => {
            const config = parseStackConfig(REGIONAL) as RegionalConfig;
            expect(config).to.deep.equal({
                ...REGIONAL,
                tags: {},
                storage: { noncurrentVersionExpirationDays: 90, accessLogExpirationDays: 365, protectData: true },
                analytics: {
                    bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
                    resultExpirationDays: 30,
                    logsSince: "2025/01/01",
                    protectResults: true,
                },
                loadBalancing: {
                    healthCheckIntervalSeconds: 10,
                    healthCheckTimeoutSeconds: 5,
                    healthyThreshold: 2,
                    unhealthyThreshold: 2,
                    healthCheckMatcher: "200-399",
                    deregistrationDelaySeconds: 30,
                    deletionProtection: true,
                    idleTimeoutSeconds: 60,
                    originVerifyHeaderName: "X-Origin-Verify",
                },
                service: {
                    image: DEFAULT_APP_IMAGE,
                    containerPort: 8080,
                    user: "101:101",
                    environment: {},
                    cpu: 256,
                    memory: 512,
                    desiredCount: 2,
                    maxCount: 6,
                    healthCheckPath: "/",
                    healthCheckGracePeriodSeconds: 60,
                    cpuTargetPercent: 60,
                    requestsPerTarget: 1000,
                    tracing: false,
                },
                edgeSecurity: { rateLimitPerFiveMinutes: 2000, maxRequestBodyBytes: 8192 },
                observability: { alertEmails: [], alertHttpsEndpoints: [], alertTopicArns: [], logRetentionDays: 90 },
                chaos: { enabled: false, stopTaskPercent: 50, durationMinutes: 10 },
            });
        });

        it("fills the defaults of a partly given section", () => {
            const config = parseRegionalConfig({ ...REGIONAL, storage: { noncurrentVersionExpirationDays: 30 } });
            expect(config.storage).to.deep.equal({ noncurrentVersionExpirationDays: 30, accessLogExpirationDays: 365, protectData: true });
        });

        it("accepts a third region by configuration alone, and the boundary CIDR sizes", () => {
            for (const cidrBlock of ["10.2.0.0/16", "10.2.0.0/22"]) {
                const config = parseRegionalConfig({
                    ...REGIONAL,
                    region: "ap-southeast-2",
                    network: { cidrBlock, availabilityZones: ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"] },
                });
                expect([config.region, config.network.cidrBlock]).to.deep.equal(["ap-southeast-2", cidrBlock]);
            }
        });

        it("refuses a global config where a regional one is required", () => {
            expect(() => parseRegionalConfig(GLOBAL)).to.throw(ConfigError, 'role: expected "regional", got "global"');
        });
    });

    describe("the global stack", () => {
        const cases: [title: string, overrides: Record<string, unknown>, problems: string[]][] = [
            [
                "fewer than two regional stacks",
                { regionalStacks: ["organization/platform/us-east-1"] },
                ['regionalStacks: expected at least 2, got 1 (["organization/platform/us-east-1"])'],
            ],
            [
                "a regional stack listed twice",
                { regionalStacks: ["organization/platform/us-east-1", "organization/platform/us-east-1"] },
                ['regionalStacks.1: expected each regional stack once, listed twice, got "organization/platform/us-east-1"'],
            ],
            [
                "a stack name that is not fully qualified",
                { regionalStacks: ["us-east-1", "organization/platform/eu-west-1"] },
                ['regionalStacks.0: expected a fully qualified stack name org/project/stack, got "us-east-1"'],
            ],
            [
                "a health-check interval Route 53 does not offer",
                { healthCheck: { requestIntervalSeconds: 20 } },
                ["healthCheck.requestIntervalSeconds: expected 10 | 30, got 20"],
            ],
            // Removed: every health-checked record is an alias (no TTL of its own); the key changed nothing.
            ["the removed healthCheck.dnsTtlSeconds", { healthCheck: { dnsTtlSeconds: 60 } }, ["healthCheck.dnsTtlSeconds: unknown key"]],
            [
                "no write path pattern",
                { edge: { writePathPatterns: [] } },
                ["edge.writePathPatterns: expected 1 to 25 path patterns (one cache behaviour each), got []"],
            ],
            [
                "more than 25 write path patterns",
                { edge: { writePathPatterns: Array.from({ length: 26 }, (_, i) => `/w${i}/*`) } },
                [
                    `edge.writePathPatterns: expected 1 to 25 path patterns (one cache behaviour each), got ${JSON.stringify(Array.from({ length: 26 }, (_, i) => `/w${i}/*`))}`,
                ],
            ],
            [
                "write path patterns CloudFront refuses (a space, a backslash, over 255 characters, empty)",
                { edge: { writePathPatterns: ["/api/*", "/my api/*", "/a\\b", `/${"p".repeat(255)}`, ""] } },
                [
                    `edge.writePathPatterns: expected CloudFront path patterns: 1-255 characters from A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & and the wildcards * ?, got ["/my api/*","/a\\\\b","/${"p".repeat(255)}",""]`,
                ],
            ],
            [
                "a write path pattern that matches every path",
                { edge: { writePathPatterns: ["/api/*", "*"] } },
                [
                    'edge.writePathPatterns: expected patterns narrower than every path (the default behaviour serves reads, with origin failover), got ["*"]',
                ],
            ],
            [
                "the same write path pattern twice",
                { edge: { writePathPatterns: ["/api/*", "/v2/*", "api/*"] } },
                [
                    'edge.writePathPatterns: expected distinct patterns (a leading / makes no difference to CloudFront), got ["/api/*","api/*"]',
                ],
            ],
            [
                "write path patterns that are not a list",
                { edge: { writePathPatterns: "/api/*" } },
                ['edge.writePathPatterns: expected array, got "/api/*"'],
            ],
            [
                "an unknown activeRegion name",
                { activeRegion: "us-east-9" },
                [`activeRegion: expected a known AWS region (${REGIONS}), got "us-east-9"`],
            ],
            [
                "an unknown routing mode",
                { routingMode: "round-robin" },
                ['routingMode: expected "active-passive" | "active-active", got "round-robin"'],
            ],
            [
                "too many origin connection attempts",
                { edge: { originConnectionAttempts: 4 } },
                ["edge.originConnectionAttempts: expected a number <= 3, got 4"],
            ],
            ["a regional-only key", { network: {} }, ["network: unknown key"]],
            ["missing regionalStacks", { regionalStacks: undefined }, ["regionalStacks: required, expected array"]],
        ];
        for (const [title, overrides, problems] of cases) {
            it(`refuses ${title}`, () => {
                expect([...problemsOf({ ...GLOBAL, ...overrides })].sort()).to.deep.equal([...problems].sort());
            });
        }

        it("accepts CloudFront path patterns for the write paths, with or without the leading /, up to 25", () => {
            const patterns = ["/api/*", "v2/orders/*", "/upload?", "/a_b-c.d$e~f\"g'h@i:j+k&l", `/${"x".repeat(254)}`];
            expect(
                (parseGlobalConfig({ ...GLOBAL, edge: { writePathPatterns: patterns } }) as GlobalConfig).edge.writePathPatterns,
            ).to.deep.equal(patterns);
            const most = Array.from({ length: 25 }, (_, i) => `/w${i}/*`);
            expect(
                (parseGlobalConfig({ ...GLOBAL, edge: { writePathPatterns: most } }) as GlobalConfig).edge.writePathPatterns,
            ).to.deep.equal(most);
        });

        it("fills the defaults", () => {
            const config = parseGlobalConfig(GLOBAL) as GlobalConfig;
            expect(config.routingMode).to.equal("active-passive");
            expect(config.activeRegion).to.equal(undefined);
            expect(config.healthCheck).to.deep.equal({ requestIntervalSeconds: 10, failureThreshold: 3 });
            expect(config.edge).to.deep.equal({
                originConnectionTimeoutSeconds: 3,
                originConnectionAttempts: 1,
                originReadTimeoutSeconds: 30,
                rateLimitPerFiveMinutes: 2000,
                priceClass: "PriceClass_100",
                writePathPatterns: ["/api/*"],
                maxRequestBodyBytes: 8192,
            });
            expect(config.replication).to.deep.equal({ replicateDeleteMarkers: false });
        });
    });

    describe("cidrProblem", () => {
        const cases: [string, string | undefined][] = [
            ["10.0.0.0/16", undefined],
            ["172.16.0.0/22", undefined],
            ["10.0.0.0/15", "expected a prefix length from /16 to /22 (room for a public and a private subnet per AZ)"],
            ["10.0.0.0/23", "expected a prefix length from /16 to /22 (room for a public and a private subnet per AZ)"],
            ["10.0.0.1/16", "expected the network address 10.0.0.0/16: host bits are set"],
            ["10.0.4.0/21", "expected the network address 10.0.0.0/21: host bits are set"],
            ["10.0.0.0", "expected an IPv4 CIDR block such as 10.0.0.0/16"],
            ["256.0.0.0/16", "expected an IPv4 CIDR block such as 10.0.0.0/16"],
            ["", "expected an IPv4 CIDR block such as 10.0.0.0/16"],
        ];
        for (const [cidr, problem] of cases) {
            it(`${JSON.stringify(cidr)} → ${problem ?? "valid"}`, () => expect(cidrProblem(cidr)).to.equal(problem));
        }
    });

    describe("cidrsOverlap", () => {
        const cases: [string, string, boolean][] = [
            ["10.0.0.0/16", "10.1.0.0/16", false],
            ["10.0.0.0/16", "10.0.0.0/16", true],
            ["10.0.0.0/16", "10.0.128.0/17", true],
            ["10.0.128.0/17", "10.0.0.0/16", true],
            ["10.0.0.0/22", "10.0.4.0/22", false],
            ["10.0.0.0/8", "10.200.0.0/16", true],
            ["192.168.0.0/16", "10.0.0.0/8", false],
        ];
        for (const [a, b, overlap] of cases) {
            it(`${a} and ${b} → ${overlap}`, () => expect(cidrsOverlap(a, b)).to.equal(overlap));
        }
    });
});

describe("stacks/config/schema: origin-verify secret rotation", () => {
    const REGIONAL_MIN = {
        role: "regional",
        region: "us-east-1",
        network: { cidrBlock: "10.0.0.0/16", availabilityZones: ["us-east-1a", "us-east-1b"] },
    };

    it("accepts a previous secret next to the current one, with the same rules, and never shows either in a message", () => {
        const config = parseStackConfig({
            ...REGIONAL_MIN,
            originVerifySecret: "new-origin-verify-secret-0123",
            originVerifyPreviousSecret: "old-origin-verify-secret-0123",
        }) as RegionalConfig;
        expect(config.originVerifyPreviousSecret).to.equal("old-origin-verify-secret-0123");
        expect(() => parseStackConfig({ ...REGIONAL_MIN, originVerifyPreviousSecret: "short*" })).to.throw(
            'invalid configuration of stack stack:\n  - originVerifyPreviousSecret: expected a string of length >= 16, got "[secret]"\n  - originVerifyPreviousSecret: expected letters, digits, - and _ only (ALB header conditions treat * and ? as wildcards), got "[secret]"',
        );
    });
});
