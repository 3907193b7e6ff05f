import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { logRetentionProblem, writePathPatternProblems } from "../shared/awsLimits";
import { assertValidArgs, shown } from "../shared/validation";

/** AWS managed cache policy "Managed-CachingDisabled": the app is dynamic, nothing is cached. */
export const CACHING_DISABLED_POLICY_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
/**
 * AWS managed origin request policy "Managed-AllViewerExceptHostHeader": forwards every viewer
 * header, cookie and query string except `Host`, so the ALB sees its own host name.
 */
export const ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
/** Status codes on which CloudFront retries the request on the origin group's second member. */
export const FAILOVER_STATUS_CODES = [500, 502, 503, 504] as const;
/** Id of the origin group the default behaviour targets. */
export const ORIGIN_GROUP_ID = "regional-failover";
/**
 * Id of the dedicated write origin of domain mode (on the Route 53 failover name). It cannot
 * collide with a regional origin, whose ids are `origin-<key>`.
 */
export const WRITE_FAILOVER_ORIGIN_ID = "write-failover";
/**
 * Methods of the default behaviour. CloudFront refuses any other method on a behaviour that
 * targets an origin group ("AllowedMethods cannot include POST, PUT, PATCH, or DELETE for a
 * cached behavior associated with an origin group"), and fails over only these anyway.
 */
export const READ_METHODS = ["GET", "HEAD", "OPTIONS"] as const;
/** Methods of the write-path behaviours: all seven CloudFront forwards. */
export const WRITE_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"] as const;
/** Cached methods of every behaviour (CloudFront requires GET and HEAD; CachingDisabled caches nothing). */
export const CACHED_METHODS = ["GET", "HEAD"] as const;
/** Write path patterns when none are given. */
export const DEFAULT_WRITE_PATH_PATTERNS: readonly string[] = ["/api/*"];

/** One regional origin. */
export interface EdgeOrigin {
    /** Stable key of the origin (the region); the origin id is `origin-<key>`. */
    readonly key: string;
    /** Host name CloudFront connects to (the ALB's DNS name, or its domain in domain mode). */
    readonly domainName: pulumi.Input<string>;
    /** Name of the header the region's ALB requires. */
    readonly verifyHeaderName: pulumi.Input<string>;
    /** Secret value of that header. */
    readonly verifyHeaderValue: pulumi.Input<string>;
}

/**
 * Domain mode: the single origin of the write paths, on the Route 53 health-checked failover name,
 * so that writes fail over by DNS.
 */
export interface EdgeWriteOrigin {
    /**
     * The failover name (e.g. `origin.<domain>`): PRIMARY/SECONDARY or latency records aliased to
     * the regions' ALBs, each health-checked. Every region's ALB certificate must cover it.
     */
    readonly domainName: pulumi.Input<string>;
    /** Name of the origin-verify header; every region's ALB must require this same name. */
    readonly verifyHeaderName: pulumi.Input<string>;
    /**
     * Secret value of that header. The name resolves to either region, so every region's ALB must
     * accept this one value: the regions share their origin-verify secret.
     */
    readonly verifyHeaderValue: pulumi.Input<string>;
}

/** Domain mode: the viewer-facing host name and its hosted zone. */
export interface EdgeDomain {
    readonly domainName: string;
    /** Route 53 hosted zone where the certificate's DNS validation record is written. */
    readonly hostedZoneId: pulumi.Input<string>;
}

