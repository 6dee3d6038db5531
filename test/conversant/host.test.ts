/**
 * conversant.Webhook through the real dynamic-provider host, with the `__provider` the SDK really
 * serializes from the packed package, against the Conversant emulator: each step makes the calls the
 * engine makes for `preview`, `up`, `refresh` and `destroy`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONVERSANT_TEST_ACCOUNT as ACCOUNT,
  CONVERSANT_TEST_API_KEY,
  CONVERSANT_TEST_TOKEN,
  startConversantEmulator,
  type ConversantEmulator,
} from "../emulators/conversant";
import {
  asAnotherResource,
  checkAndCreate,
  fixtureDir,
  HostCallError,
  secretArg,
  startHost,
  type HostClient,
  type PropertyMap,
  type SerializedResource,
  urnFor,
  UNKNOWN,
} from "../harness";
import { useHostSuite, QUICK_RETRIES } from "../support/vendor-fixtures";

const URL_A = "https://crm.example.com/kazoo/hangups";
const URL_B = "http://crm.example.com/kazoo/hangups-v2";

let emulator: ConversantEmulator;
let host: HostClient;
let webhook: SerializedResource;
const urn = urnFor("conversant", "Webhook", "hangups");

useHostSuite(
  {
    vendor: "conversant",
    start: startConversantEmulator,
    resources: [
      {
        module: "conversant",
        resource: "Webhook",
        name: "hangups",
        args: {
          name: "CRM hangups",
          url: URL_A,
          hook: "channel_destroy",
          format: "json",
          customData: { source: "pulumi", team: "ops" },
        },
      },
    ],
    serialize: { env: { CONVERSANT_AUTH_TOKEN: "env-token-not-for-state" } },
    hostEnv: QUICK_RETRIES,
  },
  (suite) => void ({ emulator, host, resource: webhook } = suite),
);

const writes = () => emulator.requests.filter((request) => request.method !== "GET");
const live = () => emulator.store.list(ACCOUNT);
const another = (name: string, inputs: PropertyMap = webhook.inputs): PropertyMap =>
  asAnotherResource({ ...inputs, __identity: webhook.inputs.__identity }, name);

/** What `up` does for a new resource: check, then create. */
const up = (news: PropertyMap) => checkAndCreate(host, urn, news);

