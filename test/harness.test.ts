/**
 * Proves the host harness before vendor tests depend on it: the fixture holds the packed package, the real
 * dynamic-provider host starts and answers the engine's calls, and what the SDK serializes runs in it.
 * CRUD is exercised with a vendor-neutral provider text in the serializer's `exports.handler` format, so no
 * emulator is needed; vendor CRUD lives in the vendor test files.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  HostCallError,
  type HostClient,
  TEST_NODE_ENV,
  type SerializedResource,
  UNKNOWN,
  fixtureDir as preparedFixtureDir,
  secretArg,
  serializeResource,
  startHost,
  urnFor,
} from "./harness";

const fixtureDir = preparedFixtureDir();
/**
 * The runtime the code under test must run on, asked of the binary itself rather than of the harness: the
 * `PULUMI_WEBHOOKS_TEST_NODE` override (the test matrix sets it), else the Node running vitest.
 */
const expectedNode = execFileSync(process.env[TEST_NODE_ENV] || process.execPath, ["--version"], {
  encoding: "utf8",
}).trim();

/** A provider as the host sees one: module text whose `handler()` returns the provider object. */
function providerText(label: string): string {
  return `exports.handler = () => ({
    async configure(req) { this.token = req.config.get("demo:token"); this.region = req.config.get("region"); },
    async create(inputs) {
      if (inputs.failAfterCreate) {
        throw Object.assign(new Error("created, then tagging failed"), { id: "thing-1", properties: { name: inputs.name }, reasons: ["tagging failed"] });
      }
      if (inputs.reject) throw new Error("rejected by the API");
      console.log("${label} create " + inputs.name);
      return { id: "thing-1", outs: { ...inputs, region: this.region, tokenLength: this.token.length, node: process.version } };
    },
    async read(id, props) { return { id, props: { ...props, refreshed: true }, inputs: { name: props.name } }; },
    async update(id, olds, news) { return { outs: { ...olds, ...news } }; },
    async delete(id, props) { console.log("${label} delete " + id); },
  });`;
}

describe("fixture", () => {
  it("installs pulumi-webhooks from the packed tarball, not a link to the repo", () => {
    const installed = path.join(fixtureDir, "node_modules", "pulumi-webhooks");
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, "dist", "sdk", "index.js"))).toBe(true);
    const sdk = JSON.parse(
      fs.readFileSync(path.join(fixtureDir, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
    );
    expect(sdk.version).toBe(inject("fixtureSdkVersion"));
    expect(inject("fixtureNodeVersion")).toBe(expectedNode);
  });
});

describe("dynamic-provider host", () => {
  let host: HostClient;
  const urn = urnFor("demo", "Thing", "thing");
  const v1 = providerText("v1");

  beforeAll(async () => {
    host = await startHost(fixtureDir);
  });
  afterAll(async () => {
    await host?.close();
  });

  it("answers GetPluginInfo and Configure as the engine expects", async () => {
    expect((await host.getPluginInfo()).version).toBe(inject("fixtureSdkVersion"));
    const configured = await host.configure({
      "demo:token": secretArg("s3cr3t-token-value"),
      "pulumi-webhooks-test:region": "eu",
    });
    // acceptSecrets=false is why the engine sends every CRUD call plain values.
    expect(configured).toEqual({
      acceptSecrets: false,
      acceptResources: false,
      acceptOutputs: false,
      supportsPreview: false,
    });
  });

  it("runs create, read, update and delete, with config reaching the provider", async () => {
    const inputs = { __provider: v1, name: "alpha" };
    expect(await host.check(urn, {}, inputs)).toEqual({ inputs, failures: [] });
    const created = await host.create(urn, inputs);
    // Secret config arrives unwrapped; a key without namespace is prefixed with PULUMI_NODEJS_PROJECT.
    // The provider code runs in a host on the selected runtime, not on the Node running vitest.
    expect(created).toEqual({
      id: "thing-1",
      properties: { ...inputs, region: "eu", tokenLength: 18, node: expectedNode },
    });

    const refreshed = await host.read(created.id, urn, created.properties, inputs);
    expect(refreshed.properties).toMatchObject({ refreshed: true, __provider: v1 });
    expect(refreshed.inputs).toEqual({ name: "alpha", __provider: v1 });

    const updated = await host.update(created.id, urn, created.properties, { ...inputs, name: "beta" });
    expect(updated.properties).toMatchObject({ name: "beta", __provider: v1 });

    // No diff method: the host answers "unknown" and leaves the diff to the engine.
    expect((await host.diff(created.id, urn, created.properties, inputs)).changes).toBe("unknown");
    await host.delete(created.id, urn, updated.properties);
    const printed = await host.waitForOutput(/v1 delete thing-1\n/);
    expect(printed).toContain("v1 create alpha\n");
    expect(printed).not.toContain("s3cr3t-token-value");
  });

  it("deletes with the __provider stored in state, not the program's current one", async () => {
    const v2 = providerText("v2");
    await host.delete("thing-1", urn, { __provider: v2, name: "alpha" });
    await host.delete("thing-1", urn, { __provider: v1, name: "alpha" });
    const printed = await host.waitForOutput(/(v\d delete thing-1[\s\S]*){3}/);
    expect(printed.match(/v\d delete thing-1/g)).toEqual([
      "v1 delete thing-1",
      "v2 delete thing-1",
      "v1 delete thing-1",
    ]);
  });

  it("decodes a partial create failure the way the engine keeps it in state", async () => {
    const failure = await host
      .create(urn, { __provider: v1, name: "half", failAfterCreate: true })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HostCallError);
    expect(failure).toMatchObject({
      method: "create",
      codeName: "UNKNOWN",
      details: "created, then tagging failed",
      initFailure: { id: "thing-1", properties: { name: "half" }, reasons: ["tagging failed"] },
    });
  });

  it("reports an ordinary failure as UNKNOWN with no resource to keep", async () => {
    const failure = await host
      .create(urn, { __provider: v1, name: "x", reject: true })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({
      codeName: "UNKNOWN",
      details: "rejected by the API",
      initFailure: undefined,
    });
  });
});

