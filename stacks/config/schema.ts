/**
 * The one place where stack configuration is typed and validated.
 *
 * `parseStackConfig` is a pure function: it takes the raw values of the `platform:*` keys
 * (as the loader read them from `pulumi.Config`, or as a test writes them) and returns a
 * fully defaulted, typed configuration, or throws one {@link ConfigError} that lists every
 * problem with its key, the value and what is allowed. Nothing here touches Pulumi, so a
 * bad configuration is refused before any resource is registered.
 */
import { IPv4CidrRange } from "ip-num";
import { z } from "zod";
import {
    FARGATE_MEMORY_BY_CPU,
    IMAGE_REFERENCE,
    LITERAL_ALB_PATH,
    LOG_RETENTION_DAYS,
    writePathPatternProblems,
} from "../../components/shared/awsLimits";
import { isValidOriginVerifyHeaderName, ORIGIN_VERIFY_HEADER_RULE } from "../../components/shared/headers";
import { isKnownRegion, isZoneOfRegion, KNOWN_REGIONS } from "./regions";

/** Raised once with every configuration problem found. */
export class ConfigError extends Error {
    /** One line per problem: `key: what is wrong, got <value>`. */
    public readonly problems: readonly string[];

    constructor(problems: readonly string[], scope = "configuration") {
        super(`invalid ${scope}:\n  - ${problems.join("\n  - ")}`);
        this.name = "ConfigError";
        this.problems = problems;
    }
}

// The AWS limits are shared with the components that check the same arguments.
export { FARGATE_MEMORY_BY_CPU, LOG_RETENTION_DAYS } from "../../components/shared/awsLimits";

/** The smallest VPC the network tier accepts: room for a public and a private subnet per AZ. */
export const MAX_VPC_PREFIX = 22;
/** The largest VPC AWS allows. */
export const MIN_VPC_PREFIX = 16;

/**
 * Default container image: a public image that runs as a non-root user (101), listens on 8080,
 * answers `GET /` with 200 and writes only below `/tmp`. With the secure task settings
 * (read-only root filesystem, non-root user) it needs `/tmp` writable by uid 101, which the
 * service tier provides with a chown-only init container (Fargate creates volumes root-owned).
 */
export const DEFAULT_IMAGE = "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine";

const json = (value: unknown): string => {
    if (value === undefined) return "nothing";
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
};

const int = (min: number, max?: number) => {
    let s = z.number().int().min(min);
    if (max !== undefined) s = s.max(max);
    return s;
};
const positiveInt = z.number().int().min(1);

const tags = z.record(z.string().min(1).max(128), z.string().max(256)).default({});
const emails = z.array(z.email("expected an email address")).default([]);
const retention = z.number().refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), {
    message: `expected one of the CloudWatch Logs retention values ${LOG_RETENTION_DAYS.join(", ")}`,
});
const region = z.string().refine(isKnownRegion, { message: `expected a known AWS region (${KNOWN_REGIONS.join(", ")})` });
const cidr = z.string().superRefine((value, ctx) => {
    const problem = cidrProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
});

/** Why `value` is not a usable VPC CIDR block, or undefined when it is one. */
export function cidrProblem(value: string): string | undefined {
    let range: IPv4CidrRange;
    try {
        range = IPv4CidrRange.fromCidr(value);
    } catch {
        return "expected an IPv4 CIDR block such as 10.0.0.0/16";
    }
    const prefix = Number(range.getPrefix().getValue());
    if (prefix < MIN_VPC_PREFIX || prefix > MAX_VPC_PREFIX) {
        return `expected a prefix length from /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX} (room for a public and a private subnet per AZ)`;
    }
    const [address] = value.split("/");
    if (range.getFirst().toString() !== address) {
        return `expected the network address ${range.getFirst().toString()}/${prefix}: host bits are set`;
    }
    return undefined;
}

/** True when two CIDR blocks share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
    const ra = IPv4CidrRange.fromCidr(a);
    const rb = IPv4CidrRange.fromCidr(b);
    return ra.contains(rb) || rb.contains(ra);
}

// ---------------------------------------------------------------- regional stacks

const networkSchema = z.strictObject({
    /** VPC CIDR block; must not overlap another regional stack's. */
    cidrBlock: cidr,
    /** Availability-zone names of the stack's region, at least 2. */
    availabilityZones: z.array(z.string()).min(2),
    /** Prefix length of each AZ's block (see NetworkArgs.availabilityZoneCidrMask); default: the VPC prefix + 2. */
    availabilityZoneCidrMask: int(16, 27).optional(),
});

