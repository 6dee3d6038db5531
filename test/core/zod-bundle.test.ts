import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { webhookProvider } from "../../provider/erzycall/provider";
import { fixtureDir } from "../harness/context";
import { testNode } from "../harness/runtime";

/**
 * What the installed package loads, in a process of its own (as the provider host and the native plugin load it):
 * every resource implementation, the native plugin's schema, a failed check, and which files of zod came with them.
 */
const BAD_INPUTS = { url: "http://insecure.example.com", events: ["no.such.event"], active: "yes", extra: 1 };
const PROBE = `
const provider = require("pulumi-webhooks/provider");
const keys = ["converc:Webhook", "conversant:Hook", "convirza:Webhook", "erzycall:Webhook", "sendblue:Webhook", "sendblue:Config"];
const implementations = keys.map((key) => provider.impl(key));
const { packageSchema } = require("pulumi-webhooks/provider/native/schema");
const schema = packageSchema("0.0.0");
implementations[3].check({}, ${JSON.stringify(BAD_INPUTS)}).then((checked) => {
  const zodFiles = Object.keys(require.cache).filter((file) => file.includes("/node_modules/zod/"));
  process.stdout.write(JSON.stringify({
    zodFiles,
    bundle: fs.readFileSync(require.resolve("pulumi-webhooks/provider/core/zod"), "utf8").slice(0, 200),
    urlDescription: schema.resources["webhooks:erzycall:Webhook"].inputProperties.url.description,
    failures: checked.failures,
  }));
});
const fs = require("node:fs");
`;

describe("zod in the installed package", () => {
  const result = JSON.parse(
    execFileSync(testNode(), ["-e", PROBE], { cwd: fixtureDir(), encoding: "utf8" }),
  ) as {
    zodFiles: string[];
    bundle: string;
    urlDescription: string;
    failures: { property: string; reason: string }[];
  };

  it("is the build's bundle of the parts the provider uses: no file of the zod package is loaded", () => {
    expect(result.bundle).toContain("bundled by scripts/bundle-zod.ts");
    expect(result.bundle).toContain("MIT License");
    expect(result.zodFiles).toEqual([]);
  });

  it("keeps the descriptions the schemas register (one copy of zod made the schemas and reads them)", () => {
    expect(result.urlDescription).toMatch(/^HTTPS URL Erzycall delivers events to/);
  });

  it("checks with the same messages as zod itself (the source, run here on the zod package)", async () => {
    const fromSource = await webhookProvider.check({}, BAD_INPUTS);
    expect(result.failures.length).toBeGreaterThanOrEqual(3);
    expect(result.failures).toEqual(fromSource.failures);
  });

  it("is named in one source file only: every other provider module imports provider/core/zod", () => {
    const root = path.join(__dirname, "..", "..", "provider");
    const importers = fs
      .readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts"))
      .filter((file) => /from "zod"|require\("zod"\)/.test(fs.readFileSync(path.join(root, file), "utf8")));
    expect(importers).toEqual([path.join("core", "zod.ts")]);
  });
});
