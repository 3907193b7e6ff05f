import { CreateJobCommand, DescribeJobCommand, type JobStatus, S3ControlClient } from "@aws-sdk/client-s3-control";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { accountOfRole, runBackfill } from "../../operations/backfill";
import { backfillMain, parseBackfillArgs } from "../../operations/backfillCommand";
import type { CliEnvironment } from "../../operations/cliEnvironment";
import { EXIT } from "../../operations/orchestrator";
import { StackOutputs } from "../../operations/verify/types";
import { FakeWorkspace, removeTempDirs, tempProject, TWO_REGIONS } from "./fakes";

const s3control = mockClient(S3ControlClient);
after(() => {
    s3control.restore();
    removeTempDirs();
});

const ROLE = "arn:aws:iam::111122223333:role/batch-replication";
const OUTPUTS: Record<string, Record<string, unknown>> = {
    "eu-west-1": {
        dataBucketArn: "arn:aws:s3:::data-eu-west-1",
        dataBucketName: "data-eu-west-1",
        logBucketArn: "arn:aws:s3:::logs-eu-west-1",
    },
    "us-east-1": {
        dataBucketArn: "arn:aws:s3:::data-us-east-1",
        dataBucketName: "data-us-east-1",
        logBucketArn: "arn:aws:s3:::logs-us-east-1",
    },
    global: { batchReplicationRoleArn: ROLE, batchReplicationReportPrefix: "batch-replication" },
};
const job = (Status: JobStatus, done: number, failed = 0) => ({
    Job: { JobId: "job-1", Status, ProgressSummary: { TotalNumberOfTasks: 4, NumberOfTasksSucceeded: done, NumberOfTasksFailed: failed } },
});

function backfill(global: Record<string, unknown> = OUTPUTS["global"]!) {
    const lines: string[] = [];
    const promise = runBackfill({
        from: { name: "eu-west-1", region: "eu-west-1", outputs: new StackOutputs("eu-west-1", OUTPUTS["eu-west-1"]!) },
        to: { name: "us-east-1", outputs: new StackOutputs("us-east-1", OUTPUTS["us-east-1"]!) },
        global: new StackOutputs("global", global),
        s3control: () => new S3ControlClient({ region: "eu-west-1" }),
        out: (l) => lines.push(l),
        sleep: async () => undefined,
        token: "token-1",
    });
    return { promise, lines };
}

