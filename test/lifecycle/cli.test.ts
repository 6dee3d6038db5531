/**
 * The same lifecycle with the real Pulumi CLI, wherever one is installed (>= 3.139): a local file backend, a
 * passphrase secrets provider, the example transpiled into the fixture project (which holds the packed package),
 * and the Erzycall emulator. Without a CLI on PATH the tests are reported as skipped, with the reason in their name.
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERZYCALL_DEFAULT_ORG, ERZYCALL_TEST_KEY, startErzycallEmulator, type ErzycallEmulator } from "../emulators/erzycall";
import { fixtureDir } from "../harness";
import { prepareProgram } from "./index";

const MINIMUM = [3, 139, 0];

function findCli(): { binary: string; version: string } | { reason: string } {
  const binary = (process.env.PATH ?? "")
    .split(path.delimiter)
    .map((dir) => path.join(dir, "pulumi"))
    .find((candidate) => fs.existsSync(candidate));
  if (!binary) return { reason: "no pulumi CLI on PATH" };
  const version = execFileSync(binary, ["version"], { encoding: "utf8" }).trim().replace(/^v/, "");
  const parts = version.split(/[.-]/).map(Number);
  const differing = MINIMUM.findIndex((minimum, index) => (parts[index] ?? 0) !== minimum);
  if (differing >= 0 && (parts[differing] ?? 0) < MINIMUM[differing]!) return { reason: `pulumi ${version} is older than ${MINIMUM.join(".")}` };
  return { binary, version };
}

const cli = findCli();
const title = "reason" in cli ? `examples/erzycall with the real pulumi CLI (skipped: ${cli.reason})` : `examples/erzycall with the real pulumi CLI ${cli.version}`;

describe.skipIf("reason" in cli)(title, () => {
  let emulator: ErzycallEmulator;
  let workDir: string;
  let projectDir: string;
  const binary = "binary" in cli ? cli.binary : "pulumi";

  function pulumi(...args: string[]): Promise<string> {
    const env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${path.join(workDir, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "lifecycle-cli-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_HOME: path.join(workDir, "home"),
      ERZYCALL_API_KEY: "",
    };
    return new Promise((resolve, reject) => {
      execFile(binary, [...args, "--non-interactive", "--cwd", projectDir], { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
        error ? reject(new Error(`pulumi ${args.join(" ")} failed: ${error.message}\n${stdout}${stderr}`)) : resolve(stdout + stderr),
      );
    });
  }

  beforeAll(async () => {
    emulator = await startErzycallEmulator();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-webhooks-cli-"));
    fs.mkdirSync(path.join(workDir, "state"));
    const program = prepareProgram(fixtureDir(), "examples/erzycall");
    projectDir = path.dirname(program.entry);
    // The transpiled program, as plain JavaScript the nodejs language host runs without TypeScript.
    fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), `name: ${program.project}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: ${path.basename(program.entry)}\n`);
    await pulumi("stack", "init", "test");
    await pulumi("config", "set", "--secret", "erzycall:apiKey", ERZYCALL_TEST_KEY);
    await pulumi("config", "set", "erzycall:baseUrl", emulator.url);
    await pulumi("config", "set", `${program.project}:receiverUrl`, "https://crm.example.com/hooks/erzycall");
  }, 120_000);

  afterAll(async () => {
    await emulator?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const stored = () => emulator.store.list(ERZYCALL_DEFAULT_ORG);
  const writes = () => emulator.requests.filter((request) => request.method !== "GET");

  it("previews without writing, then up creates both endpoints", async () => {
    await pulumi("preview");
    expect(writes()).toEqual([]);
    await pulumi("up", "--yes", "--skip-preview");
    expect(stored()).toHaveLength(2);
  }, 180_000);

  it("has nothing to change on the next preview", async () => {
    emulator.clearRequests();
    await pulumi("preview", "--expect-no-changes");
    expect(writes()).toEqual([]);
  }, 180_000);

  it("recreates an endpoint deleted outside Pulumi after refresh and up", async () => {
    emulator.store.delete(stored()[0]!.id);
    await pulumi("refresh", "--yes", "--skip-preview");
    await pulumi("up", "--yes", "--skip-preview");
    expect(stored()).toHaveLength(2);
  }, 180_000);

  it("keeps the API key and the signing secrets out of the saved state", async () => {
    const exported = await pulumi("stack", "export");
    expect(exported).not.toContain(ERZYCALL_TEST_KEY);
    for (const endpoint of stored()) expect(exported).not.toContain(endpoint.secret);
  }, 180_000);

  it("destroys every endpoint", async () => {
    await pulumi("destroy", "--yes", "--skip-preview");
    expect(stored()).toEqual([]);
  }, 180_000);
});