const storageSchema = z
    .strictObject({
        noncurrentVersionExpirationDays: int(1).default(90),
        accessLogExpirationDays: int(1).default(365),
    })
    .default({ noncurrentVersionExpirationDays: 90, accessLogExpirationDays: 365 });

const analyticsSchema = z
    .strictObject({
        // Athena's floor for the per-query cutoff is 10 MB.
        bytesScannedCutoffPerQuery: int(10_000_000).default(10 * 1024 ** 3),
    })
    .default({ bytesScannedCutoffPerQuery: 10 * 1024 ** 3 });

const domainSchema = z.strictObject({
    /** Host name the ALB answers as (the origin host name CloudFront uses). */
    domainName: z.string().regex(/^(?!-)[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+$/, "expected a lower-case DNS name"),
    /** ACM certificate in the stack's region covering `domainName`. */
    certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, "expected an ACM certificate ARN"),
});

const loadBalancingDefaults = {
    healthCheckIntervalSeconds: 10,
    healthCheckTimeoutSeconds: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 2,
    deregistrationDelaySeconds: 30,
    deletionProtection: true,
    originVerifyHeaderName: "X-Origin-Verify",
};
const loadBalancingSchema = z
    .strictObject({
        // AWS bounds for ALB target-group health checks.
        healthCheckIntervalSeconds: int(5, 300).default(loadBalancingDefaults.healthCheckIntervalSeconds),
        healthCheckTimeoutSeconds: int(2, 120).default(loadBalancingDefaults.healthCheckTimeoutSeconds),
        healthyThreshold: int(2, 10).default(loadBalancingDefaults.healthyThreshold),
        unhealthyThreshold: int(2, 10).default(loadBalancingDefaults.unhealthyThreshold),
        deregistrationDelaySeconds: int(0, 3600).default(loadBalancingDefaults.deregistrationDelaySeconds),
        deletionProtection: z.boolean().default(loadBalancingDefaults.deletionProtection),
        originVerifyHeaderName: z
            .string()
            .refine(isValidOriginVerifyHeaderName, ORIGIN_VERIFY_HEADER_RULE)
            .default(loadBalancingDefaults.originVerifyHeaderName),
        /** Domain mode: HTTPS listener with this certificate. Absent: evaluation mode (HTTP only). */
        domain: domainSchema.optional(),
    })
    .superRefine((v, ctx) => {
        if (v.healthCheckTimeoutSeconds >= v.healthCheckIntervalSeconds) {
            ctx.addIssue({
                code: "custom",
                path: ["healthCheckTimeoutSeconds"],
                input: v.healthCheckTimeoutSeconds,
                message: `expected less than healthCheckIntervalSeconds (${v.healthCheckIntervalSeconds})`,
            });
        }
    })
    .default(loadBalancingDefaults);

const serviceDefaults = {
    image: DEFAULT_IMAGE,
    containerPort: 8080,
    cpu: 256,
    memory: 512,
    desiredCount: 2,
    maxCount: 6,
    healthCheckPath: "/",
    healthCheckGracePeriodSeconds: 60,
    cpuTargetPercent: 60,
    requestsPerTarget: 1000,
};
const serviceSchema = z
    .strictObject({
        image: z
            .string()
            .regex(IMAGE_REFERENCE, "expected a container image reference such as registry/repository:tag")
            .default(serviceDefaults.image),
        containerPort: int(1024, 65535).default(serviceDefaults.containerPort),
        cpu: z
            .number()
            .refine((v) => v in FARGATE_MEMORY_BY_CPU, {
                message: `expected Fargate CPU units ${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")}`,
            })
            .default(serviceDefaults.cpu),
        memory: positiveInt.default(serviceDefaults.memory),
        /** Tasks kept running; at least 2 so that one AZ can be lost. */
        desiredCount: int(2).default(serviceDefaults.desiredCount),
        maxCount: int(2).default(serviceDefaults.maxCount),
        healthCheckPath: z
            .string()
            .regex(
                LITERAL_ALB_PATH,
                "expected an absolute URL path such as /health, at most 128 characters from A-Z a-z 0-9 _ - . / ~ @ : + (no * or ?: the ALB lets this one path through for health checkers; no quotes or $: it is quoted in the container's shell health check)",
            )
            .default(serviceDefaults.healthCheckPath),
        healthCheckGracePeriodSeconds: int(0, 2_147_483_647).default(serviceDefaults.healthCheckGracePeriodSeconds),
        cpuTargetPercent: int(10, 90).default(serviceDefaults.cpuTargetPercent),
        requestsPerTarget: positiveInt.default(serviceDefaults.requestsPerTarget),
    })
    .superRefine((v, ctx) => {
        const memory = FARGATE_MEMORY_BY_CPU[v.cpu];
        if (memory) {
            const [min, max, step] = memory;
            if (v.memory < min || v.memory > max || (v.memory - min) % step !== 0) {
                ctx.addIssue({
                    code: "custom",
                    path: ["memory"],
                    input: v.memory,
                    message: `expected ${min}..${max} MiB in steps of ${step} for cpu ${v.cpu}`,
                });
            }
        }
        if (v.maxCount < v.desiredCount) {
            ctx.addIssue({
                code: "custom",
                path: ["maxCount"],
                input: v.maxCount,
                message: `expected at least desiredCount (${v.desiredCount})`,
            });
        }
    })
    .default(serviceDefaults);

