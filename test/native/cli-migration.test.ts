/**
 * Moving a stack from the dynamic resources to the native plugin without replacing anything: a JavaScript program
 * creates an endpoint with `erzycall.Webhook`, then the same project, rewritten in YAML on the plugin with an alias
 * to the old URN, adopts it in place (same id, no request that writes) and manages it from then on. Real CLI,
 * Erzycall emulator; skipped with the reason in the title without the CLI or the YAML language host.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  ERZYCALL_DEFAULT_ORG,
  ERZYCALL_TEST_KEY,
  startErzycallEmulator,
  type ErzycallEmulator,
} from "../emulators/erzycall";
import { fixtureDir } from "../harness";
import { cliWorkspace, describeWithNativeCli, pluginFolder, type CliWorkspace } from "./cli";

const LIMIT_MS = 180_000;
const URL = "https://crm.example.com/hooks/erzycall";

describeWithNativeCli("a stack moved from the dynamic resources to the webhooks plugin", () => {
  let emulator: ErzycallEmulator;
  let projectDir: string;
  let workspace: CliWorkspace;
  const pulumi = (...args: string[]) => workspace.pulumi(...args);
  const stored = () => emulator.store.list(ERZYCALL_DEFAULT_ORG);
  const writes = () =>
    emulator.requests
      .filter((request) => request.method !== "GET")
      .map((request) => `${request.method} ${request.path}`);

  async function resources(): Promise<
    Array<{ urn: string; id?: string; outputs?: Record<string, unknown> }>
  > {
    const exported = JSON.parse(await pulumi("stack", "export")) as {
      deployment: { resources: Array<{ urn: string; id?: string; outputs?: Record<string, unknown> }> };
    };
    return exported.deployment.resources;
  }

  function yamlProgram(events: string): string {
    return [
      "name: migration",
      "runtime: yaml",
      "plugins:",
      "  providers:",
      "    - name: webhooks",
      `      path: ${pluginFolder(fixtureDir())}`,
      "resources:",
      "  crm:",
      "    type: webhooks:erzycall:Webhook",
      "    properties:",
      `      url: ${URL}`,
      `      events: [${events}]`,
      "      secretVersion: 1",
      "    options:",
      "      aliases:",
      "        - urn:pulumi:test::migration::pulumi-nodejs:dynamic/erzycall:Webhook::crm",
      "",
    ].join("\n");
  }

  beforeAll(async () => {
    emulator = await startErzycallEmulator();
    // Inside the fixture project, so `require("pulumi-webhooks")` resolves to the installed package.
    projectDir = fs.mkdtempSync(path.join(fixtureDir(), "programs-native-migration-"));
    workspace = cliWorkspace(projectDir);
    fs.writeFileSync(
      path.join(projectDir, "Pulumi.yaml"),
      "name: migration\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n",
    );
    fs.writeFileSync(
      path.join(projectDir, "index.js"),
      `const { erzycall } = require("pulumi-webhooks");\nnew erzycall.Webhook("crm", { url: "${URL}", events: ["call.ended", "call.failed"], secretVersion: 1 });\n`,
    );
    await workspace.initStack({ baseUrl: emulator.url, apiKey: ERZYCALL_TEST_KEY });
    // The dynamic resource's settings, beside the plugin's.
    await pulumi("config", "set", "erzycall:baseUrl", emulator.url);
    await pulumi("config", "set", "--secret", "erzycall:apiKey", ERZYCALL_TEST_KEY);
  }, LIMIT_MS);

  afterAll(async () => {
    await emulator?.close();
    workspace?.remove();
  });

  let id: string;

  it(
    "creates the endpoint with the dynamic resource",
    async () => {
      await pulumi("up", "--yes", "--skip-preview");
      expect(stored()).toHaveLength(1);
      id = stored()[0]!.id;
      expect((await resources()).find((resource) => resource.urn.endsWith("::crm"))).toMatchObject({
        urn: "urn:pulumi:test::migration::pulumi-nodejs:dynamic/erzycall:Webhook::crm",
        id,
      });
    },
    LIMIT_MS,
  );

  it(
    "adopts it on the plugin through the alias: nothing to change, nothing written, same id, secret kept",
    async () => {
      fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), yamlProgram("call.ended, call.failed"));
      emulator.clearRequests();
      await pulumi("preview", "--expect-no-changes");
      await pulumi("up", "--yes", "--expect-no-changes");
      expect(writes()).toEqual([]);
      expect(stored().map((endpoint) => endpoint.id)).toEqual([id]);
      const adopted = (await resources()).find((resource) => resource.urn.endsWith("::crm"));
      expect(adopted).toMatchObject({
        urn: "urn:pulumi:test::migration::webhooks:erzycall:Webhook::crm",
        id,
      });
      expect(adopted?.outputs?.secret).toMatchObject({
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      });
    },
    LIMIT_MS,
  );

  it(
    "manages it from the plugin afterwards: an events change is a PATCH of the same endpoint, destroy removes it",
    async () => {
      fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), yamlProgram("call.ended"));
      emulator.clearRequests();
      await pulumi("up", "--yes", "--skip-preview");
      expect(writes()).toEqual([`PATCH /api/v1/webhooks/${id}`]);
      expect(stored()[0]?.events).toEqual(["call.ended"]);
      await pulumi("destroy", "--yes", "--skip-preview");
      expect(stored()).toEqual([]);
    },
    LIMIT_MS,
  );
});
