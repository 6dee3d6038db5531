import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useStackConfig } from "../../provider/core/credentials";
import { conversantApi, hookIdFor, listAttempts } from "../../provider/conversant/client";
import { webhookProvider } from "../../provider/conversant/provider";
import { toWire, type WebhookInputs } from "../../provider/conversant/schema";
import {
  CONVERSANT_TEST_ACCOUNT,
  CONVERSANT_TEST_API_KEY,
  CONVERSANT_TEST_TOKEN,
  GREGORIAN_OFFSET,
  startConversantEmulator,
  type ConversantEmulator,
} from "../emulators/conversant";
import { failure } from "../support/failure";

// The provider called directly, as the host calls it after check, against the emulator.
const provider = webhookProvider as Required<typeof webhookProvider>;
const ACCOUNT = CONVERSANT_TEST_ACCOUNT;
const IDENTITY = "crm\nprod\nconversant:Webhook\nhangups";
const valid = { name: "calls", url: "http://crm.example.com/hooks", hook: "channel_create" };
let emulator: ConversantEmulator;

beforeEach(async () => {
  emulator = await startConversantEmulator();
  useStackConfig(undefined);
  vi.stubEnv("CONVERSANT_AUTH_TOKEN", CONVERSANT_TEST_TOKEN);
  vi.stubEnv("CONVERSANT_ACCOUNT_ID", ACCOUNT);
  vi.stubEnv("CONVERSANT_BASE_URL", emulator.url);
  vi.stubEnv("PULUMI_WEBHOOKS_RETRY_BASE_MS", "1");
});
afterEach(async () => {
  vi.unstubAllEnvs();
  useStackConfig(undefined);
  await emulator.close();
});

async function checked(news: Record<string, unknown>): Promise<WebhookInputs & { accountId: string }> {
  const result = await provider.check({}, news);
  expect(result.failures).toEqual([]);
  return result.inputs as WebhookInputs & { accountId: string };
}

const writes = () => emulator.requests.filter((request) => request.method !== "GET");
const live = () => emulator.store.list(ACCOUNT);

