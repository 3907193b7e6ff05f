/**
 * CrossGuard entry point: the ONLY file that constructs a PolicyPack (it starts a gRPC server and may call
 * process.exit). Run with `pulumi preview --policy-pack policy-pack [--policy-pack-config <file>]`.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("platform-guard", {
    description: "Multi-region self-healing AWS platform: mission rules, AWS FSBP controls and reliability rules.",
    // Each policy carries its own default level; the pack level only applies to policies without one.
    enforcementLevel: "advisory",
    policies,
});