describe("conversant.Webhook through the real host", () => {
  let id: string;
  let state: PropertyMap;

  it("serializes a small provider that carries no credential", () => {
    expect(webhook.type).toBe("pulumi-nodejs:dynamic/conversant:Webhook");
    expect(webhook.additionalSecretOutputs).toEqual([]);
    expect(Buffer.byteLength(webhook.providerText)).toBeLessThanOrEqual(2048);
    expect(webhook.providerText).toContain('"conversant:Hook"');
    expect(webhook.providerText).not.toContain("env-token-not-for-state");
    expect(webhook.inputs.__identity).toBe("pulumi-webhooks-test\ntest\nconversant:Webhook\nhangups");
  });

  it("previews without a request, with Kazoo's defaults and the configured account filled in", async () => {
    const checked = await host.check(urn, {}, webhook.inputs);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({
      accountId: ACCOUNT,
      httpVerb: "post",
      retries: 2,
      format: "json",
      enabled: true,
      includeSubaccounts: false,
      includeInternalLegs: true,
    });
    expect((await host.check(urn, {}, { ...webhook.inputs, url: UNKNOWN })).failures).toEqual([]);
    expect(emulator.requests).toEqual([]);
  });

  it("creates the hook with one PUT", async () => {
    const created = await up(webhook.inputs);
    id = created.id;
    state = created.properties;
    expect(live().map((hook) => hook.id)).toEqual([id]);
    expect(writes().map((request) => [request.method, request.path])).toEqual([
      ["PUT", `/v1/accounts/${ACCOUNT}/webhooks`],
    ]);
    expect(state).toMatchObject({
      accountId: ACCOUNT,
      name: "CRM hangups",
      url: URL_A,
      hook: "channel_destroy",
      format: "json",
      customData: { source: "pulumi", team: "ops" },
      enabled: true,
    });
    expect(state).not.toHaveProperty("disableReason");
    expect(state.__provider).toBe(webhook.providerText);
  });

  it("shows no diff on the next up or after a refresh, custom data in any order", async () => {
    emulator.clearRequests();
    const again = await host.check(urn, state, {
      ...webhook.inputs,
      customData: { team: "ops", source: "pulumi" },
    });
    expect((await host.diff(id, urn, state, again.inputs)).changes).toBe("none");
    const refreshed = await host.read(id, urn, state, again.inputs);
    expect(refreshed.properties).toEqual(state);
    expect((await host.diff(id, urn, refreshed.properties, again.inputs)).changes).toBe("none");
    expect(writes()).toEqual([]);
  });

  it("updates in place with one full POST", async () => {
    emulator.clearRequests();
    const news = (
      await host.check(urn, state, { ...webhook.inputs, url: URL_B, retries: 4, customData: { team: "ops" } })
    ).inputs;
    expect(await host.diff(id, urn, state, news)).toMatchObject({
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
    });
    state = (await host.update(id, urn, state, news)).properties;
    expect(writes().map((request) => [request.method, request.path])).toEqual([
      ["POST", `/v1/accounts/${ACCOUNT}/webhooks/${id}`],
    ]);
    expect(emulator.store.get(id)?.doc).toMatchObject({
      uri: URL_B,
      retries: 4,
      custom_data: { team: "ops" },
      format: "json",
    });
    expect(state).toMatchObject({ url: URL_B, retries: 4, customData: { team: "ops" } });
  });

  it("refreshes an auto-disabled hook as drift on enabled with its disableReason, and the next up re-enables it", async () => {
    emulator.store.autoDisable(id);
    const refreshed = await host.read(id, urn, state, {});
    expect(refreshed.properties).toMatchObject({ enabled: false, disableReason: "too many failed attempts" });
    expect(refreshed.inputs).toMatchObject({ enabled: false });
    expect(refreshed.inputs).not.toHaveProperty("disableReason");

    const news = (
      await host.check(urn, refreshed.inputs ?? {}, {
        ...webhook.inputs,
        url: URL_B,
        retries: 4,
        customData: { team: "ops" },
      })
    ).inputs;
    expect(await host.diff(id, urn, refreshed.properties, news)).toMatchObject({
      changes: "some",
      replaces: [],
    });
    emulator.clearRequests();
    state = (await host.update(id, urn, refreshed.properties, news)).properties;
    expect(writes().map((request) => (request.body as { data: { enabled: boolean } }).data.enabled)).toEqual([
      true,
    ]);
    expect(state.enabled).toBe(true);
    expect(state).not.toHaveProperty("disableReason");
    expect(emulator.store.get(id)).toMatchObject({ disabledMessage: undefined, doc: { enabled: true } });
    expect((await host.diff(id, urn, state, news)).changes).toBe("none");
  });

  it("replaces the hook when the account changes", async () => {
    const news = (await host.check(urn, state, { ...webhook.inputs, accountId: "e".repeat(32) })).inputs;
    expect(await host.diff(id, urn, state, news)).toMatchObject({ changes: "some", replaces: ["accountId"] });
  });

  it("reads a hook deleted outside Pulumi as gone, and destroy of it succeeds", async () => {
    emulator.store.softDelete(id);
    expect((await host.read(id, urn, state, {})).id).toBe("");
    await host.delete(id, urn, state);
  });

  it("destroys what it created", async () => {
    const created = await up(another("destroyed"));
    await host.delete(created.id, urn, created.properties);
    expect(live()).toEqual([]);
  });

  it("adopts a portal-made hook without creating a second one", async () => {
    const existing = emulator.store.insert(ACCOUNT, {
      name: "portal",
      uri: "https://old.example.com",
      hook: "channel_answer",
      enabled: false,
    });
    emulator.clearRequests();
    const adopted = await up(another("adopted", { ...webhook.inputs, adopt: existing.id }));
    expect(adopted.id).toBe(existing.id);
    expect(emulator.requests.map((request) => request.method)).toEqual(["GET", "POST"]);
    expect(adopted.properties).toMatchObject({
      name: "CRM hangups",
      url: URL_A,
      hook: "channel_destroy",
      enabled: true,
      adopt: existing.id,
    });
    expect(live()).toHaveLength(1);
    const refreshed = await host.read(adopted.id, urn, adopted.properties, adopted.inputs);
    expect((await host.diff(adopted.id, urn, refreshed.properties, adopted.inputs)).changes).toBe("none");
    await host.delete(adopted.id, urn, adopted.properties);
  });

  it("keeps an adopted hook it could not update in state as a partial failure", async () => {
    const existing = emulator.store.insert(ACCOUNT, {
      name: "portal",
      uri: "https://old.example.com",
      hook: "channel_answer",
    });
    emulator.faults.add({ kind: "status", status: 500, method: "POST", times: Infinity });
    const failure = await up(another("half", { ...webhook.inputs, adopt: existing.id })).catch(
      (error: unknown) => error,
    );
    emulator.faults.clear();
    expect(failure).toBeInstanceOf(HostCallError);
    expect((failure as HostCallError).initFailure).toMatchObject({
      id: existing.id,
      properties: { name: "portal", accountId: ACCOUNT, __provider: webhook.providerText },
    });
    expect((failure as HostCallError).details).toMatch(/^Conversant update webhook failed: HTTP 500/);
    await host.delete(existing.id, urn, (failure as HostCallError).initFailure!.properties);
    expect(live()).toEqual([]);
  });

  it("rejects bad input at check, naming the properties, without a request", async () => {
    emulator.clearRequests();
    const checked = await host.check(
      urn,
      {},
      { ...webhook.inputs, url: "ftp://crm.example.com", retries: 9 },
    );
    expect(checked.failures.map((failure) => failure.property).sort()).toEqual(["retries", "url"]);
    const modifiers = await host.check(
      urn,
      {},
      { ...webhook.inputs, hook: "object", customData: { type: "device" } },
    );
    expect(modifiers.failures).toEqual([
      {
        property: "customData",
        reason: expect.stringMatching(/^customData.action: required by the object hook/),
      },
    ]);
    expect(emulator.requests).toEqual([]);
  });

  it("reports Kazoo's validation error as one line naming the property", async () => {
    const failure = await host
      .create(urn, { ...(await host.check(urn, {}, another("invalid"))).inputs, retries: 9 })
      .catch((error: unknown) => error);
    expect((failure as HostCallError).details).toMatch(
      /^Conversant create webhook failed: HTTP 400 validation error \[retries: Value must be at most 4 \(maximum\)\]/,
    );
  });

  it("never lets the auth token reach state or what the host prints", async () => {
    expect(JSON.stringify(state)).not.toContain(CONVERSANT_TEST_TOKEN);
    expect(host.output()).not.toContain(CONVERSANT_TEST_TOKEN);
    // Kazoo echoes the token in every response envelope: it must not leak through one either.
    expect(
      emulator.requests.some((request) => request.headers["x-auth-token"] === CONVERSANT_TEST_TOKEN),
    ).toBe(true);
  });
});

