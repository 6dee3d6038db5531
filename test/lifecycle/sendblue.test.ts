/**
 * examples/sendblue as a user runs it: preview, up, up again, a new secret (replaced in place, old entry first),
 * a new receiver URL (every entry replaced), drift and an out-of-band delete repaired by refresh + up, then destroy;
 * through the real host, against the Sendblue emulator, next to an entry the stack does not own.
 */
import { describe, expect, it } from "vitest";
import {
  SENDBLUE_DEFAULT_ACCOUNT as ACCOUNT,
  startSendblueEmulator,
  type SendblueEmulator,
} from "../emulators/sendblue";
import { secretArg } from "../harness";
import { expectEchoed, expectNoLeaks, failAgainstEchoingVendor } from "./hygiene";
import type { Lifecycle, StepResult } from "./index";
import { sendblueCredentials, sendblueHeld, type SentinelCredentials } from "./sentinel-credentials";
import { markText, sentinel, type TextMark } from "./sentinels";
import { useExampleStack } from "../support/lifecycle-fixtures";

let emulator: SendblueEmulator;
let stack: Lifecycle;
let credentials: SentinelCredentials;
/** Where the text after the failing paths starts: the destroy is checked from there. */
let mark: TextMark;
const sentinels = () => [...credentials.sentinels, SECRET_1, SECRET_2, EDITED];
const urn = (name: string) =>
  `urn:pulumi:test::sendblue-webhooks::pulumi-nodejs:dynamic/sendblue:Webhook::${name}`;
const INBOUND = urn("inbound");
const STATUS = urn("status");
const CONTACTS = urn("contacts");
const BASE = "https://api.example.com/hooks/sendblue";
const FOREIGN = "https://another-team.example.com/sendblue";
const SECRET_1 = sentinel("inbound-secret-first-");
const SECRET_2 = sentinel("inbound-secret-second-");
/** A secret set by hand in the dashboard: the provider reads it, and must not show it either. */
const EDITED = sentinel("edited-in-dashboard-");

useExampleStack(
  {
    example: "examples/sendblue",
    start: startSendblueEmulator,
    credentials: sendblueCredentials,
    config: { "sendblue-webhooks:inboundSecret": secretArg(SECRET_1) },
    seed: (started) => started.store.append(ACCOUNT, "receive", [FOREIGN]),
  },
  (suite) => void ({ emulator, credentials, stack } = suite),
);

const writes = () =>
  emulator.requests
    .filter((request) => request.method !== "GET")
    .map((request) => [request.method, request.body]);
const document = () => emulator.store.document(ACCOUNT);
const kinds = (step: StepResult) =>
  Object.fromEntries(step.operations.map((operation) => [operation.urn, operation.kind]));

