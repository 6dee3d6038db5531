/**
 * sendblue.Webhook and sendblue.WebhookConfiguration through the real dynamic-provider host, with
 * the `__provider` the SDK really serializes from the packed package, against the Sendblue emulator:
 * each step makes the calls the engine makes for `preview`, `up`, `refresh` and `destroy`.
 */
import { describe, expect, it } from "vitest";
import {
  emptyDocument,
  SENDBLUE_DEFAULT_ACCOUNT as ACCOUNT,
  SENDBLUE_TEST_KEY_ID,
  SENDBLUE_TEST_SECRET_KEY,
  startSendblueEmulator,
  type SendblueEmulator,
} from "../emulators/sendblue";
import {
  checkAndCreate,
  HostCallError,
  secretArg,
  type HostClient,
  type PropertyMap,
  type SerializedResource,
  urnFor,
} from "../harness";
import { useHostSuite, QUICK_RETRIES_NO_LIST_CACHE } from "../support/vendor-fixtures";

const URL_A = "https://hooks.example.com/sendblue/inbound";
const URL_B = "https://hooks.example.com/sendblue/inbound-v2";
const FOREIGN = "https://someone-else.example.com/hook";
const SECRET_1 = "entry-secret-one-1111";
const SECRET_2 = "entry-secret-two-2222";
const GLOBAL = "global-secret-3333";

let emulator: SendblueEmulator;
let host: HostClient;
let webhook: SerializedResource;
let configuration: SerializedResource;
const webhookUrn = urnFor("sendblue", "Webhook", "inbound");
const configUrn = urnFor("sendblue", "WebhookConfiguration", "account");

useHostSuite(
  {
    vendor: "sendblue",
    start: startSendblueEmulator,
    resources: [
      {
        module: "sendblue",
        resource: "Webhook",
        name: "inbound",
        args: { type: "receive", url: URL_A, secret: secretArg(SECRET_1) },
      },
      {
        module: "sendblue",
        resource: "WebhookConfiguration",
        name: "account",
        args: {
          receive: [URL_B, { url: URL_A, secret: secretArg(SECRET_1) }],
          contactCreated: [URL_A],
          globalSecret: secretArg(GLOBAL),
        },
      },
    ],
    // Each step stands for a separate `pulumi` run (a fresh host); without the read cache this host sees out-of-band edits at once.
    hostEnv: QUICK_RETRIES_NO_LIST_CACHE,
  },
  (suite) =>
    void ({
      emulator,
      host,
      resources: [webhook, configuration],
    } = suite),
);

const writes = () =>
  emulator.requests
    .filter((request) => request.method !== "GET")
    .map((request) => [request.method, request.body]);
const document = () => emulator.store.document(ACCOUNT);

const up = (urn: string, news: PropertyMap) => checkAndCreate(host, urn, news);

