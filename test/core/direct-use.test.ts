/**
 * The installed `pulumi-webhooks/provider` used directly, in a script of its own (no Pulumi engine): an operation in
 * flight keeps the process alive until it ends, so the script sees its result instead of exiting silently.
 */
import { execFile } from "node:child_process";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { fixtureDir, testNode } from "../harness";

const run = promisify(execFile);

/** A loopback port nobody listens on: a wrong base URL, or a vendor that is down. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const SCRIPT = `
const { erzycall } = require("pulumi-webhooks/provider");
erzycall.webhookProvider.create({ url: "https://hooks.example.com/direct", events: ["call.ended"] }).then(
  () => console.log("created"),
  (error) => { console.log("failed: " + error.message); process.exitCode = 3; },
);
`;

describe("provider used directly", () => {
  it("stays alive through the retries of a create against an unreachable vendor, and reports its failure", async () => {
    const env = {
      ...process.env,
      ERZYCALL_API_KEY: "direct-use-key",
      ERZYCALL_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
      PULUMI_WEBHOOKS_RETRY_BASE_MS: "20",
    };
    const outcome = await run(testNode(), ["-e", SCRIPT], { cwd: fixtureDir(), env }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(outcome.stdout).toMatch(
      /^failed: Erzycall create webhook failed: could not connect to http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); nothing was sent/,
    );
    expect(outcome.code).toBe(3);
  });
});
