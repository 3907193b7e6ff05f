/** Cross-region replication's settings (`platform:replication`). */
import { z } from "zod";

/** `platform:replication`. */
export const replicationSettings = z.strictObject({
    replicateDeleteMarkers: z
        .boolean()
        .default(false)
        .meta({ description: "replicate delete markers (off, so that a deletion in one region does not propagate)" }),
});

/** {@link replicationSettings} as a caller may give them (defaults optional). */
export type ReplicationSettingsInput = z.input<typeof replicationSettings>;

/** What {@link BatchReplicationRole} parses: where in each report bucket the jobs write. */
export const batchReplicationArgsSettings = z.object({
    reportPrefix: z
        .string()
        .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, "expected an S3 key prefix without leading or trailing /")
        .default("batch-replication")
        .meta({ description: "key prefix of the Batch Replication manifests and completion reports in each region's log bucket" }),
});

/** {@link batchReplicationArgsSettings} as a caller may give them (defaults optional). */
export type BatchReplicationSettingsInput = z.input<typeof batchReplicationArgsSettings>;
