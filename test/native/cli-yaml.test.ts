/**
 * The `webhooks` plugin through the real Pulumi CLI with a YAML program: preview, up, an in-place update, refresh
 * of an out-of-band delete, `pulumi import` of an existing endpoint with a no-change up afterwards, and destroy,
 * against the Erzycall emulator. The plugin is the installed package's `node_modules/.bin` entry, named in
 * Pulumi.yaml. Skipped, with the reason in the title, without the CLI or the YAML language host.
 */
import * as fs from "node:fs";
import * as os from "node:os";
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

describeWithNativeCli("a YAML program on the webhooks plugin with the real CLI", () => {
  let emulator: ErzycallEmulator;
  let projectDir: string;
  let workspace: CliWorkspace;
  const pulumi = (...args: string[]) => workspace.pulumi(...args);

  function writeProgram(resources: string): void {
    const header = `name: native-yaml\nruntime: yaml\nplugins:\n  providers:\n    - name: webhooks\n      path: ${pluginFolder(fixtureDir())}\n`;
    fs.writeFileSync(
      path.join(projectDir, "Pulumi.yaml"),
      `${header}resources:\n${resources}outputs:\n  signingSecret: \${crm.secret}\n`,
    );
  }

  const crm = (events: string) =>
    `  crm:\n    type: webhooks:erzycall:Webhook\n    properties:\n      url: https://crm.example.com/hooks/erzycall\n      events: [${events}]\n`;
  const stored = () => emulator.store.list(ERZYCALL_DEFAULT_ORG);
  const writes = () =>
    emulator.requests
      .filter((request) => request.method !== "GET")
      .map((request) => `${request.method} ${request.path}`);

  beforeAll(async () => {
    emulator = await startErzycallEmulator();
    projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-webhooks-native-yaml-"));
    workspace = cliWorkspace(projectDir);
    writeProgram(crm("call.ended, call.failed"));
    await workspace.initStack({ baseUrl: emulator.url, apiKey: ERZYCALL_TEST_KEY });
  }, LIMIT_MS);

  afterAll(async () => {
    await emulator?.close();
    workspace?.remove();
  });

  it(
    "refuses a misspelt config key, naming it",
    async () => {
      await pulumi("config", "set", "--path", "webhooks:erzycall.apikey", "typo");
      const refused = await pulumi("preview").catch((error: unknown) => String(error));
      expect(refused).toContain("unknown configuration key webhooks:erzycall.apikey (did you mean apiKey?)");
      await pulumi("config", "rm", "--path", "webhooks:erzycall.apikey");
    },
    LIMIT_MS,
  );

  it(
    "previews the create without a request, then up creates the endpoint with its secret kept secret",
    async () => {
      const preview = await pulumi("preview", "--diff");
      expect(preview).toContain("+ webhooks:erzycall:Webhook: (create)");
      expect(emulator.requests).toEqual([]);
      await pulumi("up", "--yes", "--skip-preview");
      expect(stored()).toHaveLength(1);
      expect(await pulumi("stack", "output", "signingSecret")).toContain("[secret]");
      const exported = await pulumi("stack", "export");
      expect(exported).not.toContain(ERZYCALL_TEST_KEY);
      expect(exported).not.toContain(stored()[0]!.secret);
    },
    LIMIT_MS,
  );

  it(
    "shows the changed property in the preview and updates in place",
    async () => {
      writeProgram(crm("call.ended"));
      emulator.clearRequests();
      const preview = await pulumi("preview", "--diff");
      expect(preview).toContain("~ webhooks:erzycall:Webhook: (update)");
      expect(preview).toMatch(/- \[1\]: "call\.failed"/);
      await pulumi("up", "--yes", "--skip-preview");
      expect(writes()).toEqual([`PATCH /api/v1/webhooks/${stored()[0]!.id}`]);
      expect(stored()[0]!.events).toEqual(["call.ended"]);
    },
    LIMIT_MS,
  );

  it(
    "recreates an endpoint deleted outside Pulumi after refresh and up",
    async () => {
      emulator.store.delete(stored()[0]!.id);
      await pulumi("refresh", "--yes", "--skip-preview");
      await pulumi("up", "--yes", "--skip-preview");
      expect(stored()).toHaveLength(1);
      await pulumi("preview", "--expect-no-changes");
    },
    LIMIT_MS,
  );

  it(
    "imports an existing endpoint without a write, and an up with the printed code changes nothing",
    async () => {
      const legacy = emulator.store.insert(ERZYCALL_DEFAULT_ORG, {
        url: "https://crm.example.com/hooks/legacy",
        events: ["contact.created", "call.started"],
        description: "made by hand",
      });
      emulator.clearRequests();
      const imported = await pulumi(
        "import",
        "webhooks:erzycall:Webhook",
        "legacy",
        legacy.id,
        "--yes",
        "--protect=false",
      );
      expect(writes()).toEqual([]);
      expect(imported).toContain(
        "Erzycall returns the signing secret only when the endpoint is created or its secret rotated: after this import `secret` stays unset",
      );
      const code = imported.slice(imported.indexOf("resources:\n") + "resources:\n".length).trimEnd();
      expect(code).toContain("type: webhooks:erzycall:Webhook");
      expect(code).toContain("description: made by hand");
      writeProgram(`${crm("call.ended")}${code}\n`);
      await pulumi("up", "--yes", "--expect-no-changes");
      expect(writes()).toEqual([]);
    },
    LIMIT_MS,
  );

  it(
    "destroys every endpoint, the imported one included",
    async () => {
      await pulumi("destroy", "--yes", "--skip-preview");
      expect(stored()).toEqual([]);
    },
    LIMIT_MS,
  );
});
