/**
 * Request bodies and the AWS Core Rule Set: its `SizeRestrictions_BODY` rule blocks every body
 * over 8 KB (AWS WAF Developer Guide, "Core rule set (CRS) managed rule group": "Inspects for
 * request bodies that are over 8 KB (8,192 bytes)"), so a larger POST or PUT gets a 403, and a WAF
 * 403 never triggers CloudFront's origin failover. An application that takes larger bodies sets
 * `maxRequestBodyBytes`: the rule then only counts (its metric and sampled requests still show
 * them) in both ACLs. WAF inspects only the first 8 KB of an ALB's body and 16 KB of CloudFront's
 * by default, so the rest of a larger body is not inspected by any rule: the application must
 * enforce its own limit.
 */
import type * as aws from "@pulumi/aws";
import { z } from "zod";

/** What the Core Rule Set lets through unchanged. */
export const CRS_BODY_LIMIT_BYTES = 8192;

/** The largest request body the application takes, in bytes (above 8 KB: the CRS body rule only counts). */
export const maxRequestBodyBytes = z.number().int().min(CRS_BODY_LIMIT_BYTES).default(CRS_BODY_LIMIT_BYTES).meta({
    description:
        "largest request body the application takes, bytes; above 8192 the Core Rule Set's SizeRestrictions_BODY only counts (bodies past WAF's inspection limit are not inspected: the application enforces its own limit)",
});

/** The rule action overrides of the Core Rule Set statement for `maxBytes`. */
export function commonRuleSetOverrides(
    maxBytes: number,
): aws.types.input.wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverride[] {
    return maxBytes > CRS_BODY_LIMIT_BYTES ? [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }] : [];
}

/** The managed rule group statement of `group`, with the body override when it is the Core Rule Set. */
export function managedGroupStatement(group: string, maxBytes: number): aws.types.input.wafv2.WebAclRuleStatement {
    const overrides = group === "AWSManagedRulesCommonRuleSet" ? commonRuleSetOverrides(maxBytes) : [];
    return {
        managedRuleGroupStatement: { vendorName: "AWS", name: group, ...(overrides.length > 0 ? { ruleActionOverrides: overrides } : {}) },
    };
}
