/**
 * The ALB access-log layout as a Glue table, and the saved queries over it. Pure data: the
 * Analytics component turns it into resources, tests read it directly.
 *
 * Layout and regular expression follow the Athena guide's "Create the table for ALB access logs"
 * (RegexSerDe, with the `classification`, `classification_reason` and `conn_trace_id` fields). The
 * last, optional group of the expression absorbs fields AWS may append later, so that new log
 * versions do not break the table.
 */

/** Name of the Glue table; saved queries refer to it. */
export const ALB_LOG_TABLE_NAME = "alb_access_logs";

/** Partition key that partition projection fills with `yyyy/MM/dd`. */
export const ALB_LOG_PARTITION_KEY = "day";

/** Columns of an ALB access-log entry, in log order: `[name, Hive type]`. */
export const ALB_LOG_COLUMNS: readonly (readonly [name: string, type: string])[] = [
    ["type", "string"],
    ["time", "string"],
    ["elb", "string"],
    ["client_ip", "string"],
    ["client_port", "int"],
    ["target_ip", "string"],
    ["target_port", "int"],
    ["request_processing_time", "double"],
    ["target_processing_time", "double"],
    ["response_processing_time", "double"],
    ["elb_status_code", "int"],
    ["target_status_code", "string"],
    ["received_bytes", "bigint"],
    ["sent_bytes", "bigint"],
    ["request_verb", "string"],
    ["request_url", "string"],
    ["request_proto", "string"],
    ["user_agent", "string"],
    ["ssl_cipher", "string"],
    ["ssl_protocol", "string"],
    ["target_group_arn", "string"],
    ["trace_id", "string"],
    ["domain_name", "string"],
    ["chosen_cert_arn", "string"],
    ["matched_rule_priority", "string"],
    ["request_creation_time", "string"],
    ["actions_executed", "string"],
    ["redirect_url", "string"],
    ["lambda_error_reason", "string"],
    ["target_port_list", "string"],
    ["target_status_code_list", "string"],
    ["classification", "string"],
    ["classification_reason", "string"],
    ["conn_trace_id", "string"],
];

/** RegexSerDe `input.regex`: one capture group per column, plus a trailing catch-all. */
export const ALB_LOG_REGEX = String.raw`([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-.0-9]*) ([-.0-9]*) ([-.0-9]*) (|[-0-9]*) (-|[-0-9]*) ([-0-9]*) ([-0-9]*) "([^ ]*) (.*) (- |[^ ]*)" "([^"]*)" ([A-Z0-9-_]+) ([A-Za-z0-9.-]*) ([^ ]*) "([^"]*)" "([^"]*)" "([^"]*)" ([-.0-9]*) ([^ ]*) "([^"]*)" "([^"]*)" "([^ ]*)" "([^\s]+?)" "([^\s]+)" "([^ ]*)" "([^ ]*)" ?([^ ]*)? ?( .*)?`;

/** Where ELB writes a load balancer's access logs (without the `yyyy/MM/dd/` day folders). */
export function albLogLocation(bucket: string, prefix: string, accountId: string, region: string): string {
    return `s3://${bucket}/${prefix}/AWSLogs/${accountId}/elasticloadbalancing/${region}/`;
}

/**
 * Glue table parameters: an external table whose `day` partitions Athena projects from the
 * date range instead of reading them from the catalog (no crawler, no `ALTER TABLE ADD PARTITION`).
 */
export function albLogTableParameters(location: string, projectionStartDay: string): Record<string, string> {
    return {
        EXTERNAL: "TRUE",
        "projection.enabled": "true",
        [`projection.${ALB_LOG_PARTITION_KEY}.type`]: "date",
        [`projection.${ALB_LOG_PARTITION_KEY}.range`]: `${projectionStartDay},NOW`,
        [`projection.${ALB_LOG_PARTITION_KEY}.format`]: "yyyy/MM/dd",
        [`projection.${ALB_LOG_PARTITION_KEY}.interval`]: "1",
        [`projection.${ALB_LOG_PARTITION_KEY}.interval.unit`]: "DAYS",
        "storage.location.template": `${location}\${${ALB_LOG_PARTITION_KEY}}`,
    };
}

/** A saved Athena query over the ALB log table. */
export interface SavedQuery {
    /** Stable key: the child resource is named `${name}-<key>`. */
    readonly key: string;
    readonly description: string;
    readonly sql: string;
}

// Restricting to the last day keeps every saved query inside one day's partitions: cheap by default.
const lastDay = `${ALB_LOG_PARTITION_KEY} >= date_format(current_date - interval '1' day, '%Y/%m/%d')`;

/** The saved queries an on-call engineer starts from. */
export const ALB_LOG_QUERIES: readonly SavedQuery[] = [
    {
        key: "5xx-by-target",
        description: "5xx responses of the last day by target and status (ELB-generated and target-generated)",
        sql: [
            "SELECT target_ip, target_port, elb_status_code, target_status_code, count(*) AS requests",
            `FROM ${ALB_LOG_TABLE_NAME}`,
            `WHERE ${lastDay}`,
            "  AND (elb_status_code BETWEEN 500 AND 599 OR target_status_code LIKE '5%')",
            "GROUP BY target_ip, target_port, elb_status_code, target_status_code",
            "ORDER BY requests DESC",
            "LIMIT 100",
        ].join("\n"),
    },
    {
        key: "slowest-requests",
        description: "Requests of the last day at or above the p99 target processing time, slowest first",
        sql: [
            "WITH recent AS (",
            `  SELECT * FROM ${ALB_LOG_TABLE_NAME}`,
            // -1 means the target never answered (timeout or closed connection): not a latency.
            `  WHERE ${lastDay} AND target_processing_time >= 0`,
            "), p99 AS (",
            "  SELECT approx_percentile(target_processing_time, 0.99) AS p99_seconds FROM recent",
            ")",
            "SELECT r.time, r.target_ip, r.request_verb, r.request_url, r.target_processing_time, r.elb_status_code, p99.p99_seconds",
            "FROM recent r CROSS JOIN p99",
            "WHERE r.target_processing_time >= p99.p99_seconds",
            "ORDER BY r.target_processing_time DESC",
            "LIMIT 100",
        ].join("\n"),
    },
    {
        key: "requests-by-client-ip",
        description: "Requests, errors and bytes of the last day by client IP, busiest first",
        sql: [
            "SELECT client_ip, count(*) AS requests,",
            "  count_if(elb_status_code >= 400) AS errors,",
            "  sum(received_bytes) AS received_bytes, sum(sent_bytes) AS sent_bytes",
            `FROM ${ALB_LOG_TABLE_NAME}`,
            `WHERE ${lastDay}`,
            "GROUP BY client_ip",
            "ORDER BY requests DESC",
            "LIMIT 100",
        ].join("\n"),
    },
];
