/**
 * webhooks:convirza:Webhook through the native plugin against the Convirza emulator: a secret static parameter
 * stays marked secret through check, create, update and refresh; import reads the webhook by its id.
 */
import { describe, expect, it } from "vitest";
import { CONVIRZA_TEST_TOKEN, startConvirzaEmulator, type ConvirzaEmulator } from "../emulators/convirza";
import { detailedDiff, nativeUrn, secretValue, type HostClient, type PropertyMap } from "../harness";
import { useNativeSuite, QUICK_RETRIES } from "../support/vendor-fixtures";

const URL_A = "https://hooks.example.com/convirza/calls";
const URL_B = "https://hooks.example.com/convirza/calls-v2";
const PARTNER_KEY = "sk_partner_secret_0a1b2c3d4e";
const urn = nativeUrn("convirza", "Webhook", "calls");

let emulator: ConvirzaEmulator;
let host: HostClient;

useNativeSuite(
  { vendor: "convirza", start: startConvirzaEmulator, hostEnv: QUICK_RETRIES },
  (suite) => void ({ emulator, host } = suite),
);

const writes = () =>
  emulator.requests
    .filter((request) => request.method !== "GET")
    .map((request) => `${request.method} ${request.path}`);
const declared: PropertyMap = {
  name: "Call sync",
  url: URL_A,
  format: "XML",
  staticParameters: { api_key: secretValue(PARTNER_KEY), source: "crm-sync" },
};

describe("webhooks:convirza:Webhook through the native plugin", () => {
  let id: string;
  let state: PropertyMap;
  let inputs: PropertyMap;

  it("keeps a secret static parameter secret in the checked inputs and the outputs", async () => {
    const checked = await host.check(urn, {}, declared);
    expect(checked.failures).toEqual([]);
    inputs = checked.inputs;
    expect(inputs).toMatchObject({
      name: "Call sync",
      format: "XML",
      method: "POST",
      active: true,
      staticParameters: secretValue({ api_key: PARTNER_KEY, source: "crm-sync" }),
    });
    const created = await host.create(urn, inputs);
    id = created.id;
    state = created.properties;
    expect(writes()).toEqual(["POST /v3/webhooks"]);
    expect(state.staticParameters).toEqual(secretValue({ api_key: PARTNER_KEY, source: "crm-sync" }));
    expect(JSON.stringify(state)).not.toContain(CONVIRZA_TEST_TOKEN);
  });

  it("diffs per property and updates in place", async () => {
    emulator.clearRequests();
    const news = (await host.check(urn, inputs, { ...declared, url: URL_B, method: "PUT" })).inputs;
    expect(await detailedDiff(host, id, urn, state, news)).toMatchObject({
      changes: "some",
      replaces: [],
      detailed: { url: "UPDATE", method: "UPDATE" },
    });
    state = (await host.update(id, urn, state, news)).properties;
    inputs = news;
    expect(writes().length).toBeGreaterThan(0);
    expect(writes().every((write) => write.endsWith(`/v3/webhooks/${id}`))).toBe(true);
    expect(state).toMatchObject({
      url: URL_B,
      method: "PUT",
      staticParameters: secretValue({ api_key: PARTNER_KEY, source: "crm-sync" }),
    });
  });

  it("refreshes with the stored secret still marked", async () => {
    const refreshed = await host.read(id, urn, state, inputs);
    expect(refreshed.properties.staticParameters).toEqual(
      secretValue({ api_key: PARTNER_KEY, source: "crm-sync" }),
    );
    expect((await detailedDiff(host, id, urn, refreshed.properties, inputs)).changes).toBe("none");
  });

  it("imports by id, without a write, matching the same declaration", async () => {
    emulator.clearRequests();
    const imported = await host.read(id, nativeUrn("convirza", "Webhook", "imported"), {});
    expect(imported).toMatchObject({
      id,
      properties: { name: "Call sync", url: URL_B, method: "PUT", format: "XML" },
    });
    expect(writes()).toEqual([]);
    const program = (await host.check(urn, imported.inputs ?? {}, { ...declared, url: URL_B, method: "PUT" }))
      .inputs;
    expect((await detailedDiff(host, id, urn, imported.properties, program)).changes).toBe("none");
  });

  it("deletes", async () => {
    await host.delete(id, urn, state);
    expect((await host.read(id, urn, state, inputs)).id).toBe("");
  });
});
