import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Agent, request } from "undici";
import {
  ERZYCALL_DEFAULT_ORG,
  ERZYCALL_TEST_KEY,
  startErzycallEmulator,
  type ErzycallEmulator,
  type ErzycallEmulatorOptions,
} from "./erzycall";

const START = Date.parse("2026-03-01T10:00:00.000Z");
let clock = START;
let emulator: ErzycallEmulator;
let agent: Agent;

async function start(options: ErzycallEmulatorOptions = {}): Promise<void> {
  await emulator?.close();
  emulator = await startErzycallEmulator({ now: () => clock, ...options });
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
  body?: unknown;
  rawBody?: string;
  key?: string | null;
  idempotencyKey?: string;
  /** Sent with a body; null leaves the header out. */
  contentType?: string | null;
}

async function api(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = {};
  if (options.key !== null) headers["x-api-key"] = options.key ?? ERZYCALL_TEST_KEY;
  if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const contentType = options.contentType === undefined ? "application/json" : options.contentType;
  if (body !== undefined && contentType !== null) headers["content-type"] = contentType;
  const response = await request(`${emulator.apiUrl}${path}`, { method, headers, body, dispatcher: agent });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    headers: response.headers,
    text,
    json: text ? (JSON.parse(text) as any) : undefined,
  };
}

const valid = { url: "https://example.com/hook", events: ["call.ended"] };
const create = (body: unknown = valid, options: CallOptions = {}) =>
  api("POST", "/webhooks", { body, ...options });

describe("erzycall emulator › auth and scopes", () => {
  it.each([
    ["missing key", null, "UNAUTHORIZED"],
    ["unknown key", "ek_test_nobodyhasthis", "UNAUTHORIZED"],
  ])("%s → 401 %s", async (_name, key, code) => {
    const response = await api("GET", "/webhooks", { key });
    expect(response.status).toBe(401);
    expect(response.json.error.code).toBe(code);
  });

  it("expired and revoked keys get their own 401 codes", async () => {
    emulator.addKey("ek_live_expired1", { org: ERZYCALL_DEFAULT_ORG, scopes: ["*"], expired: true });
    emulator.addKey("ek_live_revoked1", { org: ERZYCALL_DEFAULT_ORG, scopes: ["*"], revoked: true });
    expect((await api("GET", "/webhooks", { key: "ek_live_expired1" })).json.error.code).toBe("KEY_EXPIRED");
    expect((await api("GET", "/webhooks", { key: "ek_live_revoked1" })).json.error.code).toBe("KEY_REVOKED");
  });

  it("write does not imply read, and read does not allow writes (403 names the scope)", async () => {
    emulator.addKey("ek_test_readonly", { org: ERZYCALL_DEFAULT_ORG, scopes: ["webhooks:read"] });
    emulator.addKey("ek_test_writeonly", { org: ERZYCALL_DEFAULT_ORG, scopes: ["webhooks:write"] });
    const denied = await create(valid, { key: "ek_test_readonly" });
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({
      error: { code: "INSUFFICIENT_SCOPE", message: "API key lacks required scope: webhooks:write" },
    });
    expect(emulator.store.count(ERZYCALL_DEFAULT_ORG)).toBe(0);
    expect((await api("GET", "/webhooks", { key: "ek_test_writeonly" })).json.error.message).toBe(
      "API key lacks required scope: webhooks:read",
    );
    expect((await create(valid, { key: "ek_test_writeonly" })).status).toBe(201);
  });

  it("rejects malformed keys at addKey", () => {
    expect(() => emulator.addKey("sk_nope", { org: "o", scopes: ["*"] })).toThrow(/ek_live_/);
  });

  it("another org's endpoint is invisible and answers 404, not 403", async () => {
    const foreign = emulator.store.insert("org_other", valid);
    expect((await api("GET", "/webhooks")).json.data).toEqual([]);
    expect((await api("PATCH", `/webhooks/${foreign.id}`, { body: { isActive: false } })).status).toBe(404);
    expect((await api("DELETE", `/webhooks/${foreign.id}`)).status).toBe(404);
    expect(emulator.store.get(foreign.id)?.isActive).toBe(true);
  });

  it("unknown routes are 404 NOT_FOUND, inside and outside /api/v1", async () => {
    expect((await api("GET", "/calls")).json.error.code).toBe("NOT_FOUND");
    expect((await api("PATCH", "/webhooks")).status).toBe(404);
    const outside = await request(`${emulator.url}/nope`, { dispatcher: agent });
    expect(outside.statusCode).toBe(404);
    await outside.body.text();
  });
});

