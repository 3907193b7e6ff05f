import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs, shown } from "../shared/validation";

/**
 * The default name of the health-checked failover record: `origin.<domainName>`. The edge's write
 * origin (domain mode) connects to it, so the regions' ALB certificates must cover it.
 */
export function defaultFailoverName(domainName: string): string {
    return `origin.${domainName}`;
}

/** One region's load balancer as DNS sees it. */
export interface RegionEndpoint {
    /** The region (set identifier and latency region). */
    readonly region: string;
    /**
     * The region's own origin host name (a name in the hosted zone that CloudFront and the
     * health check use); an alias record to the ALB is created for it. Leave undefined when the
     * origin host name is the ALB's DNS name itself.
     */
    readonly originHostname?: string;
    readonly albDnsName: pulumi.Input<string>;
    /** Hosted zone id of the ALB (for alias records). */
    readonly albZoneId: pulumi.Input<string>;
    /** Route 53 health check of the region. */
    readonly healthCheckId: pulumi.Input<string>;
}

/** Arguments of {@link EdgeRecords}. */
export interface EdgeRecordsArgs {
    readonly hostedZoneId: pulumi.Input<string>;
    /** The application's host name: aliased (A and AAAA) to CloudFront. */
    readonly domainName: string;
    /** The CloudFront distribution's domain name and hosted zone id. */
    readonly distribution: { readonly domainName: pulumi.Input<string>; readonly hostedZoneId: pulumi.Input<string> };
    /** Regions, the active one first; at least 2, distinct. */
    readonly regions: readonly RegionEndpoint[];
    /**
     * `active-passive`: PRIMARY/SECONDARY failover records (the first two regions);
     * `active-active`: latency records, one per region. Every record is health-checked.
     * @default "active-passive"
     */
    readonly routingMode?: "active-passive" | "active-active";
    /**
     * Name of the health-checked, region-failover record (reaches the ALBs directly; the edge's
     * write paths use it in domain mode).
     * @default `origin.${domainName}` ({@link defaultFailoverName})
     */
    readonly failoverName?: string;
}

/**
 * The application's DNS in its hosted zone (domain mode): the app record (A and AAAA) aliased to
 * CloudFront; a health-checked name that routes straight to the regions' ALBs: an alias to either
 * failover (PRIMARY/SECONDARY) records at `failover.<failoverName>` or latency records at
 * `latency.<failoverName>`; and an alias record per region's origin host name.
 * Alias records carry no TTL: they follow the target's own.
 */
