/**
 * examples/convirza as a user runs it: preview, up, up again, a changed input, drift and an out-of-band delete
 * repaired by refresh + up, then destroy; through the real host, against the Convirza emulator.
 */
import { describe, expect, it } from "vitest";
import { startConvirzaEmulator, type ConvirzaEmulator } from "../emulators/convirza";
import { secretArg } from "../harness";
import { expectEchoed, expectNoLeaks, failAgainstEchoingVendor } from "./hygiene";
import type { Lifecycle, StepResult } from "./index";
import { convirzaCredentials, convirzaHeld, type SentinelCredentials } from "./sentinel-credentials";
import { markText, sentinel, type TextMark } from "./sentinels";
import { useExampleStack } from "../support/lifecycle-fixtures";

/** A secret static parameter (the receiver's own key), passed with `config --secret`. */
const CRM_KEY = sentinel("crm-receiver-key-");
let emulator: ConvirzaEmulator;
let stack: Lifecycle;
let credentials: SentinelCredentials;
/** Where the text after the failing paths starts: the destroy is checked from there. */
let mark: TextMark;
const CALLS = "urn:pulumi:test::convirza-webhooks::pulumi-nodejs:dynamic/convirza:Webhook::crm-calls";
const QA = "urn:pulumi:test::convirza-webhooks::pulumi-nodejs:dynamic/convirza:Webhook::qa-feed";

useExampleStack(
  {
    example: "examples/convirza",
    start: startConvirzaEmulator,
    credentials: convirzaCredentials,
    config: { "convirza-webhooks:crmApiKey": secretArg(CRM_KEY) },
  },
  (suite) => void ({ emulator, credentials, stack } = suite),
);

const writes = () => emulator.requests.filter((request) => request.method !== "GET");
const live = () => emulator.store.list().filter((webhook) => webhook.webhook_status !== "deleted");
const byName = (name: string) => live().find((webhook) => webhook.webhook_name === name);
const kinds = (step: StepResult) =>
  Object.fromEntries(step.operations.map((operation) => [operation.urn, operation.kind]));

describe("examples/convirza lifecycle", () => {
  it("previews two creates without a single request to Convirza", async () => {
    const preview = await stack.preview();
    expect(kinds(preview)).toEqual({ [CALLS]: "create", [QA]: "create" });
    expect(emulator.requests).toEqual([]);
  });

  it("creates both webhooks, the paused one inactive, with the secret parameter kept secret", async () => {
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [CALLS]: "create", [QA]: "create" });
    expect(byName("CRM call sync")).toMatchObject({
      webhook_endpoint: "https://crm.example.com/hooks/convirza",
      format: "JSON",
      include_indicator_scores: true,
      include_dni_logs: true,
      webhook_status: "active",
      static_parameters: [
        { field_name: "api_key", field_value: CRM_KEY },
        { field_name: "source", field_value: "crm-sync" },
      ],
    });
    expect(byName("QA scoring feed")).toMatchObject({
      format: "XML_CQM",
      method: "PUT",
      webhook_status: "inactive",
    });
    expect(up.outputs.callsStaticParameters).toEqual({
      value: { api_key: CRM_KEY, source: "crm-sync" },
      known: true,
      secret: true,
    });
    expect(up.outputs.callsWebhookId).toMatchObject({ value: stack.state.get(CALLS)?.id, secret: false });
  });

  it("changes nothing on the next up", async () => {
    emulator.clearRequests();
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [CALLS]: "same", [QA]: "same" });
    expect(writes()).toEqual([]);
  });

  it("updates both webhooks in place when the receiver URL changes", async () => {
    stack.config = {
      ...stack.config,
      "convirza-webhooks:receiverUrl": "https://crm.example.com/v2/convirza",
    };
    expect(kinds(await stack.preview())).toEqual({ [CALLS]: "update", [QA]: "update" });
    emulator.clearRequests();
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [CALLS]: "update", [QA]: "update" });
    const patches = writes().map((request) => [request.method, request.body]);
    expect(patches).toHaveLength(2);
    expect(patches).toEqual(
      expect.arrayContaining([
        ["PATCH", { webhook_endpoint: "https://crm.example.com/v2/convirza" }],
        ["PATCH", { webhook_endpoint: "https://crm.example.com/v2/convirza/qa" }],
      ]),
    );
  });

  it("shows an edit made in Convirza as drift on refresh, and up restores the declared webhook", async () => {
    const calls = stack.state.get(CALLS)!;
    emulator.store.update(Number(calls.id), { include_dni_logs: false, webhook_status: "inactive" });
    const refresh = await stack.refresh();
    expect(kinds(refresh)).toEqual({ [CALLS]: "refresh-drift", [QA]: "refresh-same" });
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [CALLS]: "update", [QA]: "same" });
    expect(emulator.store.get(Number(calls.id))).toMatchObject({
      include_dni_logs: true,
      webhook_status: "active",
    });
  });

  it("drops a webhook deleted outside Pulumi on refresh, and up recreates it", async () => {
    const qa = stack.state.get(QA)!;
    emulator.store.delete(Number(qa.id));
    const refresh = await stack.refresh();
    expect(kinds(refresh)).toEqual({ [CALLS]: "refresh-same", [QA]: "refresh-gone" });
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [CALLS]: "same", [QA]: "create" });
    expect(live()).toHaveLength(2);
    expect(stack.state.get(QA)?.id).not.toBe(qa.id);
  });

  it("shows no token and no secret parameter value outside secret fields", () => {
    expectNoLeaks(stack, [...credentials.sentinels, CRM_KEY]);
    expect(stack.state.get(CALLS)?.secretKeys).toContain("staticParameters");
  });

  it("and none when Convirza fails echoing them", async () => {
    const echoed = await failAgainstEchoingVendor(stack, [
      {
        faults: emulator.faults,
        echo: { credentials: credentials.sentinels, objects: convirzaHeld(emulator) },
      },
    ]);
    // The refresh reads through one list and the destroy's first delete names the QA webhook, which holds no secret
    // parameter: a real vendor has no way to echo CRM_KEY here.
    expectEchoed(echoed, [...credentials.sentinels, CRM_KEY], credentials.sentinels);
    mark = markText(stack);
    expectNoLeaks(stack, [...credentials.sentinels, CRM_KEY]);
  });

  it("destroys every webhook, leaking nothing on the way", async () => {
    const destroy = await stack.destroy();
    expect(kinds(destroy)).toEqual({ [CALLS]: "delete", [QA]: "delete" });
    expect(live()).toEqual([]);
    expect(stack.state.resources).toEqual([]);
    expectNoLeaks(stack, [...credentials.sentinels, CRM_KEY], mark);
  });
});
