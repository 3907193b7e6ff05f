/** The web ACLs' settings: the regional one's `platform:edgeSecurity`, each knob once. */
import { z } from "zod";
import { logRetentionDays, wafRateLimit } from "../shared/fields";
import { maxRequestBodyBytes } from "./bodySize";

/** Requests one client may send per 5-minute window before a rate-based rule blocks it. */
export const rateLimitPerFiveMinutes = wafRateLimit.default(2000);

/** `platform:edgeSecurity`: the regional web ACL in front of the ALB. */
export const regionalWafSettings = z.strictObject({
    rateLimitPerFiveMinutes: rateLimitPerFiveMinutes.meta({
        description:
            "regional WAF rate limit per client address (the first X-Forwarded-For address behind CloudFront; defence in depth, the CloudFront-scope limit is authoritative)",
    }),
    maxRequestBodyBytes,
});

/** What {@link RegionalWaf} parses: the settings plus the retention of its log group. */
export const regionalWafArgsSettings = regionalWafSettings.extend({ logRetentionDays });

/** The settings as a caller may give them. */
export type RegionalWafSettingsInput = z.input<typeof regionalWafArgsSettings>;
