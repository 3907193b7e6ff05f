import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../policies";
import { readmePath, withTable } from "../scripts/controls-table";

describe("README and pack metadata", () => {
    it("README.md's control table matches the policies array (run scripts/controls-table.ts --write)", () => {
        const readme = fs.readFileSync(readmePath(), "utf8");
        expect(readme).to.equal(withTable(readme));
    });

    it("every policy has a kebab-case unique name, a description starting with its control ids, a schema with exemptions, and a test file", () => {
        const names = policies.map((p) => p.name);
        expect(new Set(names).size).to.equal(names.length);
        for (const p of policies) {
            expect(p.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
            expect(p.name).not.to.equal("all");
            expect(p.description.split(":")[0], p.name).to.match(/^(S3|ELB|ECS|CloudFront|WAF|SNS|Athena|EC2|IAM|KMS|CloudWatch)\.\d+|^(Mission|Bounded RPO|Fast target health|Safe deployments|Multi-AZ|Edge failover|Data protected|Health-checked DNS|Cost|Hardening)/);
            expect(p.configSchema?.properties.exemptions, p.name).to.not.equal(undefined);
            expect(p.configSchema?.properties, p.name).not.to.have.property("enforcementLevel");
            expect(fs.existsSync(path.join(__dirname, "..", p.testFile)), p.testFile).to.equal(true);
        }
    });

    it("every control of CONTROLS.md's FSBP and adjacent tables has a policy", () => {
        const ids = new Set(policies.flatMap((p) => p.controls));
        const expected = ["S3.2", "S3.3", "S3.5", "S3.6", "S3.7", "S3.8", "S3.9", "S3.10", "S3.11", "S3.12", "S3.13", "S3.14", "S3.17", "ELB.1", "ELB.4", "ELB.5", "ELB.6", "ELB.12", "ELB.13", "ELB.16", "ELB.17", "ELB.18",
            "ECS.2", "ECS.3", "ECS.4", "ECS.5", "ECS.8", "ECS.9", "ECS.10", "ECS.12", "CloudFront.1", "CloudFront.3", "CloudFront.4", "CloudFront.5", "CloudFront.6", "CloudFront.7", "CloudFront.8", "CloudFront.9", "CloudFront.10", "CloudFront.15",
            "WAF.10", "WAF.11", "WAF.12", "SNS.1", "SNS.4", "Athena.1", "Athena.4", "EC2.2", "EC2.6", "EC2.18", "EC2.19", "IAM.1", "IAM.21", "KMS.1", "KMS.2", "KMS.4", "KMS.5", "CloudWatch.15", "CloudWatch.16", "CloudWatch.17",
            "REL.MultiAZNetwork", "REL.MultiAZService", "REL.SafeDeployments", "REL.FastTargetHealth", "REL.HealthCheckedDNS", "REL.EdgeFailover", "REL.BoundedRPO", "REL.DataProtected"];
        expect(expected.filter((c) => !ids.has(c))).to.deep.equal([]);
    });
});
