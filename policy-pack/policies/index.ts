/**
 * The pack's policies, in README order. Tests and the offline harness import this module; only the pack
 * entry point (`../index.ts`) hands it to `new PolicyPack`. Nothing here loads the Pulumi SDK at run time.
 */
import { athenaPolicies } from "./athena";
import { cloudfrontPolicies } from "./cloudfront";
import { cloudwatchPolicies } from "./cloudwatch";
import { ec2Policies } from "./ec2";
import { ecsPolicies } from "./ecs";
import { elbPolicies } from "./elb";
import { iamPolicies } from "./iam";
import { kmsPolicies } from "./kms";
import type { PlatformPolicy } from "./lib/define";
import { route53Policies } from "./route53";
import { s3Policies } from "./s3";
import { snsPolicies } from "./sns";
import { wafPolicies } from "./waf";

export type { PlatformPolicy } from "./lib/define";

export const policies: PlatformPolicy[] = [
    ...s3Policies,
    ...elbPolicies,
    ...ecsPolicies,
    ...cloudfrontPolicies,
    ...wafPolicies,
    ...snsPolicies,
    ...athenaPolicies,
    ...ec2Policies,
    ...iamPolicies,
    ...kmsPolicies,
    ...cloudwatchPolicies,
    ...route53Policies,
];
