import { expect } from "chai";
import { CONFIG_NAMESPACE, decodeConfigValue, rawStackConfig } from "../../stacks/config/load";

describe("stacks/config/load", () => {
    describe("decodeConfigValue", () => {
        const cases: [raw: string, decoded: unknown][] = [
            [
                '{"cidrBlock":"10.0.0.0/16","availabilityZones":["us-east-1a"]}',
                { cidrBlock: "10.0.0.0/16", availabilityZones: ["us-east-1a"] },
            ],
            ['["a","b"]', ["a", "b"]],
            ["1", 1],
            ["1.5", 1.5],
            ["true", true],
            ["false", false],
            ["null", null],
            ['"quoted"', "quoted"],
            ["us-east-1", "us-east-1"],
            ["regional", "regional"],
            ["", ""],
            ["{not json", "{not json"],
            ["10.0.0.0/16", "10.0.0.0/16"],
        ];
        for (const [raw, decoded] of cases) {
            it(`${JSON.stringify(raw)} → ${JSON.stringify(decoded)}`, () => expect(decodeConfigValue(raw)).to.deep.equal(decoded));
        }
    });

    describe("rawStackConfig", () => {
        it("keeps only the platform namespace, strips it and decodes each value", () => {
            expect(CONFIG_NAMESPACE).to.equal("platform");
            expect(
                rawStackConfig({
                    "platform:role": "regional",
                    "platform:network": '{"cidrBlock":"10.1.0.0/16","availabilityZones":["eu-west-1a","eu-west-1b"]}',
                    "platform:tags": '{"team":"platform"}',
                    "aws:region": "eu-west-1",
                    "pulumi:disable-default-providers": '["aws"]',
                    "platformx:role": "global",
                }),
            ).to.deep.equal({
                role: "regional",
                network: { cidrBlock: "10.1.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] },
                tags: { team: "platform" },
            });
        });

        it("keeps a misspelt platform key so that the schema can refuse it", () => {
            expect(rawStackConfig({ "platform:regoin": "us-east-1" })).to.deep.equal({ regoin: "us-east-1" });
        });

        it("returns nothing for an empty config", () => {
            expect(rawStackConfig({})).to.deep.equal({});
        });
    });
});
