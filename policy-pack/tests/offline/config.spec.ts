import { expect } from "chai";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { checkPackConfig, closest, duplicateKeyProblem, duplicateKeys, editDistance, formatConfigProblem } from "../../offline/config";
import { resolvePolicies } from "../../offline/engine";
import { policies } from "../../policies";

const probe: ResourceValidationPolicy = {
    name: "probe",
    description: "probe",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: { threshold: { type: "integer", minimum: 1, default: 2 }, token: { type: "string" } },
        required: ["token"],
    },
    validateResource: () => undefined,
};
const plain: StackValidationPolicy = { name: "plain", description: "no schema", validateStack: () => undefined };
const lines = (config: unknown) => checkPackConfig([probe, plain], config).map((p) => formatConfigProblem(p, "c.json"));

describe("offline/config: checkPackConfig", () => {
    it("accepts levels, objects, `all` and an empty document", () => {
        expect(
            lines({ all: "advisory", probe: { enforcementLevel: "disabled", threshold: 3, token: "x" }, plain: "mandatory" }),
        ).to.deep.equal([]);
        expect(lines({ all: { enforcementLevel: "remediate" }, probe: { token: "x" }, plain: {} })).to.deep.equal([]);
        expect(checkPackConfig(policies, {})).to.deep.equal([]);
    });

    it("refuses a document that is not an object, in one line", () => {
        for (const [doc, got] of [
            [[], "array ([])"],
            ["mandatory", 'string ("mandatory")'],
            [null, "null (null)"],
            [7, "integer (7)"],
        ] as const) {
            expect(lines(doc), got).to.deep.equal([
                `c.json: expected a JSON object whose keys are "all" or policy names and whose values are an enforcement level or an object, got ${got}`,
            ]);
        }
    });

    it("refuses unknown keys (a policy without a schema allows only enforcementLevel), values that are neither a level nor an object, bad levels", () => {
        expect(
            lines({ probe: { token: "x", treshold: 3 }, plain: { threshold: 1, enforcementLevel: 3 }, all: ["advisory"] }),
        ).to.deep.equal([
            "c.json: probe.treshold: unknown key; allowed: enforcementLevel, threshold, token",
            "c.json: plain.threshold: unknown key; allowed: enforcementLevel",
            'c.json: plain.enforcementLevel: expected one of "advisory", "mandatory", "remediate", "disabled", got 3',
            'c.json: all: expected an enforcement level ("advisory", "mandatory", "remediate", "disabled") or an object, got ["advisory"]',
        ]);
        expect(lines({ probe: true, plain: "Mandatory" })).to.deep.equal([
            'c.json: probe: expected an enforcement level ("advisory", "mandatory", "remediate", "disabled") or an object, got true',
            'c.json: plain: expected an enforcement level ("advisory", "mandatory", "remediate", "disabled") or an object, got "Mandatory"',
        ]);
    });

    it("checks required keys without a default for every policy, configured or not", () => {
        expect(lines({})).to.deep.equal(["c.json: probe.token: missing required key (it has no default)"]);
        expect(lines({ probe: "advisory" })).to.deep.equal(["c.json: probe.token: missing required key (it has no default)"]);
    });

    it("names the closest policy when one is close", () => {
        expect(lines({ prob: "advisory", token: "x", probe: { token: "x" } })).to.deep.equal([
            'c.json: prob: no such policy in the pack; did you mean "probe"?',
            'c.json: token: no such policy in the pack; allowed: "all" or a policy name (see the controls table in policy-pack/README.md)',
        ]);
        expect(editDistance("kitten", "sitting")).to.equal(3);
        expect(
            closest(
                "s3-bucket-versionning-enabled",
                policies.map((p) => p.name),
            ),
        ).to.equal("s3-bucket-versioning-enabled");
        expect(
            closest(
                "versioning",
                policies.map((p) => p.name),
            ),
        ).to.equal(undefined);
    });

    it("validates the keys of the issue-15 policies (secretHeaderNames) against the pack's own schemas", () => {
        const check = (config: unknown) => checkPackConfig(policies, config).map((p) => formatConfigProblem(p, "c.json"));
        const W = "waf-logging-redacts-secret-headers";
        expect(
            check({
                [W]: { secretHeaderNames: ["X-Origin-Verify", "", "bad header"], secretHeaderName: ["x"] },
                "sns-alarm-topics-subscribed": { enforcementLevel: "mandatory", topics: [] },
                "ec2-vpc-endpoint-policy-restricted": "mandatry",
            }),
        ).to.deep.equal([
            `c.json: ${W}.secretHeaderNames[1]: must match ^[!#$%&'*+.^_\`|~0-9A-Za-z-]+$, got ""`,
            `c.json: ${W}.secretHeaderNames[2]: must match ^[!#$%&'*+.^_\`|~0-9A-Za-z-]+$, got "bad header"`,
            `c.json: ${W}.secretHeaderName: unknown key; allowed: enforcementLevel, secretHeaderNames, exemptions`,
            "c.json: sns-alarm-topics-subscribed.topics: unknown key; allowed: enforcementLevel, exemptions",
            'c.json: ec2-vpc-endpoint-policy-restricted: expected an enforcement level ("advisory", "mandatory", "remediate", "disabled") or an object, got "mandatry"',
        ]);
        expect(check({ [W]: { secretHeaderNames: [] } })).to.deep.equal([
            `c.json: ${W}.secretHeaderNames: must have at least 1 item(s), got 0`,
        ]);
        expect(check({ [W]: { secretHeaderNames: "x-origin-verify" } })).to.deep.equal([
            `c.json: ${W}.secretHeaderNames: expected array, got string ("x-origin-verify")`,
        ]);
        expect(check({ [W]: { secretHeaderNames: ["x-origin-verify", "x-origin-verify-previous"] } })).to.deep.equal([]);
    });

    it("resolvePolicies throws the same problems, in the engine's wording", () => {
        expect(() => resolvePolicies([probe, plain], { probe: { token: "x", threshold: 0 }, plain: { x: 1 } } as never)).to.throw(
            'Invalid policy pack config:\n  policy "probe": config threshold: must be >= 1, got 0\n  policy "plain": config x: unknown key; allowed: enforcementLevel',
        );
    });
});

