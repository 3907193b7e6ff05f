/**
 * The one place where stack configuration is typed and validated.
 *
 * `parseStackConfig` is a pure function: it takes the raw values of the `platform:*` keys
 * (as the loader read them from `pulumi.Config`, or as a test writes them) and returns a
 * fully defaulted, typed configuration, or throws one {@link ConfigError} that lists every
 * problem with its key, the value and what is allowed. Nothing here touches Pulumi, so a
 * bad configuration is refused before any resource is registered.
 */
import { z } from "zod";
import { analyticsSettings } from "../../components/analytics/settings";
import { chaosSettings } from "../../components/chaos/settings";
import { regionalWafSettings } from "../../components/edge-security/settings";
import { loadBalancerSettings } from "../../components/load-balancing/settings";
import { networkSettings } from "../../components/network/settings";
import { observabilitySettings } from "../../components/observability/settings";
import { fargateServiceSettings } from "../../components/service/settings";
import { regionHealthCheckSettings, routingMode } from "../../components/dns/settings";
import { edgeSettings } from "../../components/edge/settings";
import { failoverOperatorSettings } from "../../components/global-operations/settings";
import { replicationSettings } from "../../components/replication/settings";
import { alertEmails, dnsName, logRetentionDays, regionName } from "../../components/shared/fields";
import { isKnownRegion, isZoneOfRegion, zoneOfRegionRule } from "../../components/shared/regions";
import { describeIssue } from "../../components/shared/settings";
import { storageSettings } from "../../components/storage/settings";

const json = (value: unknown): string => (value === undefined ? "nothing" : (JSON.stringify(value) ?? String(value)));

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

const tags = z
    .record(z.string().min(1).max(128), z.string().max(256))
    .default({})
    .meta({ description: "tags added to every resource (default tags of the stack's providers)" });

// ---------------------------------------------------------------- regional stacks

/** An origin-verify secret: ALB header conditions take at most 128 characters and treat `*` and `?` as wildcards. */
const originVerifySecretValue = z
    .string()
    .min(16)
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/, "expected letters, digits, - and _ only (ALB header conditions treat * and ? as wildcards)");

/** The schema of a regional stack's `platform:*` keys, composed from the components' settings. */
export const regionalSchema = z
    .strictObject({
        role: z
            .literal("regional")
            .meta({ description: "stack role: regional (one region's tiers) or global (edge and cross-region links)" }),
        region: regionName.meta({ description: "AWS region of the stack, e.g. us-east-1" }),
        tags,
        network: networkSettings.meta({ description: "the VPC: its block, zones and per-AZ block size" }),
        storage: storageSettings.prefault({}).meta({ description: "data and log buckets" }),
        analytics: analyticsSettings.prefault({}).meta({ description: "Athena over the ALB access logs" }),
        loadBalancing: loadBalancerSettings.prefault({}).meta({ description: "the ALB, its health checks and the origin lock" }),
        service: fargateServiceSettings.prefault({}).meta({ description: "the Fargate service" }),
        edgeSecurity: regionalWafSettings.prefault({}).meta({ description: "the regional WAF web ACL" }),
        observability: observabilitySettings.prefault({}).meta({ description: "alert recipients and log retention" }),
        chaos: chaosSettings.prefault({}).meta({ description: "AWS FIS experiment templates" }),
        originVerifySecret: originVerifySecretValue.optional().meta({
            description:
                "secret value of the origin-verify header, 16-128 letters, digits, - or _ (set with --secret); generated when absent",
        }),
        originVerifyPreviousSecret: originVerifySecretValue.optional().meta({
            description:
                "during a rotation only: the secret being replaced, still accepted by the ALB until the global stack sends the new one (set with --secret; remove after the global stack's up)",
        }),
    })
    .superRefine(
        (v, ctx) => {
            v.network.availabilityZones.forEach((az, i) => {
                if (!isZoneOfRegion(az, v.region)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["network", "availabilityZones", i],
                        input: az,
                        message: zoneOfRegionRule(v.region),
                    });
                }
            });
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

/** The schema of the global stack's `platform:*` keys. */
export const globalSchema = z
    .strictObject({
        role: z
            .literal("global")
            .meta({ description: "stack role: regional (one region's tiers) or global (edge and cross-region links)" }),
        regionalStacks: z
            .array(z.string().regex(STACK_FQN, "expected a fully qualified stack name org/project/stack"))
            .min(2)
            .meta({ description: "fully qualified regional stack names (org/project/stack), 2+, in failover priority order" }),
        routingMode,
        activeRegion: regionName.optional().meta({
            description: "region served first (CloudFront primary origin, Route 53 PRIMARY); default: the first regional stack's region",
        }),
        tags,
        domain: z
            .strictObject({
                hostedZoneId: z
                    .string()
                    .regex(/^Z[A-Z0-9]{1,31}$/, "expected a Route 53 hosted zone id such as Z0123456789ABC")
                    .meta({ description: "public hosted zone of the domain" }),
                domainName: dnsName.meta({ description: "the application's host name" }),
            })
            .optional()
            .meta({
                description:
                    "domain mode: Route 53 zone and the application's host name; absent = evaluation mode (CloudFront default domain)",
            }),
        edge: edgeSettings.prefault({}).meta({ description: "CloudFront origins, price class, write paths and the edge rate limit" }),
        healthCheck: regionHealthCheckSettings.prefault({}).meta({
            description: "Route 53 health checks of each region (the health-checked records are aliases: they take the ALB's 60 s TTL)",
        }),
        replication: replicationSettings.prefault({}).meta({ description: "S3 cross-region replication" }),
        alertEmails: alertEmails.meta({ description: "email addresses subscribed to the cross-region alerts" }),
        logRetentionDays: logRetentionDays.meta({ description: "CloudWatch Logs retention of the global stack's log groups" }),
        failoverOperator: failoverOperatorSettings.prefault({}).meta({ description: "who may assume the failover-operator role" }),
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
/** Keys whose value is a secret (`pulumi config set --secret`): never shown in a message, marked secret in Pulumi.yaml. */
export const SECRET_CONFIG_KEYS: ReadonlySet<string> = new Set(["originVerifySecret", "originVerifyPreviousSecret"]);

function parseWith<T>(schema: z.ZodType<T>, raw: Record<string, unknown>, scope: string): T {
    const result = schema.safeParse(raw, { reportInput: true });
    if (result.success) return result.data;
    const problems = result.error.issues.flatMap((i) => describeIssue(i, { secretKeys: SECRET_CONFIG_KEYS, retired: RETIRED_KEYS }));
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