export class EdgeRecords extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:dns:EdgeRecords";

    /** The failover/latency name. */
    public readonly failoverName: pulumi.Output<string>;
    /** The app record's name. */
    public readonly appName: pulumi.Output<string>;

    constructor(name: string, args: EdgeRecordsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(EdgeRecords.__pulumiType, name, {}, opts);
        const regions = args.regions.map((r) => r.region);
        const mode = args.routingMode ?? "active-passive";
        const failoverName = args.failoverName ?? defaultFailoverName(args.domainName);
        const dnsName = /^(?!-)[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+$/;
        assertValidArgs(EdgeRecords.__pulumiType, name, [
            !dnsName.test(args.domainName) && `domainName: expected a lower-case DNS name, got ${shown(args.domainName)}`,
            !dnsName.test(failoverName) && `failoverName: expected a lower-case DNS name, got ${shown(failoverName)}`,
            failoverName === args.domainName &&
                `failoverName: expected a name other than domainName (${args.domainName}), got ${shown(failoverName)}`,
            regions.length < 2 && `regions: expected at least 2 regions, got ${regions.length} (${shown(regions)})`,
            new Set(regions).size !== regions.length && `regions: expected distinct regions, got ${shown(regions)}`,
            !["active-passive", "active-active"].includes(mode) &&
                `routingMode: expected "active-passive" or "active-active", got ${shown(mode)}`,
        ]);

        for (const type of ["A", "AAAA"] as const) {
            new aws.route53.Record(
                `${name}-app-${type.toLowerCase()}`,
                {
                    zoneId: args.hostedZoneId,
                    name: args.domainName,
                    type,
                    // CloudFront alias targets cannot evaluate target health; CloudFront fails over itself.
                    aliases: [{ name: args.distribution.domainName, zoneId: args.distribution.hostedZoneId, evaluateTargetHealth: false }],
                },
                { parent: this },
            );
        }

        const albAlias = (r: RegionEndpoint) => [{ name: r.albDnsName, zoneId: r.albZoneId, evaluateTargetHealth: true }];
        for (const r of args.regions.filter((r) => r.originHostname !== undefined)) {
            new aws.route53.Record(
                `${name}-region-${r.region}`,
                { zoneId: args.hostedZoneId, name: r.originHostname!, type: "A", aliases: albAlias(r) },
                { parent: this },
            );
        }

        // The health-checked name is a plain alias to a record set of the mode's own name
        // (`failover.<failoverName>` or `latency.<failoverName>`): Route 53 keeps one routing policy
        // per name and type, refusing a latency record while a failover record of the same name
        // exists, even in an update (API Reference, ResourceRecordSet: "You can't create
        // non-failover resource record sets that have the same values for the Name and Type
        // elements as failover resource record sets"). So a switch of routingMode creates the new
        // set under its own name, then moves this alias (one record, one change batch), and deletes
        // the old set last. An alias may target another record of the same hosted zone and
        // evaluates that set's health (Developer Guide, "Value/route traffic to" for alias records).
        const setName = `${mode === "active-passive" ? "failover" : "latency"}.${failoverName}`;
        // Records are keyed by zone, name, type and set identifier: a replacement must delete the
        // old record first or its create is refused (the record already exists).
        const setOpts: pulumi.CustomResourceOptions = { parent: this, deleteBeforeReplace: true };
        const set: aws.route53.Record[] = [];
        if (mode === "active-passive") {
            // Keyed by role, not region: a controlled failover (activeRegion flipped) updates both
            // records in place instead of transiently creating a second PRIMARY, which Route 53 refuses.
            const roles = [
                ["primary", "PRIMARY"],
                ["secondary", "SECONDARY"],
            ] as const;
            roles.forEach(([role, type], i) => {
                const r = args.regions[i]!;
                set.push(
                    new aws.route53.Record(
                        `${name}-failover-${role}`,
                        {
                            zoneId: args.hostedZoneId,
                            name: setName,
                            type: "A",
                            setIdentifier: role,
                            failoverRoutingPolicies: [{ type }],
                            healthCheckId: r.healthCheckId,
                            aliases: albAlias(r),
                        },
                        setOpts,
                    ),
                );
            });
        } else {
            for (const r of args.regions) {
                set.push(
                    new aws.route53.Record(
                        `${name}-latency-${r.region}`,
                        {
                            zoneId: args.hostedZoneId,
                            name: setName,
                            type: "A",
                            setIdentifier: r.region,
                            latencyRoutingPolicies: [{ region: r.region }],
                            healthCheckId: r.healthCheckId,
                            aliases: albAlias(r),
                        },
                        setOpts,
                    ),
                );
            }
        }
        // The alias names the set through a record's output, so it is written after the set exists
        // (Route 53 refuses an alias to a name without records).
        new aws.route53.Record(
            `${name}-origin`,
            {
                zoneId: args.hostedZoneId,
                name: failoverName,
                type: "A",
                aliases: [{ name: set[0]!.name, zoneId: args.hostedZoneId, evaluateTargetHealth: true }],
            },
            { parent: this },
        );

        this.failoverName = pulumi.output(failoverName);
        this.appName = pulumi.output(args.domainName);
        this.registerOutputs({ failoverName: this.failoverName, appName: this.appName });
    }
}
