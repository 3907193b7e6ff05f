import * as iam from "../../policies/iam";
import { expect } from "chai";
import { U, checkResource, resourcePolicySuite } from "../harness";

const doc = (action: unknown, resource: unknown = "arn:aws:s3:::data/*") =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "S", Effect: "Allow", Action: action, Resource: resource }] });
const compliant = { policy: doc(["s3:GetObject", "s3:PutObject"]) };
const unknown = { policy: U.string };

resourcePolicySuite(iam.iamNoAdminPolicy, {
    type: "aws:iam/policy:Policy",
    compliant,
    cases: [['"*" on "*"', () => ({ policy: doc("*", "*") }), ['policy statement S: allows Action "*" on Resource "*".']]],
    unset: ["policy", []],
    unknown,
    unknownPlusViolation: [
        "an unknown statement next to an admin one",
        { policy: { Statement: [U.object, { Sid: "S", Effect: "Allow", Action: "*", Resource: "*" }] } },
        ['policy statement S: allows Action "*" on Resource "*".'],
    ],
});

resourcePolicySuite(iam.iamNoServiceWildcardActions, {
    type: "aws:iam/rolePolicy:RolePolicy",
    compliant,
    cases: [["s3:*", () => ({ policy: doc(["s3:*", "kms:Decrypt"]) }), ["policy statement S: allows wildcard action(s) s3:*."]]],
    unset: ["policy", []],
    unknown,
    unknownPlusViolation: [
        "one action unknown, another s3:*",
        { policy: { Statement: [{ Sid: "S", Effect: "Allow", Action: [U.string, "s3:*"], Resource: U.string }] } },
        ["policy statement S: allows wildcard action(s) s3:*."],
    ],
});

resourcePolicySuite(iam.iamNoKmsDecryptOnAllKeys, {
    type: "aws:iam/policy:Policy",
    compliant: { policy: doc("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k") },
    cases: [
        ["kms:Decrypt on *", () => ({ policy: doc("kms:Decrypt", "*") }), ['policy statement S: allows kms:Decrypt on Resource "*".']],
        [
            "kms:* on *",
            () => ({ policy: doc("kms:*", "*") }),
            ['policy statement S: allows kms:Decrypt, kms:ReEncryptFrom on Resource "*".'],
        ],
    ],
    unset: ["policy", []],
    unknown,
    unknownPlusViolation: [
        "one action and one resource unknown, kms:Decrypt on *",
        { policy: { Statement: [{ Sid: "S", Effect: "Allow", Action: ["kms:Decrypt", U.string], Resource: [U.string, "*"] }] } },
        ['policy statement S: allows kms:Decrypt on Resource "*".'],
    ],
});

describe("IAM policies on a Role's inline policies", () => {
    it("reports an admin inline policy by its name", () => {
        expect(
            checkResource(iam.iamNoAdminPolicy, "aws:iam/role:Role", {
                assumeRolePolicy: "{}",
                inlinePolicies: [{ name: "admin", policy: doc(["*:*"], ["*"]) }],
            }),
        ).to.deep.equal(['inline policy admin statement S: allows Action "*" on Resource "*".']);
    });
    it("ignores the trust policy and unknown inline policies", () => {
        expect(
            checkResource(
                iam.iamNoServiceWildcardActions,
                "aws:iam/role:Role",
                { assumeRolePolicy: doc("sts:*"), inlinePolicies: U.array },
                { unknown: true },
            ),
        ).to.deep.equal([]);
    });
});
