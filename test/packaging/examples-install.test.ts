/**
 * `cd examples/<x> && npm install` works in a clone: each example depends on the package by `file:../..`, and
 * its `.npmrc` (`install-links`) makes npm install it as a copy, like a registry install, so the program and the
 * package share one @pulumi/pulumi. Slow (one real `npm install`, about 15 s warm), so only one example is
 * installed: multi-vendor, which uses every namespace. The clone is stood in for by the packed tarball
 * unpacked (what `npm ci && npm run build` leaves that npm would copy), with the example beside it as in the
 * repository.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/fixture";
import { packedTarball, run } from "./user-project";

const EXAMPLES = path.join(REPO_ROOT, "examples");
const PROGRAM_EXAMPLES = fs
  .readdirSync(EXAMPLES)
  .filter((name) => fs.existsSync(path.join(EXAMPLES, name, "package.json")));

describe("every example's package.json", () => {
  it.each(PROGRAM_EXAMPLES)("%s installs pulumi-webhooks from this repository, as a copy", (name) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(EXAMPLES, name, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(pkg.dependencies["pulumi-webhooks"]).toBe("file:../..");
    expect(fs.readFileSync(path.join(EXAMPLES, name, ".npmrc"), "utf8")).toMatch(/^install-links=true$/m);
  });
});

describe("npm install in examples/multi-vendor of a built clone", () => {
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-webhooks-clone-"));
  afterAll(() => fs.rmSync(clone, { recursive: true, force: true }));

  it("installs the package and a program there loads every namespace on the example's own @pulumi/pulumi", async () => {
    execFileSync("tar", ["xzf", packedTarball(), "-C", clone]);
    const root = path.join(clone, "package");
    const example = path.join(root, "examples", "multi-vendor");
    fs.cpSync(path.join(EXAMPLES, "multi-vendor"), example, {
      recursive: true,
      filter: (source) => !source.includes("node_modules") && !source.endsWith("package-lock.json"),
    });

    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: example,
      maxBuffer: 64 * 1024 * 1024,
    });

    const installed = path.join(example, "node_modules", "pulumi-webhooks");
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    const probe = `const w = require("pulumi-webhooks");
const sdk = require.resolve("@pulumi/pulumi", { paths: [require.resolve("pulumi-webhooks")] });
console.log(JSON.stringify({ namespaces: Object.keys(w), sdk, provider: typeof require("pulumi-webhooks/provider").impl }));`;
    const { stdout } = await run(process.execPath, ["-e", probe], { cwd: example });
    expect(JSON.parse(stdout)).toEqual({
      namespaces: ["converc", "conversant", "convirza", "erzycall", "sendblue"],
      sdk: fs.realpathSync(path.join(example, "node_modules", "@pulumi", "pulumi", "index.js")),
      provider: "function",
    });
  }, 240_000);
});
