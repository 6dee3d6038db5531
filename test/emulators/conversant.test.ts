import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Agent, request } from "undici";
import {
  CONVERSANT_TEST_ACCOUNT as ACCOUNT,
  CONVERSANT_TEST_API_KEY,
  CONVERSANT_TEST_TOKEN,
  GREGORIAN_OFFSET,
  startConversantEmulator,
  type ConversantEmulator,
  type ConversantEmulatorOptions,
} from "./conversant";

const START = Date.parse("2026-03-01T10:00:00.000Z");
let clock = START;
let emulator: ConversantEmulator;
let agent: Agent;

async function start(options: ConversantEmulatorOptions = {}): Promise<void> {
  await emulator?.close();
  emulator = await startConversantEmulator({ now: () => clock, ...options });
}

beforeEach(async () => {
  clock = START;
  agent = new Agent({ connections: 1 });
  await start();
});
afterEach(async () => {
  await agent.close();
  await emulator.close();
});

interface CallOptions {
  data?: unknown;
  envelope?: Record<string, unknown>;
  rawBody?: string;
  token?: string | null;
  headers?: Record<string, string>;
}

async function api(method: string, path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== null) headers["x-auth-token"] = options.token ?? CONVERSANT_TEST_TOKEN;
  const envelope = options.envelope ?? (options.data === undefined ? undefined : { data: options.data });
  const body = options.rawBody ?? (envelope === undefined ? undefined : JSON.stringify(envelope));
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await request(`${emulator.url}${path}`, {
    method: method as "GET",
    headers,
    body,
    dispatcher: agent,
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    headers: response.headers,
    json: text ? (JSON.parse(text) as any) : undefined,
  };
}

const hooks = `/v1/accounts/${ACCOUNT}/webhooks`;
const valid = { name: "calls", uri: "https://crm.example.com/hook", hook: "channel_create" };
const create = async (data: Record<string, unknown> = valid) =>
  (await api("PUT", hooks, { data })).json.data as Record<string, any>;

