/**
 * What the web ACLs keep out of their logs and sampled requests: credentials, sessions and the
 * origin-verify secret, one rule for the regional and the CloudFront-scope ACL.
 *
 * WAF logs hold every request header, and the console shows sampled requests to anyone allowed
 * `wafv2:GetSampledRequests`. Two mechanisms, both needed: a logging configuration's
 * `redactedFields` replaces a header's value in the logs only, while web ACL data protection
 * (`dataProtectionConfig`) applies to the logs and to sampled requests alike (AWS WAF Developer
 * Guide, "Data protection": "AWS WAF applies data protection ... to web ACL logs and sampled
 * requests"). Sampling stays on: the rule views it gives are how an operator sees false positives.
 */
import * as pulumi from "@pulumi/pulumi";

/** Headers redacted in every WAF log whatever the platform's secrets: credentials and sessions. */
export const REDACTED_HEADERS = ["authorization", "cookie"] as const;

/** The header names to redact (lower case, as WAF matches them), each once. */
export function redactedHeaderNames(secretHeaderNames: readonly string[]): string[] {
    return [...new Set([...REDACTED_HEADERS, ...secretHeaderNames.map((h) => h.toLowerCase())])];
}

/** `redactedFields` of a logging configuration: every header of {@link redactedHeaderNames}. */
export function loggingRedaction(secretHeaderNames: pulumi.Input<pulumi.Input<string>[]>) {
    return pulumi.output(secretHeaderNames).apply((names) => redactedHeaderNames(names).map((name) => ({ singleHeader: { name } })));
}

/**
 * `dataProtectionConfig` of a web ACL: the secret headers' values substituted in the logs and in
 * sampled requests. Rule match details stay protected too (they would quote the value).
 */
export function secretHeaderDataProtection(secretHeaderNames: pulumi.Input<pulumi.Input<string>[]>) {
    return {
        dataProtections: [
            {
                action: "SUBSTITUTION",
                field: {
                    fieldType: "SINGLE_HEADER",
                    fieldKeys: pulumi.output(secretHeaderNames).apply((names) => redactedHeaderNames(names)),
                },
                excludeRateBasedDetails: false,
                excludeRuleMatchDetails: false,
            },
        ],
    };
}