/** Arguments of {@link EdgeDistribution}. */
export interface EdgeDistributionArgs {
    /**
     * Regional origins, most preferred first (the active region first). The first two form the
     * failover origin group; at least 2, distinct keys.
     */
    readonly origins: readonly EdgeOrigin[];
    /**
     * CloudFront path patterns of the write paths (`POST`, `PUT`, `PATCH`, `DELETE`), each an
     * ordered cache behaviour that allows all seven methods and targets the write origin. Every
     * other path is read-only (GET, HEAD, OPTIONS) and fails over per request through the origin
     * group. 1-25 patterns, none matching every path, distinct.
     * @default ["/api/*"]
     */
    readonly writePathPatterns?: readonly string[];
    /**
     * Domain mode: the write paths' own origin on the health-checked failover name (writes fail
     * over by DNS). Absent: the write paths target the first origin (the active region), so writes
     * move only with a controlled failover (`activeRegion`).
     * @default undefined
     */
    readonly writeFailoverOrigin?: EdgeWriteOrigin;
    /** ARN of a CLOUDFRONT-scoped WAFv2 web ACL. */
    readonly webAclArn: pulumi.Input<string>;
    /**
     * Domain mode: custom certificate (ACM in us-east-1, DNS-validated), HTTPS to origins.
     * Absent: evaluation mode (CloudFront's default certificate, HTTP to the ALBs' DNS names).
     * @default undefined
     */
    readonly domain?: EdgeDomain;
    /**
     * Seconds CloudFront waits to connect to an origin (1-10).
     * @default 3
     */
    readonly originConnectionTimeoutSeconds?: number;
    /**
     * Connection attempts per origin before failing over (1-3).
     * @default 1
     */
    readonly originConnectionAttempts?: number;
    /**
     * Seconds CloudFront waits for an origin's response (1-60).
     * @default 30
     */
    readonly originReadTimeoutSeconds?: number;
    /**
     * CloudFront price class.
     * @default "PriceClass_100"
     */
    readonly priceClass?: "PriceClass_100" | "PriceClass_200" | "PriceClass_All";
    /** KMS key encrypting the access-log group (usable by CloudWatch Logs of the provider's region). */
    readonly logKeyArn: pulumi.Input<string>;
    /**
     * Retention of the access-log group, in days.
     * @default 365
     */
    readonly logRetentionDays?: number;
}

/**
 * The global edge: a CloudFront distribution with one origin per region, an origin group that
 * fails over from the first to the second on 5xx or connection failure, HTTPS for viewers, the
 * origin-verify header on every origin, the CloudFront WAF, and access logs delivered (logging
 * v2) to a KMS-encrypted CloudWatch log group. In domain mode it also owns the viewer
 * certificate (ACM, validated by DNS in the hosted zone).
 *
 * Reads and writes take different paths, because CloudFront fails over only GET, HEAD and
 * OPTIONS and refuses any other method on a behaviour that targets an origin group:
 * - the default behaviour (every path not matched below) targets the origin group and allows
 *   GET, HEAD and OPTIONS: reads fail over request by request (CloudFront.4);
 * - one ordered behaviour per write path pattern allows all seven methods and targets a single
 *   write origin: the first origin (the active region, moved by a controlled failover) or, in
 *   domain mode, {@link EdgeDistributionArgs.writeFailoverOrigin} on the health-checked failover
 *   name (moved by Route 53 within interval × failure threshold + TTL).
 *
 * Give it a us-east-1 provider: CloudFront's certificates and log delivery live there.
 *
 * CloudFront.1 (default root object) is deliberately not met: the origins are a dynamic
 * application whose `/` is served by the application itself; a root object would rewrite it.
 */
