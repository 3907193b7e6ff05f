import { expect } from "chai";
import { conditionRestrictsPrincipal } from "../../../policies/lib/principals";
import { UNKNOWN } from "../../../policies/lib/values";
import { U } from "../../harness";

describe("conditionRestrictsPrincipal (one helper for S3, SNS, KMS and VPC endpoint policies)", () => {
    const table: [label: string, condition: unknown, expected: boolean | typeof UNKNOWN][] = [
        ["no condition", undefined, false],
        ["StringEquals aws:SourceAccount, a fixed account", { StringEquals: { "aws:SourceAccount": "111122223333" } }, true],
        ["aws:PrincipalOrgID, a fixed organization", { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }, true],
        [
            "ArnLike aws:SourceArn with a fixed ARN",
            { ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:111122223333:alarm:a" } },
            true,
        ],
        ["condition keys are case-insensitive", { StringEquals: { "AWS:SOURCEACCOUNT": "111122223333" } }, true],
        ["ForAnyValue: prefix keeps the operator's meaning", { "ForAnyValue:StringEquals": { "aws:PrincipalOrgPaths": "o-a/r-b/" } }, true],
        ["IpAddress aws:SourceIp, one range", { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, true],
        ["IpAddress aws:SourceIp 0.0.0.0/0 is everyone", { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }, false],
        ["ArnLike aws:PrincipalArn arn:aws:iam::*", { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*" } }, false],
        ["ArnEquals aws:PrincipalArn arn:aws:iam::*:root", { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::*:root" } }, false],
        ["StringLike aws:PrincipalAccount *", { StringLike: { "aws:PrincipalAccount": "*" } }, false],
        ["a ? wildcard", { StringLike: { "aws:PrincipalAccount": "11112222333?" } }, false],
        ["a policy variable", { StringEquals: { "aws:SourceAccount": "${aws:PrincipalAccount}" } }, false],
        ["IfExists: absent keys match", { StringEqualsIfExists: { "aws:SourceAccount": "111122223333" } }, false],
        ["ForAllValues: an absent key matches", { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc123" } }, false],
        ["a negated operator", { StringNotEquals: { "aws:SourceAccount": "111122223333" } }, false],
        ["Null", { Null: { "aws:SourceAccount": "false" } }, false],
        ["a key about the request, not the caller", { Bool: { "aws:SecureTransport": "true" } }, false],
        ["an empty value list", { StringEquals: { "aws:SourceAccount": [] } }, false],
        ["the condition unknown", U.object, UNKNOWN],
        ["the only restricting value unknown", { StringEquals: { "aws:SourceAccount": U.string } }, UNKNOWN],
        ["an unknown operator block", { StringEquals: U.object }, UNKNOWN],
        [
            "a known restricting clause wins over an unknown one",
            { StringEquals: { "aws:SourceAccount": "111122223333", "aws:SourceArn": U.string } },
            true,
        ],
        ["a known wildcard next to an unknown value in one clause", { StringLike: { "aws:SourceAccount": ["*", U.string] } }, false],
    ];
    for (const [label, condition, expected] of table) {
        it(`${label}: ${String(expected)}`, () => expect(conditionRestrictsPrincipal(condition)).to.equal(expected));
    }
});
