/**
 * What a post-deploy check reports, and the AWS SDK v3 clients the checks use (one per service
 * and region, created on first use). Tests replace the clients' `send` with aws-sdk-client-mock.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { FisClient } from "@aws-sdk/client-fis";
import { Route53Client } from "@aws-sdk/client-route-53";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SyntheticsClient } from "@aws-sdk/client-synthetics";

/**
 * How a check ended: `pass`, `fail` (the platform is not as it should be), or `error` (the check
 * could not tell: an SDK error such as ThrottlingException or AccessDeniedException, or a stack
 * output it needs is missing). Only `pass` is a pass.
 */
export type CheckStatus = "pass" | "fail" | "error";

/** One check of one stack. */
export interface CheckResult {
    readonly stack: string;
    /** Stable check id, e.g. `ecs-deployment`. */
    readonly check: string;
    readonly status: CheckStatus;
    /** What was seen, in one line. */
    readonly seen: string;
}

/** The SDK clients of the checks, by region. */
export interface AwsClients {
    ecs(region: string): ECSClient;
    elbv2(region: string): ElasticLoadBalancingV2Client;
    cloudwatch(region: string): CloudWatchClient;
    sns(region: string): SNSClient;
    s3(region: string): S3Client;
    synthetics(region: string): SyntheticsClient;
    fis(region: string): FisClient;
    /** Route 53 is global; its API lives in us-east-1. */
    route53(): Route53Client;
}

/** Real clients, one per service and region, from the default credential chain. */
export function sdkClients(): AwsClients {
    const cache = new Map<string, unknown>();
    const once = <T>(key: string, make: () => T): T => {
        if (!cache.has(key)) cache.set(key, make());
        return cache.get(key) as T;
    };
    return {
        ecs: (region) => once(`ecs:${region}`, () => new ECSClient({ region })),
        elbv2: (region) => once(`elbv2:${region}`, () => new ElasticLoadBalancingV2Client({ region })),
        cloudwatch: (region) => once(`cloudwatch:${region}`, () => new CloudWatchClient({ region })),
        sns: (region) => once(`sns:${region}`, () => new SNSClient({ region })),
        s3: (region) => once(`s3:${region}`, () => new S3Client({ region })),
        synthetics: (region) => once(`synthetics:${region}`, () => new SyntheticsClient({ region })),
        fis: (region) => once(`fis:${region}`, () => new FisClient({ region })),
        // The only region literal here: Route 53's control plane is in us-east-1.
        route53: () => once("route53", () => new Route53Client({ region: "us-east-1" })),
    };
}

/** A stack output a check needs is missing (an older stack, or the contract lacks it). */
export class MissingOutputError extends Error {
    constructor(stack: string, name: string, what: string) {
        super(
            `stack output ${name} (${what}) is missing from ${stack}: run \`npm run stacks -- up --stacks ${stack}\` with a program that exports it`,
        );
        this.name = "MissingOutputError";
    }
}

/** The stack's outputs, with typed look-ups that throw {@link MissingOutputError}. */
export class StackOutputs {
    constructor(
        readonly stack: string,
        private readonly values: Readonly<Record<string, unknown>>,
    ) {}

    /** A string output. @throws MissingOutputError */
    string(name: string, what: string): string {
        const v = this.values[name];
        if (typeof v !== "string" || v === "") throw new MissingOutputError(this.stack, name, what);
        return v;
    }

    /** A string-list output. @throws MissingOutputError */
    strings(name: string, what: string): string[] {
        const v = this.values[name];
        if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new MissingOutputError(this.stack, name, what);
        return v as string[];
    }

    /** A map output (`key → T`). @throws MissingOutputError */
    record<T>(name: string, what: string): Record<string, T> {
        const v = this.values[name];
        if (v === null || typeof v !== "object" || Array.isArray(v)) throw new MissingOutputError(this.stack, name, what);
        return v as Record<string, T>;
    }
}

/** `ThrottlingException: Rate exceeded`: an SDK error as it is reported (never as a pass). */
export function describeError(err: unknown): string {
    if (err instanceof MissingOutputError) return err.message;
    if (err instanceof Error) return err.name && err.name !== "Error" ? `${err.name}: ${err.message}` : err.message;
    return String(err);
}

/** The region of an ARN (`arn:aws:sns:eu-west-1:...`), or undefined. */
export function regionOfArn(arn: string): string | undefined {
    return arn.split(":")[3] || undefined;
}