describe("sendblue.Webhook through the real host", () => {
  let id: string;
  let state: PropertyMap;

  it("serializes a small provider that carries no credential, with the secret output marked", () => {
    expect(webhook.type).toBe("pulumi-nodejs:dynamic/sendblue:Webhook");
    expect(webhook.additionalSecretOutputs).toEqual(["secret"]);
    expect(webhook.secretInputPaths).toEqual(["secret"]);
    expect(Buffer.byteLength(webhook.providerText)).toBeLessThanOrEqual(2048);
    for (const credential of [SENDBLUE_TEST_KEY_ID, SENDBLUE_TEST_SECRET_KEY])
      expect(webhook.providerText).not.toContain(credential);
  });

  it("previews without a single request to Sendblue", async () => {
    const checked = await host.check(webhookUrn, {}, webhook.inputs);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({ type: "receive", url: URL_A, secret: SECRET_1, adopt: false });
    expect(emulator.requests).toEqual([]);
  });

  it("appends the entry next to a foreign one and returns it with its secret", async () => {
    emulator.store.append(ACCOUNT, "receive", [FOREIGN]);
    const created = await up(webhookUrn, webhook.inputs);
    id = created.id;
    state = created.properties;
    expect(id).toBe(`receive/${encodeURIComponent(URL_A)}`);
    expect(state).toMatchObject({
      type: "receive",
      url: URL_A,
      secret: SECRET_1,
      adopt: false,
      __provider: webhook.providerText,
    });
    expect(writes()).toEqual([["POST", { type: "receive", webhooks: [{ url: URL_A, secret: SECRET_1 }] }]]);
    expect(document().receive).toEqual([FOREIGN, { url: URL_A, secret: SECRET_1 }]);
  });

  it("shows no diff on the next up, nor after a refresh", async () => {
    emulator.clearRequests();
    const again = await host.check(webhookUrn, state, webhook.inputs);
    expect((await host.diff(id, webhookUrn, state, again.inputs)).changes).toBe("none");
    const refreshed = await host.read(id, webhookUrn, state, again.inputs);
    expect(refreshed.properties).toEqual(state);
    expect((await host.diff(id, webhookUrn, refreshed.properties, again.inputs)).changes).toBe("none");
    expect(writes()).toEqual([]);
  });

  it("replaces the entry when the secret changes, deleting the old one first", async () => {
    const news = (await host.check(webhookUrn, state, { ...webhook.inputs, secret: SECRET_2 })).inputs;
    expect(await host.diff(id, webhookUrn, state, news)).toMatchObject({
      changes: "some",
      replaces: ["secret"],
      deleteBeforeReplace: true,
    });
    emulator.clearRequests();
    await host.delete(id, webhookUrn, state);
    const created = await host.create(webhookUrn, news);
    state = created.properties;
    expect(created.id).toBe(id);
    expect(writes()).toEqual([
      ["DELETE", { type: "receive", webhooks: [URL_A] }],
      ["POST", { type: "receive", webhooks: [{ url: URL_A, secret: SECRET_2 }] }],
    ]);
    expect(document().receive).toEqual([FOREIGN, { url: URL_A, secret: SECRET_2 }]);
  });

  it("replaces the entry when the url changes, creating the new one first", async () => {
    const news = (await host.check(webhookUrn, state, { ...webhook.inputs, url: URL_B, secret: SECRET_2 }))
      .inputs;
    expect(await host.diff(id, webhookUrn, state, news)).toMatchObject({
      changes: "some",
      replaces: ["url"],
      deleteBeforeReplace: false,
    });
    const created = await host.create(webhookUrn, news);
    await host.delete(id, webhookUrn, state);
    id = created.id;
    state = created.properties;
    expect(document().receive).toEqual([FOREIGN, { url: URL_B, secret: SECRET_2 }]);
  });

  it("shows a secret changed by hand as drift, which the next up replaces", async () => {
    emulator.store.remove(ACCOUNT, "receive", [URL_B]);
    emulator.store.append(ACCOUNT, "receive", [{ url: URL_B, secret: "edited-in-dashboard" }]);
    const refreshed = await host.read(id, webhookUrn, state, {});
    expect(refreshed.properties).toMatchObject({ url: URL_B, secret: "edited-in-dashboard" });
    const news = (
      await host.check(webhookUrn, refreshed.inputs ?? {}, {
        ...webhook.inputs,
        url: URL_B,
        secret: SECRET_2,
      })
    ).inputs;
    expect(await host.diff(id, webhookUrn, refreshed.properties, news)).toMatchObject({
      changes: "some",
      replaces: ["secret"],
      deleteBeforeReplace: true,
    });
  });

  it("reads an entry deleted outside Pulumi as gone, and destroy of it succeeds", async () => {
    emulator.store.remove(ACCOUNT, "receive", [URL_B]);
    expect((await host.read(id, webhookUrn, state, {})).id).toBe("");
    await host.delete(id, webhookUrn, state);
    expect(document().receive).toEqual([FOREIGN]);
  });

  it("refuses to take over an existing entry without adopt, and adopts it with adopt", async () => {
    emulator.store.append(ACCOUNT, "receive", [URL_A]);
    const refused = await up(webhookUrn, webhook.inputs).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HostCallError);
    expect((refused as HostCallError).details).toContain(
      `Sendblue add webhook failed: the account already has a receive webhook for ${URL_A}`,
    );
    emulator.clearRequests();
    const adopted = await up(webhookUrn, { ...webhook.inputs, adopt: true });
    expect(writes()).toEqual([
      ["DELETE", { type: "receive", webhooks: [URL_A] }],
      ["POST", { type: "receive", webhooks: [{ url: URL_A, secret: SECRET_1 }] }],
    ]);
    expect(adopted.properties).toMatchObject({ url: URL_A, secret: SECRET_1, adopt: true });
    await host.delete(adopted.id, webhookUrn, adopted.properties);
    expect(document().receive).toEqual([FOREIGN]);
  });

  it("keeps an entry whose POST answer was lost and whose read-back failed in state as a partial failure, with __provider, and update finishes it", async () => {
    emulator.faults.add({ kind: "lost", method: "POST" });
    const stop = emulator.onWrite(() =>
      emulator.faults.add({ kind: "status", status: 500, method: "GET", times: 1 }),
    );
    const checked = await host.check(webhookUrn, {}, webhook.inputs);
    const failure = await host.create(webhookUrn, checked.inputs).catch((error: unknown) => error);
    stop();
    expect(failure).toBeInstanceOf(HostCallError);
    const init = (failure as HostCallError).initFailure!;
    expect(init).toMatchObject({
      id: `receive/${encodeURIComponent(URL_A)}`,
      properties: { url: URL_A, secret: SECRET_1, __provider: webhook.providerText },
    });
    expect((failure as HostCallError).details).toMatch(/^Sendblue get webhooks failed: HTTP 500/);
    // The next up updates a half-made resource: the entry is confirmed, nothing is written twice.
    emulator.clearRequests();
    await host.update(init.id, webhookUrn, init.properties, checked.inputs);
    expect(writes()).toEqual([]);
    await host.delete(init.id, webhookUrn, init.properties);
    expect(document().receive).toEqual([FOREIGN]);
  });

  it("reads a 200 whose body says status ERROR as Sendblue's refusal, with Sendblue's message", async () => {
    // The document types `status` as "OK" | "ERROR" with an optional message, whatever the HTTP status.
    emulator.faults.add({
      kind: "status",
      status: 200,
      method: "POST",
      body: JSON.stringify({ status: "ERROR", message: "Webhook limit reached for this plan" }),
    });
    const before = document();
    const checked = await host.check(webhookUrn, {}, webhook.inputs);
    const failure = await host.create(webhookUrn, checked.inputs).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HostCallError);
    expect((failure as HostCallError).details).toMatch(
      /^Sendblue add webhook failed: HTTP 200 ERROR "Webhook limit reached for this plan"/,
    );
    expect((failure as HostCallError).initFailure).toBeUndefined();
    expect(document()).toEqual(before);
  });

  it("rejects bad input at check, naming the property, without a request", async () => {
    emulator.clearRequests();
    const checked = await host.check(
      webhookUrn,
      {},
      { ...webhook.inputs, type: "contact_created", url: "http://hooks.example.com" },
    );
    expect(checked.failures.map((failure) => failure.property)).toEqual(["url"]);
    const secretOnContacts = await host.check(webhookUrn, {}, { ...webhook.inputs, type: "contact_created" });
    // It holds the secret: no property, so the engine prints no value beside it; the reason names the input.
    expect(secretOnContacts.failures).toEqual([
      {
        property: "",
        reason: "secret: not allowed for type contact_created (Sendblue takes URL strings only there)",
      },
    ]);
    expect(emulator.requests).toEqual([]);
  });
});

