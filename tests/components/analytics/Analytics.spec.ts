import { expect } from "chai";
import {
    ALB_LOG_COLUMNS,
    ALB_LOG_QUERIES,
    ALB_LOG_REGEX,
    ALB_LOG_TABLE_NAME,
    Analytics,
    type AnalyticsArgs,
} from "../../../components/analytics";
import { SecureBucket } from "../../../components/storage";
import { SIMULATED_ACCOUNT_ID } from "../../../simulation/ids";
import {
    childrenOf,
    evaluateInstances,
    expectArgsError,
    expectNoWildcardActions,
    expectUniqueUrns,
    ofType,
    one,
    type StackRecord,
    statementsOf,
} from "../../support/components";

const REGION = "eu-west-1";
const KEY = `arn:aws:kms:${REGION}:${SIMULATED_ACCOUNT_ID}:key/0000aaaa-1111-2222-3333-444455556666`;
const ARGS: AnalyticsArgs = {
    data: { dataKeyArn: KEY },
    logs: { logBucketName: "platform-logs-abc1234", logBucketArn: "arn:aws:s3:::platform-logs-abc1234", albLogPrefix: "alb" },
    bytesScannedCutoffPerQuery: 1_000_000_000,
    region: REGION,
    accountId: SIMULATED_ACCOUNT_ID,
};
const LOCATION = `s3://platform-logs-abc1234/alb/AWSLogs/${SIMULATED_ACCOUNT_ID}/elasticloadbalancing/eu-west-1/`;

const evaluate = (instances: Record<string, AnalyticsArgs>): Promise<StackRecord> =>
    evaluateInstances(REGION, instances, (name, args, opts) => {
        const a = new Analytics(name, args, opts);
        return {
            workgroupName: a.workgroupName,
            databaseName: a.databaseName,
            albLogTableName: a.albLogTableName,
            resultsBucketName: a.resultsBucketName,
            resultsBucketArn: a.resultsBucketArn,
            namedQueryIds: a.namedQueryIds,
            queryPolicyArn: a.queryPolicyArn,
        };
    });

