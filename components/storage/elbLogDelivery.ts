/**
 * Regions whose ALB access logs are delivered by a regional Elastic Load Balancing account
 * (every region launched before August 2022). Regions launched since have no such account:
 * `aws.elb.getServiceAccount` fails there, and only the
 * `logdelivery.elasticloadbalancing.amazonaws.com` service principal delivers logs.
 */
export const REGIONS_WITH_ELB_LOG_ACCOUNT: ReadonlySet<string> = new Set([
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ca-central-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-north-1",
    "me-south-1",
    "sa-east-1",
]);
