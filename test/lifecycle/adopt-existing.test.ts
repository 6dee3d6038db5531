/**
 * examples/adopt-existing as a user runs it: the program lists the endpoints that exist (erzycall.getWebhooks)
 * and takes over the one made in the dashboard for its receiver instead of creating a second; through the real
 * host, against the Erzycall emulator.
 */
import { describe, expect, it } from "vitest";
import {
  ERZYCALL_DEFAULT_ORG,
  startErzycallEmulator,
  type ErzycallEmulator,
  type StoredEndpoint,
} from "../emulators/erzycall";
import type { Lifecycle, StepResult } from "./index";
import { erzycallCredentials } from "./sentinel-credentials";
import { useExampleStack } from "../support/lifecycle-fixtures";

const CALLS = "urn:pulumi:test::adopt-existing-webhooks::pulumi-nodejs:dynamic/erzycall:Webhook::crm-calls";
const RECEIVER = "https://crm.example.com/hooks/erzycall";

let emulator: ErzycallEmulator;
let stack: Lifecycle;
let dashboard: StoredEndpoint;
let other: StoredEndpoint;

useExampleStack(
  {
    example: "examples/adopt-existing",
    start: startErzycallEmulator,
    credentials: erzycallCredentials,
    seed: (started) => {
      dashboard = started.store.insert(ERZYCALL_DEFAULT_ORG, {
        url: RECEIVER,
        events: ["call.ended"],
        description: "made in the dashboard",
      });
      other = started.store.insert(ERZYCALL_DEFAULT_ORG, {
        url: "https://other.example.com/x",
        events: ["contact.created"],
      });
    },
  },
  (suite) => void ({ emulator, stack } = suite),
);

const writes = () => emulator.requests.filter((request) => request.method !== "GET");
const kinds = (step: StepResult) =>
  Object.fromEntries(step.operations.map((operation) => [operation.urn, operation.kind]));

describe("examples/adopt-existing lifecycle", () => {
  it("lists what exists and takes over the dashboard endpoint for its receiver: no second endpoint", async () => {
    const up = await stack.up();
    expect(kinds(up)).toEqual({ [CALLS]: "create" });
    expect(stack.state.get(CALLS)?.id).toBe(dashboard.id);
    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      [
        "PATCH",
        `/api/v1/webhooks/${dashboard.id}`,
        { events: ["call.ended", "call.failed"], description: "CRM: call outcomes" },
      ],
    ]);
    expect(emulator.store.list(ERZYCALL_DEFAULT_ORG).map((endpoint) => endpoint.id)).toEqual([
      dashboard.id,
      other.id,
    ]);
    expect(up.outputs.adopted).toMatchObject({ value: dashboard.id, secret: false });
    expect(up.outputs.listed?.value).toEqual([
      { id: dashboard.id, url: RECEIVER, events: ["call.ended"], active: true },
      { id: other.id, url: "https://other.example.com/x", events: ["contact.created"], active: true },
    ]);
  });

  it("changes nothing on the next up", async () => {
    emulator.clearRequests();
    expect(kinds(await stack.up())).toEqual({ [CALLS]: "same" });
    expect(writes()).toEqual([]);
  });

  it("destroys the adopted endpoint and leaves the other alone", async () => {
    await stack.destroy();
    expect(emulator.store.list(ERZYCALL_DEFAULT_ORG).map((endpoint) => endpoint.id)).toEqual([other.id]);
  });
});
