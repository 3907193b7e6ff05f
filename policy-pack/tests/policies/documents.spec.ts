import { expect } from "chai";
import { principalAccounts, statements } from "../../policies/lib/documents";
import { UNKNOWN } from "../../policies/lib/values";

describe("policies/lib/documents", () => {
    const allow = { Sid: "A", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" };

    it("statements: an unknown statement stays one unknown statement, the known ones are kept", () => {
        const sts = statements({ Statement: [UNKNOWN, allow] });
        expect(sts).to.deep.equal([
            { sid: undefined, effect: UNKNOWN, actions: UNKNOWN, resources: UNKNOWN, principal: UNKNOWN, condition: UNKNOWN },
            { sid: "A", effect: "Allow", actions: ["s3:GetObject"], resources: ["*"], principal: "*", condition: undefined },
        ]);
    });

    it("statements: an unknown document or statement list is UNKNOWN, an absent or unparsable one undefined", () => {
        expect([statements(UNKNOWN), statements({ Statement: UNKNOWN }), statements(undefined), statements("not json")]).to.deep.equal([
            UNKNOWN,
            UNKNOWN,
            undefined,
            undefined,
        ]);
    });

    it("principalAccounts: known entries are read, unknown ones left out; an unknown AWS list is UNKNOWN", () => {
        expect(principalAccounts({ AWS: [UNKNOWN, "arn:aws:iam::444455556666:root", "111122223333"] })).to.deep.equal([
            "444455556666",
            "111122223333",
        ]);
        expect([principalAccounts({ AWS: UNKNOWN }), principalAccounts(UNKNOWN)]).to.deep.equal([UNKNOWN, UNKNOWN]);
    });
});