describe("offline/config: duplicateKeys", () => {
    it("finds keys given twice in any object, with every value in order", () => {
        const text = '{"a": "disabled", "b": {"x": 1, "y": [ {"k": 1, "k": {"z": 2}} ], "x": 3}, "a": "mandatory", "a": {}}';
        expect(duplicateKeys(text)).to.deep.equal([
            { path: ["b", "y", 0, "k"], values: [1, { z: 2 }] },
            { path: ["b", "x"], values: [1, 3] },
            { path: ["a"], values: ["disabled", "mandatory", {}] },
        ]);
        expect(duplicateKeys(text).map((d) => formatConfigProblem(duplicateKeyProblem(d), "c.json"))).to.deep.equal([
            'c.json: b.y[0].k: key given 2 times (1, then {"z":2}); JSON keeps only the last one, so give it once',
            "c.json: b.x: key given 2 times (1, then 3); JSON keeps only the last one, so give it once",
            'c.json: a: key given 3 times ("disabled", then "mandatory", then {}); JSON keeps only the last one, so give it once',
        ]);
    });

    it("finds none in valid JSON without duplicates, escaped quotes and empty containers included", () => {
        expect(duplicateKeys('{"a\\"b": "x\\"}", "c": [], "d": {}, "e": [1, -2.5e3, true, null, "s"], "f": {"a\\"b": 1}}')).to.deep.equal(
            [],
        );
        expect(duplicateKeys("[]")).to.deep.equal([]);
        expect(duplicateKeys('"x"')).to.deep.equal([]);
    });
});
