import { expect } from "chai";
import {
    ALB_LOG_COLUMNS,
    ALB_LOG_QUERIES,
    ALB_LOG_REGEX,
    ALB_LOG_TABLE_NAME,
    albLogLocation,
    albLogTableParameters,
} from "../../../components/analytics";

// An entry in the documented ALB access-log format (all fields, including the newest three).
const ENTRY =
    "https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 " +
    '"GET https://www.example.com:443/ HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ' +
    "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 " +
    '"Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" ' +
    '1 2018-07-02T22:22:48.364000Z "authenticate,forward" "-" "-" "10.0.0.1:80" "200" "-" "-" TID_1234abcd5678ef90';

describe("components/analytics/albAccessLogs", () => {
    it("parses a documented log entry into one value per column", () => {
        const m = new RegExp(`^${ALB_LOG_REGEX}$`).exec(ENTRY);
        expect(m).to.not.equal(null);
        const row = Object.fromEntries(ALB_LOG_COLUMNS.map(([name], i) => [name, m![i + 1]]));
        expect(row).to.deep.include({
            type: "https",
            client_ip: "192.168.131.39",
            client_port: "2817",
            target_ip: "10.0.0.1",
            target_port: "80",
            target_processing_time: "0.048",
            elb_status_code: "200",
            request_verb: "GET",
            request_url: "https://www.example.com:443/",
            request_proto: "HTTP/1.1",
            user_agent: "curl/7.46.0",
            domain_name: "www.example.com",
            actions_executed: "authenticate,forward",
            classification: "-",
            conn_trace_id: "TID_1234abcd5678ef90",
        });
        // One group per column plus the trailing catch-all for fields AWS may add.
        expect(m!.length - 1).to.equal(ALB_LOG_COLUMNS.length + 1);
    });

    it("parses an entry whose target never answered", () => {
        const failed = ENTRY.replace("10.0.0.1:80 0.086 0.048 0.037 200 200", "- 0.000 -1 -1 502 -");
        const m = new RegExp(`^${ALB_LOG_REGEX}$`).exec(failed);
        expect(m).to.not.equal(null);
        expect([m![6], m![9], m![11], m![12]]).to.deep.equal(["", "-1", "502", "-"]);
    });

    it("locates the logs where ELB writes them and projects the day partitions from there", () => {
        const location = albLogLocation("b", "alb", "123456789012", "us-east-1");
        expect(location).to.equal("s3://b/alb/AWSLogs/123456789012/elasticloadbalancing/us-east-1/");
        expect(albLogTableParameters(location, "2024/06/01")).to.deep.equal({
            EXTERNAL: "TRUE",
            "projection.enabled": "true",
            "projection.day.type": "date",
            "projection.day.range": "2024/06/01,NOW",
            "projection.day.format": "yyyy/MM/dd",
            "projection.day.interval": "1",
            "projection.day.interval.unit": "DAYS",
            "storage.location.template": "s3://b/alb/AWSLogs/123456789012/elasticloadbalancing/us-east-1/${day}",
        });
    });

    it("keeps every saved query on the log table and inside projected partitions, with distinct keys", () => {
        expect(ALB_LOG_QUERIES.map((q) => q.key)).to.deep.equal(["5xx-by-target", "slowest-requests", "requests-by-client-ip"]);
        const columns = new Set(ALB_LOG_COLUMNS.map(([n]) => n));
        for (const q of ALB_LOG_QUERIES) {
            expect(q.sql, q.key).to.contain(`FROM ${ALB_LOG_TABLE_NAME}`);
            expect(q.sql, q.key).to.contain("day >= date_format(current_date - interval '1' day, '%Y/%m/%d')");
            expect(q.sql, q.key).to.match(/LIMIT \d+$/);
            for (const col of ["target_ip", "client_ip", "elb_status_code", "target_processing_time"])
                expect(columns.has(col)).to.equal(true);
        }
        expect(ALB_LOG_QUERIES[1]!.sql).to.contain("approx_percentile(target_processing_time, 0.99)");
    });
});
