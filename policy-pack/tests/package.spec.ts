import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";

const read = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", file), "utf8"));

describe("pack package.json", () => {
    const pkg = read("package.json");
    const lock = read("package-lock.json");

    it("installs what the Pulumi CLI runs the pack with as runtime dependencies (the CLI may install with --omit=dev)", () => {
        // The CLI runs a TypeScript pack with the pack's own ts-node and TypeScript (else a bundled TypeScript 3.8).
        for (const name of ["@pulumi/policy", "@pulumi/pulumi", "@pulumi/aws", "ts-node", "typescript"]) {
            expect(pkg.dependencies, name).to.have.property(name);
            expect(pkg.devDependencies ?? {}, name).not.to.have.property(name);
        }
    });

    it("has a package-lock.json in step with package.json (npm install inside policy-pack/)", () => {
        const root = lock.packages[""];
        expect([root.name, root.version]).to.deep.equal([pkg.name, pkg.version]);
        expect(root.dependencies).to.deep.equal(pkg.dependencies);
        expect(root.devDependencies ?? {}).to.deep.equal(pkg.devDependencies ?? {});
        for (const name of Object.keys(pkg.dependencies)) {
            const entry = lock.packages[`node_modules/${name}`];
            expect(entry, name).to.not.equal(undefined);
            expect([name, entry.version]).to.deep.equal([name, pkg.dependencies[name]]);
            // A runtime dependency is never marked dev-only in the lock.
            expect([name, entry.dev ?? false, entry.devOptional ?? false]).to.deep.equal([name, false, false]);
        }
    });
});
