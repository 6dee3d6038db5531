/**
 * The `webhooks` plugin through the real Pulumi CLI with a Python program: one stack with a webhook on every
 * vendor (and two function calls), through preview, up, an in-place update, refresh of out-of-band deletes, and
 * destroy, against the emulators. The program imports the SDK generated from the installed package's
 * schema.json and runs in a virtualenv with `pulumi` from the Python package index. Skipped, with the reason in
 * the title, without the CLI, the Python language host or python3.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVendor, type CliVendorRun, type VendorId } from "../cli/vendors";
import { fixtureDir } from "../harness";
import { cliMissing, cliWorkspace, pluginFolder, type CliWorkspace } from "./cli";
import { installGeneratedSdk, pythonEnvironment, pythonVirtualenv } from "./python";

const reason = cliMissing("python");
const title = reason
  ? `a Python program on the webhooks plugin with the real CLI (skipped: ${reason})`
  : "a Python program on the webhooks plugin with the real CLI";
/** Creating the cached virtualenv the first time fetches `pulumi` and its dependencies from the index. */
const SETUP_LIMIT_MS = 300_000;
const LIMIT_MS = 180_000;
const VENDORS: VendorId[] = ["convirza", "converc", "conversant", "sendblue", "erzycall"];
const urlOf = (vendor: VendorId) => `https://crm.example.com/hooks/${vendor}`;

/** Every resource's arguments, as a Python user writes them; Erzycall's description comes from stack config. */
const PROGRAM = `import pulumi
import pulumi_webhooks_native as webhooks

config = pulumi.Config()
hooks = {
    "convirza": webhooks.convirza.Webhook("convirza", name="Call sync", url="${urlOf("convirza")}", format="XML"),
    "converc": webhooks.converc.Webhook("converc", url="${urlOf("converc")}", events=["call.ended"]),
    "conversant": webhooks.conversant.Webhook(
        "conversant", name="CRM hangups", url="${urlOf("conversant")}", hook="channel_destroy", format="json"
    ),
    "sendblue": webhooks.sendblue.Webhook("sendblue", type="receive", url="${urlOf("sendblue")}"),
    "erzycall": webhooks.erzycall.Webhook(
        "erzycall",
        url="${urlOf("erzycall")}",
        events=["call.ended", "call.failed"],
        description=config.get("erzycallDescription") or "first",
    ),
}
for vendor, hook in hooks.items():
    pulumi.export(vendor, hook.id)
pulumi.export("erzycallSecret", hooks["erzycall"].secret)
attempts = webhooks.conversant.get_webhook_attempts()
pulumi.export("conversantAttempts", len(attempts.attempts))
pulumi.export("erzycallListed", [hook.url for hook in webhooks.erzycall.get_webhooks().webhooks])
`;

