/**
 * webhooks:erzycall:Webhook through the `pulumi-resource-webhooks` plugin of the installed package, against the
 * Erzycall emulator: the calls the engine makes for preview, up, refresh, import and destroy.
 */
import { describe, expect, it } from "vitest";
import { ERZYCALL_DEFAULT_ORG, startErzycallEmulator, type ErzycallEmulator } from "../emulators/erzycall";
import {
  detailedDiff,
  HostCallError,
  nativeUrn,
  secretValue,
  type HostClient,
  type PropertyMap,
} from "../harness";
import { useNativeSuite, QUICK_RETRIES_NO_LIST_CACHE } from "../support/vendor-fixtures";

const URL_A = "https://hooks.example.com/erzycall/orders";
const URL_B = "https://hooks.example.com/erzycall/orders-v2";
const urn = nativeUrn("erzycall", "Webhook", "orders");

let emulator: ErzycallEmulator;
let host: HostClient;

useNativeSuite(
  {
    vendor: "erzycall",
    start: startErzycallEmulator,
    hostEnv: QUICK_RETRIES_NO_LIST_CACHE,
  },
  (suite) => void ({ emulator, host } = suite),
);

const writes = () =>
  emulator.requests
    .filter((request) => request.method !== "GET")
    .map((request) => [request.method, request.path, request.body]);
const stored = () => emulator.store.list(ERZYCALL_DEFAULT_ORG);
const declared: PropertyMap = { url: URL_A, events: ["call.started", "call.ended"], secretVersion: 1 };

describe("webhooks:erzycall:Webhook through the native plugin", () => {
  let id: string;
  let state: PropertyMap;
  let inputs: PropertyMap;

  it("checks without a request, normalizing as the dynamic resource does", async () => {
    const checked = await host.check(urn, {}, declared);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toEqual({
      url: URL_A,
      events: ["call.ended", "call.started"],
      active: true,
      secretVersion: "1",
    });
    inputs = checked.inputs;
    expect(emulator.requests).toEqual([]);
  });

  it("reports a misspelt input as a check failure naming it", async () => {
    const checked = await host.check(urn, {}, { ...declared, evnets: ["call.started"] });
    expect(checked.failures.map((failure) => failure.property)).toContain("evnets");
  });

  it("creates with an Idempotency-Key derived from the URN, the signing secret marked secret on the wire", async () => {
    const created = await host.create(urn, inputs);
    id = created.id;
    state = created.properties;
    const [endpoint] = stored();
    expect(stored()).toHaveLength(1);
    expect(id).toBe(endpoint?.id);
    expect(writes()).toEqual([
      ["POST", "/api/v1/webhooks", { url: URL_A, events: ["call.ended", "call.started"] }],
    ]);
    expect(emulator.requests[0]?.headers["idempotency-key"]).toMatch(/^pulumi-webhooks-[0-9a-f]{48}$/);
    expect(state.secret).toEqual(secretValue(endpoint?.secret));
    expect(state).toMatchObject({
      url: URL_A,
      events: ["call.ended", "call.started"],
      active: true,
      createdAt: endpoint?.createdAt,
    });
    expect(state).not.toHaveProperty("__provider");
    expect(state).not.toHaveProperty("__identity");
  });

  it("shows no diff for the same declaration", async () => {
    const again = (
      await host.check(urn, inputs, { ...declared, events: ["call.ended", "call.started", "call.started"] })
    ).inputs;
    expect(await detailedDiff(host, id, urn, state, again)).toMatchObject({
      changes: "none",
      detailed: {},
      hasDetailedDiff: true,
    });
  });

  it("diffs per property, and updates in place with a PATCH of what changed", async () => {
    emulator.clearRequests();
    const news = (await host.check(urn, inputs, { ...declared, url: URL_B, description: "orders" })).inputs;
    expect(await detailedDiff(host, id, urn, state, news)).toEqual({
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
      detailed: { url: "UPDATE", description: "ADD" },
      hasDetailedDiff: true,
    });
    state = (await host.update(id, urn, state, news)).properties;
    inputs = news;
    expect(writes()).toEqual([["PATCH", `/api/v1/webhooks/${id}`, { url: URL_B, description: "orders" }]]);
    expect(state).toMatchObject({
      url: URL_B,
      description: "orders",
      secret: secretValue(stored()[0]?.secret),
    });
  });

  it("refreshes drift from the dashboard, keeping the secret marked", async () => {
    emulator.store.update(id, { isActive: false });
    const refreshed = await host.read(id, urn, state, inputs);
    expect(refreshed.properties).toMatchObject({ active: false, secret: state.secret });
    expect(refreshed.inputs).toMatchObject({ active: false, url: URL_B });
    expect(await detailedDiff(host, id, urn, refreshed.properties, inputs)).toMatchObject({
      changes: "some",
      detailed: { active: "UPDATE" },
    });
    state = (await host.update(id, urn, refreshed.properties, inputs)).properties;
    expect(stored()[0]?.isActive).toBe(true);
  });

  it("imports from the id alone: outputs and the inputs that reproduce them, no write", async () => {
    emulator.clearRequests();
    const imported = await host.read(id, nativeUrn("erzycall", "Webhook", "imported"), {});
    expect(imported.id).toBe(id);
    expect(imported.properties).toMatchObject({
      url: URL_B,
      events: ["call.ended", "call.started"],
      description: "orders",
      active: true,
    });
    // The signing secret is not readable after create; an import cannot know it.
    expect(imported.properties).not.toHaveProperty("secret");
    expect(imported.inputs).toEqual({
      url: URL_B,
      events: ["call.ended", "call.started"],
      description: "orders",
      active: true,
    });
    expect(writes()).toEqual([]);
    const program = (
      await host.check(urn, imported.inputs ?? {}, {
        url: URL_B,
        events: ["call.started", "call.ended"],
        description: "orders",
      })
    ).inputs;
    expect((await detailedDiff(host, id, urn, imported.properties, program)).changes).toBe("none");
  });

  it("reads an unknown id as gone", async () => {
    expect((await host.read("wh_missing", urn, {})).id).toBe("");
  });

  it("deletes, and a repeated delete of the gone endpoint succeeds", async () => {
    await host.delete(id, urn, state);
    expect(stored()).toEqual([]);
    await host.delete(id, urn, state);
  });

  it("keeps an endpoint it could not finish creating as a partial failure, its secret marked", async () => {
    const halfMade = nativeUrn("erzycall", "Webhook", "half-made");
    emulator.faults.add({ kind: "status", status: 500, method: "PATCH", times: Infinity });
    const news = (await host.check(halfMade, {}, { ...declared, active: false })).inputs;
    const failure = await host.create(halfMade, news).catch((error: unknown) => error);
    emulator.faults.clear();
    expect(failure).toBeInstanceOf(HostCallError);
    const [endpoint] = stored();
    expect((failure as HostCallError).details).toMatch(/^Erzycall update webhook failed: HTTP 500/);
    expect((failure as HostCallError).initFailure).toMatchObject({
      id: endpoint?.id,
      properties: { url: URL_A, secret: secretValue(endpoint?.secret) },
    });
    await host.delete(endpoint!.id, halfMade, (failure as HostCallError).initFailure!.properties);
    expect(stored()).toEqual([]);
  });
});
