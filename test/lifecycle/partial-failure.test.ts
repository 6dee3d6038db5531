/**
 * A partial failure as the engine carries it: the half-made resource stays in state, and the next `up` updates it
 * even though Diff finds nothing to change, so the provider can finish it (here: a Sendblue entry whose write
 * landed but whose read-back failed).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SENDBLUE_DEFAULT_ACCOUNT as ACCOUNT, startSendblueEmulator, type SendblueEmulator } from "../emulators/sendblue";
import { fixtureDir, secretArg } from "../harness";
import { Lifecycle, prepareProgram } from "./index";
import { sendblueCredentials } from "./sentinel-credentials";
import { sentinel } from "./sentinels";

let emulator: SendblueEmulator;
let stack: Lifecycle;

beforeAll(async () => {
  emulator = await startSendblueEmulator();
  stack = new Lifecycle({
    fixtureDir: fixtureDir(),
    program: prepareProgram(fixtureDir(), "examples/sendblue"),
    config: { ...sendblueCredentials(emulator).config, "sendblue-webhooks:inboundSecret": secretArg(sentinel("inbound-secret-")) },
  });
});

afterAll(async () => {
  await emulator?.close();
});

describe("a partial failure through the lifecycle runner", () => {
  it("keeps the entry whose read-back failed, then updates it on the next up although nothing changed", async () => {
    // The first write lands; the read that would confirm it gets a 500 (not retried).
    const stop = emulator.onWrite(() => {
      stop();
      emulator.faults.add({ kind: "status", status: 500, method: "GET" });
    });
    await expect(stack.up()).rejects.toThrow(/get webhooks failed: HTTP 500/);
    const half = stack.state.resources.filter((record) => record.initErrors);
    expect(half).toHaveLength(1);

    emulator.clearRequests();
    const up = await stack.up();
    expect(up.operations.find((operation) => operation.urn === half[0]!.urn)?.kind).toBe("update");
    expect(stack.state.get(half[0]!.urn)?.initErrors).toBeUndefined();
    // The update confirmed the entry by reading; it did not add it twice.
    const url = decodeURIComponent(half[0]!.id.split("/").slice(1).join("/"));
    expect(emulator.store.urls(ACCOUNT, half[0]!.id.split("/")[0] as "receive").filter((candidate) => candidate === url)).toHaveLength(1);

    expect((await stack.up()).operations.map((operation) => operation.kind)).toEqual(["same", "same", "same"]);
    await stack.destroy();
  });
});