describe("conversant.Webhook provider › create", () => {
  it("PUTs the whole document in a {data} envelope with a chosen id and X-Auth-Token, and returns every output", async () => {
    const inputs = await checked({ ...valid, customData: { source: "pulumi", team: "ops" } });
    const { id, outs } = await provider.create(inputs);
    const [put] = writes();
    expect(writes()).toHaveLength(1);
    expect(put).toMatchObject({ method: "PUT", path: `/v1/accounts/${ACCOUNT}/webhooks`, status: 201 });
    expect(put?.headers["x-auth-token"]).toBe(CONVERSANT_TEST_TOKEN);
    expect(put?.body).toEqual({
      data: {
        id,
        name: "calls",
        uri: valid.url,
        hook: "channel_create",
        http_verb: "post",
        retries: 2,
        format: "form-data",
        enabled: true,
        include_subaccounts: false,
        include_internal_legs: true,
        custom_data: { source: "pulumi", team: "ops" },
      },
    });
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(live().map((hook) => hook.id)).toEqual([id]);
    expect(outs).toEqual(inputs);
  });

  it("omits custom_data when none is declared, and every other field as declared", async () => {
    const inputs = await checked({
      ...valid,
      hook: "channel_destroy",
      httpVerb: "put",
      retries: 0,
      format: "json",
      enabled: false,
      includeSubaccounts: true,
      includeInternalLegs: false,
    });
    const { id, outs } = await provider.create(inputs);
    expect(writes()[0]?.body).toEqual({
      data: {
        id,
        name: "calls",
        uri: valid.url,
        hook: "channel_destroy",
        http_verb: "put",
        retries: 0,
        format: "json",
        enabled: false,
        include_subaccounts: true,
        include_internal_legs: false,
      },
    });
    expect(outs).toEqual(inputs);
    expect(outs).not.toHaveProperty("disableReason");
  });

  it("derives the id from the resource, account and body, so every attempt of one create asks for the same id", async () => {
    const inputs = await checked(valid);
    const { id } = await provider.create({ ...inputs, __identity: IDENTITY });
    expect(id).toBe(hookIdFor(IDENTITY, ACCOUNT, toWire(inputs)));
    expect(hookIdFor(IDENTITY, "e".repeat(32), toWire(inputs))).not.toBe(id);
    expect(hookIdFor(`${IDENTITY}-2`, ACCOUNT, toWire(inputs))).not.toBe(id);
  });

  it("takes over the hook of a create whose response was lost instead of making a second one", async () => {
    emulator.faults.add({ kind: "lost", method: "PUT" });
    const { id, outs } = await provider.create({ ...(await checked(valid)), __identity: IDENTITY });
    expect(emulator.requests.map((request) => [request.method, request.status, request.fault])).toEqual([
      ["GET", 200, undefined], // what matches before the create
      ["PUT", null, "lost"], // never repeated blindly: a Kazoo that ignores the id would make a second hook
      ["GET", 200, undefined], // the list shows what the lost PUT made
      ["GET", 200, undefined], // its whole document
    ]);
    expect(live().map((hook) => hook.id)).toEqual([id]);
    expect(outs.name).toBe("calls");
  });

  it("settles a create lost past every retry by listing, and the next up repeating it finds the same hook by its id", async () => {
    vi.stubEnv("PULUMI_WEBHOOKS_MAX_RETRIES", "1");
    emulator.faults.add({ kind: "lost", method: "PUT", times: 2 });
    const { id } = await provider.create({ ...(await checked(valid)), __identity: IDENTITY });
    expect(live().map((hook) => hook.id)).toEqual([id]);
    expect((await provider.create({ ...(await checked(valid)), __identity: IDENTITY })).id).toBe(id);
    expect(live()).toHaveLength(1);
  });

  it.each([1, 2, 3, 4, 5])(
    "leaves exactly one hook under seeded transient and lost-response faults (seed %i)",
    async (seed) => {
      emulator.faults.setProfile({
        transientRate: 0.45,
        lostRate: 0.45,
        latencyMs: 0,
        seed,
        path: /\/webhooks$/,
      });
      const inputs = await checked(valid);
      const first = await provider.create({ ...inputs, __identity: IDENTITY }).catch(() => undefined);
      emulator.faults.clear();
      // A create lost past every retry is repeated by the next `up`.
      const { id } = first ?? (await provider.create({ ...inputs, __identity: IDENTITY }));
      expect(live().map((hook) => hook.id)).toEqual([id]);
      expect(emulator.faults.total).toBeGreaterThan(0);
    },
  );

  it("repeats a create cut off by the request timeout under the same id, making one hook; a vendor that never answers is one clear line", async () => {
    vi.stubEnv("PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS", "200");
    emulator.faults.add({ kind: "hang", method: "PUT" });
    const { id } = await provider.create({ ...(await checked(valid)), __identity: IDENTITY });
    expect(live().map((hook) => hook.id)).toEqual([id]);
    const puts = emulator.requests.filter((request) => request.method === "PUT");
    expect(puts.map((request) => (request.body as { data: { id: string } }).data.id)).toEqual([id, id]);

    vi.stubEnv("PULUMI_WEBHOOKS_MAX_RETRIES", "1");
    emulator.faults.add({ kind: "hang", method: "GET", times: Infinity });
    const error = await failure(provider.read(id, { accountId: ACCOUNT }));
    expect(error.message).toMatch(
      /^Conversant read webhook failed: no response from http:\/\/127\.0\.0\.1:\d+ within 200 ms \(PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS\)/,
    );
  });

  it("creates under a fresh id when the derived one belongs to a hook deleted since (destroy, then up)", async () => {
    const first = await provider.create({ ...(await checked(valid)), __identity: IDENTITY });
    await provider.delete(first.id, first.outs);
    const second = await provider.create({ ...(await checked(valid)), __identity: IDENTITY });
    expect(second.id).not.toBe(first.id);
    expect(live().map((hook) => hook.id)).toEqual([second.id]);
  });

  it("turns Kazoo's validation errors into one line naming the property and the rule", async () => {
    const error = await failure(
      provider.create({ ...(await checked(valid)), retries: 9, url: "gopher://x" }),
    );
    expect(error.message).toBe(
      `Conversant create webhook failed: HTTP 400 validation error [url: invalid client URL (format); retries: Value must be at most 4 (maximum)] (request ${String(error.requestId)})`,
    );
    expect(error.code).toBe("WH_INVALID");
    expect(live()).toEqual([]);
  });

  it("names a 403 for an account the token cannot manage", async () => {
    emulator.addAccount("b".repeat(32));
    const error = await failure(provider.create(await checked({ ...valid, accountId: "b".repeat(32) })));
    expect(error.message).toMatch(
      /^Conversant list webhooks failed: HTTP 403 forbidden "forbidden" .*The credential cannot manage this account/,
    );
  });

  it("manages hooks of a sub-account", async () => {
    const sub = "c".repeat(32);
    emulator.addAccount(sub, { parent: ACCOUNT });
    const { id, outs } = await provider.create(await checked({ ...valid, accountId: sub }));
    expect(emulator.store.get(id, sub)).toBeDefined();
    expect(outs.accountId).toBe(sub);
  });
});

