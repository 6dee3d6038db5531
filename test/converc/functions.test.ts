import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import * as converc from "../../sdk/converc";
import { CONVERC_DEFAULT_ORG, startConvercEmulator, type ConvercEmulator } from "../emulators/converc";
import { failure } from "../support/failure";
import { settled } from "../support/output";
import { useEmulatorInEnvironment } from "../support/vendor-fixtures";

// The SDK's functions run in the program, not the provider host: called here directly, credentials from the environment.
let emulator: ConvercEmulator;
const URL_A = "https://hooks.example.com/converc/a";
const calls = () =>
  emulator.requests.map(
    (request) =>
      `${request.method} ${request.path}${Object.keys(request.query).length ? `?${new URLSearchParams(request.query)}` : ""}`,
  );

useEmulatorInEnvironment("converc", startConvercEmulator, (started) => (emulator = started));

describe("converc.getWebhooks", () => {
  it("lists every endpoint, disabled ones included, in the resource's output shape, with no secret", async () => {
    const all = emulator.store.insert(CONVERC_DEFAULT_ORG, { url: URL_A });
    const some = emulator.store.insert(CONVERC_DEFAULT_ORG, {
      url: URL_A,
      events: ["call.missed", "call.ended"],
    });
    emulator.store.disable(some.id);
    const listed = await converc.getWebhooks();
    expect(listed).toEqual([
      {
        id: all.id,
        url: URL_A,
        events: [],
        active: true,
        createdAt: all.createdAt,
        updatedAt: all.updatedAt,
      },
      {
        id: some.id,
        url: URL_A,
        events: ["call.ended", "call.missed"],
        active: false,
        createdAt: some.createdAt,
        updatedAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(all.secret);
    expect((await settled(converc.getWebhooksOutput())).value).toEqual(listed);
  });
});

describe("converc.sendTestEvent", () => {
  it("sends webhook.test to the endpoint and returns what the receiver did", async () => {
    const endpoint = emulator.store.insert(CONVERC_DEFAULT_ORG, { url: URL_A });
    expect(await converc.sendTestEvent({ webhookId: endpoint.id })).toEqual({ ok: true, status: 200 });
    expect(emulator.requests.map((request) => [request.method, request.path, request.body])).toEqual([
      ["POST", "/integrations/webhooks/test", { webhookId: endpoint.id }],
    ]);
    emulator.setReceiver(URL_A, { error: "connect ECONNREFUSED 10.0.0.1:443" });
    expect(await converc.sendTestEvent({ webhookId: endpoint.id })).toEqual({
      ok: false,
      error: expect.stringContaining("ECONNREFUSED"),
    });
    expect(emulator.deliveries.map((delivery) => delivery.envelope.type)).toEqual([
      "webhook.test",
      "webhook.test",
    ]);
  });

  it("takes an Output id in its Output form", async () => {
    const endpoint = emulator.store.insert(CONVERC_DEFAULT_ORG, { url: URL_A });
    emulator.setReceiver(URL_A, { status: 503 });
    expect(
      (await settled(converc.sendTestEventOutput({ webhookId: pulumi.output(endpoint.id) }))).value,
    ).toMatchObject({ ok: false, status: 503 });
  });

  it("says an unknown endpoint is not found", async () => {
    expect(
      (await failure(converc.sendTestEvent({ webhookId: "3f1c2b8e-0000-4000-8000-000000000009" }))).message,
    ).toMatch(/^Converc send test event failed: HTTP 404/);
  });
});

describe("converc.getRecentEvents", () => {
  it("asks /webhooks/events with the documented eventType and display, and returns the envelopes", async () => {
    const endpoint = emulator.store.insert(CONVERC_DEFAULT_ORG, { url: URL_A });
    await converc.sendTestEvent({ webhookId: endpoint.id });
    await converc.sendTestEvent({ webhookId: endpoint.id });
    emulator.clearRequests();
    const events = await converc.getRecentEvents({ eventType: "webhook.test", display: 1 });
    expect(calls()).toEqual(["GET /webhooks/events?eventType=webhook.test&display=1"]);
    expect(events).toEqual([
      {
        id: emulator.deliveries[1]!.envelope.id,
        type: "webhook.test",
        createdAt: expect.any(String),
        organizationId: CONVERC_DEFAULT_ORG,
        data: {},
      },
    ]);
    const output = await settled(converc.getRecentEventsOutput({ eventType: pulumi.output("call.ended") }));
    expect(output.value).toEqual([]);
    expect(calls().at(-1)).toBe("GET /webhooks/events?eventType=call.ended");
  });

  it.each([
    [
      { eventType: "call.endded" },
      'Converc list recent events failed: eventType: unknown event "call.endded"; Converc\'s event types are ' +
        "call.accepted, call.canceled, call.ended, call.missed, call.recording_ready, call.requested, " +
        "call.transcript_ready, webhook.test",
    ],
    [
      { eventType: "call.ended", display: 0 },
      "Converc list recent events failed: display: must be a whole number of events, at least 1 (got 0)",
    ],
    [
      { eventType: "call.ended", display: 2.5 },
      "Converc list recent events failed: display: must be a whole number of events, at least 1 (got 2.5)",
    ],
  ])("names a mistaken argument before any request: %j", async (args, message) => {
    emulator.clearRequests();
    await expect(converc.getRecentEvents(args)).rejects.toThrow(message);
    expect(calls()).toEqual([]);
  });
});
