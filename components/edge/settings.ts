/** The edge's settings (`platform:edge`): CloudFront origin timeouts, price class, write paths and the edge rate limit. */
import { z } from "zod";
import { maxRequestBodyBytes } from "../edge-security/bodySize";
import { rateLimitPerFiveMinutes } from "../edge-security/settings";
import { writePathPatternProblems } from "../shared/awsLimits";
import { logRetentionDays } from "../shared/fields";
import { int } from "../shared/settings";

/**
 * Write path patterns: the CloudFront path patterns whose requests may write (POST, PUT, PATCH,
 * DELETE). CloudFront refuses those methods on a behaviour that targets an origin group, so each
 * pattern gets an ordered cache behaviour of its own, allowing all seven methods and targeting one
 * write origin: the active region's origin in evaluation mode, the Route 53 health-checked failover
 * name in domain mode. Every other path is read-only (GET, HEAD, OPTIONS) and fails over per
 * request through the origin group. Reads under these patterns (`GET /api/...`) take the write
 * origin too, so they fail over with the writes, not per request (docs/global-stack.md, "Reads
 * under the write paths").
 */
export const writePathPatterns = z
    .array(z.string())
    .superRefine((patterns, ctx) => {
        for (const problem of writePathPatternProblems(patterns))
            ctx.addIssue({ code: "custom", message: problem.message, input: problem.input });
    })
    .default(["/api/*"])
    .meta({
        description:
            "1-25 CloudFront path patterns, not * or /*, distinct: the only paths that accept POST/PUT/PATCH/DELETE; they go to one write origin, the active region's in evaluation mode and the Route 53 failover name in domain mode; every other path is GET/HEAD/OPTIONS with origin failover",
    });

/** `platform:edge`. CloudFront bounds: connection timeout 1-10 s, attempts 1-3, read timeout 1-60 s. */
export const edgeSettings = z.strictObject({
    originConnectionTimeoutSeconds: int(1, 10).default(3).meta({ description: "seconds CloudFront waits to connect to an origin" }),
    originConnectionAttempts: int(1, 3).default(1).meta({ description: "connection attempts per origin before CloudFront fails over" }),
    originReadTimeoutSeconds: int(1, 60).default(30).meta({ description: "seconds CloudFront waits for an origin's response" }),
    rateLimitPerFiveMinutes: rateLimitPerFiveMinutes.meta({
        description: "CloudFront-scope WAF rate limit per viewer address (authoritative)",
    }),
    priceClass: z
        .enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"])
        .default("PriceClass_100")
        .meta({ description: "CloudFront edge locations used" }),
    writePathPatterns,
    maxRequestBodyBytes,
});

/** What {@link EdgeDistribution} parses: the edge settings it owns plus the retention of its access logs. */
export const edgeDistributionArgsSettings = edgeSettings
    .omit({ rateLimitPerFiveMinutes: true, maxRequestBodyBytes: true })
    .extend({ logRetentionDays });

/** {@link edgeDistributionArgsSettings} as a caller may give them (defaults optional). */
export type EdgeDistributionSettingsInput = z.input<typeof edgeDistributionArgsSettings>;

/** What {@link CloudFrontWaf} parses: the edge rate limit plus the retention of its log group. */
export const cloudFrontWafArgsSettings = edgeSettings
    .pick({ rateLimitPerFiveMinutes: true, maxRequestBodyBytes: true })
    .extend({ logRetentionDays });

/** {@link cloudFrontWafArgsSettings} as a caller may give them (defaults optional). */
export type CloudFrontWafSettingsInput = z.input<typeof cloudFrontWafArgsSettings>;