describe("conversant.Webhook provider › adopt", () => {
  it("brings an existing hook to the declared document with one POST, without creating one", async () => {
    const existing = emulator.store.insert(ACCOUNT, {
      name: "portal",
      uri: "https://old.example.com",
      hook: "channel_answer",
      retries: 0,
      group: "ops",
    });
    emulator.clearRequests();
    const inputs = await checked({ ...valid, adopt: existing.id });
    const { id, outs } = await provider.create(inputs);
    expect(id).toBe(existing.id);
    expect(emulator.requests.map((request) => [request.method, request.path])).toEqual([
      ["GET", `/v1/accounts/${ACCOUNT}/webhooks/${existing.id}`],
      ["POST", `/v1/accounts/${ACCOUNT}/webhooks/${existing.id}`],
    ]);
    expect(outs).toEqual(inputs);
    expect(live()).toHaveLength(1);
  });

  it("re-enables an auto-disabled hook it adopts", async () => {
    const existing = emulator.store.insert(ACCOUNT, {
      name: "calls",
      uri: valid.url,
      hook: "channel_create",
    });
    emulator.store.autoDisable(existing.id);
    const { outs } = await provider.create(await checked({ ...valid, adopt: existing.id }));
    expect(outs.enabled).toBe(true);
    expect(emulator.store.get(existing.id)?.disabledMessage).toBeUndefined();
  });

  it("fails, saying why, for a hook that does not exist or was deleted", async () => {
    const error = await failure(provider.create(await checked({ ...valid, adopt: "f".repeat(32) })));
    expect(error.message).toMatch(/cannot adopt webhook f{32}: no such webhook in account a1b2/);
    expect(writes()).toEqual([]);
  });

  it("keeps the adopted hook in state as a partial failure when the POST fails", async () => {
    const existing = emulator.store.insert(ACCOUNT, {
      name: "portal",
      uri: "https://old.example.com",
      hook: "channel_answer",
    });
    emulator.faults.add({ kind: "status", status: 500, method: "POST", times: Infinity });
    const error = await failure(provider.create(await checked({ ...valid, adopt: existing.id })));
    expect(error.name).toBe("ResourceInitError");
    expect(error.id).toBe(existing.id);
    expect(error.properties).toMatchObject({
      name: "portal",
      url: "https://old.example.com",
      hook: "channel_answer",
      accountId: ACCOUNT,
    });
  });
});

