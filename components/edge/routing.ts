/**
 * Where the edge distribution sends each request: one custom origin per region (plus the write
 * origin of domain mode), the failover origin group of the first two, the read-only default
 * behaviour on that group and one write behaviour per write path pattern. Pure: values may be
 * Inputs; `EdgeDistribution` puts the result in its distribution's arguments.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

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
    /**
     * What the region's ALB serves (its contract's `originProtocol`): a region in domain mode
     * answers HTTP only with a redirect, so CloudFront must speak HTTPS to it whatever the global
     * stack's own mode, as during a migration that moves the regions first.
     * @default - HTTPS in domain mode, else HTTP
     */
    readonly protocol?: "http" | "https";
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

/** Id of the regional origin of `key`. */
export const originId = (key: string): string => `origin-${key}`;

/**
 * Origin ids of the failover origin group, primary first: the first two origins. A CloudFront
 * origin group has exactly two members (CloudFront Developer Guide, "Optimize high availability
 * with CloudFront origin failover"), so a third and later origin is a standby: no request reaches
 * it until a controlled failover (`activeRegion`) puts it first.
 */
export const failoverOrder = (origins: readonly EdgeOrigin[]): string[] => origins.slice(0, 2).map((o) => originId(o.key));

/**
 * Id of the origin the write paths target. Writes never go to the origin group (CloudFront
 * refuses it): evaluation mode sends them to the active region's origin (the first), domain
 * mode to the origin on the health-checked failover name.
 */
export const writeOriginId = (origins: readonly EdgeOrigin[], writeFailoverOrigin: EdgeWriteOrigin | undefined): string =>
    writeFailoverOrigin ? WRITE_FAILOVER_ORIGIN_ID : originId(origins[0]!.key);

/** Arguments of {@link edgeRouting}: the distribution's, defaults applied and checked. */
export interface EdgeRoutingArgs {
    /** Regional origins, most preferred first (at least 2, distinct keys). */
    readonly origins: readonly EdgeOrigin[];
    /** Domain mode's write origin, if any. */
    readonly writeFailoverOrigin?: EdgeWriteOrigin;
    /** Path patterns of the write behaviours, in evaluation order. */
    readonly writePathPatterns: readonly string[];
    /** Domain mode: HTTPS to the write origin and, unless an origin says otherwise, to every origin. */
    readonly domainMode: boolean;
    /** Seconds CloudFront waits to connect to an origin. */
    readonly connectionTimeoutSeconds: number;
    /** Connection attempts per origin before failing over. */
    readonly connectionAttempts: number;
    /** Seconds CloudFront waits for an origin's response. */
    readonly readTimeoutSeconds: number;
}

/** The routing part of the distribution's arguments. */
export interface EdgeRouting {
    readonly origins: aws.types.input.cloudfront.DistributionOrigin[];
    readonly originGroups: aws.types.input.cloudfront.DistributionOriginGroup[];
    readonly defaultCacheBehavior: aws.types.input.cloudfront.DistributionDefaultCacheBehavior;
    readonly orderedCacheBehaviors: aws.types.input.cloudfront.DistributionOrderedCacheBehavior[];
}

/** The distribution's origins, origin group and cache behaviours. */
export function edgeRouting(args: EdgeRoutingArgs): EdgeRouting {
    const customOrigin = (
        id: string,
        domainName: pulumi.Input<string>,
        headerName: pulumi.Input<string>,
        headerValue: pulumi.Input<string>,
        protocol?: "http" | "https",
    ) => ({
        originId: id,
        domainName,
        connectionTimeout: args.connectionTimeoutSeconds,
        connectionAttempts: args.connectionAttempts,
        customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: (protocol ?? (args.domainMode ? "https" : "http")) === "https" ? "https-only" : "http-only",
            originSslProtocols: ["TLSv1.2"],
            originReadTimeout: args.readTimeoutSeconds,
        },
        customHeaders: [{ name: headerName, value: headerValue }],
    });
    const writeFailover = args.writeFailoverOrigin;
    const writeOrigin = writeOriginId(args.origins, writeFailover);
    // Compression is off everywhere: CloudFront compresses only when the cache policy enables
    // Gzip/Brotli, which Managed-CachingDisabled does not, so `compress: true` would do nothing.
    const uncached = {
        cachePolicyId: CACHING_DISABLED_POLICY_ID,
        originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
        compress: false,
    };
    return {
        origins: [
            ...args.origins.map((o) => customOrigin(originId(o.key), o.domainName, o.verifyHeaderName, o.verifyHeaderValue, o.protocol)),
            ...(writeFailover
                ? [
                      customOrigin(
                          WRITE_FAILOVER_ORIGIN_ID,
                          writeFailover.domainName,
                          writeFailover.verifyHeaderName,
                          writeFailover.verifyHeaderValue,
                      ),
                  ]
                : []),
        ],
        originGroups: [
            {
                originId: ORIGIN_GROUP_ID,
                failoverCriteria: { statusCodes: [...FAILOVER_STATUS_CODES] },
                members: failoverOrder(args.origins).map((id) => ({ originId: id })),
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
        orderedCacheBehaviors: args.writePathPatterns.map((pathPattern) => ({
            pathPattern,
            targetOriginId: writeOrigin,
            // Not a redirect: clients follow a 301 without the request body, so a write
            // over plain HTTP would silently lose its payload. Refuse it instead.
            viewerProtocolPolicy: "https-only",
            allowedMethods: [...WRITE_METHODS],
            cachedMethods: [...CACHED_METHODS],
            ...uncached,
        })),
    };
}