export class EdgeDistribution extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:edge:EdgeDistribution";

    public readonly distributionId: pulumi.Output<string>;
    public readonly distributionArn: pulumi.Output<string>;
    /** `dxxxx.cloudfront.net`. */
    public readonly domainName: pulumi.Output<string>;
    /** CloudFront's hosted zone id, for alias records. */
    public readonly hostedZoneId: pulumi.Output<string>;
    /** Origin ids, in failover order (primary first). */
    public readonly originOrder: pulumi.Output<string[]>;
    public readonly logGroupName: pulumi.Output<string>;
    /** Id of the origin the write paths target. */
    public readonly writeOriginId: pulumi.Output<string>;
    /** Path patterns of the write behaviours, in evaluation order. */
    public readonly writePathPatterns: pulumi.Output<string[]>;
    /** Domain mode: the validated viewer certificate. */
    public readonly certificateArn?: pulumi.Output<string>;

    constructor(name: string, args: EdgeDistributionArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(EdgeDistribution.__pulumiType, name, {}, opts);
        const keys = args.origins.map((o) => o.key);
        const timeout = args.originConnectionTimeoutSeconds ?? 3;
        const attempts = args.originConnectionAttempts ?? 1;
        const readTimeout = args.originReadTimeoutSeconds ?? 30;
        const retention = args.logRetentionDays ?? 365;
        const writePatterns = args.writePathPatterns ?? DEFAULT_WRITE_PATH_PATTERNS;
        const within = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
        assertValidArgs(EdgeDistribution.__pulumiType, name, [
            keys.length < 2 && `origins: expected at least 2 origins (failover needs a second), got ${keys.length} (${shown(keys)})`,
            new Set(keys).size !== keys.length && `origins: expected distinct keys, got ${shown(keys)}`,
            keys.some((k) => !/^[a-z0-9-]+$/.test(k)) && `origins: expected keys of lower-case letters, digits and dashes, got ${shown(keys)}`,
            !within(timeout, 1, 10) && `originConnectionTimeoutSeconds: expected a whole number from 1 to 10, got ${shown(timeout)}`,
            !within(attempts, 1, 3) && `originConnectionAttempts: expected a whole number from 1 to 3, got ${shown(attempts)}`,
            !within(readTimeout, 1, 60) && `originReadTimeoutSeconds: expected a whole number from 1 to 60, got ${shown(readTimeout)}`,
            logRetentionProblem("logRetentionDays", retention),
            ...writePathPatternProblems(writePatterns).map((p) => `writePathPatterns: ${p.message}, got ${shown(p.input)}`),
            args.writeFailoverOrigin !== undefined &&
                args.domain === undefined &&
                "writeFailoverOrigin: expected only with domain (the failover name is a record of the hosted zone, reached over HTTPS), got a write origin without domain",
        ]);

        const domainMode = args.domain !== undefined;
        let certificateArn: pulumi.Output<string> | undefined;
        if (args.domain) {
            const certificate = new aws.acm.Certificate(
                `${name}-certificate`,
                { domainName: args.domain.domainName, validationMethod: "DNS", keyAlgorithm: "EC_prime256v1" },
                { parent: this },
            );
            const option = certificate.domainValidationOptions.apply((options) => options[0]!);
            const validation = new aws.route53.Record(
                `${name}-certificate-validation`,
                {
                    zoneId: args.domain.hostedZoneId,
                    name: option.resourceRecordName,
                    type: option.resourceRecordType,
                    records: [option.resourceRecordValue],
                    ttl: 60,
                    allowOverwrite: true,
                },
                { parent: this },
            );
            certificateArn = new aws.acm.CertificateValidation(
                `${name}-certificate`,
                { certificateArn: certificate.arn, validationRecordFqdns: [validation.fqdn] },
                { parent: this },
            ).certificateArn;
        }

        const originId = (key: string) => `origin-${key}`;
        const customOrigin = (id: string, domainName: pulumi.Input<string>, headerName: pulumi.Input<string>, headerValue: pulumi.Input<string>) => ({
            originId: id,
            domainName,
            connectionTimeout: timeout,
            connectionAttempts: attempts,
            customOriginConfig: {
                httpPort: 80,
                httpsPort: 443,
                originProtocolPolicy: domainMode ? "https-only" : "http-only",
                originSslProtocols: ["TLSv1.2"],
                originReadTimeout: readTimeout,
            },
            customHeaders: [{ name: headerName, value: headerValue }],
        });
        const writeFailover = args.writeFailoverOrigin;
        // Writes never go to the origin group (CloudFront refuses it): evaluation mode sends them to
        // the active region's origin, domain mode to the origin on the health-checked failover name.
        const writeOriginId = writeFailover ? WRITE_FAILOVER_ORIGIN_ID : originId(keys[0]!);
        // Compression is off everywhere: CloudFront compresses only when the cache policy enables
        // Gzip/Brotli, which Managed-CachingDisabled does not, so `compress: true` would do nothing.
        const uncached = { cachePolicyId: CACHING_DISABLED_POLICY_ID, originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID, compress: false };
        const distribution = new aws.cloudfront.Distribution(
            name,
            {
                enabled: true,
                comment: `Multi-region edge (${name})`,
                httpVersion: "http2and3",
                isIpv6Enabled: true,
                priceClass: args.priceClass ?? "PriceClass_100",
                webAclId: args.webAclArn,
                aliases: args.domain ? [args.domain.domainName] : undefined,
                origins: [
                    ...args.origins.map((o) => customOrigin(originId(o.key), o.domainName, o.verifyHeaderName, o.verifyHeaderValue)),
                    ...(writeFailover ? [customOrigin(WRITE_FAILOVER_ORIGIN_ID, writeFailover.domainName, writeFailover.verifyHeaderName, writeFailover.verifyHeaderValue)] : []),
                ],
                originGroups: [
                    {
                        originId: ORIGIN_GROUP_ID,
                        failoverCriteria: { statusCodes: [...FAILOVER_STATUS_CODES] },
                        members: keys.slice(0, 2).map((k) => ({ originId: originId(k) })),
                    },
                ],
                // Reads: the origin group, so GET/HEAD/OPTIONS fail over per request (CloudFront.4).
                defaultCacheBehavior: {
                    targetOriginId: ORIGIN_GROUP_ID,
                    viewerProtocolPolicy: "redirect-to-https",
                    allowedMethods: [...READ_METHODS],
                    cachedMethods: [...CACHED_METHODS],
                    ...uncached,
                },
                // Writes: one behaviour per pattern, evaluated in order before the default one.
                orderedCacheBehaviors: writePatterns.map((pathPattern) => ({
                    pathPattern,
                    targetOriginId: writeOriginId,
                    // Not a redirect: clients follow a 301 without the request body, so a write
                    // over plain HTTP would silently lose its payload. Refuse it instead.
                    viewerProtocolPolicy: "https-only",
                    allowedMethods: [...WRITE_METHODS],
                    cachedMethods: [...CACHED_METHODS],
                    ...uncached,
                })),
                restrictions: { geoRestriction: { restrictionType: "none" } },
                viewerCertificate: certificateArn
                    ? { acmCertificateArn: certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" }
                    : { cloudfrontDefaultCertificate: true },
            },
            { parent: this },
        );

        // Standard logging needs an ACL-enabled bucket; logging v2 to CloudWatch Logs needs none.
        // Under /aws/vendedlogs/ the resource policy CloudWatch Logs writes for the delivery covers
        // the whole prefix, instead of growing by one log-group ARN per delivery (5,120-character cap).
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-access-logs`,
            { namePrefix: `/aws/vendedlogs/cloudfront/${name}-access-logs-`, retentionInDays: retention, kmsKeyId: args.logKeyArn },
            { parent: this },
        );
        const source = new aws.cloudwatch.LogDeliverySource(
            `${name}-access-logs`,
            { logType: "ACCESS_LOGS", resourceArn: distribution.arn },
            { parent: this },
        );
        const destination = new aws.cloudwatch.LogDeliveryDestination(
            `${name}-access-logs`,
            { outputFormat: "json", deliveryDestinationConfiguration: { destinationResourceArn: logGroup.arn } },
            { parent: this },
        );
        new aws.cloudwatch.LogDelivery(
            `${name}-access-logs`,
            { deliverySourceName: source.name, deliveryDestinationArn: destination.arn },
            { parent: this },
        );

        this.distributionId = distribution.id;
        this.distributionArn = distribution.arn;
        this.domainName = distribution.domainName;
        this.hostedZoneId = distribution.hostedZoneId;
        this.originOrder = pulumi.output(keys.slice(0, 2).map(originId));
        this.logGroupName = logGroup.name;
        this.writeOriginId = pulumi.output(writeOriginId);
        this.writePathPatterns = pulumi.output([...writePatterns]);
        this.certificateArn = certificateArn;
        this.registerOutputs({
            distributionId: this.distributionId,
            distributionArn: this.distributionArn,
            domainName: this.domainName,
            hostedZoneId: this.hostedZoneId,
            originOrder: this.originOrder,
            logGroupName: this.logGroupName,
            writeOriginId: this.writeOriginId,
            writePathPatterns: this.writePathPatterns,
            certificateArn: this.certificateArn,
        });
    }
}