describe("erzycall emulator › create and list", () => {
  it("create answers 201 {data} with a secret; list omits it, includes inactive, oldest first", async () => {
    const dashboard = emulator.store.insert(ERZYCALL_DEFAULT_ORG, {
      url: "https://dash.example/x",
      events: ["contact.created"],
      isActive: false,
      createdAt: "2026-02-01T00:00:00Z",
    });
    const created = await create(valid);
    expect(created.status).toBe(201);
    expect(Object.keys(created.json.data)).toEqual([
      "id",
      "url",
      "events",
      "secret",
      "isActive",
      "description",
      "createdAt",
    ]);
    expect(created.json.data).toMatchObject({
      url: valid.url,
      events: valid.events,
      isActive: true,
      description: null,
      createdAt: "2026-03-01T10:00:00Z",
    });
    expect(created.json.data.id).toMatch(/^wh_[A-Za-z0-9]+$/);
    expect(created.json.data.secret).toMatch(/^whsec_/);
    const listed = await api("GET", "/webhooks?limit=1");
    expect(listed.json.data.map((e: { id: string }) => e.id)).toEqual([dashboard.id, created.json.data.id]);
    expect(listed.json.data[0]).not.toHaveProperty("secret");
    expect(listed.json).not.toHaveProperty("pagination");
  });

  it("stores duplicate events as sent", async () => {
    const created = await create({ url: valid.url, events: ["call.ended", "call.ended", "call.cancelled"] });
    expect(emulator.store.get(created.json.data.id)?.events).toEqual([
      "call.ended",
      "call.ended",
      "call.cancelled",
    ]);
  });

  it.each([
    ["non-https url", { ...valid, url: "http://example.com/hook" }, "url"],
    ["missing url", { events: ["call.ended"] }, "url"],
    ["url over 2048 chars", { ...valid, url: `https://example.com/${"a".repeat(2030)}` }, "url"],
    ["no events", { ...valid, events: [] }, "events"],
    ["more than 10 events", { ...valid, events: Array(11).fill("call.ended") }, "events"],
    ["unknown event", { ...valid, events: ["call.ended", "call.canceled"] }, "events[1]"],
    ["description over 500", { ...valid, description: "d".repeat(501) }, "description"],
    ["array body", [valid], "body"],
  ])("%s → 400 VALIDATION_ERROR naming %s", async (_name, body, field) => {
    const response = await create(body);
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe("VALIDATION_ERROR");
    expect(response.json.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(emulator.store.count(ERZYCALL_DEFAULT_ORG)).toBe(0);
  });

  it("accepts exactly 500 chars of description and 10 events", async () => {
    expect(
      (await create({ ...valid, events: Array(10).fill("call.started"), description: "d".repeat(500) }))
        .status,
    ).toBe(201);
  });

  it("a body not sent as application/json → 400 INVALID_JSON, on create and PATCH", async () => {
    for (const contentType of [null, "text/plain"]) {
      const response = await create(valid, { contentType });
      expect(response.status).toBe(400);
      expect(response.json.error).toEqual({
        code: "INVALID_JSON",
        message: "Content-Type must be application/json",
      });
    }
    const { id } = emulator.store.insert(ERZYCALL_DEFAULT_ORG, valid);
    const patched = await api("PATCH", `/webhooks/${id}`, { body: { isActive: false }, contentType: null });
    expect(patched.status).toBe(400);
    expect(emulator.store.count(ERZYCALL_DEFAULT_ORG)).toBe(1);
    expect(emulator.store.get(id)?.isActive).toBe(true);
  });

  it("invalid JSON → 400 INVALID_JSON", async () => {
    const response = await api("POST", "/webhooks", { rawBody: '{"url":' });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe("INVALID_JSON");
  });

  it("http://localhost passes only with allowHttpLocalhost, and never for other hosts", async () => {
    const local = { ...valid, url: "http://127.0.0.1:9999/hook" };
    expect((await create(local)).status).toBe(400);
    await start({ allowHttpLocalhost: true, now: () => clock });
    expect((await create(local)).status).toBe(201);
    expect((await create({ ...valid, url: "http://localhost/x" })).status).toBe(201);
    expect((await create({ ...valid, url: "http://example.com/x" })).status).toBe(400);
  });

  it("a sixth endpoint is 422 MAX_ENDPOINTS (inactive ones count); deleting frees a slot", async () => {
    for (let i = 0; i < 4; i++) emulator.store.insert(ERZYCALL_DEFAULT_ORG, { ...valid, isActive: i > 0 });
    const fifth = await create();
    expect(fifth.status).toBe(201);
    const sixth = await create();
    expect(sixth.status).toBe(422);
    expect(sixth.json.error.code).toBe("MAX_ENDPOINTS");
    expect((await api("DELETE", `/webhooks/${fifth.json.data.id}`)).status).toBe(204);
    expect((await create()).status).toBe(201);
  });

  it("the list is one page without pagination by default, limit and cursor ignored (contract §5.1)", async () => {
    for (let index = 0; index < 3; index++) await create();
    const listed = await api("GET", "/webhooks?limit=1&cursor=anything");
    expect(listed.status).toBe(200);
    expect(listed.json.data).toHaveLength(3);
    expect(listed.json.pagination).toBeUndefined();
  });

  it("pages the list behind the switch as the document describes other lists (§9)", async () => {
    await start({ listPageSize: 2 });
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) ids.push((await create()).json.data.id);
    const first = await api("GET", "/webhooks");
    expect(first.json.data.map((e: { id: string }) => e.id)).toEqual(ids.slice(0, 2));
    expect(first.json.pagination).toEqual({ cursor: expect.any(String), hasMore: true, pageSize: 2 });
    const second = await api("GET", `/webhooks?cursor=${first.json.pagination.cursor}&limit=3`);
    expect(second.json.data.map((e: { id: string }) => e.id)).toEqual(ids.slice(2, 5));
    expect(second.json.pagination).toEqual({ cursor: null, hasMore: false, pageSize: 3 });
    for (const limit of ["0", "101", "x"]) {
      const refused = await api("GET", `/webhooks?limit=${limit}`);
      expect([refused.status, refused.json.error.code]).toEqual([400, "VALIDATION_ERROR"]);
    }
    const unknownCursor = await api("GET", "/webhooks?cursor=nope");
    expect([unknownCursor.status, unknownCursor.json.error.details]).toEqual([
      400,
      [{ field: "cursor", message: "Invalid cursor" }],
    ]);
  });

  it("get-by-id is absent by default and served behind the switch, without the secret", async () => {
    const { id } = emulator.store.insert(ERZYCALL_DEFAULT_ORG, valid);
    expect((await api("GET", `/webhooks/${id}`)).status).toBe(404);
    await start({ getById: true, now: () => clock });
    const inserted = emulator.store.insert(ERZYCALL_DEFAULT_ORG, valid);
    const got = await api("GET", `/webhooks/${inserted.id}`);
    expect(got.status).toBe(200);
    expect(got.json.data).toMatchObject({ id: inserted.id, url: valid.url });
    expect(got.json.data).not.toHaveProperty("secret");
  });
});