describe("components/analytics/Analytics", () => {
    let record: StackRecord;
    before(async () => {
        record = await evaluate({ logs: ARGS });
    });

    it("registers exactly the expected children, parented to the component", () => {
        expect(childrenOf(record, one(record, Analytics.__pulumiType, "logs"))).to.deep.equal(
            [
                `${SecureBucket.__pulumiType} logs-results`,
                "aws:athena/workgroup:Workgroup logs",
                "aws:glue/catalogDatabase:CatalogDatabase logs",
                "aws:glue/catalogTable:CatalogTable logs-alb-logs",
                "aws:athena/namedQuery:NamedQuery logs-5xx-by-target",
                "aws:athena/namedQuery:NamedQuery logs-slowest-requests",
                "aws:athena/namedQuery:NamedQuery logs-requests-by-client-ip",
                "aws:iam/policy:Policy logs-query",
            ].sort(),
        );
    });

    it("keeps results in a secure bucket encrypted with the data key and logged to the log bucket", () => {
        const parent = one(record, SecureBucket.__pulumiType, "logs-results");
        expect(childrenOf(record, parent)).to.have.length(9);
        const sse = one(
            record,
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "logs-results-encryption",
        );
        expect(sse.inputs["rules"]).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true },
        ]);
        const logging = one(record, "aws:s3/bucketLogging:BucketLogging", "logs-results-logging");
        expect([logging.inputs["targetBucket"], logging.inputs["targetPrefix"]]).to.deep.equal([
            "platform-logs-abc1234",
            "s3-access/athena-results/",
        ]);
        const rules = one(record, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "logs-results-lifecycle").inputs[
            "rules"
        ] as any[];
        expect(rules.map((r) => [r.id, r.noncurrentVersionExpiration?.noncurrentDays ?? r.expiration?.days])).to.deep.equal([
            ["expire-noncurrent-versions", 30],
            ["expire-current-objects", 30],
        ]);
        expect(one(record, "aws:s3/bucketPolicy:BucketPolicy", "logs-results-policy").inputs["policy"]).to.contain(
            '"aws:SecureTransport":"false"',
        );
    });

    it("enforces encrypted results, CloudWatch metrics and the scan cutoff on the workgroup", () => {
        const bucket = one(record, "aws:s3/bucket:Bucket", "logs-results").outputs["bucket"];
        const wg = one(record, "aws:athena/workgroup:Workgroup", "logs");
        expect(wg.inputs["state"]).to.equal("ENABLED");
        // Deletable once it has run queries: it holds no data (results are in the protected bucket).
        expect(wg.inputs["forceDestroy"]).to.equal(true);
        expect(one(record, "aws:s3/bucket:Bucket", "logs-results").protect).to.equal(true);
        expect(wg.inputs["configuration"]).to.deep.equal({
            enforceWorkgroupConfiguration: true,
            publishCloudwatchMetricsEnabled: true,
            bytesScannedCutoffPerQuery: 1_000_000_000,
            resultConfiguration: {
                outputLocation: `s3://${bucket}/results/`,
                encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: KEY },
            },
        });
    });

    it("catalogs the ALB logs as an external RegexSerDe table with day partitions projected from the S3 layout", () => {
        const db = one(record, "aws:glue/catalogDatabase:CatalogDatabase", "logs");
        expect(db.inputs["name"]).to.equal("logs");
        const table = one(record, "aws:glue/catalogTable:CatalogTable", "logs-alb-logs");
        expect(table.inputs["databaseName"]).to.equal(db.outputs["name"]);
        expect(table.inputs["name"]).to.equal(ALB_LOG_TABLE_NAME);
        expect(table.inputs["tableType"]).to.equal("EXTERNAL_TABLE");
        expect(table.inputs["partitionKeys"]).to.deep.equal([{ name: "day", type: "string" }]);
        expect(table.inputs["parameters"]).to.deep.equal({
            EXTERNAL: "TRUE",
            "projection.enabled": "true",
            "projection.day.type": "date",
            "projection.day.range": "2025/01/01,NOW",
            "projection.day.format": "yyyy/MM/dd",
            "projection.day.interval": "1",
            "projection.day.interval.unit": "DAYS",
            "storage.location.template": `${LOCATION}\${day}`,
        });
        const sd = table.inputs["storageDescriptor"] as Record<string, any>;
        expect(sd["location"]).to.equal(LOCATION);
        expect(sd["inputFormat"]).to.equal("org.apache.hadoop.mapred.TextInputFormat");
        expect(sd["outputFormat"]).to.equal("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
        expect(sd["serDeInfo"]).to.deep.equal({
            serializationLibrary: "org.apache.hadoop.hive.serde2.RegexSerDe",
            parameters: { "serialization.format": "1", "input.regex": ALB_LOG_REGEX },
        });
        expect((sd["columns"] as { name: string }[]).map((c) => c.name)).to.deep.equal(ALB_LOG_COLUMNS.map(([n]) => n));
    });

    it("saves the three on-call queries in the workgroup and database", () => {
        const wg = one(record, "aws:athena/workgroup:Workgroup", "logs").outputs["name"];
        const db = one(record, "aws:glue/catalogDatabase:CatalogDatabase", "logs").outputs["name"];
        const table = one(record, "aws:glue/catalogTable:CatalogTable", "logs-alb-logs");
        for (const q of ALB_LOG_QUERIES) {
            const nq = one(record, "aws:athena/namedQuery:NamedQuery", `logs-${q.key}`);
            expect([nq.inputs["workgroup"], nq.inputs["database"], nq.inputs["query"]]).to.deep.equal([wg, db, q.sql]);
            expect(nq.dependencies).to.include(table.urn);
        }
        expect(Object.keys(record.outputs["logs.namedQueryIds"] as object).sort()).to.deep.equal([
            "5xx-by-target",
            "requests-by-client-ip",
            "slowest-requests",
        ]);
    });

    it("grants the query policy only the workgroup, the log table, the ALB log prefix, the results and the key", () => {
        const wgArn = one(record, "aws:athena/workgroup:Workgroup", "logs").outputs["arn"];
        const results = one(record, "aws:s3/bucket:Bucket", "logs-results").outputs["arn"];
        const statements = statementsOf(one(record, "aws:iam/policy:Policy", "logs-query"));
        const by = Object.fromEntries(statements.map((s) => [s.Sid, s]));
        expect(Object.keys(by)).to.deep.equal([
            "RunQueriesInWorkgroup",
            "ReadAlbLogTable",
            "LocateBuckets",
            "ListAlbLogs",
            "ReadAlbLogs",
            "WriteQueryResults",
            "ListQueryResults",
            "EncryptQueryResults",
        ]);
        expect(statements.every((s) => s.Effect === "Allow")).to.equal(true);
        expectNoWildcardActions({ Statement: statements });
        expect(by["RunQueriesInWorkgroup"].Resource).to.equal(wgArn);
        expect(by["ReadAlbLogTable"].Resource).to.deep.equal([
            `arn:aws:glue:eu-west-1:${SIMULATED_ACCOUNT_ID}:catalog`,
            `arn:aws:glue:eu-west-1:${SIMULATED_ACCOUNT_ID}:database/logs`,
            `arn:aws:glue:eu-west-1:${SIMULATED_ACCOUNT_ID}:table/logs/alb_access_logs`,
        ]);
        expect(by["ListAlbLogs"].Condition).to.deep.equal({ StringLike: { "s3:prefix": ["alb/*"] } });
        expect(by["ReadAlbLogs"].Resource).to.equal("arn:aws:s3:::platform-logs-abc1234/alb/*");
        expect(by["WriteQueryResults"].Resource).to.equal(`${results}/results/*`);
        expect(by["EncryptQueryResults"]).to.deep.include({ Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: KEY });
    });

    it("exposes its outputs", () => {
        expect(record.outputs["logs.workgroupName"]).to.equal(one(record, "aws:athena/workgroup:Workgroup", "logs").outputs["name"]);
        expect(record.outputs["logs.databaseName"]).to.equal("logs");
        expect(record.outputs["logs.albLogTableName"]).to.equal(ALB_LOG_TABLE_NAME);
        expect(record.outputs["logs.resultsBucketName"]).to.equal(one(record, "aws:s3/bucket:Bucket", "logs-results").outputs["bucket"]);
        expect(record.outputs["logs.resultsBucketArn"]).to.equal(one(record, "aws:s3/bucket:Bucket", "logs-results").outputs["arn"]);
        expect(record.outputs["logs.queryPolicyArn"]).to.equal(one(record, "aws:iam/policy:Policy", "logs-query").outputs["arn"]);
    });

    it("defaults the cutoff to 10 GiB and derives an Athena-safe database name", async () => {
        const { bytesScannedCutoffPerQuery: _omit, ...rest } = ARGS;
        const r = await evaluate({ "Edge-Logs": rest });
        const wg = one(r, "aws:athena/workgroup:Workgroup", "Edge-Logs");
        expect((wg.inputs["configuration"] as any).bytesScannedCutoffPerQuery).to.equal(10 * 1024 ** 3);
        expect(one(r, "aws:glue/catalogDatabase:CatalogDatabase", "Edge-Logs").inputs["name"]).to.equal("edge_logs");
    });

    it("uses the database name it is given", async () => {
        const r = await evaluate({ named: { ...ARGS, databaseName: "platform_us_east_1" } });
        expect(one(r, "aws:glue/catalogDatabase:CatalogDatabase", "named").inputs["name"]).to.equal("platform_us_east_1");
        expect(one(r, "aws:athena/namedQuery:NamedQuery", "named-5xx-by-target").inputs["database"]).to.equal("platform_us_east_1");
    });

    it("lets two instances live in one program without colliding", async () => {
        const r = await evaluate({ a: ARGS, b: ARGS });
        expectUniqueUrns(r);
        expect(
            ofType(r, "aws:glue/catalogDatabase:CatalogDatabase")
                .map((x) => x.inputs["name"])
                .sort(),
        ).to.deep.equal(["a", "b"]);
        expect(r.outputs["a.resultsBucketName"]).to.not.equal(r.outputs["b.resultsBucketName"]);
    });

    describe("validation", () => {
        const cases: [string, Partial<AnalyticsArgs>, string][] = [
            [
                "a cutoff below 10 MB",
                { bytesScannedCutoffPerQuery: 9_999_999 },
                "bytesScannedCutoffPerQuery: expected a number >= 10000000, got 9999999",
            ],
            [
                "a fractional cutoff",
                { bytesScannedCutoffPerQuery: 10_000_000.5 },
                "bytesScannedCutoffPerQuery: expected an integer, got 10000000.5",
            ],
            ["a zero result expiry", { resultExpirationDays: 0 }, "resultExpirationDays: expected a number >= 1, got 0"],
            [
                "a log prefix with slashes",
                { logs: { ...ARGS.logs, albLogPrefix: "/alb/" } },
                'logs.albLogPrefix: expected a key prefix without leading or trailing "/", such as "alb", got "/alb/"',
            ],
            ["a malformed start day", { logsSince: "2025-01-01" }, 'logsSince: expected a day as yyyy/MM/dd, got "2025-01-01"'],
            ["a malformed region", { region: "EU" }, 'region: expected a known AWS region such as us-east-1, got "EU"'],
            [
                "a database name Athena cannot query",
                { databaseName: "platform-us-east-1" },
                'databaseName: expected lower-case letters, digits and underscores (Athena), got "platform-us-east-1"',
            ],
        ];
        for (const [title, override, message] of cases) {
            it(`refuses ${title}`, () => {
                expectArgsError(() => new Analytics("bad", { ...ARGS, ...override }), [message]);
            });
        }
    });
});
