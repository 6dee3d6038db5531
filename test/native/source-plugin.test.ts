/**
 * The package's `plugin` folder as a source plugin: its PulumiPlugin.yaml, and the folder run the way the
 * Node.js language host of an official CLI runs a source plugin (`node @pulumi/pulumi/cmd/run-plugin <folder>
 * <engine address>`, in the program's directory), which must serve the same provider as the executable. The
 * CLI the suite builds cannot run it itself: its Node.js host (sdk v3.68.0) predates RunPlugin for Node.
 */
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEMA_FILE } from "../../scripts/schema";
import { fixtureDir, getSchema, pluginVersion, startHost, type HostClient } from "../harness";

const pluginDir = () => path.join(fixtureDir(), "node_modules", "pulumi-webhooks", "plugin");

/** The keys a PulumiPlugin.yaml may have (PluginProject in sdk/go/common/workspace/project.go). */
const PLUGIN_PROJECT_KEYS = ["runtime", "packages", "requiredPulumiVersion", "template"];

describe("the package's source plugin folder", () => {
  let host: HostClient;
  let launcherDir: string;

  beforeAll(async () => {
    // What the language host spawns: run-plugin with the plugin folder, then the engine's arguments.
    const runPlugin = createRequire(path.join(fixtureDir(), "package.json")).resolve(
      "@pulumi/pulumi/cmd/run-plugin",
    );
    launcherDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-webhooks-run-plugin-"));
    const launcher = path.join(launcherDir, "run-plugin.js");
    fs.writeFileSync(
      launcher,
      `process.argv.splice(2, 0, ${JSON.stringify(pluginDir())});\nrequire(${JSON.stringify(runPlugin)});\n`,
    );
    host = await startHost(fixtureDir(), { plugin: launcher });
  });

  afterAll(async () => {
    await host?.close();
    if (launcherDir) fs.rmSync(launcherDir, { recursive: true, force: true });
  });

  it("is declared a Node.js source plugin, with nothing a CLI would reject", () => {
    // js-yaml is what @pulumi/pulumi itself reads YAML with.
    const fromSdk = createRequire(createRequire(__filename).resolve("@pulumi/pulumi"));
    const yaml = fromSdk("js-yaml") as { load(text: string): unknown };
    const manifest = yaml.load(
      fs.readFileSync(path.join(pluginDir(), "PulumiPlugin.yaml"), "utf8"),
    ) as Record<string, unknown>;
    expect(manifest).toEqual({ runtime: "nodejs" });
    expect(Object.keys(manifest).filter((key) => !PLUGIN_PROJECT_KEYS.includes(key))).toEqual([]);
  });

  it("run as the Node.js host runs a source plugin, serves the package's schema and version", async () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as { version: string };
    expect(await getSchema(host)).toEqual(schema);
    expect(await pluginVersion(host)).toBe(schema.version);
  });
});