describe("a serialized erzycall.Webhook in the host", () => {
  let host: HostClient;
  let webhook: SerializedResource;
  const urn = urnFor("erzycall", "Webhook", "orders");

  beforeAll(async () => {
    [host, webhook] = await Promise.all([
      startHost(fixtureDir),
      serializeResource(
        fixtureDir,
        {
          module: "erzycall",
          resource: "Webhook",
          name: "orders",
          args: {
            url: "https://hooks.example.com/orders",
            events: ["call.started", "call.ended"],
            description: secretArg("orders feed"),
          },
        },
        { env: { ERZYCALL_API_KEY: "erzy-env-key-not-for-state" } },
      ),
    ]);
    await host.configure({ "erzycall:apiKey": secretArg("erzy-key-not-for-logs") });
  });
  afterAll(async () => {
    await host?.close();
  });

  it("registers what a user program registers", () => {
    expect(webhook.type).toBe("pulumi-nodejs:dynamic/erzycall:Webhook");
    expect(webhook.urn).toBe(urn);
    expect(webhook.nodeVersion).toBe(expectedNode);
    expect(webhook.additionalSecretOutputs).toContain("secret");
    expect(webhook.secretInputPaths).toEqual(["description"]);
    expect(webhook.inputs).toMatchObject({
      url: "https://hooks.example.com/orders",
      description: "orders feed",
    });
    // Installed from the tarball, the provider refers to the package instead of carrying the repo's code by value.
    expect(webhook.providerText).toContain('require("pulumi-webhooks/provider")');
    expect(webhook.providerText).not.toContain(fixtureDir);
    expect(webhook.providerText).not.toContain("erzy-env-key-not-for-state");
  });

  it("checks and diffs without network, unknowns included", async () => {
    const checked = await host.check(urn, {}, webhook.inputs);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs.__provider).toBe(webhook.providerText);

    const rejected = await host.check(urn, {}, { ...webhook.inputs, url: "ftp://hooks.example.com" });
    expect(rejected.failures.map((failure) => failure.property)).toContain("url");
    expect((await host.check(urn, {}, { ...webhook.inputs, url: UNKNOWN })).failures).toEqual([]);

    const outputs = { ...checked.inputs, secret: "whsec_test", createdAt: "2026-01-01T00:00:00Z" };
    expect((await host.diff("wh_1", urn, outputs, checked.inputs)).changes).toBe("none");
    expect((await host.diff("wh_1", urn, outputs, { ...checked.inputs, url: UNKNOWN })).changes).toBe("some");
    expect(host.output()).not.toContain("erzy-key-not-for-logs");
  });
});
