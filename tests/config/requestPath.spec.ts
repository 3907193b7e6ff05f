/**
 * Configuration of the request path (edge security, load balancing, service, alerting e-mail):
 * each refused value with its exact message, and the origin-verify secret never echoed.
 */
import { expect } from "chai";
import { ConfigError, parseRegionalConfig } from "../../stacks/config/schema";

const REGIONAL = {
    role: "regional",
    region: "eu-west-1",
    network: { cidrBlock: "10.1.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] },
};

function problemsOf(overrides: Record<string, unknown>): readonly string[] {
    try {
        parseRegionalConfig({ ...REGIONAL, ...overrides }, "eu-west-1");
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return (err as ConfigError).problems;
    }
    throw new Error("expected a ConfigError");
}

describe("stacks/config/schema: request path", () => {
    const cases: [title: string, overrides: Record<string, unknown>, problems: string[]][] = [
        ["a desired count of 1", { service: { desiredCount: 1 } }, ["service.desiredCount: expected a number >= 2, got 1"]],
        ["a fractional desired count", { service: { desiredCount: 2.5 } }, ["service.desiredCount: expected an integer, got 2.5"]],
        [
            "a max count below the desired count",
            { service: { desiredCount: 4, maxCount: 3 } },
            ["service.maxCount: expected at least desiredCount (4), got 3"],
        ],
        [
            "a health-check interval below 5 s (the default timeout is then not below it either)",
            { loadBalancing: { healthCheckIntervalSeconds: 4 } },
            [
                "loadBalancing.healthCheckIntervalSeconds: expected a number >= 5, got 4",
                "loadBalancing.healthCheckTimeoutSeconds: expected less than healthCheckIntervalSeconds (4), got 5",
            ],
        ],
        [
            "a health-check interval above 300 s",
            { loadBalancing: { healthCheckIntervalSeconds: 301 } },
            ["loadBalancing.healthCheckIntervalSeconds: expected a number <= 300, got 301"],
        ],
        [
            "a health-check timeout not below the interval",
            { loadBalancing: { healthCheckIntervalSeconds: 10, healthCheckTimeoutSeconds: 10 } },
            ["loadBalancing.healthCheckTimeoutSeconds: expected less than healthCheckIntervalSeconds (10), got 10"],
        ],
        [
            "an unhealthy threshold above 10",
            { loadBalancing: { unhealthyThreshold: 11 } },
            ["loadBalancing.unhealthyThreshold: expected a number <= 10, got 11"],
        ],
        [
            "an origin-verify header name with a space",
            { loadBalancing: { originVerifyHeaderName: "X Origin" } },
            [
                'loadBalancing.originVerifyHeaderName: expected a header name of at most 40 characters from A-Z a-z 0-9 and - that ALB header conditions can match and CloudFront may add (not Host, Via, Cookie, Connection, X-Amz-*, X-Edge-*, ...), got "X Origin"',
            ],
        ],
        // ALB: "The maximum size is 40 characters" and "You can't use an HTTP header condition to specify the host header"
        // (ELB API Reference, HttpHeaderConditionConfig); CloudFront refuses custom origin headers it sets itself
        // (CloudFront Developer Guide, "Custom headers that CloudFront can't add to origin requests").
        [
            "an origin-verify header name longer than 40 characters",
            { loadBalancing: { originVerifyHeaderName: `X-${"a".repeat(39)}` } },
            [
                `loadBalancing.originVerifyHeaderName: expected a header name of at most 40 characters from A-Z a-z 0-9 and - that ALB header conditions can match and CloudFront may add (not Host, Via, Cookie, Connection, X-Amz-*, X-Edge-*, ...), got "X-${"a".repeat(39)}"`,
            ],
        ],
        [
            "Host as the origin-verify header",
            { loadBalancing: { originVerifyHeaderName: "host" } },
            [
                'loadBalancing.originVerifyHeaderName: expected a header name of at most 40 characters from A-Z a-z 0-9 and - that ALB header conditions can match and CloudFront may add (not Host, Via, Cookie, Connection, X-Amz-*, X-Edge-*, ...), got "host"',
            ],
        ],
        [
            "a header CloudFront sets itself",
            { loadBalancing: { originVerifyHeaderName: "X-Amz-Verify" } },
            [
                'loadBalancing.originVerifyHeaderName: expected a header name of at most 40 characters from A-Z a-z 0-9 and - that ALB header conditions can match and CloudFront may add (not Host, Via, Cookie, Connection, X-Amz-*, X-Edge-*, ...), got "X-Amz-Verify"',
            ],
        ],
        [
            "Via as the origin-verify header",
            { loadBalancing: { originVerifyHeaderName: "Via" } },
            [
                'loadBalancing.originVerifyHeaderName: expected a header name of at most 40 characters from A-Z a-z 0-9 and - that ALB header conditions can match and CloudFront may add (not Host, Via, Cookie, Connection, X-Amz-*, X-Edge-*, ...), got "Via"',
            ],
        ],
        [
            "an upper-case domain name",
            {
                loadBalancing: {
                    domain: {
                        domainName: "App.Example.com",
                        certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-1111",
                    },
                },
            },
            ['loadBalancing.domain.domainName: expected a lower-case DNS name, got "App.Example.com"'],
        ],
        [
            "a certificate that is not an ACM ARN",
            {
                loadBalancing: {
                    domain: { domainName: "app.example.com", certificateArn: "arn:aws:iam::123456789012:server-certificate/x" },
                },
            },
            ['loadBalancing.domain.certificateArn: expected an ACM certificate ARN, got "arn:aws:iam::123456789012:server-certificate/x"'],
        ],
        [
            "an image reference with upper case and a bang",
            { service: { image: "Nginx:Latest!" } },
            ['service.image: expected a container image reference such as registry/repository:tag, got "Nginx:Latest!"'],
        ],
        [
            "an image reference with a space",
            { service: { image: "nginx latest" } },
            ['service.image: expected a container image reference such as registry/repository:tag, got "nginx latest"'],
        ],
        ["a privileged container port", { service: { containerPort: 80 } }, ["service.containerPort: expected a number >= 1024, got 80"]],
        [
            "memory that does not fit the CPU",
            { service: { cpu: 512, memory: 512 } },
            ["service.memory: expected 1024..4096 MiB in steps of 1024 for cpu 512, got 512"],
        ],
        [
            "a relative health-check path",
            { service: { healthCheckPath: "health" } },
            [
                `service.healthCheckPath: expected an absolute URL path such as /health, at most 128 characters from A-Z a-z 0-9 _ - . / ~ @ : + (no * or ?: the ALB lets this one path through for health checkers; no quotes or $: it is quoted in the container's shell health check), got "health"`,
            ],
        ],
        [
            "a wildcard in the health-check path",
            { service: { healthCheckPath: "/health*" } },
            [
                `service.healthCheckPath: expected an absolute URL path such as /health, at most 128 characters from A-Z a-z 0-9 _ - . / ~ @ : + (no * or ?: the ALB lets this one path through for health checkers; no quotes or $: it is quoted in the container's shell health check), got "/health*"`,
            ],
        ],
        [
            "a single quote in the health-check path",
            { service: { healthCheckPath: "/x'y" } },
            [
                `service.healthCheckPath: expected an absolute URL path such as /health, at most 128 characters from A-Z a-z 0-9 _ - . / ~ @ : + (no * or ?: the ALB lets this one path through for health checkers; no quotes or $: it is quoted in the container's shell health check), got "/x'y"`,
            ],
        ],
        [
            "a $ in the health-check path",
            { service: { healthCheckPath: "/$HOME" } },
            [
                `service.healthCheckPath: expected an absolute URL path such as /health, at most 128 characters from A-Z a-z 0-9 _ - . / ~ @ : + (no * or ?: the ALB lets this one path through for health checkers; no quotes or $: it is quoted in the container's shell health check), got "/$HOME"`,
            ],
        ],
        ["a CPU target above 90 %", { service: { cpuTargetPercent: 95 } }, ["service.cpuTargetPercent: expected a number <= 90, got 95"]],
        [
            "a WAF rate limit below 10",
            { edgeSecurity: { rateLimitPerFiveMinutes: 9 } },
            ["edgeSecurity.rateLimitPerFiveMinutes: expected a number >= 10, got 9"],
        ],
        [
            "an alert address that is not an e-mail",
            { observability: { alertEmails: ["ops@example.com", "not-an-email"] } },
            ['observability.alertEmails.1: expected an email address, got "not-an-email"'],
        ],
        [
            "a short origin-verify secret, without echoing it",
            { originVerifySecret: "short" },
            ['originVerifySecret: expected a string of length >= 16, got "[secret]"'],
        ],
        [
            "an origin-verify secret longer than an ALB condition value",
            { originVerifySecret: "a".repeat(129) },
            ['originVerifySecret: expected a string of length <= 128, got "[secret]"'],
        ],
        [
            "an origin-verify secret with ALB wildcard characters",
            { originVerifySecret: "*".repeat(20) },
            [
                'originVerifySecret: expected letters, digits, - and _ only (ALB header conditions treat * and ? as wildcards), got "[secret]"',
            ],
        ],
        [
            "several request-path problems, reported together",
            { service: { desiredCount: 1 }, edgeSecurity: { rateLimitPerFiveMinutes: 5 } },
            ["service.desiredCount: expected a number >= 2, got 1", "edgeSecurity.rateLimitPerFiveMinutes: expected a number >= 10, got 5"],
        ],
    ];
    for (const [title, overrides, problems] of cases) {
        it(`refuses ${title}`, () => {
            expect(problemsOf(overrides)).to.deep.equal(problems);
        });
    }

    it("never puts the origin-verify secret in the error message", () => {
        const secret = "has*a*wildcard*secret";
        let message = "";
        try {
            parseRegionalConfig({ ...REGIONAL, originVerifySecret: secret }, "eu-west-1");
        } catch (err) {
            message = (err as Error).message;
        }
        expect(message).to.contain("originVerifySecret:");
        expect(message).to.not.contain(secret);
    });

    it("fills the request-path defaults", () => {
        const config = parseRegionalConfig(REGIONAL, "eu-west-1");
        expect(config.loadBalancing).to.deep.equal({
            healthCheckIntervalSeconds: 10,
            healthCheckTimeoutSeconds: 5,
            healthyThreshold: 2,
            unhealthyThreshold: 2,
            healthCheckMatcher: "200-399",
            deregistrationDelaySeconds: 30,
            deletionProtection: true,
            idleTimeoutSeconds: 60,
            originVerifyHeaderName: "X-Origin-Verify",
        });
        expect(config.service).to.deep.include({
            desiredCount: 2,
            maxCount: 6,
            containerPort: 8080,
            healthCheckPath: "/",
            user: "101:101",
            environment: {},
        });
        expect(config.edgeSecurity).to.deep.equal({ rateLimitPerFiveMinutes: 2000, maxRequestBodyBytes: 8192 });
        expect(config.originVerifySecret).to.equal(undefined);
        expect(parseRegionalConfig({ ...REGIONAL, originVerifySecret: "Abc_def-0123456789" }, "eu-west-1").originVerifySecret).to.equal(
            "Abc_def-0123456789",
        );
    });
});
