/**
 * Setting fields that more than one component takes (or that the stack and a component both
 * take): each AWS bound, default and message stated once, as a zod schema the settings schemas
 * of the components compose.
 */
import { z } from "zod";
import { LITERAL_ALB_PATH, LOG_RETENTION_DAYS } from "./awsLimits";
import { isKnownRegion, KNOWN_REGIONS } from "./regions";
import { int } from "./settings";

/** A commercial AWS region name (see {@link KNOWN_REGIONS}). */
export const regionName = z.string().refine(isKnownRegion, { message: `expected a known AWS region (${KNOWN_REGIONS.join(", ")})` });

/** Days CloudWatch Logs keeps a log group's events: one of the values it accepts. */
export const logRetentionDays = z
    .number()
    .refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), {
        message: `expected one of the CloudWatch Logs retention values ${LOG_RETENTION_DAYS.join(", ")}`,
    })
    .default(90)
    .meta({ description: "days CloudWatch Logs keeps the stack's log groups (a CloudWatch Logs retention value)" });

/**
 * Port the application container listens on. Above 1023: the task runs as a non-root user,
 * which cannot bind a privileged port.
 */
export const containerPort = int(1024, 65535).default(8080).meta({ description: "port the container listens on (non-root: above 1023)" });

/**
 * Path the target group and the Route 53 health checks probe. `GET`/`HEAD` of exactly this path
 * passes the ALB without the origin-verify header, so it must be a path an ALB pattern matches
 * literally; it also goes single-quoted into the container's shell health check.
 */
export const healthCheckPath = z
    .string()
    .regex(
        LITERAL_ALB_PATH,
        "expected an absolute URL path such as /health, at most 128 characters from A-Z a-z 0-9 _ - . / ~ @ : + (no * or ?: the ALB lets this one path through for health checkers; no quotes or $: it is quoted in the container's shell health check)",
    )
    .default("/")
    .meta({ description: "path the load balancer and Route 53 probe; also the container health check" });

/** Email addresses that receive alerts (SNS email subscriptions, confirmed by each recipient). */
export const alertEmails = z
    .array(z.email("expected an email address"))
    .default([])
    .meta({ description: "email addresses subscribed to the alerts (each recipient confirms by email)" });

/** A lower-case DNS name such as `app.example.com`. */
export const dnsName = z.string().regex(/^(?!-)[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+$/, "expected a lower-case DNS name");

/** The same bound for the two places a rate-based WAF rule is configured (10..2,000,000,000). */
export const wafRateLimit = int(10, 2_000_000_000);

/**
 * HTTPS endpoints subscribed to the alerts: a pager's SNS integration URL (PagerDuty, Opsgenie,
 * ...). SNS confirms an HTTPS subscription by POSTing a SubscriptionConfirmation the endpoint must
 * answer (pager services do); the URL usually embeds the integration key, so set it with
 * `pulumi config set --secret --path`.
 */
export const alertHttpsEndpoints = z
    .array(z.url({ protocol: /^https$/, error: "expected an https:// URL" }))
    .default([])
    .meta({ description: "HTTPS endpoints (a pager's SNS integration URL) subscribed to the alerts; set with --secret --path" });

/**
 * Existing SNS topics (for example the on-call team's, in another account) that every alarm
 * notifies besides the platform's own topic. Their policy must let `cloudwatch.amazonaws.com`
 * publish for this account (`aws:SourceAccount`); who they reach is that topic's owner's business.
 */
export const alertTopicArns = z
    .array(z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, "expected an SNS topic ARN"))
    .default([])
    .meta({ description: "existing SNS topics (another account's on-call topic) every alarm also notifies" });