describe("conversant emulator › auth", () => {
  it("serves the hook catalogue without a token, with the modifiers of object and notifications", async () => {
    const catalogue = await api("GET", "/v1/webhooks", { token: null });
    expect(catalogue.status).toBe(200);
    expect(catalogue.json.data.map((hook: { id: string }) => hook.id)).toContain("channel_destroy");
    expect(
      catalogue.json.data.find((hook: { id: string }) => hook.id === "object").modifiers.action.items,
    ).toEqual(["doc_created", "doc_edited", "doc_deleted", "all"]);
  });

  it("rejects a missing or unknown token with 401 invalid_credentials, a bare string on v1 and an object on v2", async () => {
    const v1 = await api("GET", hooks, { token: null });
    expect(v1.status).toBe(401);
    expect(v1.json).toMatchObject({
      status: "error",
      error: "401",
      message: "invalid_credentials",
      data: "invalid credentials",
    });
    const v2 = await api("GET", `/v2/accounts/${ACCOUNT}/webhooks`, { token: "nope" });
    expect(v2.json.data).toEqual({ message: "invalid credentials" });
  });

  it("logs in with an API key, accepts the token in the header, query, envelope or as Bearer, and expires it", async () => {
    const login = await api("PUT", "/v1/api_auth", {
      token: null,
      data: { api_key: CONVERSANT_TEST_API_KEY },
    });
    expect(login.status).toBe(201);
    expect(login.json.data.account_id).toBe(ACCOUNT);
    const token = login.json.auth_token as string;
    expect((await api("GET", hooks, { token })).status).toBe(200);
    expect((await api("GET", `${hooks}?auth_token=${token}`, { token: null })).status).toBe(200);
    expect(
      (await api("GET", hooks, { token: null, headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
    expect(
      (await api("PUT", hooks, { token: null, envelope: { auth_token: token, data: valid } })).status,
    ).toBe(201);
    expect(
      (await api("PUT", "/v1/api_auth", { token: null, data: { api_key: "0".repeat(64) } })).status,
    ).toBe(401);
    clock += 24 * 3_600_000;
    expect((await api("GET", hooks, { token })).status).toBe(401);
  });

  it("answers 403 forbidden for an account that is not the token's own or a descendant", async () => {
    emulator.addAccount("b".repeat(32));
    emulator.addAccount("c".repeat(32), { parent: ACCOUNT });
    expect((await api("GET", `/v1/accounts/${"b".repeat(32)}/webhooks`)).json).toMatchObject({
      error: "403",
      message: "forbidden",
    });
    expect((await api("GET", `/v1/accounts/${"c".repeat(32)}/webhooks`)).status).toBe(200);
  });

  it("echoes the caller's token in every authenticated envelope", async () => {
    expect((await api("GET", hooks)).json.auth_token).toBe(CONVERSANT_TEST_TOKEN);
  });
});

describe("conversant emulator › webhooks", () => {
  it("creates with PUT: 201, Location, the stored document with Kazoo's defaults", async () => {
    const response = await api("PUT", hooks, { data: { ...valid, group: "ops", pvt_secret: "x" } });
    expect(response.status).toBe(201);
    const id = response.json.data.id as string;
    expect(response.headers.location).toBe(`${hooks}/${id}`);
    expect(response.json.data).toEqual({
      ...valid,
      id,
      group: "ops",
      http_verb: "post",
      retries: 2,
      format: "form-data",
      enabled: true,
      include_internal_legs: true,
    });
  });

  it("accepts a client-chosen 32-hex id once; the id of a soft-deleted hook stays taken", async () => {
    const id = "d".repeat(32);
    expect((await api("PUT", hooks, { data: { ...valid, id } })).json.data.id).toBe(id);
    expect((await api("PUT", hooks, { data: { ...valid, id } })).json).toMatchObject({
      error: "409",
      message: "datastore_conflict",
    });
    await api("DELETE", `${hooks}/${id}`);
    expect((await api("PUT", hooks, { data: { ...valid, id } })).status).toBe(409);
    expect((await api("PUT", hooks, { data: { ...valid, id: "short" } })).json.data).toHaveProperty(
      "id.pattern",
    );
  });

  it.each([
    [
      "missing fields",
      {},
      {
        name: { required: { message: "Field is required but missing" } },
        uri: { required: { message: "Field is required but missing" } },
        hook: { required: { message: "Field is required but missing" } },
      },
    ],
    [
      "retries over 4",
      { ...valid, retries: 9 },
      { retries: { maximum: { message: "Value must be at most 4", target: 4, value: 9 } } },
    ],
    [
      "retries under 0",
      { ...valid, retries: -1 },
      { retries: { minimum: { message: "Value must be at least 0", target: 0, value: -1 } } },
    ],
    [
      "a non-http uri",
      { ...valid, uri: "ftp://x" },
      { uri: { format: { message: "invalid client URL", value: "ftp://x" } } },
    ],
    [
      "object without modifiers",
      { ...valid, hook: "object" },
      {
        "custom_data.type": { required: { message: "missing required modifier" } },
        "custom_data.action": { required: { message: "missing required modifier" } },
      },
    ],
    [
      "notifications without type",
      { ...valid, hook: "notifications", custom_data: { other: "x" } },
      { "custom_data.type": { required: { message: "missing required modifier" } } },
    ],
    [
      "a non-string custom value",
      { ...valid, custom_data: { n: 1 } },
      {
        "custom_data.n": {
          type: { message: "Value did not match type(s): string", target: "string", value: 1 },
        },
      },
    ],
  ])("rejects %s with a validation error keyed by field and rule", async (_name, data, errors) => {
    const response = await api("PUT", hooks, { data });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({
      status: "error",
      error: "400",
      message: "validation error",
      data: errors,
    });
  });

  it("rejects an unknown hook with enum and the catalogue as target", async () => {
    const response = await api("PUT", hooks, { data: { ...valid, hook: "x" } });
    expect(response.json.data.hook.enum).toMatchObject({
      message: "Value not found in enumerated list of values",
      value: "x",
    });
    expect(response.json.data.hook.enum.target).toContain("all");
  });

  it("accepts hooks the operator installed beyond 4.3's, lists them in the catalogue, and refuses a hook of the wrong type", async () => {
    await emulator.close();
    await start({ extraHooks: [{ id: "call_recording", description: "recordings" }] });
    expect((await api("PUT", hooks, { data: { ...valid, hook: "call_recording" } })).status).toBe(201);
    expect((await api("GET", "/v1/webhooks")).json.data.map((hook: { id: string }) => hook.id)).toContain(
      "call_recording",
    );
    expect((await api("PUT", hooks, { data: { ...valid, hook: 7, name: ["x"] } })).json.data).toMatchObject({
      hook: { type: expect.anything() },
      name: { type: expect.anything() },
    });
  });

  it("assigns its own id, ignoring the client's, when so configured", async () => {
    await emulator.close();
    await start({ clientIds: "ignored" });
    const created = await api("PUT", hooks, { data: { ...valid, id: "a".repeat(32) } });
    expect(created.status).toBe(201);
    expect(created.json.data.id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.json.data.id).not.toBe("a".repeat(32));
  });

  it("lists summaries ordered by id, without soft-deleted hooks; GET by id gives the full document", async () => {
    const b = await create({ ...valid, id: "b".repeat(32), group: "g" });
    const a = await create({ ...valid, id: "a".repeat(32), retries: 4 });
    const c = await create({ ...valid, id: "c".repeat(32) });
    await api("DELETE", `${hooks}/${c.id}`);
    const list = await api("GET", hooks);
    expect(list.json.data).toEqual([
      { id: a.id, name: "calls", uri: valid.uri, hook: "channel_create", enabled: true },
      { id: b.id, name: "calls", uri: valid.uri, hook: "channel_create", enabled: true, group: "g" },
    ]);
    expect(list.json).not.toHaveProperty("next_start_key");
    expect((await api("GET", `${hooks}/${a.id}`)).json.data).toMatchObject({
      retries: 4,
      http_verb: "post",
      include_internal_legs: true,
    });
  });

  it("pages on v2 with page_size and start_key", async () => {
    for (const digit of ["1", "2", "3"]) await create({ ...valid, id: digit.repeat(32) });
    const first = await api("GET", `/v2/accounts/${ACCOUNT}/webhooks?page_size=2`);
    expect(first.json.data.map((hook: { id: string }) => hook.id[0])).toEqual(["1", "2"]);
    const second = await api(
      "GET",
      `/v2/accounts/${ACCOUNT}/webhooks?page_size=2&start_key=${first.json.next_start_key}`,
    );
    expect(second.json.data.map((hook: { id: string }) => hook.id[0])).toEqual(["3"]);
    expect(second.json).not.toHaveProperty("next_start_key");
  });

  it("POST replaces the whole document: omitted fields go, defaults return", async () => {
    const hook = await create({ ...valid, retries: 4, custom_data: { a: "1" }, group: "g" });
    const replaced = await api("POST", `${hooks}/${hook.id}`, { data: { ...valid, name: "renamed" } });
    expect(replaced.json.data).toEqual({
      ...valid,
      id: hook.id,
      name: "renamed",
      http_verb: "post",
      retries: 2,
      format: "form-data",
      enabled: true,
      include_internal_legs: true,
    });
  });

  it("POST and PATCH refuse an id in the body other than the path's (undefined behaviour at Kazoo)", async () => {
    const hook = await create();
    const other = "f".repeat(32);
    for (const method of ["POST", "PATCH"]) {
      const refused = await api(method, `${hooks}/${hook.id}`, { data: { ...valid, id: other } });
      expect(refused.status).toBe(400);
      expect(refused.json.data.id.enum).toMatchObject({ target: [hook.id], value: other });
    }
    const same = await api("POST", `${hooks}/${hook.id}`, { data: { ...valid, id: hook.id } });
    expect(same.status).toBe(200);
  });

  it("PATCH merges, and null removes a key", async () => {
    const hook = await create({ ...valid, custom_data: { a: "1" }, group: "g" });
    const patched = await api("PATCH", `${hooks}/${hook.id}`, { data: { retries: 0, group: null } });
    expect(patched.json.data).toMatchObject({ retries: 0, custom_data: { a: "1" } });
    expect(patched.json.data).not.toHaveProperty("group");
  });

  it("deletes softly: 200 with _read_only.deleted, then 404 on GET and on a repeat", async () => {
    const hook = await create();
    expect((await api("DELETE", `${hooks}/${hook.id}`)).json.data).toMatchObject({
      id: hook.id,
      _read_only: { deleted: true },
    });
    expect((await api("GET", `${hooks}/${hook.id}`)).json).toMatchObject({
      error: "404",
      message: "bad_identifier",
      data: "bad identifier",
    });
    expect((await api("DELETE", `${hooks}/${hook.id}`)).status).toBe(404);
    expect((await api("GET", `/v2/accounts/${ACCOUNT}/webhooks/${hook.id}`)).json.data).toEqual({
      cause: hook.id,
      message: "bad identifier",
    });
  });

  it("tunnels PUT and DELETE through POST, the envelope verb winning over the query", async () => {
    const created = await api("POST", `${hooks}?verb=DELETE`, { envelope: { verb: "PUT", data: valid } });
    expect(created.status).toBe(201);
    expect((await api("POST", `${hooks}/${created.json.data.id}?verb=DELETE`)).json.data._read_only).toEqual({
      deleted: true,
    });
  });

  it("answers 405 for a verb a known path does not take", async () => {
    expect((await api("DELETE", hooks)).json).toMatchObject({ error: "405", message: "method_not_allowed" });
  });
});

describe("conversant emulator › auto-disable, re-enable and attempts", () => {
  it("auto-disables on demand: enabled false with disable_reason on GET and in the list; POST with enabled true clears it", async () => {
    const hook = await create();
    emulator.store.autoDisable(hook.id);
    expect((await api("GET", `${hooks}/${hook.id}`)).json.data).toMatchObject({
      enabled: false,
      disable_reason: "too many failed attempts",
    });
    expect((await api("GET", hooks)).json.data[0]).toMatchObject({
      enabled: false,
      disable_reason: "too many failed attempts",
    });
    const replaced = await api("POST", `${hooks}/${hook.id}`, { data: valid });
    expect(replaced.json.data.enabled).toBe(true);
    expect(replaced.json.data).not.toHaveProperty("disable_reason");
  });

  it("bulk re-enables only hooks disabled with a reason", async () => {
    const auto = await create();
    const manual = await create({ ...valid, enabled: false });
    emulator.store.autoDisable(auto.id);
    expect((await api("PATCH", hooks, { data: {} })).json.data).toEqual({
      "re-enable": { required: { message: "re-enable is required to patch collections" } },
    });
    expect((await api("PATCH", hooks, { data: { "re-enable": true } })).json.data).toBe("hooks updated");
    expect(emulator.store.get(auto.id)?.doc.enabled).toBe(true);
    expect(emulator.store.get(manual.id)?.doc.enabled).toBe(false);
  });

  it("logs attempts newest first with Gregorian timestamps, account-wide and per hook", async () => {
    const a = await create();
    const b = await create({ ...valid, name: "b" });
    emulator.store.recordAttempt(a.id, { result: "success" });
    clock += 1000;
    emulator.store.autoDisable(b.id, 2);
    const all = (await api("GET", `${hooks}/attempts`)).json.data;
    expect(all.map((attempt: { hook_id: string }) => attempt.hook_id)).toEqual([b.id, b.id, a.id]);
    expect(all[2]).toMatchObject({
      result: "success",
      timestamp: START / 1000 + GREGORIAN_OFFSET,
      hook_event: "channel_create",
      uri: valid.uri,
      method: "post",
    });
    expect(all[0]).toMatchObject({ result: "failure", reason: "bad response code", resp_status_code: "500" });
    expect((await api("GET", `${hooks}/${a.id}/attempts`)).json.data).toHaveLength(1);
    expect(
      (await api("GET", `${hooks}/attempts?created_to=${START / 1000 + GREGORIAN_OFFSET}`)).json.data,
    ).toHaveLength(1);
  });
});

describe("conversant emulator › faults and rate limit", () => {
  it("injects faults from the shared core and logs them", async () => {
    emulator.faults.add({ kind: "status", status: 503, method: "GET", path: /\/webhooks$/ });
    expect((await api("GET", hooks)).status).toBe(503);
    expect((await api("GET", hooks)).status).toBe(200);
    expect(emulator.requests.map((logged) => [logged.status, logged.fault])).toEqual([
      [503, "status"],
      [200, undefined],
    ]);
  });

  it("applies a write whose response is lost", async () => {
    emulator.faults.add({ kind: "lost", method: "PUT" });
    await expect(api("PUT", hooks, { data: valid })).rejects.toThrow();
    expect(emulator.store.list(ACCOUNT)).toHaveLength(1);
  });

  it("answers 429 in the crossbar envelope when the token bucket is empty", async () => {
    await start({ rateLimit: { capacity: 1, refillPerSecond: 1 } });
    expect((await api("GET", hooks)).status).toBe(200);
    expect((await api("GET", hooks)).json).toMatchObject({
      status: "error",
      error: "429",
      message: "too many requests",
    });
    clock += 1000;
    expect((await api("GET", hooks)).status).toBe(200);
  });
});
