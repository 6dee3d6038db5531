/**
 * "Try it locally" as the README tells it: `npm run sandbox`, paste the config lines it prints, run the root
 * quickstart program. The sandbox runs as its own process (free ports, so a real sandbox can run beside it).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureDir, secretArg, type StackConfig } from "../harness";
import { expectNoLeaks } from "./hygiene";
import { Lifecycle, prepareProgram } from "./index";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
let sandbox: ChildProcess;
let printed = "";
let signingSecret = "";

beforeAll(async () => {
  sandbox = spawn(
    path.join(REPO_ROOT, "node_modules", ".bin", "tsx"),
    [path.join(REPO_ROOT, "scripts", "sandbox.ts"), "--free-ports"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  sandbox.stdout?.setEncoding("utf8").on("data", (chunk: string) => (printed += chunk));
  sandbox.stderr?.setEncoding("utf8").on("data", (chunk: string) => (printed += chunk));
  const deadline = Date.now() + 30_000;
  while (!printed.includes("Sandbox ready")) {
    if (Date.now() > deadline || sandbox.exitCode !== null)
      throw new Error(`the sandbox did not start:\n${printed}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

afterAll(() => {
  sandbox?.kill("SIGTERM");
});

/** The `pulumi config set` lines, as a user would paste them. */
function pastedConfig(): StackConfig {
  const config: StackConfig = {};
  for (const match of printed.matchAll(/^pulumi config set (--secret )?(\S+) (\S+)$/gm)) {
    config[match[2]!] = match[1] ? secretArg(match[3]!) : match[3]!;
  }
  return config;
}

describe("the quickstart against the sandbox", () => {
  it("prints config lines and env exports for every vendor, with the API key set as a secret", () => {
    expect(printed).toMatch(/^pulumi config set erzycall:baseUrl http:\/\/127\.0\.0\.1:\d+$/m);
    expect(printed).toMatch(/^pulumi config set --secret erzycall:apiKey \S+$/m);
    expect(printed).toMatch(/^export ERZYCALL_BASE_URL=http:\/\/127\.0\.0\.1:\d+$/m);
  });

  it("runs the quickstart program: up creates the webhook with a secret signing secret, destroy removes it", async () => {
    const stack = new Lifecycle({
      fixtureDir: fixtureDir(),
      program: prepareProgram(fixtureDir(), "examples/quickstart"),
      config: pastedConfig(),
    });
    const up = await stack.up();
    expect(up.operations.map((operation) => operation.kind)).toEqual(["create"]);
    expect(up.outputs.signingSecret).toMatchObject({
      known: true,
      secret: true,
      value: expect.stringMatching(/^whsec_/),
    });
    const again = await stack.up();
    expect(again.operations.map((operation) => operation.kind)).toEqual(["same"]);
    const destroy = await stack.destroy();
    expect(destroy.operations.map((operation) => operation.kind)).toEqual(["delete"]);
    // The sandbox runs in its own process and cannot be made to fail, so only the leak places are checked.
    const apiKey = (pastedConfig()["erzycall:apiKey"] as { __secret: string }).__secret;
    signingSecret = String(up.outputs.signingSecret?.value);
    expectNoLeaks(stack, [apiKey, signingSecret]);
  });

  it("printed one line per request it received: vendor, method, path, status, and no credential or secret", () => {
    const requestLines = printed.split("\n").filter((line) => line.startsWith("erzycall "));
    // At least the create and the delete, each on its own line with its status.
    expect(requestLines).toContainEqual(expect.stringMatching(/^erzycall +POST \/api\/v1\/webhooks 201$/));
    expect(requestLines).toContainEqual(
      expect.stringMatching(/^erzycall +DELETE \/api\/v1\/webhooks\/wh_\w+ 204$/),
    );
    const apiKey = (pastedConfig()["erzycall:apiKey"] as { __secret: string }).__secret;
    const afterInstructions = printed.slice(printed.indexOf("Sandbox ready"));
    expect(afterInstructions).not.toContain(apiKey);
    expect(signingSecret).toMatch(/^whsec_/);
    expect(afterInstructions).not.toContain(signingSecret);
  });
});
