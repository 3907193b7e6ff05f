/** The global operations components' settings: the failover operator role (`platform:failoverOperator`) and the region probes. */
import { z } from "zod";
import { logRetentionDays } from "../shared/fields";
import { int } from "../shared/settings";

/** `platform:failoverOperator`. */
export const failoverOperatorSettings = z.strictObject({
    trustedPrincipalArns: z
        .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(root|role\/.+|user\/.+)$/, "expected an IAM principal ARN"))
        .default([])
        .meta({ description: "IAM principals that may assume the failover-operator role, with MFA (default: this account's root)" }),
});

/** What {@link FailoverOperatorRole} parses: the settings plus its session length. */
export const failoverOperatorArgsSettings = failoverOperatorSettings.extend({
    // IAM bounds of a role's MaxSessionDuration (IAM API Reference, CreateRole): 1 to 12 hours.
    maxSessionDurationSeconds: int(3600, 43200).default(3600).meta({ description: "longest session of the role, in seconds" }),
});

/** {@link failoverOperatorArgsSettings} as a caller may give them (defaults optional). */
export type FailoverOperatorSettingsInput = z.input<typeof failoverOperatorArgsSettings>;

/** What {@link RegionProbe} parses: how often it runs and how many failed runs alarm. */
export const regionProbeArgsSettings = z.object({
    intervalMinutes: int(1, 60).default(1).meta({ description: "minutes between probes" }),
    failedPeriods: int(1, 10).default(3).meta({ description: "consecutive failed intervals before the probe's alarm fires" }),
    logRetentionDays,
});

/** {@link regionProbeArgsSettings} as a caller may give them (defaults optional). */
export type RegionProbeSettingsInput = z.input<typeof regionProbeArgsSettings>;
