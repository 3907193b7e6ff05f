/** The operations tier's settings (`platform:observability`): who is alerted, how long logs stay. */
import { z } from "zod";
import { alertEmails, alertHttpsEndpoints, alertTopicArns, logRetentionDays } from "../shared/fields";

/** `platform:observability`. `logRetentionDays` applies to every log group of the stack. */
export const observabilitySettings = z.strictObject({ alertEmails, alertHttpsEndpoints, alertTopicArns, logRetentionDays });
