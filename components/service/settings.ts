/**
 * The service tier's settings (`platform:service`): image, size, counts, health check and scaling
 * of {@link FargateService}, with the Fargate and ECS rules, stated once.
 */
import { z } from "zod";
import { FARGATE_MEMORY_BY_CPU, IMAGE_REFERENCE } from "../shared/awsLimits";
import { containerPort, healthCheckPath, logRetentionDays } from "../shared/fields";
import { int } from "../shared/settings";
import { DEFAULT_APP_IMAGE } from "./containers";

/** Environment names that would carry AWS credentials (ECS.8): the task role provides them. */
const CREDENTIAL_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "ECS_ENGINE_AUTH_DATA"];

const shape = {
    image: z
        .string()
        .regex(IMAGE_REFERENCE, "expected a container image reference such as registry/repository:tag")
        .default(DEFAULT_APP_IMAGE)
        .meta({ description: "application image (the default answers GET / with 200 on 8080 as uid 101)" }),
    containerPort,
    user: z
        .string()
        .regex(/^[1-9][0-9]*(:[1-9][0-9]*)?$/, "expected a non-root uid or uid:gid such as 101:101")
        .default("101:101")
        .meta({ description: "non-root uid[:gid] the application runs as" }),
    environment: z
        .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected an environment variable name"), z.string())
        // The names are reported, never the values: they would be the credentials.
        .superRefine((env, ctx) => {
            const credentials = Object.keys(env).filter((k) => CREDENTIAL_VARIABLES.includes(k));
            if (credentials.length > 0) {
                ctx.addIssue({
                    code: "custom",
                    input: credentials,
                    message: `expected no AWS credentials (${CREDENTIAL_VARIABLES.join(", ")}: the task role provides them)`,
                });
            }
        })
        .default({})
        .meta({ description: "plain environment of the application (never credentials)" }),
    cpu: z
        .number()
        .refine((v) => v in FARGATE_MEMORY_BY_CPU, {
            message: `expected Fargate CPU units ${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")}`,
        })
        .default(256)
        .meta({ description: `task CPU units (${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")})` }),
    memory: int(1).default(512).meta({ description: "task memory in MiB, a size Fargate allows for cpu" }),
    desiredCount: int(2).default(2).meta({
        description:
            "tasks the service starts with and the autoscaling minimum, at least 2 so that one AZ can be lost (ECS ignores later changes: Application Auto Scaling owns the running count)",
    }),
    maxCount: int(2).default(6).meta({ description: "autoscaling maximum, at least desiredCount" }),
    healthCheckPath,
    healthCheckGracePeriodSeconds: int(0, 2_147_483_647)
        .default(60)
        .meta({ description: "seconds ECS ignores failing ALB health checks of a new task" }),
    cpuTargetPercent: int(10, 90).default(60).meta({ description: "average CPU the service scales to keep (percent)" }),
    requestsPerTarget: int(1).default(1000).meta({ description: "ALB requests per task per minute the service scales to keep" }),
    tracing: z.boolean().default(false).meta({
        description:
            "run the X-Ray daemon sidecar: only for an application instrumented with an X-Ray or OpenTelemetry SDK (the default image is not, and ALBs send no traces)",
    }),
};

type Sizing = { cpu: number; memory: number; desiredCount: number; maxCount: number };
/** Memory must be a size Fargate allows for the CPU; the maximum at least the minimum. */
function sizingProblems(v: Sizing, ctx: z.RefinementCtx): void {
    const memory = FARGATE_MEMORY_BY_CPU[v.cpu];
    if (memory) {
        const [min, max, step] = memory;
        if (v.memory < min || v.memory > max || (v.memory - min) % step !== 0) {
            ctx.addIssue({
                code: "custom",
                path: ["memory"],
                input: v.memory,
                message: `expected ${min}..${max} MiB in steps of ${step} for cpu ${v.cpu}`,
            });
        }
    }
    if (v.maxCount < v.desiredCount) {
        ctx.addIssue({
            code: "custom",
            path: ["maxCount"],
            input: v.maxCount,
            message: `expected at least desiredCount (${v.desiredCount})`,
        });
    }
}

/** `platform:service`. */
export const fargateServiceSettings = z.strictObject(shape).superRefine(sizingProblems);

/** What {@link FargateService} parses: the settings plus the retention of its log groups. */
export const fargateServiceArgsSettings = z.strictObject({ ...shape, logRetentionDays }).superRefine(sizingProblems);

/** The settings as a caller may give them. */
export type FargateServiceSettingsInput = z.input<typeof fargateServiceArgsSettings>;
