/**
 * "Try it locally" as the README says it, through the real CLI: `npm run quickstart` in one command, then the
 * same by hand in examples/quickstart: `npm install`, the `pulumi config set` lines the sandbox prints, `pulumi
 * up`, `pulumi stack output signingSecret --show-secrets`, `pulumi destroy`. The stack's config goes to a temp
 * file (`--config-file`) so the test leaves the work tree as it found it.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sandboxInstructions, startSandbox, type Sandbox } from "../emulators/sandbox";
import { REPO_ROOT } from "../harness/fixture";
import { PulumiWorkspace } from "./pulumi";
import { describeWithCli } from "./suite";

const run = promisify(execFile);
const PROJECT = path.join(REPO_ROOT, "examples", "quickstart");

describeWithCli("the quickstart through the real CLI", (cli) => {
  let sandbox: Sandbox;
  let pulumi: PulumiWorkspace;
  let configFile: string;

  beforeAll(async () => {
    sandbox = await startSandbox("free");
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
    pulumi?.dispose();
  });

  it("npm run quickstart creates the webhook and destroys it, in one command", async () => {
    const { stdout } = await run("npm", ["run", "quickstart"], {
      cwd: REPO_ROOT,
      env: { ...process.env, PATH: `${cli.dir}${path.delimiter}${process.env.PATH ?? ""}` },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toMatch(/webhook wh_\w+ now exists in the Erzycall emulator/);
    expect(stdout).toMatch(/- 2 deleted|2 deleted/);
    expect(stdout).toContain("quickstart done");
  }, 300_000);

  it("by hand: up creates the webhook, whose signing secret is a secret stack output", async () => {
    pulumi = new PulumiWorkspace(cli.dir, PROJECT);
    configFile = path.join(pulumi.workDir, "Pulumi.sandbox.yaml");
    await pulumi.ok(["stack", "init", "sandbox"]);
    // The lines the sandbox prints, pasted as a user would.
    for (const line of sandboxInstructions(sandbox)
      .split("\n")
      .filter((text) => text.startsWith("pulumi config set "))) {
      await pulumi.ok([...line.split(" ").slice(1), "--config-file", configFile]);
    }
    const up = await pulumi.ok(["up", "--yes", "--config-file", configFile]);
    expect(up).toMatch(/2 created/);
    const secret = (await pulumi.ok(["stack", "output", "signingSecret", "--show-secrets"])).trim();
    expect(secret.length).toBeGreaterThanOrEqual(16);
    expect((await pulumi.ok(["stack", "output", "signingSecret"])).trim()).toBe("[secret]");
    expect(await pulumi.exportState()).not.toContain(secret);
    await pulumi.ok(["destroy", "--yes", "--config-file", configFile]);
  }, 300_000);
});