describe.skipIf(reason !== undefined)(title, () => {
  const runs = new Map<VendorId, CliVendorRun>();
  let projectDir: string;
  let workDir: string;
  let workspace: CliWorkspace;
  const pulumi = (...args: string[]) => workspace.pulumi(...args);
  const run = (vendor: VendorId) => runs.get(vendor)!;
  const requests = () => VENDORS.map((vendor) => run(vendor).requests());
  const sentinels = () => VENDORS.flatMap((vendor) => run(vendor).sentinels());

  beforeAll(async () => {
    for (const vendor of VENDORS) runs.set(vendor, await startVendor(vendor));
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-webhooks-native-python-"));
    projectDir = path.join(workDir, "project");
    fs.mkdirSync(projectDir);
    const venv = pythonVirtualenv();
    const schema = path.join(fixtureDir(), "node_modules", "pulumi-webhooks", "schema.json");
    const site = installGeneratedSdk(venv, schema, workDir);
    const python = pythonEnvironment(venv, site);
    const credentials = Object.assign({}, ...VENDORS.map((vendor) => run(vendor).env)) as Record<
      string,
      string
    >;
    workspace = cliWorkspace(projectDir, { env: { ...python.env, ...credentials }, path: python.path });
    fs.writeFileSync(
      path.join(projectDir, "Pulumi.yaml"),
      [
        "name: native-python",
        "runtime: python",
        "plugins:",
        "  providers:",
        "    - name: webhooks",
        `      path: ${pluginFolder(fixtureDir())}`,
        "",
      ].join("\n"),
    );
    fs.writeFileSync(path.join(projectDir, "__main__.py"), PROGRAM);
    await pulumi("stack", "init", "test");
  }, SETUP_LIMIT_MS);

  afterAll(async () => {
    await Promise.all([...runs.values()].map((vendorRun) => vendorRun.close()));
    workspace?.remove();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it(
    "previews a create on every vendor without writing anywhere",
    async () => {
      const before = VENDORS.map((vendor) => run(vendor).writes());
      const preview = await pulumi("preview", "--diff");
      for (const vendor of VENDORS) expect(preview).toContain(`+ webhooks:${vendor}:Webhook: (create)`);
      expect(VENDORS.map((vendor) => run(vendor).writes())).toEqual(before);
    },
    LIMIT_MS,
  );

  it(
    "up creates one endpoint at every vendor, keeps secrets out of the state and serves the function",
    async () => {
      await pulumi("up", "--yes", "--skip-preview");
      for (const vendor of VENDORS) {
        expect(
          run(vendor)
            .live()
            .map((object) => object.url),
        ).toEqual([urlOf(vendor)]);
        expect(await pulumi("stack", "output", vendor)).not.toBe("");
      }
      expect(await pulumi("stack", "output", "erzycallSecret")).toContain("[secret]");
      expect((await pulumi("stack", "output", "conversantAttempts")).trim()).toBe("0");
      const exported = await pulumi("stack", "export");
      for (const secret of sentinels()) expect(exported).not.toContain(secret);
    },
    LIMIT_MS,
  );

  it(
    "shows the changed property in the preview and updates it in place",
    async () => {
      const id = run("erzycall").live()[0]!.id;
      await pulumi("config", "set", "erzycallDescription", "second");
      const preview = await pulumi("preview", "--diff");
      expect(preview).toContain("~ webhooks:erzycall:Webhook: (update)");
      expect(preview).toMatch(/~ description\s*: "first" => "second"/);
      const writes = VENDORS.map((vendor) => run(vendor).writes());
      await pulumi("up", "--yes", "--skip-preview");
      expect(
        run("erzycall")
          .live()
          .map((object) => object.id),
      ).toEqual([id]);
      // The program listed the endpoint through the plugin's function before this up updated it.
      expect(JSON.parse(await pulumi("stack", "output", "erzycallListed", "--json"))).toEqual([
        urlOf("erzycall"),
      ]);
      expect(run("erzycall").writes()).toBe(writes[VENDORS.indexOf("erzycall")]! + 1);
      expect(VENDORS.filter((vendor) => vendor !== "erzycall").map((vendor) => run(vendor).writes())).toEqual(
        writes.filter((_, index) => VENDORS[index] !== "erzycall"),
      );
    },
    LIMIT_MS,
  );

  it(
    "refresh notices endpoints deleted outside Pulumi at every vendor, and up recreates them",
    async () => {
      for (const vendor of VENDORS) run(vendor).remove(run(vendor).live()[0]!);
      const refreshed = await pulumi("refresh", "--yes", "--skip-preview");
      expect(refreshed).toMatch(/5 deleted/);
      await pulumi("up", "--yes", "--skip-preview");
      for (const vendor of VENDORS)
        expect(
          run(vendor)
            .live()
            .map((object) => object.url),
        ).toEqual([urlOf(vendor)]);
      await pulumi("preview", "--expect-no-changes");
    },
    LIMIT_MS,
  );

  it(
    "destroys the endpoint at every vendor",
    async () => {
      await pulumi("destroy", "--yes", "--skip-preview");
      for (const vendor of VENDORS) expect(run(vendor).live()).toEqual([]);
      expect(requests().every((count) => count > 0)).toBe(true);
    },
    LIMIT_MS,
  );
});
