/**
 * X-Ray tracing of one region: the sampling rule, the group of faulted and errored traces, and
 * trace encryption with a customer-managed key; its settings, their defaults and their checks.
 * `Observability` creates these as its own children.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { customerKeyArgs, customerKeyOptions } from "../encryption/customerKey";
import { shown } from "../shared/validation";

/** X-Ray settings of the region. */
export interface ObservabilityTracingArgs {
    /**
     * Service name the sampling rule matches (the name the application's X-Ray SDK reports).
     * @default "*"
     */
    readonly serviceName?: pulumi.Input<string>;
    /**
     * Fraction of requests sampled after the reservoir is used up, 0..1.
     * @default 0.05
     */
    readonly fixedRate?: number;
    /**
     * Requests per second traced before the fixed rate applies.
     * @default 1
     */
    readonly reservoirSize?: number;
    /**
     * Rule priority, 1 (first) .. 9999; the default rule is evaluated last.
     * @default 1000
     */
    readonly priority?: number;
    /**
     * Prefix of the X-Ray group and sampling rule names, which AWS requires and which are
     * unique per region (letters, digits, `-`, `_`; at most 22 characters).
     * @default - the component name
     */
    readonly namePrefix?: string;
}

/** {@link ObservabilityTracingArgs} with every default applied. */
export type TracingSettings = { readonly [K in keyof ObservabilityTracingArgs]-?: NonNullable<ObservabilityTracingArgs[K]> };

const XRAY_PREFIX = /^[A-Za-z0-9_-]{1,22}$/;

/** `args` with their defaults; `componentName` is the default name prefix. */
export function tracingSettings(args: ObservabilityTracingArgs, componentName: string): TracingSettings {
    return {
        serviceName: args.serviceName ?? "*",
        fixedRate: args.fixedRate ?? 0.05,
        reservoirSize: args.reservoirSize ?? 1,
        priority: args.priority ?? 1000,
        namePrefix: args.namePrefix ?? componentName,
    };
}

/** Problems with the settings, one line each (`tracing.<arg>: ...`), or an empty list. */
export function tracingProblems(s: TracingSettings): string[] {
    return [
        !(s.fixedRate >= 0 && s.fixedRate <= 1) && `tracing.fixedRate: expected a fraction from 0 to 1, got ${shown(s.fixedRate)}`,
        (!Number.isInteger(s.reservoirSize) || s.reservoirSize < 0) &&
            `tracing.reservoirSize: expected an integer >= 0, got ${shown(s.reservoirSize)}`,
        (!Number.isInteger(s.priority) || s.priority < 1 || s.priority > 9999) &&
            `tracing.priority: expected an integer from 1 to 9999, got ${shown(s.priority)}`,
        !XRAY_PREFIX.test(s.namePrefix) &&
            `tracing.namePrefix: expected 1-22 letters, digits, "-" or "_" (X-Ray group and rule names), got ${shown(s.namePrefix)}`,
    ].filter((p): p is string => typeof p === "string");
}

/** Arguments of {@link createTracing}. */
export interface TracingArgs {
    /** Account that owns and administers the trace key. */
    readonly accountId: pulumi.Input<string>;
    /** Region of the traces (in the key's description). */
    readonly region: string;
    /** ARN partition of the account. */
    readonly partition: string;
    /** Mark the trace key `protect` (see `ObservabilityArgs.protectKeys`); undefined means true. */
    readonly protectKey: boolean | undefined;
    /** The settings, defaults applied and checked. */
    readonly settings: TracingSettings;
}

/** What the component reads back from its tracing children. */
export interface Tracing {
    /** The customer-managed key that encrypts X-Ray traces. */
    readonly traceKey: aws.kms.Key;
    /** The X-Ray group of faulted and errored traces. */
    readonly errorGroup: aws.xray.Group;
}

/**
 * Creates the region's tracing resources as children of `parent` (the observability component),
 * named `<name>-traces-key`, `<name>-sampling`, `<name>-errors` and `<name>-traces-encryption`:
 * names and parent are the children's identity, so they stay as they were when the component
 * created them itself.
 */
export function createTracing(name: string, args: TracingArgs, parent: pulumi.Resource): Tracing {
    const { settings } = args;
    // X-Ray uses the key through grants made with the caller's IAM permissions, which the
    // administration statement lets the account's IAM policies give.
    const traceKey = new aws.kms.Key(
        `${name}-traces-key`,
        customerKeyArgs({ description: `Encrypts X-Ray traces in ${args.region}`, accountId: args.accountId, partition: args.partition }),
        customerKeyOptions({ parent, retainOnDelete: true }, args.protectKey),
    );

    new aws.xray.SamplingRule(
        `${name}-sampling`,
        {
            ruleName: `${settings.namePrefix}-sampling`,
            priority: settings.priority,
            fixedRate: settings.fixedRate,
            reservoirSize: settings.reservoirSize,
            serviceName: settings.serviceName,
            serviceType: "*",
            host: "*",
            httpMethod: "*",
            urlPath: "*",
            resourceArn: "*",
            version: 1,
        },
        { parent },
    );

    const errorGroup = new aws.xray.Group(
        `${name}-errors`,
        {
            groupName: `${settings.namePrefix}-errors`,
            filterExpression: "fault = true OR error = true",
            // Insights stay on (visible in the X-Ray console). Their notifications go out only
            // through EventBridge, which does not support customer-managed keys (the alert
            // topic's), and no rule receives them: off, rather than events nobody reads.
            insightsConfiguration: { insightsEnabled: true, notificationsEnabled: false },
        },
        { parent },
    );

    // One encryption setting per account and region: one Observability per region.
    new aws.xray.EncryptionConfig(`${name}-traces-encryption`, { type: "KMS", keyId: traceKey.arn }, { parent });

    return { traceKey, errorGroup };
}
