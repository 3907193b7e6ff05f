import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseSettings } from "../shared/settings";
import { shown } from "../shared/validation";
import { type EdgeOrigin, edgeRouting, type EdgeWriteOrigin, failoverOrder, writeOriginId } from "./routing";
import { type EdgeDistributionSettingsInput, edgeDistributionArgsSettings } from "./settings";

export type { EdgeOrigin, EdgeWriteOrigin } from "./routing";

/** Domain mode: the viewer-facing host name and its hosted zone. */
export interface EdgeDomain {
    readonly domainName: string;
    /** Route 53 hosted zone where the certificate's DNS validation record is written. */
    readonly hostedZoneId: pulumi.Input<string>;
}

/** Arguments of {@link EdgeDistribution}: its settings ({@link edgeDistributionArgsSettings}) and its wiring. */
export interface EdgeDistributionArgs extends EdgeDistributionSettingsInput {
    /**
     * Regional origins, most preferred first (the active region first). The first two form the
     * failover origin group (CloudFront origin groups hold exactly two origins); a third and
     * later origin is a standby that no request reaches until a controlled failover (`activeRegion`)
     * puts it first. At least 2, distinct keys.
     */
    readonly origins: readonly EdgeOrigin[];
    /**
     * Domain mode: the write paths' own origin on the health-checked failover name (writes fail
     * over by DNS). Absent: the write paths target the first origin (the active region), so writes
     * move only with a controlled failover (`activeRegion`).
     * @default - evaluation mode (see above)
     */
    readonly writeFailoverOrigin?: EdgeWriteOrigin;
    /** ARN of a CLOUDFRONT-scoped WAFv2 web ACL. */
    readonly webAclArn: pulumi.Input<string>;
    /**
     * Domain mode: custom certificate (ACM in us-east-1, DNS-validated), HTTPS to origins.
     * Absent: evaluation mode (CloudFront's default certificate, HTTP to the ALBs' DNS names).
     * @default - evaluation mode (see above)
     */
    readonly domain?: EdgeDomain;
    /** KMS key encrypting the access-log group (usable by CloudWatch Logs of the provider's region). */
    readonly logKeyArn: pulumi.Input<string>;
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
        const settings = parseSettings(edgeDistributionArgsSettings, args, EdgeDistribution.__pulumiType, name, [
            keys.length < 2 && `origins: expected at least 2 origins (failover needs a second), got ${keys.length} (${shown(keys)})`,
            new Set(keys).size !== keys.length && `origins: expected distinct keys, got ${shown(keys)}`,
            keys.some((k) => !/^[a-z0-9-]+$/.test(k)) &&
                `origins: expected keys of lower-case letters, digits and dashes, got ${shown(keys)}`,
            args.writeFailoverOrigin !== undefined &&
                args.domain === undefined &&
                "writeFailoverOrigin: expected only with domain (the failover name is a record of the hosted zone, reached over HTTPS), got a write origin without domain",
        ]);
        const writePatterns = settings.writePathPatterns;

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

        const routing = edgeRouting({
            origins: args.origins,
            writeFailoverOrigin: args.writeFailoverOrigin,
            writePathPatterns: writePatterns,
            domainMode,
            connectionTimeoutSeconds: settings.originConnectionTimeoutSeconds,
            connectionAttempts: settings.originConnectionAttempts,
            readTimeoutSeconds: settings.originReadTimeoutSeconds,
        });
        const distribution = new aws.cloudfront.Distribution(
            name,
            {
                enabled: true,
                comment: `Multi-region edge (${name})`,
                httpVersion: "http2and3",
                isIpv6Enabled: true,
                priceClass: settings.priceClass,
                webAclId: args.webAclArn,
                aliases: args.domain ? [args.domain.domainName] : undefined,
                origins: routing.origins,
                originGroups: routing.originGroups,
                defaultCacheBehavior: routing.defaultCacheBehavior,
                orderedCacheBehaviors: routing.orderedCacheBehaviors,
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
            {
                namePrefix: `/aws/vendedlogs/cloudfront/${name}-access-logs-`,
                retentionInDays: settings.logRetentionDays,
                kmsKeyId: args.logKeyArn,
            },
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
        this.originOrder = pulumi.output(failoverOrder(args.origins));
        this.logGroupName = logGroup.name;
        this.writeOriginId = pulumi.output(writeOriginId(args.origins, args.writeFailoverOrigin));
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
