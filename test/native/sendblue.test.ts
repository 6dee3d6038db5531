/**
 * webhooks:sendblue:Webhook and webhooks:sendblue:WebhookConfiguration through the native plugin against the
 * Sendblue emulator: entry secrets marked secret, every change of an entry named as a replacement, import by
 * `<type>/<url-encoded url>` and by `account`.
 */
import { describe, expect, it } from "vitest";
import {
  SENDBLUE_DEFAULT_ACCOUNT as ACCOUNT,
  startSendblueEmulator,
  type SendblueEmulator,
} from "../emulators/sendblue";
import { detailedDiff, nativeUrn, secretValue, type HostClient, type PropertyMap } from "../harness";
import { useNativeSuite, QUICK_RETRIES_NO_LIST_CACHE } from "../support/vendor-fixtures";

const URL_A = "https://hooks.example.com/sendblue/inbound";
const URL_B = "https://hooks.example.com/sendblue/inbound-v2";
const FOREIGN = "https://someone-else.example.com/hook";
const SECRET_1 = "entry-secret-one-1111";
const SECRET_2 = "entry-secret-two-2222";
const webhookUrn = nativeUrn("sendblue", "Webhook", "inbound");
const configUrn = nativeUrn("sendblue", "WebhookConfiguration", "account");

let emulator: SendblueEmulator;
let host: HostClient;

useNativeSuite(
  {
    vendor: "sendblue",
    start: startSendblueEmulator,
    hostEnv: QUICK_RETRIES_NO_LIST_CACHE,
  },
  (suite) => void ({ emulator, host } = suite),
);

const writes = () =>
  emulator.requests
    .filter((request) => request.method !== "GET")
    .map((request) => [request.method, request.body]);
const document = () => emulator.store.document(ACCOUNT);

describe("webhooks:sendblue:Webhook through the native plugin", () => {
  let id: string;
  let state: PropertyMap;
  let inputs: PropertyMap;

  it("adds the entry beside one it does not manage; the entry secret is marked secret even when declared plain", async () => {
    emulator.store.append(ACCOUNT, "receive", [FOREIGN]);
    emulator.clearRequests();
    inputs = (await host.check(webhookUrn, {}, { type: "receive", url: URL_A, secret: SECRET_1 })).inputs;
    expect(inputs).toEqual({ type: "receive", url: URL_A, secret: secretValue(SECRET_1), adopt: false });
    const created = await host.create(webhookUrn, inputs);
    id = created.id;
    state = created.properties;
    expect(id).toBe(`receive/${encodeURIComponent(URL_A)}`);
    expect(state).toEqual({ type: "receive", url: URL_A, secret: secretValue(SECRET_1), adopt: false });
    expect(writes()).toEqual([["POST", { type: "receive", webhooks: [{ url: URL_A, secret: SECRET_1 }] }]]);
    expect(document().receive).toEqual([FOREIGN, { url: URL_A, secret: SECRET_1 }]);
  });

  it("names a secret change as a replacement that deletes first, and a url change as one that does not", async () => {
    const newSecret = (
      await host.check(webhookUrn, inputs, { type: "receive", url: URL_A, secret: secretValue(SECRET_2) })
    ).inputs;
    expect(await detailedDiff(host, id, webhookUrn, state, newSecret)).toEqual({
      changes: "some",
      replaces: ["secret"],
      deleteBeforeReplace: true,
      detailed: { secret: "UPDATE_REPLACE" },
      hasDetailedDiff: true,
    });
    const newUrl = (
      await host.check(webhookUrn, inputs, { type: "receive", url: URL_B, secret: secretValue(SECRET_1) })
    ).inputs;
    expect(await detailedDiff(host, id, webhookUrn, state, newUrl)).toMatchObject({
      replaces: ["url"],
      deleteBeforeReplace: false,
      detailed: { url: "UPDATE_REPLACE" },
    });
  });

  it("imports `<type>/<url-encoded url>` with the entry's secret, marked secret, and without a write", async () => {
    emulator.clearRequests();
    const imported = await host.read(id, nativeUrn("sendblue", "Webhook", "imported"), {});
    expect(imported).toEqual({ id, properties: state, inputs: state });
    expect(writes()).toEqual([]);
  });

  it("deletes only its entry", async () => {
    await host.delete(id, webhookUrn, state);
    expect(document().receive).toEqual([FOREIGN]);
    expect((await host.read(id, webhookUrn, state, inputs)).id).toBe("");
  });
});

describe("webhooks:sendblue:WebhookConfiguration through the native plugin", () => {
  it("takes over, diffs per entry list, imports as `account`, and empties the document on delete", async () => {
    const news = (
      await host.check(configUrn, {}, { receive: [URL_B, { url: URL_A, secret: SECRET_1 }], adopt: true })
    ).inputs;
    expect(news.receive).toEqual(secretValue([{ url: URL_A, secret: SECRET_1 }, URL_B]));
    const created = await host.create(configUrn, news);
    expect(created.id).toBe("account");
    expect(created.properties.receive).toEqual(secretValue([{ url: URL_A, secret: SECRET_1 }, URL_B]));
    expect(document().receive).toEqual(expect.arrayContaining([URL_B, { url: URL_A, secret: SECRET_1 }]));

    const changed = (
      await host.check(configUrn, news, { receive: [URL_B], contactCreated: [URL_A], adopt: true })
    ).inputs;
    expect(await detailedDiff(host, "account", configUrn, created.properties, changed)).toMatchObject({
      changes: "some",
      replaces: [],
      detailed: { receive: "UPDATE", contactCreated: "UPDATE" },
    });

    emulator.clearRequests();
    const imported = await host.read(
      "account",
      nativeUrn("sendblue", "WebhookConfiguration", "imported"),
      {},
    );
    expect(imported.properties.receive).toEqual(created.properties.receive);
    expect(writes()).toEqual([]);

    await host.delete("account", configUrn, created.properties);
    expect(document().receive).toEqual([]);
  });
});
