/**
 * Key prefixes in the regional log bucket. They are shared contracts: the load-balancing tier
 * writes ALB access logs under {@link ALB_ACCESS_LOG_PREFIX}, the log bucket's policy lets ELB
 * write only there, and the analytics tier's Glue table reads from there.
 */

/** Prefix of ALB access logs (ELB appends `/AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/`). */
export const ALB_ACCESS_LOG_PREFIX = "alb";

/** Prefix of S3 server access logs; each bucket logs under `<prefix>/<bucket role>/`. */
export const S3_ACCESS_LOG_PREFIX = "s3-access";

/**
 * Prefix of the run artifacts of the global stack's Synthetics probes that write into this
 * bucket (`<prefix>/<probe>/...`); they expire with the access logs. The probes' code lives
 * under `synthetics/`, which never expires.
 */
export const SYNTHETICS_RUNS_PREFIX = "synthetics-runs";
