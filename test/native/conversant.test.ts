/**
 * webhooks:conversant:Webhook through the native plugin against the Conversant emulator: the account from the
 * provider config, an account change named as a replacement, import by webhook id, and the attempts function.
 */
import { describe, expect, it } from "vitest";
import {
  CONVERSANT_TEST_ACCOUNT as ACCOUNT,
  startConversantEmulator,
  type ConversantEmulator,
} from "../emulators/conversant";
import { detailedDiff, invoke, nativeUrn, type HostClient, type PropertyMap } from "../harness";
import { useNativeSuite, QUICK_RETRIES } from "../support/vendor-fixtures";

const URL_A = "https://crm.example.com/kazoo/hangups";
const OTHER_ACCOUNT = "0123456789abcdef0123456789abcdef";
const urn = nativeUrn("conversant", "Webhook", "hangups");

let emulator: ConversantEmulator;
let host: HostClient;

useNativeSuite(
  { vendor: "conversant", start: startConversantEmulator, hostEnv: QUICK_RETRIES },
  (suite) => void ({ emulator, host } = suite),
);

const writes = () =>
  emulator.requests
    .filter((request) => request.method !== "GET")
    .map((request) => [request.method, request.path]);
const declared: PropertyMap = { name: "CRM hangups", url: URL_A, hook: "channel_destroy", format: "json" };

describe("webhooks:conversant:Webhook through the native plugin", () => {
  let id: string;
  let state: PropertyMap;
  let inputs: PropertyMap;

  it("checks with the provider's account and Kazoo's defaults filled in, and creates with one PUT", async () => {
    inputs = (await host.check(urn, {}, declared)).inputs;
    expect(inputs).toMatchObject({
      accountId: ACCOUNT,
      httpVerb: "post",
      retries: 2,
      format: "json",
      enabled: true,
    });
    const created = await host.create(urn, inputs);
    id = created.id;
    state = created.properties;
    expect(writes()).toEqual([["PUT", `/v1/accounts/${ACCOUNT}/webhooks`]]);
    expect(state).toMatchObject({ accountId: ACCOUNT, name: "CRM hangups", hook: "channel_destroy" });
  });

  it("names an account change as a replacement and a name change as an update", async () => {
    const news = (
      await host.check(urn, inputs, { ...declared, name: "CRM hangups v2", accountId: OTHER_ACCOUNT })
    ).inputs;
    expect(await detailedDiff(host, id, urn, state, news)).toMatchObject({
      changes: "some",
      replaces: ["accountId"],
      detailed: { accountId: "UPDATE_REPLACE", name: "UPDATE" },
    });
  });

  it("updates in place with one POST", async () => {
    emulator.clearRequests();
    const news = (await host.check(urn, inputs, { ...declared, retries: 4 })).inputs;
    expect((await detailedDiff(host, id, urn, state, news)).detailed).toEqual({ retries: "UPDATE" });
    state = (await host.update(id, urn, state, news)).properties;
    inputs = news;
    expect(writes()).toEqual([["POST", `/v1/accounts/${ACCOUNT}/webhooks/${id}`]]);
    expect(state.retries).toBe(4);
  });

  it("imports by webhook id in the provider's account, with no diff against the same declaration", async () => {
    emulator.clearRequests();
    const imported = await host.read(id, nativeUrn("conversant", "Webhook", "imported"), {});
    expect(imported).toMatchObject({
      id,
      properties: { accountId: ACCOUNT, name: "CRM hangups", retries: 4 },
    });
    expect(writes()).toEqual([]);
    const program = (await host.check(urn, imported.inputs ?? {}, { ...declared, retries: 4 })).inputs;
    expect((await detailedDiff(host, id, urn, imported.properties, program)).changes).toBe("none");
  });

  it("serves getWebhookAttempts with the provider's credentials", async () => {
    emulator.store.recordAttempt(id, {
      result: "failure",
      reason: "bad response code",
      resp_status_code: "500",
    });
    const result = await invoke(host, "webhooks:conversant:getWebhookAttempts", { webhookId: id });
    expect(result.attempts).toEqual([
      expect.objectContaining({ hookId: id, result: "failure", responseCode: "500" }),
    ]);
  });

  it("deletes", async () => {
    await host.delete(id, urn, state);
    expect(emulator.store.list(ACCOUNT)).toEqual([]);
    expect((await host.read(id, urn, state, inputs)).id).toBe("");
  });
});
