import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Agent, request } from "undici";
import {
  CONVIRZA_TEST_TOKEN,
  startConvirzaEmulator,
  type ConvirzaEmulator,
  type ConvirzaEmulatorOptions,
} from "./convirza";

const NOW = Date.parse("2026-03-01T10:00:00.000Z");
let clock = NOW;
let emulator: ConvirzaEmulator;
let agent: Agent;

async function start(options: ConvirzaEmulatorOptions = {}): Promise<void> {
  await emulator?.close();
  emulator = await startConvirzaEmulator({ now: () => clock, ...options });
}

beforeEach(async () => {
  clock = NOW;
  agent = new Agent({ connections: 1 });
  await start();
});

afterEach(async () => {
  await agent.close();
  await emulator.close();
});

async function api(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
  token: string | null = CONVIRZA_TEST_TOKEN,
) {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await request(`${emulator.apiUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    dispatcher: agent,
  });
  const text = await response.body.text();
  return { status: response.statusCode, json: text ? (JSON.parse(text) as any) : undefined };
}

const valid = {
  webhook_name: "CRM",
  webhook_endpoint: "https://crm.example.com/hook",
  format: "JSON",
  method: "POST",
};
const create = (body: unknown = valid) => api("POST", "/webhooks", body);

describe("convirza emulator › auth and envelope", () => {
  it.each([
    ["no token", null],
    ["an unknown token", "nope"],
  ])("%s → 401 in the v3 envelope", async (_name, token) => {
    const response = await api("GET", "/webhooks", undefined, token);
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ code: 401, data: null, timestamp: "2026-03-01T10:00:00.000Z" });
    expect(response.json.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("a revoked token stops working at once", async () => {
    emulator.revokeToken(CONVIRZA_TEST_TOKEN);
    expect((await api("GET", "/webhooks")).status).toBe(401);
  });

  it("unknown routes are 404 in the envelope", async () => {
    expect((await api("GET", "/calls")).json).toMatchObject({ code: 404, message: "Route not found" });
  });
});

describe("convirza emulator › create", () => {
  it("answers HTTP 201 with code 200 and only the camelCase id; the server records creator and time", async () => {
    const response = await create();
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ code: 200, message: "Success", data: { webhookId: 1001 } });
    expect(Object.keys(response.json.data)).toEqual(["webhookId"]);
    expect(emulator.store.get(1001)).toMatchObject({
      ...valid,
      description: null,
      include_dni_logs: false,
      webhook_status: "active",
      static_parameters: [],
      created_by: 4242,
      org_unit_id: 1001,
      created_at: "2026-03-01T10:00:00.000Z",
    });
  });

  it("accepts the deprecated PascalCase names, and snake_case wins when both are sent", async () => {
    await create({
      format: "XML",
      method: "GET",
      webhook_Name: "old",
      webhook_name: "new",
      webhook_Endpoint: "https://a.example.com",
      include_DNI_Logs: true,
      static_Parameter: [{ field_Name: "k", field_Value: "v" }],
    });
    expect(emulator.store.get(1001)).toMatchObject({
      webhook_name: "new",
      webhook_endpoint: "https://a.example.com",
      include_dni_logs: true,
      static_parameters: [{ field_name: "k", field_value: "v" }],
    });
  });

  it.each([
    ["missing name", { ...valid, webhook_name: undefined }, "webhook_name"],
    ["missing endpoint", { ...valid, webhook_endpoint: undefined }, "webhook_endpoint"],
    ["a non-URL endpoint", { ...valid, webhook_endpoint: "crm" }, "webhook_endpoint"],
    ["a lower-case format", { ...valid, format: "json" }, "format"],
    ["an unknown method", { ...valid, method: "DELETE" }, "method"],
    ["a string flag", { ...valid, include_dni_logs: "true" }, "include_dni_logs"],
    ["an unknown status", { ...valid, webhook_status: "paused" }, "webhook_status"],
    [
      "a parameter without a name",
      { ...valid, static_parameters: [{ field_value: "x" }] },
      "static_parameters[0].field_name",
    ],
    ["a list body", [valid], "body"],
  ])("%s → 400 naming %s, nothing stored", async (_name, body, field) => {
    const response = await create(body);
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 400, message: "Validation failed", data: null });
    expect(response.json.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(emulator.store.list()).toEqual([]);
  });

  it("refuses plain http endpoints: the create page describes the HTTPS target", async () => {
    const refused = await create({ ...valid, webhook_endpoint: "http://crm.example.com" });
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([
      { field: "webhook_endpoint", message: "must be a valid HTTPS URL" },
    ]);
  });

  it("refuses keys outside the create page's model, in the body and in a static parameter, and a null description", async () => {
    const refused = await create({
      ...valid,
      webhook_id: 7,
      description: null,
      static_parameters: [{ field_name: "k", field_value: "v", secret: true }],
    });
    expect(refused.status).toBe(400);
    expect(refused.json.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      "description",
      "static_parameters[0].secret",
      "webhook_id",
    ]);
    expect((await create({ ...valid, webhook_Name: "Pascal", include_DNI_Logs: true })).status).toBe(201);
  });
});

describe("convirza emulator › read, list and paging", () => {
  it("GET returns snake_case flat; switches add PascalCase duplicates and data.webhook", async () => {
    await create({ ...valid, include_dni_logs: true });
    const flat = await api("GET", "/webhooks/1001");
    expect(flat.json.data).toMatchObject({ webhook_id: 1001, webhook_name: "CRM", include_dni_logs: true });
    expect(flat.json.data).not.toHaveProperty("webhook_Name");
    emulator.rules.pascalCase = true;
    emulator.rules.wrapDetail = true;
    const wrapped = await api("GET", "/webhooks/1001");
    expect(wrapped.json.data.webhook).toMatchObject({
      webhook_name: "CRM",
      webhook_Name: "CRM",
      include_DNI_Logs: true,
      static_Parameter: [],
    });
  });

  it("GET of a non-integer id → 400; another org unit's → 404, or 401 behind a switch", async () => {
    emulator.store.insert({
      webhook_id: 5,
      webhook_name: "x",
      webhook_endpoint: "https://x.example.com",
      org_unit_id: 9,
    });
    expect((await api("GET", "/webhooks/abc")).status).toBe(400);
    expect((await api("GET", "/webhooks/5")).status).toBe(404);
    emulator.rules.outOfScope401 = true;
    expect((await api("GET", "/webhooks/5")).status).toBe(401);
  });

  it("pages with limit/offset, reports the total, orders by id, and serves /webhooks/list too", async () => {
    for (let n = 0; n < 5; n++) await create({ ...valid, webhook_name: `hook ${n}` });
    const page = await api("GET", "/webhooks?limit=2&offset=3");
    expect(page.json.data.total).toBe(5);
    expect(page.json.data.webhooks.map((w: { webhook_id: number }) => w.webhook_id)).toEqual([1004, 1005]);
    expect((await api("GET", "/webhooks/list")).json.data.webhooks).toHaveLength(5);
    expect((await api("GET", "/webhooks?limit=0")).status).toBe(400);
    expect((await api("GET", "/webhooks?limit=1001")).status).toBe(400);
  });
});

describe("convirza emulator › update and delete", () => {
  it("PUT replaces the whole webhook, resetting omitted optional fields", async () => {
    await create({
      ...valid,
      description: "d",
      include_dni_logs: true,
      static_parameters: [{ field_name: "a", field_value: "1" }],
    });
    const response = await api("PUT", "/webhooks/1001", { ...valid, format: "XML" });
    expect(response.json).toMatchObject({ code: 200, data: { webhookId: 1001 } });
    expect(emulator.store.get(1001)).toMatchObject({
      format: "XML",
      description: null,
      include_dni_logs: false,
      static_parameters: [],
    });
    expect((await api("PUT", "/webhooks/1001", { webhook_name: "only" })).status).toBe(400);
  });

  it("PATCH changes only what is given; a given list replaces the old one; an empty body is 400", async () => {
    await create({ ...valid, description: "d", static_parameters: [{ field_name: "a", field_value: "1" }] });
    expect(
      (
        await api("PATCH", "/webhooks/1001", {
          static_parameters: [{ field_name: "b", field_value: "2" }],
          webhook_status: "inactive",
        })
      ).status,
    ).toBe(200);
    expect(emulator.store.get(1001)).toMatchObject({
      description: "d",
      webhook_status: "inactive",
      static_parameters: [{ field_name: "b", field_value: "2" }],
    });
    expect((await api("PATCH", "/webhooks/1001", {})).status).toBe(400);
  });

  it("DELETE is soft: 200 with the id, then GET 404, hidden from the list unless asked, a second DELETE 404", async () => {
    await create();
    expect((await api("DELETE", "/webhooks/1001")).json).toMatchObject({
      code: 200,
      data: { webhookId: 1001 },
    });
    expect(emulator.store.get(1001)?.webhook_status).toBe("deleted");
    expect((await api("GET", "/webhooks/1001")).status).toBe(404);
    expect((await api("PATCH", "/webhooks/1001", { webhook_name: "x" })).status).toBe(404);
    expect((await api("GET", "/webhooks")).json.data).toEqual({ webhooks: [], total: 0 });
    expect((await api("GET", "/webhooks?webhook_status=deleted")).json.data.total).toBe(1);
    expect((await api("DELETE", "/webhooks/1001")).status).toBe(404);
    emulator.rules.showDeleted = true;
    expect((await api("GET", "/webhooks/1001")).json.data.webhook_status).toBe("deleted");
  });

  it("ids are never reused", async () => {
    await create();
    await api("DELETE", "/webhooks/1001");
    expect((await create()).json.data.webhookId).toBe(1002);
  });
});

describe("convirza emulator › faults", () => {
  it("when rate limited, answers 429 in the envelope with Retry-After until the minute has passed", async () => {
    await start({ rateLimitPerMinute: 2 });
    expect((await api("GET", "/webhooks")).status).toBe(200);
    clock += 20_000;
    expect((await api("GET", "/webhooks")).status).toBe(200);
    const limited = await request(`${emulator.apiUrl}/webhooks`, {
      headers: { authorization: `Bearer ${CONVIRZA_TEST_TOKEN}` },
      dispatcher: agent,
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["retry-after"]).toBe("40");
    expect(await limited.body.json()).toMatchObject({ code: 429, message: "Too many requests", data: null });
    clock += 40_001;
    expect((await api("GET", "/webhooks")).status).toBe(200);
  });

  it("profile-injected statuses carry the v3 envelope", async () => {
    emulator.faults.setProfile({ transientRate: 1, lostRate: 0, latencyMs: 0, seed: 3 });
    let response = await api("GET", "/webhooks").catch(() => undefined);
    for (let n = 0; n < 10 && (response === undefined || response.status === undefined); n++)
      response = await api("GET", "/webhooks").catch(() => undefined);
    expect(response?.json).toMatchObject({ code: response?.status, data: null });
    expect(emulator.faults.total).toBeGreaterThan(0);
  });
});

describe("convirza emulator › request bodies", () => {
  it.each([
    ["no Content-Type", undefined],
    ["a Content-Type other than JSON", "text/plain"],
  ])("refuses a body sent with %s: the document sends JSON as application/json", async (_name, type) => {
    const headers: Record<string, string> = { authorization: `Bearer ${CONVIRZA_TEST_TOKEN}` };
    if (type !== undefined) headers["content-type"] = type;
    const response = await request(`${emulator.apiUrl}/webhooks`, {
      method: "POST",
      headers,
      body: JSON.stringify(valid),
      dispatcher: agent,
    });
    expect(response.statusCode).toBe(400);
    expect(((await response.body.json()) as any).errors).toEqual([
      { field: "Content-Type", message: "must be application/json" },
    ]);
    expect(emulator.store.list()).toEqual([]);
  });
});
