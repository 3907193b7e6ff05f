/**
 * Test fixture: a realistic {@link RegionalContract} per region, and the StackReference
 * table the simulated cloud answers the global stack's reads from.
 */
import type { RegionalContract } from "../../stacks/contract";
import { REGIONAL_CONTRACT_SECRET_KEYS } from "../../stacks/contract";
import type { StackOutputTable } from "../../simulation/cloud";
import { qualifiedStackName } from "../../simulation/project";

const ACCOUNT = "123456789012";

/** Elastic Load Balancing's canonical hosted zone ids of the regions the tests use. */
const ALB_ZONES: Readonly<Record<string, string>> = {
    "us-east-1": "Z35SXDOTRQ7X7K",
    "eu-west-1": "Z32O12XQLNTSW2",
    "us-west-2": "Z1H1FL5HABSF5",
    "ap-southeast-1": "Z1LMS91P8CMLE5",
};

/** What varies between the fixture's regional stacks. */
export interface ContractOptions {
    readonly cidr?: string;
    /** Domain mode: the region's origin host name (HTTPS). Absent: the ALB DNS name (HTTP). */
    readonly originDomain?: string;
    readonly healthCheckPath?: string;
}

const compact = (region: string) => region.replace(/-/g, "");

/** A regional stack's exported contract, as `regionalProgram` returns it. */
export function regionalContract(region: string, options: ContractOptions = {}): RegionalContract {
    const c = compact(region);
    const albName = `alb-${c}-1a2b3c4`;
    const albDnsName = `${albName}-1234567890.${region}.elb.amazonaws.com`;
    return {
        region,
        availabilityZones: ["a", "b", "c"].map((l) => `${region}${l}`),
        vpcId: `vpc-${c.slice(-6)}0123456789a`,
        vpcCidrBlock: options.cidr ?? "10.0.0.0/16",
        privateRouteTableIds: ["a", "b", "c"].map((l) => `rtb-${c.slice(-6)}${l}private0000`),
        dataBucketName: `data-${c}-5d6e7f8`,
        dataBucketArn: `arn:aws:s3:::data-${c}-5d6e7f8`,
        dataBucketVersioning: "Enabled",
        dataKeyArn: `arn:aws:kms:${region}:${ACCOUNT}:key/0000${c.slice(-4)}-1111-2222-3333-444455556666`,
        logBucketName: `logs-${c}-9a8b7c6`,
        logBucketArn: `arn:aws:s3:::logs-${c}-9a8b7c6`,
        albDnsName,
        albZoneId: ALB_ZONES[region] ?? "ZSIMULATEDALB",
        albArnSuffix: `app/${albName}/0123456789abcdef`,
        targetGroupArnSuffix: `targetgroup/tg-${c}/fedcba9876543210`,
        originHostname: options.originDomain ?? albDnsName,
        originProtocol: options.originDomain ? "https" : "http",
        healthCheckPath: options.healthCheckPath ?? "/healthz",
        originVerifyHeaderName: "X-Origin-Verify",
        originVerifySecret: `secret-of-${region}-0123456789`,
        alertTopicArn: `arn:aws:sns:${region}:${ACCOUNT}:alerts-${c}`,
        alertKeyArn: `arn:aws:kms:${region}:${ACCOUNT}:key/aaaa${c.slice(-4)}-1111-2222-3333-444455556666`,
        clusterName: `cluster-${c}`,
        clusterArn: `arn:aws:ecs:${region}:${ACCOUNT}:cluster/cluster-${c}`,
        serviceName: `service-${c}`,
        regionUnhealthyAlarmName: `region-unhealthy-${c}`,
    };
}

/** The two shipped regional stacks' contracts (evaluation mode unless `domain` is given). */
export function defaultContracts(domain?: string): Record<string, RegionalContract> {
    return {
        "us-east-1": regionalContract("us-east-1", { cidr: "10.0.0.0/16", originDomain: domain && `us-east-1.origin.${domain}` }),
        "eu-west-1": regionalContract("eu-west-1", { cidr: "10.1.0.0/16", originDomain: domain && `eu-west-1.origin.${domain}` }),
    };
}

/**
 * The StackReference table for `contracts` keyed by stack name (`us-east-1` →
 * `organization/platform/us-east-1`), with the contract's secrets marked secret.
 */
export function stackOutputsOf(contracts: Readonly<Record<string, RegionalContract>>): StackOutputTable {
    return Object.fromEntries(
        Object.entries(contracts).map(([stack, contract]) => [
            qualifiedStackName(stack),
            { outputs: { ...contract }, secretOutputNames: [...REGIONAL_CONTRACT_SECRET_KEYS] },
        ]),
    );
}