describe("conversant.Webhook through the real host, logging in with an API key", () => {
  let keyHost: HostClient;

  beforeAll(async () => {
    keyHost = await startHost(fixtureDir(), { env: QUICK_RETRIES });
    await keyHost.configure({
      "conversant:apiKey": secretArg(CONVERSANT_TEST_API_KEY),
      "conversant:accountId": ACCOUNT,
      "conversant:baseUrl": emulator.url,
    });
  });
  afterAll(async () => {
    await keyHost?.close();
  });

  it("logs in, logs in again after the token expired, and prints neither the key nor a token", async () => {
    emulator.clearRequests();
    const checked = await keyHost.check(urn, {}, another("by-key"));
    const created = await keyHost.create(urn, checked.inputs);
    emulator.expireTokens();
    expect((await keyHost.read(created.id, urn, created.properties, checked.inputs)).id).toBe(created.id);
    await keyHost.delete(created.id, urn, created.properties);
    expect(
      emulator.requests.filter((request) => request.path === "/v1/api_auth").map((request) => request.status),
    ).toEqual([201, 201]);
    const tokens = emulator.requests
      .map((request) => request.headers["x-auth-token"])
      .filter((token): token is string => token !== undefined);
    expect(tokens.length).toBeGreaterThan(0);
    const printed = keyHost.output() + JSON.stringify(created.properties);
    expect(printed).not.toContain(CONVERSANT_TEST_API_KEY);
    for (const token of tokens) expect(printed).not.toContain(token);
    expect(live()).toEqual([]);
  });
});