describe("sendblue.WebhookConfiguration through the real host", () => {
  let state: PropertyMap;
  let inputs: PropertyMap;

  it("serializes with every list that can hold a secret marked secret", () => {
    expect(configuration.type).toBe("pulumi-nodejs:dynamic/sendblue:WebhookConfiguration");
    expect([...configuration.additionalSecretOutputs].sort()).toEqual([
      "callLog",
      "globalSecret",
      "legacySecret",
      "lineAssigned",
      "lineBlocked",
      "outbound",
      "receive",
      "typingIndicator",
    ]);
    expect(Buffer.byteLength(configuration.providerText)).toBeLessThanOrEqual(2048);
  });

  it("refuses to overwrite entries nobody declared, then owns the whole document with adopt", async () => {
    expect(document().receive).toEqual([FOREIGN]);
    const refused = await up(configUrn, configuration.inputs).catch((error: unknown) => error);
    expect((refused as HostCallError).details).toContain(
      "the account's webhook configuration is not empty (1 receive)",
    );
    emulator.clearRequests();
    const created = await up(configUrn, { ...configuration.inputs, adopt: true });
    state = created.properties;
    inputs = created.inputs;
    expect(created.id).toBe("account");
    const { typing_indicator: _undeclared, ...documented } = emptyDocument();
    expect(writes()).toEqual([
      [
        "PUT",
        {
          webhooks: {
            ...documented,
            receive: [{ url: URL_A, secret: SECRET_1 }, URL_B],
            contact_created: [URL_A],
            globalSecret: GLOBAL,
          },
        },
      ],
    ]);
    expect(state).toMatchObject({
      receive: [{ url: URL_A, secret: SECRET_1 }, URL_B],
      contactCreated: [URL_A],
      globalSecret: GLOBAL,
      outbound: [],
    });
  });

  it("shows an entry added by hand as drift, and the next up removes it", async () => {
    emulator.store.append(ACCOUNT, "outbound", [FOREIGN]);
    const refreshed = await host.read("account", configUrn, state, inputs);
    expect(refreshed.properties).toMatchObject({ outbound: [FOREIGN] });
    const news = (await host.check(configUrn, refreshed.inputs ?? {}, configuration.inputs)).inputs;
    expect(await host.diff("account", configUrn, refreshed.properties, news)).toMatchObject({
      changes: "some",
      replaces: [],
    });
    state = (await host.update("account", configUrn, refreshed.properties, news)).properties;
    expect(document().outbound).toEqual([]);
    expect((await host.diff("account", configUrn, state, news)).changes).toBe("none");
  });

  it("delete empties the configuration", async () => {
    await host.delete("account", configUrn, state);
    expect(document()).toEqual(emptyDocument());
  });
});

describe("sendblue through the real host › hygiene", () => {
  it("never lets a credential or a secret reach what the host prints", () => {
    const printed = host.output();
    for (const secret of [
      SENDBLUE_TEST_KEY_ID,
      SENDBLUE_TEST_SECRET_KEY,
      SECRET_1,
      SECRET_2,
      GLOBAL,
      "edited-in-dashboard",
    ])
      expect(printed).not.toContain(secret);
  });
});
