/**
 * The origin-verify header: one name that CloudFront adds to every origin request and the ALB
 * matches, so it must be a name both accept. Stated once, for the stack schema and the load balancer.
 *
 * - ALB HTTP header conditions: "The maximum size is 40 characters", RFC 7230 token characters,
 *   no wildcards, and "You can't use an HTTP header condition to specify the host header"
 *   (Elastic Load Balancing API Reference, HttpHeaderConditionConfig).
 * - CloudFront refuses custom origin headers it sets or controls itself (CloudFront Developer
 *   Guide, "Custom headers that CloudFront can't add to origin requests").
 */

/** Longest header name an ALB header condition takes. */
export const MAX_HEADER_NAME_LENGTH = 40;

/** Names CloudFront will not add as custom origin headers (lower case), and ALB's Host. */
const RESERVED_HEADER_NAMES = new Set([
    "cache-control",
    "connection",
    "content-length",
    "cookie",
    "host",
    "if-match",
    "if-modified-since",
    "if-none-match",
    "if-range",
    "if-unmodified-since",
    "max-forwards",
    "pragma",
    "proxy-authorization",
    "proxy-connection",
    "range",
    "request-range",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
    "x-real-ip",
]);
/** Prefixes CloudFront reserves. */
const RESERVED_HEADER_PREFIXES = ["x-amz-", "x-edge-"];

/** What the origin-verify header name must be, as an error message says it. */
export const ORIGIN_VERIFY_HEADER_RULE =
    "expected a header name of at most 40 characters from A-Z a-z 0-9 and - that ALB header conditions can match and CloudFront may add (not Host, Via, Cookie, Connection, X-Amz-*, X-Edge-*, ...)";

/** Whether `name` can be the origin-verify header. */
export function isValidOriginVerifyHeaderName(name: string): boolean {
    const lower = name.toLowerCase();
    return (
        /^[A-Za-z0-9-]+$/.test(name) &&
        name.length <= MAX_HEADER_NAME_LENGTH &&
        !RESERVED_HEADER_NAMES.has(lower) &&
        !RESERVED_HEADER_PREFIXES.some((p) => lower.startsWith(p))
    );
}
