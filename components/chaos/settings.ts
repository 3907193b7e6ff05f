/** The chaos drills' settings (`platform:chaos`): each knob of {@link ChaosExperiments} once. */
import { z } from "zod";
import { logRetentionDays } from "../shared/fields";
import { int } from "../shared/settings";

const shape = {
    stopTaskPercent: int(1, 100).default(50).meta({ description: "percentage of the zone's tasks the stop-task drill stops" }),
    durationMinutes: int(1, 720)
        .default(10)
        .meta({ description: "minutes the network drill cuts a zone's private subnet off (FIS allows 12 hours)" }),
};

/** `platform:chaos`: whether the stack has the drills, and how hard they hit. */
export const chaosSettings = z.strictObject({
    enabled: z
        .boolean()
        .default(false)
        .meta({ description: "create the AWS FIS experiment templates (they run only when started by hand)" }),
    ...shape,
});

/** What {@link ChaosExperiments} parses: the drill knobs plus the retention of the experiment log. */
export const chaosArgsSettings = z.strictObject({ ...shape, logRetentionDays });

/** The settings as a caller may give them. */
export type ChaosSettingsInput = z.input<typeof chaosArgsSettings>;
