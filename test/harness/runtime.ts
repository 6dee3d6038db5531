/**
 * The Node runtime the code under test runs on. vitest itself runs on the machine's Node, but every process the
 * harness starts (the fixture's `npm install`, the serializing program, the dynamic-provider host) runs on
 * `PULUMI_WEBHOOKS_TEST_NODE` when it is set (a path to a `node` binary, e.g. one the test matrix installed),
 * so one machine can prove the package on several Node versions.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const TEST_NODE_ENV = "PULUMI_WEBHOOKS_TEST_NODE";

/** Absolute path of the `node` binary child processes run on. */
export function testNode(): string {
  const override = process.env[TEST_NODE_ENV];
  if (!override) return process.execPath;
  const resolved = path.resolve(override);
  if (!fs.existsSync(resolved)) throw new Error(`${TEST_NODE_ENV}=${override}: no such file`);
  return fs.realpathSync(resolved);
}

const versions = new Map<string, string>();

/** What the selected binary reports (`node --version`), e.g. `v22.23.3`. */
export function testNodeVersion(): string {
  const node = testNode();
  let version = versions.get(node);
  if (version === undefined) {
    version =
      node === process.execPath
        ? process.version
        : execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
    versions.set(node, version);
  }
  return version;
}

/**
 * `env` with the selected binary's directory first on PATH (when one is selected), so `#!/usr/bin/env node`
 * tools (npm) and anything a child starts as `node` run on it too.
 */
export function withTestNodeOnPath(env: NodeJS.ProcessEnv | Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  if (process.env[TEST_NODE_ENV])
    result.PATH = [path.dirname(testNode()), result.PATH].filter(Boolean).join(path.delimiter);
  return result;
}
