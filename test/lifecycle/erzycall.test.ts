/**
 * examples/erzycall as a user runs it: preview, up, up again, a changed input, drift and an out-of-band delete
 * repaired by refresh + up, then destroy; through the real host, against the Erzycall emulator.
 */
import { describe, expect, it } from "vitest";
import { ERZYCALL_DEFAULT_ORG, startErzycallEmulator, type ErzycallEmulator } from "../emulators/erzycall";
import { expectEchoed, expectNoLeaks, failAgainstEchoingVendor } from "./hygiene";
import type { Lifecycle, StepResult } from "./index";
import { erzycallCredentials, erzycallHeld, type SentinelCredentials } from "./sentinel-credentials";
import { markText, type TextMark } from "./sentinels";
import { useExampleStack } from "../support/lifecycle-fixtures";

let emulator: ErzycallEmulator;
let stack: Lifecycle;
let credentials: SentinelCredentials;
/** Where the text after the failing paths starts: the destroy is checked from there. */
let mark: TextMark;
/** Every credential and secret of this run, for the leak checks. */
let sentinels: string[] = [];
const CALLS = "urn:pulumi:test::erzycall-webhooks::pulumi-nodejs:dynamic/erzycall:Webhook::crm-calls";
const CONTACTS = "urn:pulumi:test::erzycall-webhooks::pulumi-nodejs:dynamic/erzycall:Webhook::crm-contacts";

useExampleStack(
  { example: "examples/erzycall", start: startErzycallEmulator, credentials: erzycallCredentials },
  (suite) => void ({ emulator, credentials, stack } = suite),
);

const writes = () => emulator.requests.filter((request) => request.method !== "GET");
const stored = () => emulator.store.list(ERZYCALL_DEFAULT_ORG);
const kinds = (step: StepResult) =>
  Object.fromEntries(step.operations.map((operation) => [operation.urn, operation.kind]));

describe("examples/erzycall lifecycle", () => {
  it("previews two creates without a single request to Erzycall", async () => {
    const preview = await stack.preview();
    expect(kinds(preview)).toEqual({ [CALLS]: "create", [CONTACTS]: "create" });
    expect(emulator.requests).toEqual([]);
    expect(stack.state.resources).toEqual([]);
  });

  it("creates both endpoints, the paused one inactive, with the signing secrets as secret stack outputs", async () => {
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [CALLS]: "create", [CONTACTS]: "create" });
    const byUrl = Object.fromEntries(stored().map((endpoint) => [endpoint.url, endpoint]));
    expect(byUrl["https://crm.example.com/hooks/erzycall"]).toMatchObject({
      isActive: true,
      events: ["call.cancelled", "call.ended", "call.failed"],
    });
    expect(byUrl["https://crm.example.com/hooks/erzycall/contacts"]).toMatchObject({ isActive: false });
    expect(up.outputs.callsSigningSecret).toEqual({
      value: byUrl["https://crm.example.com/hooks/erzycall"]?.secret,
      known: true,
      secret: true,
    });
    expect(up.outputs.callsWebhookId).toMatchObject({ value: stack.state.get(CALLS)?.id, secret: false });
  });

  it("changes nothing on the next up", async () => {
    emulator.clearRequests();
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [CALLS]: "same", [CONTACTS]: "same" });
    expect(writes()).toEqual([]);
  });

  it("updates both endpoints in place when the receiver URL changes", async () => {
    stack.config = {
      ...stack.config,
      "erzycall-webhooks:receiverUrl": "https://crm.example.com/v2/erzycall",
    };
    const preview = await stack.preview();
    expect(kinds(preview)).toEqual({ [CALLS]: "update", [CONTACTS]: "update" });
    emulator.clearRequests();
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [CALLS]: "update", [CONTACTS]: "update" });
    expect(writes().map((request) => [request.method, request.body])).toEqual([
      [
        "PATCH",
        expect.objectContaining({ url: expect.stringMatching(/^https:\/\/crm\.example\.com\/v2\/erzycall/) }),
      ],
      [
        "PATCH",
        expect.objectContaining({ url: expect.stringMatching(/^https:\/\/crm\.example\.com\/v2\/erzycall/) }),
      ],
    ]);
    expect(
      stored()
        .map((endpoint) => endpoint.url)
        .sort(),
    ).toEqual(["https://crm.example.com/v2/erzycall", "https://crm.example.com/v2/erzycall/contacts"]);
  });

  it("shows a dashboard edit as drift on refresh, and up restores the declared events", async () => {
    const calls = stack.state.get(CALLS)!;
    emulator.store.update(calls.id, { events: ["call.ended"] });
    const refresh = await stack.refresh();
    expect(kinds(refresh)).toEqual({ [CALLS]: "refresh-drift", [CONTACTS]: "refresh-same" });
    expect(stack.state.get(CALLS)?.outputs.events).toEqual(["call.ended"]);
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [CALLS]: "update", [CONTACTS]: "same" });
    expect(emulator.store.get(calls.id)?.events).toEqual(["call.cancelled", "call.ended", "call.failed"]);
  });

  it("drops an endpoint deleted outside Pulumi on refresh, and up recreates it", async () => {
    const contacts = stack.state.get(CONTACTS)!;
    emulator.store.delete(contacts.id);
    const refresh = await stack.refresh();
    expect(kinds(refresh)).toEqual({ [CALLS]: "refresh-same", [CONTACTS]: "refresh-gone" });
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [CALLS]: "same", [CONTACTS]: "create" });
    expect(stored()).toHaveLength(2);
    expect(stack.state.get(CONTACTS)?.id).not.toBe(contacts.id);
  });

  it("shows no credential and no signing secret anywhere outside secret fields", () => {
    sentinels = [...credentials.sentinels, ...stored().map((endpoint) => endpoint.secret)];
    expectNoLeaks(stack, sentinels);
    for (const record of stack.state.resources) expect(record.secretKeys).toContain("secret");
  });

  it("and none when Erzycall fails echoing them", async () => {
    const echoed = await failAgainstEchoingVendor(stack, [
      {
        faults: emulator.faults,
        echo: { credentials: credentials.sentinels, objects: erzycallHeld(emulator) },
      },
    ]);
    // The refresh reads through one list (credentials only); the destroy's first delete names the endpoint made last.
    expectEchoed(echoed, sentinels, [
      ...credentials.sentinels,
      emulator.store.get(stack.state.get(CONTACTS)!.id)!.secret,
    ]);
    mark = markText(stack);
    expectNoLeaks(stack, sentinels);
  });

  it("destroys every endpoint, leaking nothing on the way", async () => {
    const destroy = await stack.destroy();
    expect(kinds(destroy)).toEqual({ [CALLS]: "delete", [CONTACTS]: "delete" });
    expect(stored()).toEqual([]);
    expect(stack.state.resources).toEqual([]);
    expectNoLeaks(stack, sentinels, mark);
  });
});
