/**
 * What the compiler cannot see about the vendor manifest (provider/manifest.ts): every resource has an emulator,
 * an example, a docs page, a fuzz spec and a reliability entry; every function and every setting is documented;
 * the registry and the native provider serve what the manifest lists. Adding a vendor is one manifest entry, then
 * the compiler and this file list what is missing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { configKeyOf } from "../provider/core/vendor-manifest";
import { MANIFEST, RESOURCES, type VendorId, VENDOR_IDS } from "../provider/manifest";
import { VENDOR_CONFIG } from "../provider/native/config";
import { NATIVE_RESOURCES, tokenOf } from "../provider/native/resources";
import { FUZZ_SPECS_BY_RESOURCE } from "./reliability/fuzz-specs";
import { RELIABILITY_BY_RESOURCE } from "./reliability/vendors";

const ROOT = path.resolve(__dirname, "..");
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");
const docsOf = (vendor: VendorId): string => read(`docs/${vendor}.md`);
/** Every file of the vendor's example program. */
const exampleOf = (vendor: VendorId): string =>
  fs
    .readdirSync(path.join(ROOT, "examples", vendor))
    .filter((file) => /\.(ts|js)$/.test(file))
    .map((file) => read(`examples/${vendor}/${file}`))
    .join("\n");

describe.each(RESOURCES.map((resource) => [resource.name, resource] as const))("%s", (name, resource) => {
  const { vendor, type } = resource;

  it("has an emulator that starts", async () => {
    const module: Record<string, unknown> = await import(`./emulators/${vendor}/index.ts`);
    const start = module[`start${MANIFEST[vendor].displayName}Emulator`];
    expect(typeof start).toBe("function");
    const emulator = await (start as (options: object) => Promise<{ url: string; close(): Promise<void> }>)(
      {},
    );
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await emulator.close();
  });

  it(`is used in examples/${vendor}`, () => {
    expect(exampleOf(vendor)).toContain(`new ${name}(`);
  });

  it(`has a page, docs/${vendor}.md`, () => {
    expect(docsOf(vendor)).toContain(name);
  });

  it("has a fuzz spec covering every input", () => {
    const { provider, fields } = FUZZ_SPECS_BY_RESOURCE[name];
    expect(provider.check).toBeTypeOf("function");
    const native = NATIVE_RESOURCES.find((entry) => tokenOf(entry) === `webhooks:${vendor}:${type}`);
    expect(fields.map((field) => field.name).sort()).toEqual(Object.keys(native?.inputs.shape ?? {}).sort());
  });

  it("has a reliability entry driving it", () => {
    expect(RELIABILITY_BY_RESOURCE[name]).toMatchObject({ vendor, resource: type });
  });

  it("has a registry key of its own, and is served by the native provider", () => {
    // The registry's table is keyed by these keys (checked by the compiler); the host tests load through it.
    expect(RESOURCES.filter((other) => other.registryKey === resource.registryKey)).toHaveLength(1);
    // Stored twice per resource in state inside the shim's text (DECISIONS, 2026-11-23): kept short.
    expect(resource.registryKey.length).toBeLessThanOrEqual(16);
    expect(NATIVE_RESOURCES.map(tokenOf)).toContain(`webhooks:${vendor}:${type}`);
  });
});

describe.each(VENDOR_IDS.map((vendor) => [vendor] as const))("%s", (vendor) => {
  const manifest = MANIFEST[vendor];

  it.each([...manifest.functions])("documents function %s", (name) => {
    expect(docsOf(vendor)).toContain(`${name}(`);
  });

  it.each(Object.keys(manifest.settings))("documents setting %s with its environment variable", (name) => {
    const { envVar } = (manifest.settings as Record<string, { envVar: string }>)[name]!;
    const docs = docsOf(vendor);
    expect(docs).toContain(`\`${configKeyOf(manifest, name)}\``);
    expect(docs).toContain(`\`${envVar}\``);
  });

  it("has the native provider read the same settings from the same variables", () => {
    const native = Object.fromEntries(
      Object.entries(VENDOR_CONFIG[vendor]).map(([name, key]) => [
        name,
        { envVar: key.envVar, secret: key.secret },
      ]),
    );
    expect(native).toEqual(manifest.settings);
  });

  it("has no resource the native provider serves beyond the manifest's", () => {
    const native = NATIVE_RESOURCES.filter((entry) => entry.vendor === vendor).map((entry) => entry.name);
    expect(native.sort()).toEqual(Object.keys(manifest.resources).sort());
  });
});
