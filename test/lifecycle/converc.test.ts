/**
 * examples/converc as a user runs it: preview, up, up again, a changed receiver URL (a replacement with new
 * secrets, since Converc cannot update), an out-of-band disable repaired by refresh + up, then destroy;
 * through the real host, against the Converc emulator.
 */
import { describe, expect, it } from "vitest";
import { CONVERC_DEFAULT_ORG, startConvercEmulator, type ConvercEmulator } from "../emulators/converc";
import { expectEchoed, expectNoLeaks, failAgainstEchoingVendor } from "./hygiene";
import type { Lifecycle, StepResult } from "./index";
import { convercCredentials, convercHeld, type SentinelCredentials } from "./sentinel-credentials";
import { markText, type TextMark } from "./sentinels";
import { useExampleStack } from "../support/lifecycle-fixtures";

let emulator: ConvercEmulator;
let stack: Lifecycle;
let credentials: SentinelCredentials;
/** Where the text after the failing paths starts: the destroy is checked from there. */
let mark: TextMark;
/** Every credential and secret of this run, for the leak checks. */
let sentinels: string[] = [];
const CALLS = "urn:pulumi:test::converc-webhooks::pulumi-nodejs:dynamic/converc:Webhook::crm-calls";
const ANALYTICS = "urn:pulumi:test::converc-webhooks::pulumi-nodejs:dynamic/converc:Webhook::analytics";
const RECEIVER = "https://crm.example.com/hooks/converc";

useExampleStack(
  { example: "examples/converc", start: startConvercEmulator, credentials: convercCredentials },
  (suite) => void ({ emulator, credentials, stack } = suite),
);

const writes = () => emulator.requests.filter((request) => request.method !== "GET");
const active = () => emulator.store.list(CONVERC_DEFAULT_ORG).filter((endpoint) => endpoint.isActive);
const kinds = (step: StepResult) =>
  Object.fromEntries(step.operations.map((operation) => [operation.urn, operation.kind]));

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
    expect(up.outputs.callsSigningSecret).toEqual({
      value: byUrl[RECEIVER]?.secret,
      known: true,
      secret: true,
    });
    expect(up.outputs.analyticsSigningSecret).toEqual({
      value: byUrl[`${RECEIVER}/analytics`]?.secret,
      known: true,
      secret: true,
    });
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
    expect(
      active()
        .map((endpoint) => endpoint.url)
        .sort(),
    ).toEqual(["https://crm.example.com/v2/converc", "https://crm.example.com/v2/converc/analytics"]);
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

  it("shows no credential and no signing secret (disabled endpoints' too) outside secret fields", () => {
    sentinels = [
      ...credentials.sentinels,
      ...emulator.store.list(CONVERC_DEFAULT_ORG).map((endpoint) => endpoint.secret),
    ];
    expectNoLeaks(stack, sentinels);
    for (const record of stack.state.resources) expect(record.secretKeys).toContain("secret");
  });

  it("and none when Converc fails echoing them", async () => {
    const echoed = await failAgainstEchoingVendor(stack, [
      {
        faults: emulator.faults,
        echo: { credentials: credentials.sentinels, objects: convercHeld(emulator) },
      },
    ]);
    // The refresh reads through one list (credentials only); the destroy's first delete names the endpoint made last.
    expectEchoed(echoed, sentinels, [
      ...credentials.sentinels,
      emulator.store.get(stack.state.get(ANALYTICS)!.id)!.secret,
    ]);
    mark = markText(stack);
    expectNoLeaks(stack, sentinels);
  });

  it("destroys by disabling every endpoint, leaking nothing on the way", async () => {
    const destroy = await stack.destroy();
    expect(kinds(destroy)).toEqual({ [CALLS]: "delete", [ANALYTICS]: "delete" });
    expect(active()).toEqual([]);
    expect(stack.state.resources).toEqual([]);
    expectNoLeaks(stack, sentinels, mark);
  });
});
