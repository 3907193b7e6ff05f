import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";

const read = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", file), "utf8"));

describe("pack package.json", () => {
    const pkg = read("package.json");
    const lock = read("package-lock.json");

    it("installs what the Pulumi CLI runs the pack with as runtime dependencies (the CLI may install with --omit=dev)", () => {
        // The CLI runs a TypeScript pack with the pack's own ts-node and TypeScript (else a bundled TypeScript 3.8).
        for (const name of ["@pulumi/policy", "@pulumi/pulumi", "ts-node", "typescript"]) {
            expect(pkg.dependencies, name).to.have.property(name);
            expect(pkg.devDependencies ?? {}, name).not.to.have.property(name);
        }
    });

    it("declares only packages the pack imports, plus what the CLI runs it with and the pins it needs", () => {
        // Bare module specifiers imported by the pack's own source (tests resolve chai/mocha from the root package).
        const imported = new Set<string>();
        const walk = (dir: string): void => {
            for (const e of fs.readdirSync(path.join(__dirname, "..", dir), { withFileTypes: true })) {
                const rel = path.join(dir, e.name);
                if (e.isDirectory()) {
                    if (e.name !== "node_modules" && e.name !== "tests") walk(rel);
                } else if (e.name.endsWith(".ts")) {
                    const src = fs.readFileSync(path.join(__dirname, "..", rel), "utf8");
                    for (const m of src.matchAll(/(?:from |require\()"((?:@[^/"]+\/)?[^./"][^/"]*)/g)) imported.add(m[1]!);
                }
            }
        };
        walk(".");
        const toolchain = {
            "ts-node": "the CLI runs a TypeScript pack with the pack's own ts-node",
            typescript: "and TypeScript (else a bundled 3.8, too old)",
            "@pulumi/pulumi": "a pin: @pulumi/policy depends on it and >= 3.249 needs Node 22",
            "@types/node": "types of the node: built-ins the pack imports",
        };
        const declared = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies ?? {})];
        expect(declared.filter((d) => !imported.has(d) && !(d in toolchain))).to.deep.equal([]);
        expect([...imported].filter((i) => !i.startsWith("node:") && !declared.includes(i))).to.deep.equal([]);
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
