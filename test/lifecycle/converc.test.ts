/**
 * examples/converc as a user runs it: preview, up, up again, a changed receiver URL (a replacement with new
 * secrets, since Converc cannot update), an out-of-band disable repaired by refresh + up, then destroy;
 * through the real host, against the Converc emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONVERC_DEFAULT_ORG, CONVERC_TEST_KEY, startConvercEmulator, type ConvercEmulator } from "../emulators/converc";
import { fixtureDir, secretArg } from "../harness";
import { Lifecycle, prepareProgram, type StepResult } from "./index";

let emulator: ConvercEmulator;
let stack: Lifecycle;
const CALLS = "urn:pulumi:test::converc-webhooks::pulumi-nodejs:dynamic/converc:Webhook::crm-calls";
const ANALYTICS = "urn:pulumi:test::converc-webhooks::pulumi-nodejs:dynamic/converc:Webhook::analytics";
const RECEIVER = "https://crm.example.com/hooks/converc";

beforeAll(async () => {
  emulator = await startConvercEmulator();
  stack = new Lifecycle({
    fixtureDir: fixtureDir(),
    program: prepareProgram(fixtureDir(), "examples/converc"),
    config: { "converc:apiKey": secretArg(CONVERC_TEST_KEY), "converc:baseUrl": emulator.url },
  });
});

afterAll(async () => {
  await emulator?.close();
});

const writes = () => emulator.requests.filter((request) => request.method !== "GET");
const active = () => emulator.store.list(CONVERC_DEFAULT_ORG).filter((endpoint) => endpoint.isActive);
const kinds = (step: StepResult) => Object.fromEntries(step.operations.map((operation) => [operation.urn, operation.kind]));

describe("examples/converc lifecycle", () => {
  it("previews two creates without a single request to Converc", async () => {
    const preview = await stack.preview();
    expect(kinds(preview)).toEqual({ [CALLS]: "create", [ANALYTICS]: "create" });
    expect(emulator.requests).toEqual([]);
  });

  it("creates both endpoints, verifies the one that asks, and exports the once-only secrets as secret outputs", async () => {
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [CALLS]: "create", [ANALYTICS]: "create" });
    const byUrl = Object.fromEntries(active().map((endpoint) => [endpoint.url, endpoint]));
    expect(byUrl[RECEIVER]).toMatchObject({ events: ["call.ended", "call.missed"] });
    expect(byUrl[`${RECEIVER}/analytics`]).toMatchObject({ events: [] });
    expect(emulator.deliveries.map((delivery) => delivery.url)).toEqual([RECEIVER]);
    expect(up.outputs.callsSigningSecret).toEqual({ value: byUrl[RECEIVER]?.secret, known: true, secret: true });
    expect(up.outputs.analyticsSigningSecret).toEqual({ value: byUrl[`${RECEIVER}/analytics`]?.secret, known: true, secret: true });
  });

  it("changes nothing on the next up", async () => {
    emulator.clearRequests();
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [CALLS]: "same", [ANALYTICS]: "same" });
    expect(writes()).toEqual([]);
  });

  it("replaces both endpoints when the receiver URL changes: new ids, new secrets, old ones disabled after", async () => {
    const before = { calls: stack.state.get(CALLS)!, analytics: stack.state.get(ANALYTICS)! };
    stack.config = { ...stack.config, "converc-webhooks:receiverUrl": "https://crm.example.com/v2/converc" };
    expect(kinds(await stack.preview())).toEqual({ [CALLS]: "replace", [ANALYTICS]: "replace" });
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [CALLS]: "replace", [ANALYTICS]: "replace" });

    const after = { calls: stack.state.get(CALLS)!, analytics: stack.state.get(ANALYTICS)! };
    expect(after.calls.id).not.toBe(before.calls.id);
    expect(after.calls.outputs.secret).not.toBe(before.calls.outputs.secret);
    expect(up.outputs.callsSigningSecret?.value).toBe(after.calls.outputs.secret);
    expect(active().map((endpoint) => endpoint.url).sort()).toEqual(["https://crm.example.com/v2/converc", "https://crm.example.com/v2/converc/analytics"]);
    expect(emulator.store.get(before.calls.id)?.isActive).toBe(false);
    expect(emulator.store.get(before.analytics.id)?.isActive).toBe(false);
  });

  it("drops an endpoint disabled outside Pulumi on refresh, and up recreates it", async () => {
    const analytics = stack.state.get(ANALYTICS)!;
    emulator.store.disable(analytics.id);
    const refresh = await stack.refresh();
    expect(kinds(refresh)).toEqual({ [CALLS]: "refresh-same", [ANALYTICS]: "refresh-gone" });
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [CALLS]: "same", [ANALYTICS]: "create" });
    expect(active()).toHaveLength(2);
    expect(stack.state.get(ANALYTICS)?.id).not.toBe(analytics.id);
  });

  it("keeps no credential and no signing secret in clear text in the saved state", () => {
    const saved = stack.state.saved();
    expect(saved).not.toContain(CONVERC_TEST_KEY);
    for (const endpoint of emulator.store.list(CONVERC_DEFAULT_ORG)) expect(saved).not.toContain(endpoint.secret);
    for (const record of stack.state.resources) expect(record.secretKeys).toContain("secret");
    expect(stack.printed).not.toContain(CONVERC_TEST_KEY);
  });

  it("destroys by disabling every endpoint", async () => {
    const destroy = await stack.destroy();
    expect(kinds(destroy)).toEqual({ [CALLS]: "delete", [ANALYTICS]: "delete" });
    expect(active()).toEqual([]);
    expect(stack.state.resources).toEqual([]);
  });
});
