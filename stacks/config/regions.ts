/**
 * The AWS commercial regions this program knows, so that a typo in a region or an
 * availability-zone name is refused before any resource is registered.
 *
 * Kept as data rather than looked up at run time: configuration is validated by a pure
 * function, with no cloud call, and the same answer offline and online.
 */
export const KNOWN_REGIONS = [
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
] as const;

/** One of {@link KNOWN_REGIONS}. */
export type Region = (typeof KNOWN_REGIONS)[number];

/** True when `value` names a region of {@link KNOWN_REGIONS}. */
export function isKnownRegion(value: string): value is Region {
    return (KNOWN_REGIONS as readonly string[]).includes(value);
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
