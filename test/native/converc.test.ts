/**
 * webhooks:converc:Webhook through the native plugin against the Converc emulator: Converc cannot update an
 * endpoint, so a url or events change is a replacement the detailed diff names; import reads the endpoint alone.
 */
import { describe, expect, it } from "vitest";
import { CONVERC_DEFAULT_ORG, startConvercEmulator, type ConvercEmulator } from "../emulators/converc";
import { detailedDiff, nativeUrn, secretValue, type HostClient, type PropertyMap } from "../harness";
import { useNativeSuite, QUICK_RETRIES_NO_LIST_CACHE } from "../support/vendor-fixtures";

const URL_A = "https://hooks.example.com/converc/calls";
const URL_B = "https://hooks.example.com/converc/calls-v2";
const urn = nativeUrn("converc", "Webhook", "calls");

let emulator: ConvercEmulator;
let host: HostClient;

useNativeSuite(
  {
    vendor: "converc",
    start: startConvercEmulator,
    hostEnv: QUICK_RETRIES_NO_LIST_CACHE,
  },
  (suite) => void ({ emulator, host } = suite),
);

const writes = () =>
  emulator.requests
    .filter((request) => request.method !== "GET")
    .map((request) => [request.method, request.path, request.body]);
const active = () => emulator.store.list(CONVERC_DEFAULT_ORG).filter((endpoint) => endpoint.isActive);

describe("webhooks:converc:Webhook through the native plugin", () => {
  let id: string;
  let state: PropertyMap;
  let inputs: PropertyMap;

  it("creates the endpoint; the once-only signing secret is marked secret", async () => {
    inputs = (await host.check(urn, {}, { url: URL_A, events: ["call.missed", "call.ended"] })).inputs;
    expect(inputs).toEqual({ url: URL_A, events: ["call.ended", "call.missed"], verifyDelivery: false });
    const created = await host.create(urn, inputs);
    id = created.id;
    state = created.properties;
    const [endpoint] = active();
    expect(id).toBe(endpoint?.id);
    expect(writes()).toEqual([
      ["POST", "/integrations/webhooks", { url: URL_A, events: ["call.ended", "call.missed"] }],
    ]);
    expect(state.secret).toEqual(secretValue(endpoint?.secret));
    expect(state).toMatchObject({ url: URL_A, active: true, createdAt: endpoint?.createdAt });
  });

  it("names a url change as a replacement, and leaves out verifyDelivery, which only matters on create", async () => {
    const news = (
      await host.check(urn, inputs, {
        url: URL_B,
        events: ["call.ended", "call.missed"],
        verifyDelivery: true,
      })
    ).inputs;
    expect(await detailedDiff(host, id, urn, state, news)).toEqual({
      changes: "some",
      replaces: ["url"],
      deleteBeforeReplace: false,
      detailed: { url: "UPDATE_REPLACE" },
      hasDetailedDiff: true,
    });
  });

  it("imports from the id alone, without the secret Converc never returns again, and without a write", async () => {
    emulator.clearRequests();
    const imported = await host.read(id, nativeUrn("converc", "Webhook", "imported"), {});
    expect(imported.id).toBe(id);
    expect(imported.properties).toMatchObject({
      url: URL_A,
      events: ["call.ended", "call.missed"],
      active: true,
    });
    expect(imported.properties).not.toHaveProperty("secret");
    expect(imported.inputs).toMatchObject({ url: URL_A, events: ["call.ended", "call.missed"] });
    expect(writes()).toEqual([]);
    const program = (
      await host.check(urn, imported.inputs ?? {}, { url: URL_A, events: ["call.missed", "call.ended"] })
    ).inputs;
    expect((await detailedDiff(host, id, urn, imported.properties, program)).changes).toBe("none");
  });

  it("deletes (Converc disables) and refresh then reads it as gone", async () => {
    await host.delete(id, urn, state);
    expect(active()).toEqual([]);
    expect((await host.read(id, urn, state, inputs)).id).toBe("");
  });
});
