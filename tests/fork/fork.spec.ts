/**
 * A fork as a user makes it, in a temporary copy of the project files: another organization (and
 * project name), four regions added by config, each routing and origin mode (its bad inputs:
 * badInputs.spec.ts).
 */
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { editConfig, fork, preview, removePreviewDirs, status } from "./support";

describe("a fork, as a user makes it", function () {
    this.timeout(120_000);
    after(removePreviewDirs);

    it("another organization and project name, four regions added by config: every stack evaluates and passes", async () => {
        const regions: [string, string][] = [
            ["us-west-2", "10.2.0.0/16"],
            ["ap-southeast-2", "10.3.0.0/16"],
            ["eu-central-1", "10.4.0.0/16"],
            ["mx-central-1", "10.5.0.0/16"],
        ];
        const { result, dir } = await preview(fork("acme-corp", "shop", regions));
        expect(result.outcomes.map((o) => `${o.stack}:${o.status}`).sort()).to.deep.equal(
            ["ap-southeast-2", "eu-central-1", "eu-west-1", "global", "mx-central-1", "us-east-1", "us-west-2"].map((s) => `${s}:ok`),
        );
        expect(result.exitCode).to.equal(0);
        const global = JSON.parse(readFileSync(join(dir, "out", "preview", "global.json"), "utf8"));
        expect(global.project).to.equal("shop");
        expect(global.outputs.originOrder).to.deep.equal([
            "us-east-1",
            "eu-west-1",
            "us-west-2",
            "ap-southeast-2",
            "eu-central-1",
            "mx-central-1",
        ]);
        // Every pair of six regions is peered, every region replicates to the five others.
        expect(Object.keys(global.outputs.peeringConnectionIds)).to.have.length(15);
        expect(
            global.resources
                .filter((r: { type: string }) => r.type === "pulumi:pulumi:StackReference")
                .map((r: { name: string }) => r.name)
                .sort(),
        ).to.deep.equal(
            ["ap-southeast-2", "eu-central-1", "eu-west-1", "mx-central-1", "us-east-1", "us-west-2"].map((s) => `acme-corp/shop/${s}`),
        );
        expect(readdirSync(join(dir, "out", "preview")).sort()).to.deep.equal(
            ["ap-southeast-2", "eu-central-1", "eu-west-1", "global", "mx-central-1", "us-east-1", "us-west-2"].map((s) => `${s}.json`),
        );
    });

    for (const routingMode of ["active-passive", "active-active"]) {
        it(`domain mode, ${routingMode}, with a third region: every stack evaluates`, async () => {
            const files = fork("acme-corp", "platform", [["us-west-2", "10.2.0.0/16"]]);
            for (const region of ["us-east-1", "eu-west-1", "us-west-2"]) {
                files[`Pulumi.${region}.yaml`] = editConfig(files[`Pulumi.${region}.yaml`]!, {
                    "platform:loadBalancing": {
                        domain: {
                            domainName: `${region}.origin.app.example.com`,
                            certificateArn: `arn:aws:acm:${region}:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000`,
                        },
                    },
                    "platform:originVerifySecret": "a-shared-secret-of-the-fork-0123",
                });
            }
            files["Pulumi.global.yaml"] = editConfig(files["Pulumi.global.yaml"]!, {
                "platform:domain": { hostedZoneId: "Z0123456789ABCDEFGHIJ", domainName: "app.example.com" },
                "platform:routingMode": routingMode,
            });
            const { result } = await preview(files);
            expect(status(result)).to.deep.equal({ "eu-west-1": "ok", "us-east-1": "ok", "us-west-2": "ok", global: "ok" });
        });
    }
});
