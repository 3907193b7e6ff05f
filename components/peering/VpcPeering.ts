import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs, shown } from "../shared/validation";
import { cidrsOverlap } from "../network/settings";

/** One side of a peering. */
export interface PeeringSide {
    readonly region: string;
    readonly vpcId: pulumi.Input<string>;
    readonly cidrBlock: string;
    /** Private route tables that get a route to the other VPC (plain ids: one route each). */
    readonly routeTableIds: readonly string[];
    /** The provider of this side's region (the two sides are in two regions). */
    readonly provider: aws.Provider;
}

/** Arguments of {@link VpcPeering}. */
export interface VpcPeeringArgs {
    /** The VPC that requests the peering (the global stack picks it by a fixed rule, not by priority). */
    readonly requester: PeeringSide;
    /** The other region's VPC: it accepts. */
    readonly accepter: PeeringSide;
}

/**
 * Cross-region VPC peering between two regional VPCs: the connection requested from one
 * region and accepted in the other, DNS resolution of the remote VPC's private names on both
 * sides, and a route to the other VPC in every private route table on both sides.
 *
 * The two sides' providers come as arguments: a component's `providers` option carries one
 * provider per package, and this component spans two regions.
 */
export class VpcPeering extends pulumi.ComponentResource {
    public static readonly __pulumiType = "platform:peering:VpcPeering";

    public readonly peeringConnectionId: pulumi.Output<string>;
    public readonly acceptStatus: pulumi.Output<string>;

    constructor(name: string, args: VpcPeeringArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(VpcPeering.__pulumiType, name, {}, opts);
        const { requester, accepter } = args;
        let overlapping = false;
        let badCidr: string | undefined;
        try {
            overlapping = cidrsOverlap(requester.cidrBlock, accepter.cidrBlock);
        } catch {
            badCidr = `${requester.cidrBlock}, ${accepter.cidrBlock}`;
        }
        const emptyTables = [requester, accepter].filter((s) => s.routeTableIds.length === 0).map((s) => s.region);
        const tables = [...requester.routeTableIds, ...accepter.routeTableIds];
        assertValidArgs(VpcPeering.__pulumiType, name, [
            requester.region === accepter.region &&
                `accepter.region: expected a region other than the requester's, got ${shown(accepter.region)}`,
            badCidr !== undefined && `cidrBlock: expected IPv4 CIDR blocks, got ${badCidr}`,
            overlapping &&
                `accepter.cidrBlock: expected a CIDR block disjoint from the requester's (${requester.cidrBlock}), got ${shown(accepter.cidrBlock)}`,
            emptyTables.length > 0 &&
                `routeTableIds: expected at least 1 private route table per side, got none in ${emptyTables.join(", ")}`,
            new Set(tables).size !== tables.length && `routeTableIds: expected distinct route tables, got ${shown(tables)}`,
        ]);

        const connection = new aws.ec2.VpcPeeringConnection(
            name,
            {
                vpcId: requester.vpcId,
                peerVpcId: accepter.vpcId,
                peerRegion: accepter.region,
                // Cross-region peerings cannot be auto-accepted by the requester.
                autoAccept: false,
                tags: { Name: `${name} (${requester.region} → ${accepter.region})` },
            },
            { parent: this, provider: requester.provider },
        );
        const accepted = new aws.ec2.VpcPeeringConnectionAccepter(
            `${name}-accepter`,
            {
                vpcPeeringConnectionId: connection.id,
                autoAccept: true,
                tags: { Name: `${name} (${requester.region} → ${accepter.region})` },
            },
            { parent: this, provider: accepter.provider },
        );

        // Options can be set only on an active connection, each side with its own region's provider.
        new aws.ec2.PeeringConnectionOptions(
            `${name}-requester`,
            { vpcPeeringConnectionId: accepted.id, requester: { allowRemoteVpcDnsResolution: true } },
            { parent: this, provider: requester.provider },
        );
        new aws.ec2.PeeringConnectionOptions(
            `${name}-accepter`,
            { vpcPeeringConnectionId: accepted.id, accepter: { allowRemoteVpcDnsResolution: true } },
            { parent: this, provider: accepter.provider },
        );

        const routes = (from: PeeringSide, to: PeeringSide) => {
            for (const routeTableId of from.routeTableIds) {
                new aws.ec2.Route(
                    `${name}-${routeTableId}`,
                    { routeTableId, destinationCidrBlock: to.cidrBlock, vpcPeeringConnectionId: accepted.id },
                    { parent: this, provider: from.provider },
                );
            }
        };
        routes(requester, accepter);
        routes(accepter, requester);

        this.peeringConnectionId = connection.id;
        this.acceptStatus = accepted.acceptStatus;
        this.registerOutputs({ peeringConnectionId: this.peeringConnectionId, acceptStatus: this.acceptStatus });
    }
}
