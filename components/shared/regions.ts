import { Region as ProviderRegion } from "@pulumi/aws/types/enums";

/**
 * Partitions other than `aws` (China, GovCloud, the isolated and sovereign regions): the program
 * writes `arn:aws:` ARNs and uses commercial-partition service principals, so it does not run there.
 */
const OTHER_PARTITIONS = /^(cn|us-gov|us-iso[a-z]*|eu-iso[a-z]*|eusc)-/;

/**
 * The AWS commercial regions, taken from the AWS provider package's own region list (so a region
 * AWS adds arrives with a provider upgrade, not a hand-kept copy), so that a typo in a region or
 * an availability-zone name is refused before any resource is registered. A pure answer, the
 * same offline and online: no cloud call.
 */
export const KNOWN_REGIONS: readonly string[] = Object.values(ProviderRegion)
    .filter((r) => !OTHER_PARTITIONS.test(r))
    .sort();

/** True when `value` names a region of {@link KNOWN_REGIONS}. */
export function isKnownRegion(value: string): boolean {
    return KNOWN_REGIONS.includes(value);
}

/**
 * True when `az` is an availability-zone name of `region` (`<region><letter>`, e.g.
 * `us-east-1a`). Zone ids (`use1-az1`) are not accepted: subnets are placed by name.
 */
export function isZoneOfRegion(az: string, region: string): boolean {
    return az.length === region.length + 1 && az.startsWith(region) && /[a-z]$/.test(az);
}

/**
 * The region AWS requires for global-service companions: CloudFront's WAF web ACL and
 * ACM certificate, and Route 53 health-check metrics, exist only here.
 */
export const GLOBAL_SERVICES_REGION = "us-east-1";

/** The problem with a region argument `key`, or undefined when it names a known region. */
export function regionProblem(value: string, key = "region"): string | undefined {
    return isKnownRegion(value) ? undefined : `${key}: expected a known AWS region such as us-east-1, got ${JSON.stringify(value)}`;
}

/** One problem per zone of `zones` that is not an availability-zone name of `region`. */
export function zoneProblems(zones: readonly string[], region: string, key = "availabilityZones"): string[] {
    if (!isKnownRegion(region)) return [];
    return zones.flatMap((az, i) =>
        isZoneOfRegion(az, region) ? [] : [`${key}.${i}: ${zoneOfRegionRule(region)}, got ${JSON.stringify(az)}`],
    );
}

/** What an availability-zone name of `region` must look like, for messages. */
export function zoneOfRegionRule(region: string): string {
    return `expected an availability zone of ${region} (${region}a, ${region}b, ...)`;
}
