/**
 * examples/conversant as a user runs it: preview, up, up again, a changed input, an auto-disabled hook and an
 * out-of-band delete repaired by refresh + up, then destroy; through the real host, against the Conversant emulator.
 */
import { describe, expect, it } from "vitest";
import {
  CONVERSANT_TEST_ACCOUNT as ACCOUNT,
  startConversantEmulator,
  type ConversantEmulator,
} from "../emulators/conversant";
import { expectEchoed, expectNoLeaks, failAgainstEchoingVendor } from "./hygiene";
import type { Lifecycle, StepResult } from "./index";
import { conversantCredentials, type SentinelCredentials } from "./sentinel-credentials";
import { markText, type TextMark } from "./sentinels";
import { useExampleStack } from "../support/lifecycle-fixtures";

let emulator: ConversantEmulator;
let stack: Lifecycle;
let credentials: SentinelCredentials;
/** Where the text after the failing paths starts: the destroy is checked from there. */
let mark: TextMark;
const urnOf = (name: string) =>
  `urn:pulumi:test::conversant-webhooks::pulumi-nodejs:dynamic/conversant:Webhook::${name}`;
const HANGUPS = urnOf("hangups");
const VOICEMAILS = urnOf("voicemails");
const DEVICES = urnOf("devices");

useExampleStack(
  { example: "examples/conversant", start: startConversantEmulator, credentials: conversantCredentials },
  (suite) => void ({ emulator, credentials, stack } = suite),
);

const writes = () => emulator.requests.filter((request) => request.method !== "GET");
const live = () => emulator.store.list(ACCOUNT);
const kinds = (step: StepResult) =>
  Object.fromEntries(step.operations.map((operation) => [operation.urn, operation.kind]));
const all = (kind: string) => ({ [HANGUPS]: kind, [VOICEMAILS]: kind, [DEVICES]: kind });

describe("examples/conversant lifecycle", () => {
  it("previews three creates without a single request to Conversant", async () => {
    expect(kinds(await stack.preview())).toEqual(all("create"));
    expect(emulator.requests).toEqual([]);
  });

  it("creates the three hooks as declared, the paused one disabled, and reads their delivery attempts", async () => {
    const up = await stack.up();
    expect(kinds(up)).toEqual(all("create"));
    const hangups = emulator.store.get(stack.state.get(HANGUPS)!.id)!;
    expect(hangups.doc).toMatchObject({
      name: "CRM hangups",
      uri: "https://crm.example.com/hooks/conversant",
      hook: "channel_destroy",
      format: "json",
      retries: 3,
      custom_data: { source: "pulumi" },
      enabled: true,
    });
    expect(emulator.store.get(stack.state.get(VOICEMAILS)!.id)?.doc).toMatchObject({
      hook: "notifications",
      custom_data: { type: "voicemail_new" },
    });
    expect(emulator.store.get(stack.state.get(DEVICES)!.id)?.doc).toMatchObject({
      hook: "object",
      custom_data: { type: "device", action: "all" },
      enabled: false,
    });
    expect(up.outputs.hangupsWebhookId).toMatchObject({ value: hangups.id, secret: false });
    expect(up.outputs.hangupsRecentFailures).toMatchObject({ value: 0, known: true });
  });

  it("changes nothing on the next up", async () => {
    emulator.clearRequests();
    expect(kinds(await stack.up())).toEqual(all("same"));
    expect(writes()).toEqual([]);
  });

  it("updates every hook in place when the receiver URL changes", async () => {
    stack.config = {
      ...stack.config,
      "conversant-webhooks:receiverUrl": "https://crm.example.com/v2/conversant",
    };
    expect(kinds(await stack.preview())).toEqual(all("update"));
    emulator.clearRequests();
    expect(kinds(await stack.up())).toEqual(all("update"));
    expect(writes().map((request) => request.method)).toEqual(["POST", "POST", "POST"]);
    expect(
      live()
        .map((hook) => hook.doc.uri)
        .sort(),
    ).toEqual([
      "https://crm.example.com/v2/conversant",
      "https://crm.example.com/v2/conversant/devices",
      "https://crm.example.com/v2/conversant/voicemail",
    ]);
  });

  it("refreshes an auto-disabled hook as drift with its reason, and up re-enables it", async () => {
    const id = stack.state.get(HANGUPS)!.id;
    emulator.store.autoDisable(id);
    const refresh = await stack.refresh();
    expect(kinds(refresh)).toEqual({
      [HANGUPS]: "refresh-drift",
      [VOICEMAILS]: "refresh-same",
      [DEVICES]: "refresh-same",
    });
    expect(stack.state.get(HANGUPS)?.outputs).toMatchObject({
      enabled: false,
      disableReason: "too many failed attempts",
    });
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [HANGUPS]: "update", [VOICEMAILS]: "same", [DEVICES]: "same" });
    expect(emulator.store.get(id)).toMatchObject({ disabledMessage: undefined, doc: { enabled: true } });
    expect(stack.state.get(HANGUPS)?.outputs).not.toHaveProperty("disableReason");
    expect(up.outputs.hangupsRecentFailures).toMatchObject({ value: 6 });
  });

  it("drops a hook deleted outside Pulumi on refresh, and up recreates it", async () => {
    const old = stack.state.get(VOICEMAILS)!.id;
    emulator.store.softDelete(old);
    expect(kinds(await stack.refresh())).toEqual({
      [HANGUPS]: "refresh-same",
      [VOICEMAILS]: "refresh-gone",
      [DEVICES]: "refresh-same",
    });
    expect(kinds(await stack.up())).toEqual({ [HANGUPS]: "same", [VOICEMAILS]: "create", [DEVICES]: "same" });
    expect(live()).toHaveLength(3);
    expect(stack.state.get(VOICEMAILS)?.id).not.toBe(old);
  });

  it("shows the token nowhere outside secret fields", () => {
    expectNoLeaks(stack, credentials.sentinels);
  });

  it("and none when Conversant fails echoing it", async () => {
    const echoed = await failAgainstEchoingVendor(stack, [
      { faults: emulator.faults, echo: { credentials: credentials.sentinels } },
    ]);
    expectEchoed(echoed, credentials.sentinels, credentials.sentinels);
    mark = markText(stack);
    expectNoLeaks(stack, credentials.sentinels);
  });

  it("destroys every hook, leaking nothing on the way", async () => {
    expect(kinds(await stack.destroy())).toEqual(all("delete"));
    expect(live()).toEqual([]);
    expect(stack.state.resources).toEqual([]);
    expectNoLeaks(stack, credentials.sentinels, mark);
  });
});