describe("conversant.Webhook provider › read, update, delete", () => {
  it("reads back with no diff, and returns inputs that reproduce the outputs", async () => {
    const inputs = await checked({ ...valid, customData: { team: "ops" } });
    const { id, outs } = await provider.create(inputs);
    emulator.clearRequests();
    const read = await provider.read(id, outs);
    expect(emulator.requests.map((request) => [request.method, request.path])).toEqual([
      ["GET", `/v1/accounts/${ACCOUNT}/webhooks/${id}`],
    ]);
    expect(read).toEqual({ id, props: outs, inputs });
    expect((await provider.diff(id, read.props!, inputs)).changes).toBe(false);
  });

  it("reads Kazoo's stored defaults for fields a portal-made hook never set", async () => {
    const made = emulator.store.insert(ACCOUNT, {
      name: "portal",
      uri: "https://x.example.com",
      hook: "channel_answer",
    });
    const read = await provider.read(made.id, { accountId: ACCOUNT });
    expect(read.props).toEqual({
      accountId: ACCOUNT,
      name: "portal",
      url: "https://x.example.com",
      hook: "channel_answer",
      httpVerb: "post",
      retries: 2,
      format: "form-data",
      enabled: true,
      customData: {},
      includeSubaccounts: false,
      includeInternalLegs: true,
    });
  });

  it("shows an auto-disabled hook as drift on enabled with its disableReason, and update re-enables it with a POST", async () => {
    const inputs = await checked(valid);
    const { id, outs } = await provider.create(inputs);
    emulator.store.autoDisable(id);
    const read = await provider.read(id, outs);
    expect(read.props).toEqual({ ...outs, enabled: false, disableReason: "too many failed attempts" });
    expect(read.inputs).toEqual({ ...inputs, enabled: false });
    expect(await provider.diff(id, read.props!, inputs)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    emulator.clearRequests();
    const { outs: after } = await provider.update(id, read.props!, inputs);
    expect(
      writes().map((request) => [
        request.method,
        (request.body as { data: Record<string, unknown> }).data.enabled,
      ]),
    ).toEqual([["POST", true]]);
    expect(after).toEqual(outs);
    expect(emulator.store.get(id)).toMatchObject({ disabledMessage: undefined, doc: { enabled: true } });
  });

  it("updates in place with a full POST: removed custom data keys go, and nothing declared is dropped", async () => {
    const { id, outs } = await provider.create(
      await checked({ ...valid, customData: { team: "ops", source: "pulumi" }, httpVerb: "get" }),
    );
    const news = await checked({ ...valid, retries: 4, customData: { team: "ops" }, httpVerb: "get" });
    emulator.clearRequests();
    const { outs: updated } = await provider.update(id, outs, news);
    expect(writes()).toMatchObject([{ method: "POST", path: `/v1/accounts/${ACCOUNT}/webhooks/${id}` }]);
    expect(writes()[0]?.body).toEqual({ data: { ...toWire(news) } });
    expect(emulator.store.get(id)?.doc).toMatchObject({
      retries: 4,
      custom_data: { team: "ops" },
      http_verb: "get",
    });
    expect(updated).toEqual(news);
  });

  it("repeats the full POST after a lost response: the same document twice is the same document", async () => {
    const { id, outs } = await provider.create(await checked(valid));
    emulator.faults.add({ kind: "lost", method: "POST" });
    emulator.clearRequests();
    const { outs: updated } = await provider.update(id, outs, await checked({ ...valid, name: "renamed" }));
    expect(emulator.requests.map((request) => [request.method, request.fault])).toEqual([
      ["GET", undefined],
      ["POST", "lost"],
      ["POST", undefined],
    ]);
    expect(updated.name).toBe("renamed");
  });

  it("keeps keys it does not model (set in the portal) through the full replace", async () => {
    const { id, outs } = await provider.create(await checked(valid));
    emulator.store.edit(id, { group: "ops", security_settings: { sha256_key: "portal-key" } });
    emulator.clearRequests();
    await provider.update(id, outs, await checked({ ...valid, name: "renamed" }));
    expect(emulator.requests.map((request) => request.method)).toEqual(["GET", "POST"]);
    expect(emulator.store.get(id)?.doc).toMatchObject({
      name: "renamed",
      group: "ops",
      security_settings: { sha256_key: "portal-key" },
    });
  });

  it("shows an out-of-band edit as drift", async () => {
    const { id, outs } = await provider.create(await checked(valid));
    emulator.store.edit(id, {
      uri: "https://elsewhere.example.com",
      retries: 0,
      custom_data: { added: "by hand" },
    });
    const read = await provider.read(id, outs);
    expect(read.inputs).toMatchObject({
      url: "https://elsewhere.example.com",
      retries: 0,
      customData: { added: "by hand" },
    });
    expect((await provider.diff(id, read.props!, await checked(valid))).changes).toBe(true);
  });

  it("reads a hook deleted out of band as gone; its update says to refresh; delete succeeds", async () => {
    const { id, outs } = await provider.create(await checked(valid));
    emulator.store.softDelete(id);
    expect(await provider.read(id, outs)).toEqual({ id: "" });
    const error = await failure(provider.update(id, outs, await checked({ ...valid, name: "x" })));
    expect(error.message).toMatch(/webhook [0-9a-f]{32} no longer exists in account .*run `pulumi refresh`/);
    await provider.delete(id, outs);
  });

  it("deletes softly in the recorded account, not the configured one, and a repeat is success", async () => {
    const { id, outs } = await provider.create(await checked(valid));
    vi.stubEnv("CONVERSANT_ACCOUNT_ID", "0".repeat(32));
    emulator.clearRequests();
    await provider.delete(id, outs);
    await provider.delete(id, outs);
    expect(emulator.requests.map((request) => [request.method, request.path, request.status])).toEqual([
      ["DELETE", `/v1/accounts/${ACCOUNT}/webhooks/${id}`, 200],
      ["DELETE", `/v1/accounts/${ACCOUNT}/webhooks/${id}`, 404],
    ]);
    expect(live()).toEqual([]);
    expect(emulator.store.has(id)).toBe(true);
  });

  it("throws on a read the token may not make instead of reading the hook as gone", async () => {
    const { id, outs } = await provider.create(await checked(valid));
    vi.stubEnv("CONVERSANT_AUTH_TOKEN", "0".repeat(32));
    const error = await failure(provider.read(id, outs));
    expect(error.code).toBe("WH_AUTH");
  });
});

describe("conversant credentials", () => {
  it("defaults to Conversant's documented host, with /v1", () => {
    vi.stubEnv("CONVERSANT_BASE_URL", "");
    expect(conversantApi().baseUrl).toBe("https://c-api.conversant.co.nz/v1");
  });

  it("refuses a plain-http base URL off loopback, naming the key and variable", () => {
    vi.stubEnv("CONVERSANT_BASE_URL", "http://c-api.conversant.co.nz");
    expect(() => conversantApi()).toThrow(
      /\(from conversant:baseUrl \/ CONVERSANT_BASE_URL\) must use https/,
    );
  });

  it("names conversant:authToken first when no credential is set", async () => {
    vi.stubEnv("CONVERSANT_AUTH_TOKEN", "");
    const error = await failure(provider.read("a".repeat(32), { accountId: ACCOUNT }));
    expect(error.message).toBe(
      "Conversant configuration failed: missing credential: set `pulumi config set --secret conversant:authToken <token>` or the environment variable CONVERSANT_AUTH_TOKEN (or an API key the provider logs in with: conversant:apiKey / CONVERSANT_API_KEY)",
    );
  });

  it("prefers stack config to the environment", async () => {
    const token = emulator.issueToken();
    useStackConfig({ get: (key) => (key === "conversant:authToken" ? token : undefined) });
    await provider.create(await checked(valid));
    expect(writes()[0]?.headers["x-auth-token"]).toBe(token);
  });

  it("says what to do about a rejected token, without the token", async () => {
    const token = "9".repeat(40);
    vi.stubEnv("CONVERSANT_AUTH_TOKEN", token);
    const error = await failure(provider.create(await checked(valid)));
    expect(error.message).toMatch(
      /^Conversant list webhooks failed: HTTP 401 invalid_credentials "invalid credentials" \(request [0-9a-f]+\)\. Check conversant:authToken \/ CONVERSANT_AUTH_TOKEN \(Conversant tokens expire/,
    );
    expect(error.message).not.toContain(token);
  });

  it("with only an API key, logs in with PUT /api_auth, uses the token, and logs in again once after it expired", async () => {
    vi.stubEnv("CONVERSANT_AUTH_TOKEN", "");
    vi.stubEnv("CONVERSANT_API_KEY", CONVERSANT_TEST_API_KEY);
    const { id, outs } = await provider.create(await checked(valid));
    const [login, put] = emulator.requests;
    expect(login).toMatchObject({
      method: "PUT",
      path: "/v1/api_auth",
      body: { data: { api_key: CONVERSANT_TEST_API_KEY } },
      status: 201,
    });
    expect(login?.headers).not.toHaveProperty("x-auth-token");
    expect(put?.headers["x-auth-token"]).toMatch(/^[0-9a-f]{32}$/);
    emulator.expireTokens();
    emulator.clearRequests();
    expect((await provider.read(id, outs)).id).toBe(id);
    expect(emulator.requests.map((request) => [request.method, request.path, request.status])).toEqual([
      ["GET", `/v1/accounts/${ACCOUNT}/webhooks/${id}`, 401],
      ["PUT", "/v1/api_auth", 201],
      ["GET", `/v1/accounts/${ACCOUNT}/webhooks/${id}`, 200],
    ]);
  });

  it("reports a rejected API key naming authToken first, without the key", async () => {
    const key = "ab".repeat(32);
    vi.stubEnv("CONVERSANT_AUTH_TOKEN", "");
    vi.stubEnv("CONVERSANT_API_KEY", key);
    const error = await failure(provider.read("a".repeat(32), { accountId: ACCOUNT }));
    expect(error.message).toMatch(
      /^Conversant log in \(api_auth\) failed: HTTP 401 .*Check conversant:authToken \/ CONVERSANT_AUTH_TOKEN, or the API key/,
    );
    expect(error.message).not.toContain(key);
  });
});

describe("conversant delivery attempts", () => {
  it("lists account-wide or one hook's attempts, newest first, camelCase, with Unix timestamps", async () => {
    const a = await provider.create(await checked(valid));
    const b = await provider.create(await checked({ ...valid, name: "other" }));
    emulator.store.recordAttempt(a.id, { result: "success", retries_left: 2 });
    emulator.store.recordAttempt(b.id, {
      result: "failure",
      reason: "kazoo http client error",
      client_error: "nxdomain",
      retries_left: "retries exceeded",
    });
    const api = conversantApi();
    const all = await listAttempts(api, ACCOUNT);
    expect(all.map((attempt) => attempt.hookId)).toEqual([b.id, a.id]);
    expect(all[0]).toMatchObject({
      result: "failure",
      reason: "kazoo http client error",
      clientError: "nxdomain",
      retriesLeft: "retries exceeded",
      hookEvent: "channel_create",
      uri: valid.url,
      method: "post",
      try: 1,
    });
    expect(Math.abs(all[0]!.timestamp! - Date.now() / 1000)).toBeLessThan(3600);
    const one = await listAttempts(api, ACCOUNT, a.id);
    expect(one).toEqual([expect.objectContaining({ hookId: a.id, result: "success", retriesLeft: 2 })]);
    expect(emulator.requests.at(-1)?.path).toBe(`/v1/accounts/${ACCOUNT}/webhooks/${a.id}/attempts`);
  });

  it("are what conversant.getWebhookAttempts returns, with credentials from the environment", async () => {
    const { getWebhookAttempts } = await import("../../sdk/conversant");
    const { id } = await provider.create(await checked(valid));
    emulator.store.recordAttempt(id, { result: "success" });
    expect(await getWebhookAttempts({ webhookId: id })).toEqual([
      expect.objectContaining({ hookId: id, result: "success" }),
    ]);
    expect(await getWebhookAttempts()).toHaveLength(1);
    expect(emulator.requests.at(-1)?.path).toBe(`/v1/accounts/${ACCOUNT}/webhooks/attempts`);
  });

  it("maps a failed HTTP delivery's response fields", async () => {
    const { id } = await provider.create(await checked(valid));
    emulator.store.autoDisable(id, 1);
    const [attempt] = await listAttempts(conversantApi(), ACCOUNT, id);
    expect(attempt).toMatchObject({
      result: "failure",
      reason: "bad response code",
      responseCode: "500",
      retriesLeft: 0,
    });
    expect(GREGORIAN_OFFSET).toBe(62167219200);
  });
});