describe("operations/backfill", () => {
    beforeEach(() => s3control.reset());

    it("creates an S3ReplicateObject job with a generated manifest of unreplicated objects, and reports progress to the end", async () => {
        s3control.on(CreateJobCommand).resolves({ JobId: "job-1" });
        s3control.on(DescribeJobCommand).resolvesOnce(job("Preparing", 0)).resolvesOnce(job("Active", 2)).resolves(job("Complete", 4));
        const { promise, lines } = backfill();
        expect(await promise).to.deep.equal({ jobId: "job-1", status: "Complete", succeeded: 4, failed: 0, total: 4 });
        const input = s3control.commandCalls(CreateJobCommand)[0]!.args[0].input;
        expect(input).to.deep.equal({
            AccountId: "111122223333",
            ConfirmationRequired: false,
            Operation: { S3ReplicateObject: {} },
            ManifestGenerator: {
                S3JobManifestGenerator: {
                    SourceBucket: "arn:aws:s3:::data-eu-west-1",
                    EnableManifestOutput: false,
                    Filter: { EligibleForReplication: true, ObjectReplicationStatuses: ["NONE", "FAILED"] },
                },
            },
            Report: {
                Enabled: true,
                Bucket: "arn:aws:s3:::logs-eu-west-1",
                Format: "Report_CSV_20180820",
                Prefix: "batch-replication",
                ReportScope: "AllTasks",
            },
            Priority: 10,
            RoleArn: ROLE,
            ClientRequestToken: "token-1",
            Description: "backfill eu-west-1 -> us-east-1 (data-us-east-1)",
        });
        expect(lines).to.deep.equal([
            "backfill: job job-1 started in eu-west-1: replicate existing objects of arn:aws:s3:::data-eu-west-1 (rule destination data-us-east-1)",
            "backfill: job job-1 Preparing: 0/4 objects done (0 succeeded, 0 failed)",
            "backfill: job job-1 Active: 2/4 objects done (2 succeeded, 0 failed)",
            "backfill: job job-1 Complete: 4/4 objects done (4 succeeded, 0 failed)",
            "backfill: report in arn:aws:s3:::logs-eu-west-1/batch-replication/job-job-1/",
        ]);
    });

    it("reports a failed job with its reasons", async () => {
        s3control.on(CreateJobCommand).resolves({ JobId: "job-1" });
        s3control.on(DescribeJobCommand).resolves({
            Job: {
                ...job("Failed", 1, 3).Job,
                FailureReasons: [{ FailureCode: "AccessDenied", FailureReason: "role cannot read the bucket" }],
            },
        });
        const { promise, lines } = backfill();
        expect((await promise).status).to.equal("Failed");
        expect(lines).to.include("backfill: job job-1 failure reasons: AccessDenied: role cannot read the bucket");
    });

    it("names the missing batch replication role output before calling S3", async () => {
        const { promise } = backfill({});
        let message = "";
        await promise.catch((err: Error) => {
            message = err.message;
        });
        expect(message).to.equal(
            "stack output batchReplicationRoleArn (the IAM role S3 Batch Operations assumes to replicate existing objects) is missing from global: run `npm run stacks -- up --stacks global` with a program that exports it",
        );
        expect(s3control.commandCalls(CreateJobCommand)).to.deep.equal([]);
        expect(() => accountOfRole("role/x")).to.throw('batchReplicationRoleArn: expected an IAM role ARN, got "role/x"');
    });

    it("parses its command line and refuses bad input naming the option", () => {
        expect(parseBackfillArgs(["--from", "eu-west-1", "--to", "us-east-1", "--yes"])).to.deep.equal({
            from: "eu-west-1",
            to: "us-east-1",
            pollSeconds: 30,
            yes: true,
            help: false,
        });
        expect(() => parseBackfillArgs(["--to", "x"])).to.throw("--from: missing; give the regional stack whose bucket holds the objects");
        expect(() => parseBackfillArgs(["--from", "a", "--to", "a"])).to.throw(
            '--to: "a" is also --from; expected two different regional stacks',
        );
        expect(() => parseBackfillArgs(["--from", "a", "--to", "b", "--poll-seconds", "0"])).to.throw(
            '--poll-seconds: expected a whole number >= 1, got "0"',
        );
    });

    describe("npm run backfill", () => {
        let project: string;
        before(() => {
            project = tempProject(TWO_REGIONS);
        });
        function io() {
            const out: string[] = [];
            const err: string[] = [];
            const env: CliEnvironment = {
                projectDir: project,
                cwd: project,
                env: { PATH: "/nowhere", PULUMI_ACCESS_TOKEN: "t", AWS_PROFILE: "p" },
                out: (l) => out.push(l),
                err: (l) => err.push(l),
                interactive: false,
                confirm: async () => false,
                createWorkspace: () => new FakeWorkspace({}, {}, [], OUTPUTS),
                findPulumi: () => "/usr/local/bin/pulumi",
            };
            return { env, out, err };
        }

        it("runs the job from the stacks' outputs and exits 0 when every object replicated", async () => {
            s3control.on(CreateJobCommand).resolves({ JobId: "job-1" });
            s3control.on(DescribeJobCommand).resolves(job("Complete", 4));
            const h = io();
            expect(await backfillMain(["--from", "eu-west-1", "--to", "us-east-1", "--yes"], h.env)).to.equal(EXIT.ok);
            expect(h.out.at(-1)).to.equal("backfill complete: 4 object(s) replicated from eu-west-1 to us-east-1");
        });

        it("exits 1 when objects failed, and 2 for a stack that is not regional", async () => {
            s3control.on(CreateJobCommand).resolves({ JobId: "job-1" });
            s3control.on(DescribeJobCommand).resolves(job("Complete", 3, 1));
            const h = io();
            expect(await backfillMain(["--from", "eu-west-1", "--to", "us-east-1", "--yes"], h.env)).to.equal(EXIT.failed);
            expect(h.out.at(-1)).to.equal("backfill did not complete: job job-1 Complete, 1 of 4 object(s) failed; see the report");
            const bad = io();
            expect(await backfillMain(["--from", "global", "--to", "us-east-1", "--yes"], bad.env)).to.equal(EXIT.usage);
            expect(bad.err[0]).to.equal('error: --from: "global" is not a regional stack; allowed: us-east-1, eu-west-1');
        });

        it("reports an SDK error once, by name", async () => {
            s3control
                .on(CreateJobCommand)
                .rejects(Object.assign(new Error("not authorized to perform s3:CreateJob"), { name: "AccessDeniedException" }));
            const h = io();
            expect(await backfillMain(["--from", "eu-west-1", "--to", "us-east-1", "--yes"], h.env)).to.equal(EXIT.failed);
            expect(h.err).to.deep.equal(["error: backfill: AccessDeniedException: not authorized to perform s3:CreateJob"]);
        });
    });
});
