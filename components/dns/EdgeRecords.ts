import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseSettings } from "../shared/settings";
import { shown } from "../shared/validation";
import { type EdgeRecordsSettingsInput, edgeRecordsArgsSettings } from "./settings";

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

/** Arguments of {@link EdgeRecords}: its settings ({@link edgeRecordsArgsSettings}) and its wiring. */
export interface EdgeRecordsArgs extends EdgeRecordsSettingsInput {
    readonly hostedZoneId: pulumi.Input<string>;
    /** The CloudFront distribution's domain name and hosted zone id. */
    readonly distribution: { readonly domainName: pulumi.Input<string>; readonly hostedZoneId: pulumi.Input<string> };
    /**
     * Regions, the active one first; at least 2, distinct. `active-passive` puts the first two in
     * the PRIMARY/SECONDARY pair (Route 53 failover records come in exactly one pair per name);
     * the third and later get only their origin host name's alias until a controlled failover
     * (`activeRegion`) moves one of them first. `active-active` gives every region a latency record.
     */
    readonly regions: readonly RegionEndpoint[];
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
        const settings = parseSettings(edgeRecordsArgsSettings, args, EdgeRecords.__pulumiType, name, [
            regions.length < 2 && `regions: expected at least 2 regions, got ${regions.length} (${shown(regions)})`,
            new Set(regions).size !== regions.length && `regions: expected distinct regions, got ${shown(regions)}`,
            args.failoverName === args.domainName &&
                `failoverName: expected a name other than domainName (${args.domainName}), got ${shown(args.failoverName)}`,
        ]);
        const mode = settings.routingMode;
        const failoverName = settings.failoverName ?? defaultFailoverName(settings.domainName);

        for (const type of ["A", "AAAA"] as const) {
            new aws.route53.Record(
                `${name}-app-${type.toLowerCase()}`,
                {
                    zoneId: args.hostedZoneId,
                    name: settings.domainName,
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
        this.appName = pulumi.output(settings.domainName);
        this.registerOutputs({ failoverName: this.failoverName, appName: this.appName });
    }
}
