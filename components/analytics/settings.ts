/** The analytics tier's settings (`platform:analytics`): each knob of {@link Analytics} once. */
import { z } from "zod";
import { int } from "../shared/settings";

/** Athena's floor for the per-query bytes-scanned cutoff (10 MB). */
export const MIN_BYTES_SCANNED_CUTOFF = 10_000_000;

/** `platform:analytics`. */
export const analyticsSettings = z.strictObject({
    bytesScannedCutoffPerQuery: int(MIN_BYTES_SCANNED_CUTOFF)
        .default(10 * 1024 ** 3)
        .meta({ description: "largest amount of data one Athena query may scan, in bytes (Athena's floor: 10 MB)" }),
    resultExpirationDays: int(1).default(30).meta({ description: "days after which query results expire" }),
    logsSince: z
        .string()
        .regex(/^\d{4}\/\d{2}\/\d{2}$/, "expected a day as yyyy/MM/dd")
        .default("2025/01/01")
        .meta({ description: "first day (yyyy/MM/dd) of the projected day partitions of the ALB log table" }),
    protectResults: z
        .boolean()
        .default(true)
        .meta({ description: "mark the results bucket protect (it is encrypted with the data key, so it counts as a data store)" }),
});

/** The settings as a caller may give them. */
export type AnalyticsSettingsInput = z.input<typeof analyticsSettings>;
