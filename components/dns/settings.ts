/** The Route 53 health checks' settings (`platform:healthCheck`). */
import { z } from "zod";
import { int } from "../shared/settings";

/** `platform:healthCheck`. Route 53 fixes the interval at creation: 10 (fast) or 30 seconds. */
export const regionHealthCheckSettings = z.strictObject({
    requestIntervalSeconds: z
        .literal([10, 30])
        .default(10)
        .meta({ description: "seconds between checks from each checker (fixed at creation)" }),
    failureThreshold: int(1, 10).default(3).meta({ description: "consecutive failures before a region is unhealthy" }),
});