const edgeSecuritySchema = z
    .strictObject({
        // WAF rate-based rules accept 10..2,000,000,000 requests per evaluation window.
        rateLimitPerFiveMinutes: int(10, 2_000_000_000).default(2000),
    })
    .default({ rateLimitPerFiveMinutes: 2000 });

const observabilitySchema = z
    .strictObject({
        alertEmails: emails,
        logRetentionDays: retention.default(90),
    })
    .default({ alertEmails: [], logRetentionDays: 90 });

const chaosSchema = z
    .strictObject({
        /** Create the AWS FIS experiment templates (they run only when started by hand). */
        enabled: z.boolean().default(false),
        stopTaskPercent: int(1, 100).default(50),
        durationMinutes: int(1, 720).default(10),
    })
    .default({ enabled: false, stopTaskPercent: 50, durationMinutes: 10 });

const regionalSchema = z
    .strictObject({
        role: z.literal("regional"),
        region,
        tags,
        network: networkSchema,
        storage: storageSchema,
        analytics: analyticsSchema,
        loadBalancing: loadBalancingSchema,
        service: serviceSchema,
        edgeSecurity: edgeSecuritySchema,
        observability: observabilitySchema,
        chaos: chaosSchema,
        /**
         * Secret shared with CloudFront; generated when absent. ALB header conditions take at most
         * 128 characters and treat `*` and `?` as wildcards, so only letters, digits, `-` and `_`.
         */
        originVerifySecret: z
            .string()
            .min(16)
            .max(128)
            .regex(/^[A-Za-z0-9_-]+$/, "expected letters, digits, - and _ only (ALB header conditions treat * and ? as wildcards)")
            .optional(),
    })
    .superRefine(
        (v, ctx) => {
            const azs = v.network.availabilityZones;
            azs.forEach((az, i) => {
                if (!isZoneOfRegion(az, v.region)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["network", "availabilityZones", i],
                        input: az,
                        message: `expected an availability zone of ${v.region} (${v.region}a, ${v.region}b, ...)`,
                    });
                }
            });
            const duplicates = azs.filter((az, i) => azs.indexOf(az) !== i);
            if (duplicates.length > 0) {
                ctx.addIssue({
                    code: "custom",
                    path: ["network", "availabilityZones"],
                    input: azs,
                    message: `expected distinct zones, ${[...new Set(duplicates)].join(", ")} repeated`,
                });
            }
        },
        { when: (payload) => regionAndZonesAreWellTyped(payload.value) },
    );

/**
 * Zod skips an object's refinements when any of its fields failed; this lets the
 * zone/region cross-check still run (and be reported in the same error) when the
 * problem is elsewhere.
 */
function regionAndZonesAreWellTyped(value: unknown): boolean {
    const v = value as { region?: unknown; network?: { availabilityZones?: unknown } } | undefined;
    return (
        typeof v?.region === "string" &&
        isKnownRegion(v.region) &&
        Array.isArray(v.network?.availabilityZones) &&
        v.network.availabilityZones.every((az) => typeof az === "string")
    );
}

/** Validated configuration of a regional stack, every default filled in. */
export type RegionalConfig = z.infer<typeof regionalSchema>;

