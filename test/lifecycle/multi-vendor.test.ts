/**
 * examples/multi-vendor: one receiver subscribed on all five platforms, against every emulator of the sandbox
 * (free ports), through the real host: up, a no-op up, and destroy; secrets held as secrets throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../emulators/sandbox";
import { fixtureDir, secretArg, type StackConfig } from "../harness";
import { Lifecycle, prepareProgram } from "./index";

let sandbox: Sandbox;
let stack: Lifecycle;
let credentials: string[];

beforeAll(async () => {
  sandbox = await startSandbox("free");
  const config: StackConfig = {};
  for (const setting of sandbox.vendors.flatMap((vendor) => vendor.settings)) config[setting.key] = setting.secret ? secretArg(setting.value) : setting.value;
  credentials = sandbox.vendors.flatMap((vendor) => vendor.settings.filter((setting) => setting.secret).map((setting) => setting.value));
  stack = new Lifecycle({ fixtureDir: fixtureDir(), program: prepareProgram(fixtureDir(), "examples/multi-vendor"), config });
});

afterAll(async () => {
  await sandbox?.close();
});

describe("examples/multi-vendor lifecycle", () => {
  it("subscribes the receiver on all five platforms, with the signing secrets as one secret output", async () => {
    const up = await stack.up();
    expect(up.operations.map((operation) => operation.kind)).toEqual(["create", "create", "create", "create", "create"]);
    expect(new Set(stack.state.resources.map((record) => record.type.split("/")[1]!.split(":")[0]))).toEqual(new Set(["erzycall", "converc", "convirza", "conversant", "sendblue"]));
    expect(up.outputs.signingSecrets).toMatchObject({ known: true, secret: true });
    const secrets = up.outputs.signingSecrets!.value as Record<string, string>;
    expect(Object.keys(secrets).sort()).toEqual(["converc", "erzycall", "sendblue"]);
    for (const value of Object.values(secrets)) expect(typeof value).toBe("string");
  });

  it("changes nothing on the next up", async () => {
    const up = await stack.up();
    expect(up.operations.map((operation) => operation.kind)).toEqual(["same", "same", "same", "same", "same"]);
  });

  it("keeps every credential and signing secret out of the saved state and the host output", async () => {
    const saved = stack.state.saved();
    const secrets = Object.values((await stack.preview()).outputs.signingSecrets!.value as Record<string, string>);
    for (const sentinel of [...credentials, ...secrets]) {
      expect(saved).not.toContain(sentinel);
      expect(stack.printed).not.toContain(sentinel);
    }
  });

  it("destroys all five", async () => {
    const destroy = await stack.destroy();
    expect(destroy.operations.map((operation) => operation.kind)).toEqual(["delete", "delete", "delete", "delete", "delete"]);
    expect(stack.state.resources).toEqual([]);
  });
});