describe("examples/sendblue lifecycle", () => {
  it("previews three creates without a single request to Sendblue", async () => {
    const preview = await stack.preview();
    expect(kinds(preview)).toEqual({ [INBOUND]: "create", [STATUS]: "create", [CONTACTS]: "create" });
    expect(emulator.requests).toEqual([]);
  });

  it("appends the three entries next to the foreign one, with the entry secret as a secret output", async () => {
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [INBOUND]: "create", [STATUS]: "create", [CONTACTS]: "create" });
    expect(document()).toMatchObject({
      receive: [FOREIGN, { url: `${BASE}/inbound`, secret: SECRET_1 }],
      outbound: [`${BASE}/status`],
      contact_created: [`${BASE}/contacts`],
    });
    expect(up.outputs.inboundSecret).toEqual({ value: SECRET_1, known: true, secret: true });
    expect(up.outputs.inboundId).toMatchObject({
      value: `receive/${encodeURIComponent(`${BASE}/inbound`)}`,
      secret: false,
    });
    expect(emulator.requests.map((request) => request.method)).not.toContain("PUT");
  });

  it("changes nothing on the next up", async () => {
    emulator.clearRequests();
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [INBOUND]: "same", [STATUS]: "same", [CONTACTS]: "same" });
    expect(writes()).toEqual([]);
  });

  it("replaces the inbound entry when its secret changes, deleting the old one first", async () => {
    stack.config = { ...stack.config, "sendblue-webhooks:inboundSecret": secretArg(SECRET_2) };
    emulator.clearRequests();
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [INBOUND]: "replace", [STATUS]: "same", [CONTACTS]: "same" });
    expect(writes()).toEqual([
      ["DELETE", { type: "receive", webhooks: [`${BASE}/inbound`] }],
      ["POST", { type: "receive", webhooks: [{ url: `${BASE}/inbound`, secret: SECRET_2 }] }],
    ]);
    expect(document().receive).toEqual([FOREIGN, { url: `${BASE}/inbound`, secret: SECRET_2 }]);
  });

  it("replaces every entry when the receiver URL changes, never touching the foreign one", async () => {
    stack.config = { ...stack.config, "sendblue-webhooks:receiverUrl": "https://v2.example.com/sendblue" };
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [INBOUND]: "replace", [STATUS]: "replace", [CONTACTS]: "replace" });
    expect(document()).toMatchObject({
      receive: [FOREIGN, { url: "https://v2.example.com/sendblue/inbound", secret: SECRET_2 }],
      outbound: ["https://v2.example.com/sendblue/status"],
      contact_created: ["https://v2.example.com/sendblue/contacts"],
    });
  });

  it("shows a secret changed in the dashboard as drift, and up puts the declared one back", async () => {
    emulator.store.remove(ACCOUNT, "receive", ["https://v2.example.com/sendblue/inbound"]);
    emulator.store.append(ACCOUNT, "receive", [
      { url: "https://v2.example.com/sendblue/inbound", secret: EDITED },
    ]);
    const refresh = await stack.refresh();
    expect(kinds(refresh)).toEqual({
      [INBOUND]: "refresh-drift",
      [STATUS]: "refresh-same",
      [CONTACTS]: "refresh-same",
    });
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [INBOUND]: "replace", [STATUS]: "same", [CONTACTS]: "same" });
    expect(document().receive).toEqual([
      FOREIGN,
      { url: "https://v2.example.com/sendblue/inbound", secret: SECRET_2 },
    ]);
  });

  it("drops an entry deleted outside Pulumi on refresh, and up adds it again", async () => {
    emulator.store.remove(ACCOUNT, "outbound", ["https://v2.example.com/sendblue/status"]);
    const refresh = await stack.refresh();
    expect(kinds(refresh)).toEqual({
      [INBOUND]: "refresh-same",
      [STATUS]: "refresh-gone",
      [CONTACTS]: "refresh-same",
    });
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [INBOUND]: "same", [STATUS]: "create", [CONTACTS]: "same" });
    expect(document().outbound).toEqual(["https://v2.example.com/sendblue/status"]);
  });

  it("shows no credential and no entry secret outside secret fields", () => {
    expectNoLeaks(stack, sentinels());
    expect(stack.state.get(INBOUND)?.secretKeys).toContain("secret");
  });

  it("and none when Sendblue fails echoing them", async () => {
    const echoed = await failAgainstEchoingVendor(stack, [
      {
        faults: emulator.faults,
        echo: { credentials: credentials.sentinels, objects: sendblueHeld(emulator) },
      },
    ]);
    // Every read is one GET of the account document (credentials only), and the destroy's first delete names the
    // contacts entry, which has no secret: a real vendor has no way to echo an entry secret here.
    expectEchoed(echoed, sentinels(), credentials.sentinels);
    mark = markText(stack);
    expectNoLeaks(stack, sentinels());
  });

  it("destroys its entries and leaves the foreign one, leaking nothing on the way", async () => {
    const destroy = await stack.destroy();
    expect(kinds(destroy)).toEqual({ [INBOUND]: "delete", [STATUS]: "delete", [CONTACTS]: "delete" });
    expect(document()).toMatchObject({ receive: [FOREIGN], outbound: [], contact_created: [] });
    expectNoLeaks(stack, sentinels(), mark);
  });
});