// ---------------------------------------------------------------- global stack

const STACK_FQN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

const edgeDefaults = {
    originConnectionTimeoutSeconds: 3,
    originConnectionAttempts: 1,
    originReadTimeoutSeconds: 30,
    rateLimitPerFiveMinutes: 2000,
    priceClass: "PriceClass_100" as const,
    writePathPatterns: ["/api/*"],
};
const healthCheckDefaults = { requestIntervalSeconds: 10 as const, failureThreshold: 3 };

/**
 * Write path patterns: the CloudFront path patterns whose requests may write (POST, PUT, PATCH,
 * DELETE). CloudFront refuses those methods on a behaviour that targets an origin group, so each
 * pattern gets an ordered cache behaviour of its own, allowing all seven methods and targeting one
 * write origin: the active region's origin in evaluation mode, the Route 53 health-checked failover
 * name in domain mode. Every other path is read-only (GET, HEAD, OPTIONS) and fails over per
 * request through the origin group. 1-25 patterns, each a CloudFront path pattern (at most 255
 * characters, wildcards `*` and `?`), none matching every path, distinct.
 * @default ["/api/*"]
 */
const writePathPatterns = z
    .array(z.string())
    .superRefine((patterns, ctx) => {
        for (const problem of writePathPatternProblems(patterns))
            ctx.addIssue({ code: "custom", message: problem.message, input: problem.input });
    })
    .default(edgeDefaults.writePathPatterns);

const globalSchema = z
    .strictObject({
        role: z.literal("global"),
        /** Fully qualified regional stack names (`org/project/stack`), in failover priority order. */
        regionalStacks: z.array(z.string().regex(STACK_FQN, "expected a fully qualified stack name org/project/stack")).min(2),
        routingMode: z.enum(["active-passive", "active-active"]).default("active-passive"),
        /** Region served first; defaults to the first regional stack's. */
        activeRegion: region.optional(),
        tags,
        /** Domain mode: Route 53 zone and the application's host name. Absent: evaluation mode. */
        domain: z
            .strictObject({
                hostedZoneId: z.string().regex(/^Z[A-Z0-9]{1,31}$/, "expected a Route 53 hosted zone id such as Z0123456789ABC"),
                domainName: z.string().regex(/^(?!-)[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+$/, "expected a lower-case DNS name"),
            })
            .optional(),
        edge: z
            .strictObject({
                // CloudFront bounds: connection timeout 1-10 s, attempts 1-3, read timeout 1-60 s.
                originConnectionTimeoutSeconds: int(1, 10).default(edgeDefaults.originConnectionTimeoutSeconds),
                originConnectionAttempts: int(1, 3).default(edgeDefaults.originConnectionAttempts),
                originReadTimeoutSeconds: int(1, 60).default(edgeDefaults.originReadTimeoutSeconds),
                rateLimitPerFiveMinutes: int(10, 2_000_000_000).default(edgeDefaults.rateLimitPerFiveMinutes),
                priceClass: z.enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"]).default(edgeDefaults.priceClass),
                writePathPatterns,
            })
            .default(edgeDefaults),
        healthCheck: z
            .strictObject({
                // Route 53 fixes the interval at creation: 10 (fast) or 30 seconds.
                requestIntervalSeconds: z.literal([10, 30]).default(healthCheckDefaults.requestIntervalSeconds),
                failureThreshold: int(1, 10).default(healthCheckDefaults.failureThreshold),
            })
            .default(healthCheckDefaults),
        replication: z
            .strictObject({
                /** Off by default so that a deletion in one region does not propagate. */
                replicateDeleteMarkers: z.boolean().default(false),
            })
            .default({ replicateDeleteMarkers: false }),
        alertEmails: emails,
        logRetentionDays: retention.default(90),
        failoverOperator: z
            .strictObject({
                /** IAM principals (ARNs) allowed to assume the failover-operator role, with MFA. */
                trustedPrincipalArns: z
                    .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(root|role\/.+|user\/.+)$/, "expected an IAM principal ARN"))
                    .default([]),
            })
            .default({ trustedPrincipalArns: [] }),
    })
    .superRefine(
        (v, ctx) => {
            const seen = new Set<string>();
            v.regionalStacks.forEach((name, i) => {
                if (seen.has(name)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["regionalStacks", i],
                        input: name,
                        message: "expected each regional stack once, listed twice",
                    });
                }
                seen.add(name);
            });
        },
        { when: (payload) => Array.isArray((payload.value as { regionalStacks?: unknown })?.regionalStacks) },
    );

