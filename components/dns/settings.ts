/** The Route 53 health checks' settings (`platform:healthCheck`) and the records' routing mode. */
import { z } from "zod";
import { dnsName } from "../shared/fields";
import { int } from "../shared/settings";

/** `platform:healthCheck`. Route 53 fixes the interval at creation: 10 (fast) or 30 seconds. */
export const regionHealthCheckSettings = z.strictObject({
    requestIntervalSeconds: z
        .literal([10, 30])
        .default(10)
        .meta({ description: "seconds between checks from each checker (fixed at creation)" }),
    failureThreshold: int(1, 10).default(3).meta({ description: "consecutive failures before a region is unhealthy" }),
});

/** Regions Route 53 can run health checkers from (Route 53 API Reference, `HealthCheckConfig.Regions`). */
export const HEALTH_CHECKER_REGIONS = [
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
] as const;

/** What {@link RegionHealthChecks} parses: the settings plus the protocol and checker regions it alone takes. */
export const regionHealthChecksArgsSettings = regionHealthCheckSettings.extend({
    protocol: z
        .enum(["HTTP", "HTTPS"])
        .default("HTTPS")
        .meta({ description: "HTTPS on 443 (domain mode) or HTTP on 80 (evaluation mode), for targets that do not say" }),
    // Route 53 needs at least three checker regions (API Reference, HealthCheckConfig.Regions).
    checkerRegions: z
        .array(z.enum(HEALTH_CHECKER_REGIONS))
        .refine((regions) => new Set(regions).size >= 3, "expected at least 3 distinct regions")
        .default(["us-east-1", "us-west-2", "eu-west-1"])
        .meta({ description: "regions the Route 53 health checkers run from, at least 3" }),
});

/** {@link regionHealthChecksArgsSettings} as a caller may give them (defaults optional). */
export type RegionHealthChecksSettingsInput = z.input<typeof regionHealthChecksArgsSettings>;

/**
 * How the health-checked origin name routes (`platform:routingMode`): `active-passive` is a
 * PRIMARY/SECONDARY failover pair (the first two regions; a third and later region is in no
 * record until a controlled failover makes it one of the two), `active-active` is one latency
 * record per region, every region included.
 */
export const routingMode = z
    .enum(["active-passive", "active-active"])
    .default("active-passive")
    .meta({ description: "active-passive (Route 53 failover records) or active-active (latency records)" });

/** What {@link EdgeRecords} parses: its names and routing mode. */
export const edgeRecordsArgsSettings = z.object({
    domainName: dnsName.meta({ description: "the application's host name, aliased (A and AAAA) to CloudFront" }),
    failoverName: dnsName.optional().meta({ description: "name of the health-checked record set; default origin.<domainName>" }),
    routingMode,
});

/** {@link edgeRecordsArgsSettings} as a caller may give them (defaults optional). */
export type EdgeRecordsSettingsInput = z.input<typeof edgeRecordsArgsSettings>;
