/** The storage tier's settings (`platform:storage`): each knob of {@link Storage} once. */
import { z } from "zod";
import { int } from "../shared/settings";

/** `platform:storage`. */
export const storageSettings = z.strictObject({
    noncurrentVersionExpirationDays: int(1)
        .default(90)
        .meta({ description: "days after which noncurrent object versions are deleted (data and log buckets)" }),
    accessLogExpirationDays: int(1)
        .default(365)
        .meta({ description: "days after which ALB and S3 access logs expire (only under their prefixes)" }),
    protectData: z
        .boolean()
        .default(true)
        .meta({ description: "mark the data bucket and its key protect, so that destroy or a refactoring cannot delete the data" }),
});

/** The settings as a caller may give them. */
export type StorageSettingsInput = z.input<typeof storageSettings>;