/** Validated configuration of the global stack, every default filled in. */
export type GlobalConfig = z.infer<typeof globalSchema>;

/** Configuration of any stack of the project, told apart by `role`. */
export type StackConfig = RegionalConfig | GlobalConfig;

/** The `platform:*` keys a stack may set, for the loader and for `Pulumi.yaml`. */
export const CONFIG_KEYS = [...new Set([...Object.keys(regionalSchema.shape), ...Object.keys(globalSchema.shape)])] as const;

/**
 * Keys that were settings once, with what replaced them: a fork's config that still sets one is
 * told what to do instead of "unknown key".
 */
const RETIRED_KEYS: Readonly<Record<string, string>> = {
    failoverPriority:
        "no longer a setting: a region's priority is its position in the global stack's platform:regionalStacks (one source); remove this key and order that list instead",
};

/** Keys whose values never appear in an error message. */
const SECRET_KEYS = new Set(["originVerifySecret"]);

function describeIssue(issue: z.core.$ZodIssue): string {
    const path = issue.path.map(String).join(".") || "(root)";
    const raw = (issue as { input?: unknown }).input;
    const input = SECRET_KEYS.has(String(issue.path[0])) && raw !== undefined ? "[secret]" : raw;
    let message: string;
    switch (issue.code) {
        case "invalid_type": {
            const expected = issue.expected === "int" ? "an integer" : issue.expected;
            message = input === undefined ? `required, expected ${expected}` : `expected ${expected}, got ${json(input)}`;
            break;
        }
        case "too_small":
            message = Array.isArray(input)
                ? `expected at least ${issue.minimum}, got ${input.length} (${json(input)})`
                : `expected ${issue.origin === "string" ? "a string of length" : "a number"} >= ${issue.minimum}, got ${json(input)}`;
            break;
        case "too_big":
            message = `expected ${issue.origin === "string" ? "a string of length" : "a number"} <= ${issue.maximum}, got ${json(input)}`;
            break;
        case "invalid_value":
            message = `expected ${issue.values.map((x) => json(x)).join(" | ")}, got ${json(input)}`;
            break;
        case "unrecognized_keys":
            return issue.keys
                .map(
                    (k) =>
                        `${path === "(root)" ? "" : `${path}.`}${k}: ${path === "(root)" && RETIRED_KEYS[k] ? RETIRED_KEYS[k] : "unknown key"}`,
                )
                .join("\n");
        case "invalid_union":
            message = `expected ${json(input)} to be one of the allowed values`;
            break;
        default:
            message = `${issue.message}, got ${json(input)}`;
    }
    return `${path}: ${message}`;
}

function parseWith<T>(schema: z.ZodType<T>, raw: Record<string, unknown>, scope: string): T {
    const result = schema.safeParse(raw, { reportInput: true });
    if (result.success) return result.data;
    const problems = result.error.issues.flatMap((i) => describeIssue(i).split("\n"));
    throw new ConfigError(problems, scope);
}

/**
 * Validates the raw `platform:*` values of one stack.
 *
 * @param raw keys without the `platform:` namespace, values already JSON-decoded.
 * @param stack the stack's name, used only in the error message.
 * @param file the stack's settings file, named in the error message when given.
 * @throws ConfigError listing every problem at once.
 */
export function parseStackConfig(raw: Record<string, unknown>, stack = "stack", file?: string): StackConfig {
    const scope = `configuration of stack ${stack}${file ? ` (${file})` : ""}`;
    const role = raw["role"];
    if (role === "regional") return parseWith(regionalSchema, raw, scope);
    if (role === "global") return parseWith(globalSchema, raw, scope);
    throw new ConfigError([`role: expected "regional" | "global", got ${json(role)}`], scope);
}

/** {@link parseStackConfig} for a stack that must be regional. */
export function parseRegionalConfig(raw: Record<string, unknown>, stack = "stack"): RegionalConfig {
    return parseWith(regionalSchema, raw, `configuration of stack ${stack}`);
}

/** {@link parseStackConfig} for a stack that must be global. */
export function parseGlobalConfig(raw: Record<string, unknown>, stack = "stack"): GlobalConfig {
    return parseWith(globalSchema, raw, `configuration of stack ${stack}`);
}