describe("erzycall emulator › update, delete, rotate", () => {
  it("PATCH changes only given fields, never the secret; an empty description clears it, null is refused (a string is documented)", async () => {
    const endpoint = emulator.store.insert(ERZYCALL_DEFAULT_ORG, { ...valid, description: "old" });
    const patched = await api("PATCH", `/webhooks/${endpoint.id}`, {
      body: { url: "https://new.example/h", isActive: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.data).toEqual({
      id: endpoint.id,
      url: "https://new.example/h",
      events: valid.events,
      isActive: false,
      description: "old",
      createdAt: endpoint.createdAt,
    });
    expect(emulator.store.get(endpoint.id)?.secret).toBe(endpoint.secret);
    const refused = await api("PATCH", `/webhooks/${endpoint.id}`, { body: { description: null } });
    expect(refused.status).toBe(400);
    expect(refused.json.error.details).toEqual([{ field: "description", message: "Expected a string" }]);
    expect(emulator.store.get(endpoint.id)?.description).toBe("old");
    expect(
      (await api("PATCH", `/webhooks/${endpoint.id}`, { body: { description: "" } })).json.data.description,
    ).toBeNull();
    expect((await api("PATCH", `/webhooks/${endpoint.id}`)).status).toBe(200); // empty body: no-op
  });

  it("refuses fields outside the documented models: isActive or anything else on create, unknown keys on PATCH", async () => {
    const onCreate = await create({ ...valid, isActive: false, extra: 1 });
    expect(onCreate.status).toBe(400);
    expect(onCreate.json.error.details.map((d: { field: string }) => d.field)).toEqual(["isActive", "extra"]);
    const { id } = emulator.store.insert(ERZYCALL_DEFAULT_ORG, valid);
    const onPatch = await api("PATCH", `/webhooks/${id}`, { body: { secret: "whsec_x" } });
    expect(onPatch.status).toBe(400);
    expect(onPatch.json.error.details).toEqual([{ field: "secret", message: "Unknown field" }]);
  });

  it("PATCH errors: 400 INVALID_ID, 404 NOT_FOUND, 400 INVALID_JSON, 400 VALIDATION_ERROR", async () => {
    const { id } = emulator.store.insert(ERZYCALL_DEFAULT_ORG, valid);
    expect((await api("PATCH", "/webhooks/bad%20id!", { body: {} })).json.error.code).toBe("INVALID_ID");
    expect((await api("PATCH", "/webhooks/", { body: {} })).json.error.code).toBe("INVALID_ID");
    expect((await api("PATCH", "/webhooks/wh_missing", { body: {} })).json.error.code).toBe("NOT_FOUND");
    expect((await api("PATCH", `/webhooks/${id}`, { rawBody: "{" })).json.error.code).toBe("INVALID_JSON");
    const invalid = await api("PATCH", `/webhooks/${id}`, { body: { events: [], isActive: "yes" } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.details.map((d: { field: string }) => d.field)).toEqual(["events", "isActive"]);
  });

  it("DELETE answers 204 with no body, then 404", async () => {
    const { id } = emulator.store.insert(ERZYCALL_DEFAULT_ORG, valid);
    const first = await api("DELETE", `/webhooks/${id}`);
    expect(first.status).toBe(204);
    expect(first.text).toBe("");
    expect((await api("DELETE", `/webhooks/${id}`)).json).toEqual({
      error: { code: "NOT_FOUND", message: "Webhook endpoint not found" },
    });
  });

  it("rotate-secret and DELETE take no body: one sent is refused with 400 VALIDATION_ERROR, nothing changes", async () => {
    const endpoint = emulator.store.insert(ERZYCALL_DEFAULT_ORG, valid);
    for (const [method, path] of [
      ["POST", `/webhooks/${endpoint.id}/rotate-secret`],
      ["DELETE", `/webhooks/${endpoint.id}`],
    ] as const) {
      const refused = await api(method, path, { body: {} });
      expect(refused.status).toBe(400);
      expect(refused.json.error.details).toEqual([{ field: "body", message: "This request takes no body" }]);
    }
    expect(emulator.store.get(endpoint.id)?.secret).toBe(endpoint.secret);
  });

  it("rotate-secret answers 200 {data:{secret}} and replaces the secret at once, also when inactive", async () => {
    const endpoint = emulator.store.insert(ERZYCALL_DEFAULT_ORG, { ...valid, isActive: false });
    const rotated = await api("POST", `/webhooks/${endpoint.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(Object.keys(rotated.json.data)).toEqual(["secret"]);
    expect(rotated.json.data.secret).toMatch(/^whsec_/);
    expect(rotated.json.data.secret).not.toBe(endpoint.secret);
    expect(emulator.store.get(endpoint.id)?.secret).toBe(rotated.json.data.secret);
    expect((await api("POST", "/webhooks/wh_missing/rotate-secret")).status).toBe(404);
  });
});

describe("erzycall emulator › idempotency", () => {
  it("replays a create verbatim, secret included, for the same body in any key order", async () => {
    const first = await create(
      { url: valid.url, events: valid.events, description: "d" },
      { idempotencyKey: "k1" },
    );
    const again = await create(
      { description: "d", events: valid.events, url: valid.url },
      { idempotencyKey: "k1" },
    );
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(emulator.store.count(ERZYCALL_DEFAULT_ORG)).toBe(1);
  });

  it("same key with a different body → 409 IDEMPOTENCY_MISMATCH; other orgs are separate scopes", async () => {
    await create(valid, { idempotencyKey: "k2" });
    const mismatch = await create({ ...valid, description: "changed" }, { idempotencyKey: "k2" });
    expect(mismatch.status).toBe(409);
    expect(mismatch.json.error.code).toBe("IDEMPOTENCY_MISMATCH");
    emulator.addKey("ek_test_otherorg", { org: "org_other", scopes: ["*"] });
    expect(
      (await create({ ...valid, description: "changed" }, { idempotencyKey: "k2", key: "ek_test_otherorg" }))
        .status,
    ).toBe(201);
  });

  it("only 2xx is stored: a failed attempt can be retried under the same key with a fixed body", async () => {
    expect((await create({ ...valid, events: [] }, { idempotencyKey: "k3" })).status).toBe(400);
    expect((await create(valid, { idempotencyKey: "k3" })).status).toBe(201);
  });

  it("refuses Idempotency-Key outside create (the document shows it there only), and forgets keys after 24 h", async () => {
    const { id } = emulator.store.insert(ERZYCALL_DEFAULT_ORG, valid);
    const secret = emulator.store.get(id)?.secret;
    for (const [method, path, body] of [
      ["POST", `/webhooks/${id}/rotate-secret`, undefined],
      ["PATCH", `/webhooks/${id}`, { isActive: false }],
      ["DELETE", `/webhooks/${id}`, undefined],
    ] as const) {
      const refused = await api(method, path, { body, idempotencyKey: "k4" });
      expect(refused.status).toBe(400);
      expect(refused.json.error).toEqual({
        code: "VALIDATION_ERROR",
        message: "Request validation failed",
        details: [{ field: "Idempotency-Key", message: "Idempotency-Key is accepted on create only" }],
      });
    }
    expect(emulator.store.get(id)).toMatchObject({ secret, isActive: true });
    const first = await create(valid, { idempotencyKey: "k4" });
    clock += 24 * 3_600_000 + 1000;
    const fresh = await create(valid, { idempotencyKey: "k4" });
    expect(fresh.json.data.id).not.toBe(first.json.data.id);
  });

  it("a second request while the first with that key is still running → 409 CONFLICT", async () => {
    const hold = emulator.holdWrites();
    const first = create(valid, { idempotencyKey: "k5" });
    while (hold.waiting === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const otherAgent = new Agent();
    const second = await request(`${emulator.apiUrl}/webhooks`, {
      method: "POST",
      dispatcher: otherAgent,
      body: JSON.stringify(valid),
      headers: {
        "x-api-key": ERZYCALL_TEST_KEY,
        "idempotency-key": "k5",
        "content-type": "application/json",
      },
    });
    expect(second.statusCode).toBe(409);
    expect(((await second.body.json()) as any).error.code).toBe("CONFLICT");
    await otherAgent.close();
    hold.release();
    expect((await first).status).toBe(201);
    expect(emulator.store.count(ERZYCALL_DEFAULT_ORG)).toBe(1);
  });

  it("a lost create response leaves the endpoint and the record, so the retry gets the same endpoint and secret", async () => {
    emulator.faults.add({ kind: "lost", method: "POST", path: /\/webhooks$/ });
    await expect(create(valid, { idempotencyKey: "k6" })).rejects.toThrow();
    const [stored] = emulator.store.list(ERZYCALL_DEFAULT_ORG);
    expect(stored).toBeDefined();
    const retry = await create(valid, { idempotencyKey: "k6" });
    expect(retry.status).toBe(201);
    expect(retry.json.data).toMatchObject({ id: stored!.id, secret: stored!.secret });
    expect(emulator.store.count(ERZYCALL_DEFAULT_ORG)).toBe(1);
    expect(emulator.requests.map((r) => [r.status, r.fault])).toEqual([
      [null, "lost"],
      [201, undefined],
    ]);
  });
});

describe("erzycall emulator › rate limits", () => {
  it("every response carries X-RateLimit-* for the per-minute window, 401s included; the documented 60/min is the default", async () => {
    await start({ now: () => clock });
    const ok = await api("GET", "/webhooks");
    expect(ok.headers["x-ratelimit-limit"]).toBe("60");
    expect(ok.headers["x-ratelimit-remaining"]).toBe("59");
    expect(ok.headers["x-ratelimit-reset"]).toBe(String(START / 1000 + 60));
    const unauthorized = await api("GET", "/webhooks", { key: null });
    expect(unauthorized.headers["x-ratelimit-limit"]).toBe("60");
  });

  it("breaching the minute window → 429 RATE_LIMITED with Retry-After; it reopens as time slides", async () => {
    await start({ rateLimit: { perMinute: 2 }, now: () => clock });
    await api("GET", "/webhooks");
    clock += 10_000;
    await api("GET", "/webhooks");
    const limited = await api("GET", "/webhooks");
    expect(limited.status).toBe(429);
    expect(limited.json.error).toEqual({
      code: "RATE_LIMITED",
      message: "Rate limit exceeded. Retry after 50s",
    });
    expect(limited.headers["retry-after"]).toBe("50");
    expect(limited.headers["x-ratelimit-remaining"]).toBe("0");
    clock += 50_000;
    expect((await api("GET", "/webhooks")).status).toBe(200);
  });

  it("the hour window is checked independently", async () => {
    await start({ rateLimit: { perMinute: 100, perHour: 3 }, now: () => clock });
    for (let i = 0; i < 3; i++) {
      expect((await api("GET", "/webhooks")).status).toBe(200);
      clock += 61_000;
    }
    const limited = await api("GET", "/webhooks");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBe(3600 - 183);
  });
});
