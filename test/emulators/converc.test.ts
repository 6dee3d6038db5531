import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Agent, request } from "undici";
import {
  CONVERC_DEFAULT_ORG,
  CONVERC_TEST_KEY,
  startConvercEmulator,
  verifySignature,
  type ConvercEmulator,
  type ConvercEmulatorOptions,
} from "./converc";

const START = Date.parse("2026-03-01T10:00:00.000Z");
let clock = START;
let emulator: ConvercEmulator;
let agent: Agent;

async function start(options: ConvercEmulatorOptions = {}): Promise<void> {
  await emulator?.close();
  emulator = await startConvercEmulator({ now: () => clock, ...options });
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

async function api(
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  path: string,
  options: { body?: unknown; rawBody?: string; key?: string | null; contentType?: string | null } = {},
) {
  const headers: Record<string, string> = {};
  if (options.key !== null) headers.authorization = `Bearer ${options.key ?? CONVERC_TEST_KEY}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const contentType = options.contentType === undefined ? "application/json" : options.contentType;
  if (body !== undefined && contentType !== null) headers["content-type"] = contentType;
  const response = await request(`${emulator.url}${path}`, { method, headers, body, dispatcher: agent });
  const text = await response.body.text();
  return { status: response.statusCode, json: text ? (JSON.parse(text) as any) : undefined };
}

const HOOKS = "/integrations/webhooks";
const create = (body: unknown = { url: "https://example.com/hook", events: ["call.ended"] }) =>
  api("POST", HOOKS, { body });

describe("converc emulator › auth", () => {
  it.each([
    ["missing key", null],
    ["unknown key", "cvk_nobody"],
  ])("%s → 401 Unauthorized", async (_name, key) => {
    const response = await api("GET", HOOKS, { key });
    expect(response).toEqual({ status: 401, json: { error: "Unauthorized" } });
  });

  it("keeps orgs apart: another org's id is not found", async () => {
    emulator.addKey("cvk_other", "org_other");
    const { json } = await create();
    expect((await api("GET", HOOKS, { key: "cvk_other" })).json).toEqual({ webhooks: [] });
    expect((await api("DELETE", `${HOOKS}/${json.webhook.id}`, { key: "cvk_other" })).status).toBe(404);
  });
});

describe("converc emulator › endpoints", () => {
  it("creates with the secret beside the endpoint, once, and lists without it", async () => {
    const created = await create({
      url: "https://example.com/hook",
      events: ["call.ended", "call.missed", "call.ended"],
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      webhook: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        url: "https://example.com/hook",
        events: ["call.ended", "call.missed"],
        isActive: true,
        createdAt: "2026-03-01T10:00:00Z",
        updatedAt: "2026-03-01T10:00:00Z",
      },
      secret: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const listed = await api("GET", HOOKS);
    expect(listed).toEqual({ status: 200, json: { webhooks: [created.json.webhook] } });
    expect(JSON.stringify(listed.json)).not.toContain(created.json.secret);
  });

  it("stores omitted events as [] (every event) and allows the same url twice", async () => {
    await create({ url: "https://example.com/hook" });
    await create({ url: "https://example.com/hook" });
    const { json } = await api("GET", HOOKS);
    expect(json.webhooks.map((w: { events: string[] }) => w.events)).toEqual([[], []]);
  });

  it.each([
    ["missing url", { events: ["call.ended"] }, "url is required"],
    ["non-https url", { url: "http://example.com/hook" }, "url must be a valid https URL"],
    [
      "too long url",
      { url: `https://example.com/${"x".repeat(2048)}` },
      "url must be at most 2048 characters",
    ],
    [
      "unknown event",
      { url: "https://example.com/hook", events: ["call.cancelled"] },
      "Unknown event type: call.cancelled",
    ],
    [
      "events not a list",
      { url: "https://example.com/hook", events: "call.ended" },
      "events must be an array of event types",
    ],
    ["a url that is not a string", { url: 42 }, "url must be a valid https URL"],
    [
      "an empty events list (only an omitted one means every event)",
      { url: "https://example.com/hook", events: [] },
      "events must name at least one event type; omit it for every event",
    ],
    [
      "a key outside the documented {url, events}",
      { url: "https://example.com/hook", isActive: false },
      "Unknown field: isActive",
    ],
  ])("rejects %s with 400", async (_name, body, message) => {
    expect(await create(body)).toEqual({ status: 400, json: { error: message } });
    expect(emulator.store.list(CONVERC_DEFAULT_ORG)).toEqual([]);
  });

  it.each([
    ["no Content-Type", null],
    ["a Content-Type other than JSON", "text/plain"],
  ])(
    "rejects a body sent with %s (the document says bodies are sent as application/json)",
    async (_name, type) => {
      const body = { url: "https://example.com/hook" };
      expect(await api("POST", HOOKS, { body, contentType: type })).toEqual({
        status: 400,
        json: { error: "Content-Type must be application/json" },
      });
      expect(
        (await api("POST", HOOKS, { body, contentType: "application/json; charset=utf-8" })).status,
      ).toBe(201);
      expect(emulator.store.list(CONVERC_DEFAULT_ORG)).toHaveLength(1);
    },
  );

  it("rejects invalid JSON", async () => {
    expect(await api("POST", HOOKS, { rawBody: "{nope" })).toEqual({
      status: 400,
      json: { error: "Invalid JSON body" },
    });
  });

  it("disables on DELETE, keeps the record, answers a repeat the same, and 404s an unknown id", async () => {
    const { json } = await create();
    const id = json.webhook.id as string;
    clock += 60_000;
    expect(await api("DELETE", `${HOOKS}/${id}`)).toEqual({
      status: 200,
      json: { ok: true, webhookId: id, isActive: false },
    });
    expect(emulator.store.get(id)).toMatchObject({ isActive: false, updatedAt: "2026-03-01T10:01:00Z" });
    clock += 60_000;
    expect((await api("DELETE", `${HOOKS}/${id}`)).json).toEqual({
      ok: true,
      webhookId: id,
      isActive: false,
    });
    expect(emulator.store.get(id)?.updatedAt).toBe("2026-03-01T10:01:00Z");
    expect((await api("GET", HOOKS)).json.webhooks[0].isActive).toBe(false);
    expect(await api("DELETE", `${HOOKS}/00000000-0000-0000-0000-000000000000`)).toEqual({
      status: 404,
      json: { error: "Not found" },
    });
  });

  it("has no update and no get-by-id unless switched on", async () => {
    const { json } = await create();
    const id = json.webhook.id as string;
    expect((await api("PATCH", `${HOOKS}/${id}`, { body: { url: "https://x.example.com" } })).status).toBe(
      404,
    );
    expect((await api("PUT", `${HOOKS}/${id}`, { body: { url: "https://x.example.com" } })).status).toBe(404);
    expect((await api("GET", `${HOOKS}/${id}`)).status).toBe(404);
    await start({ getById: true });
    const again = await create();
    expect((await api("GET", `${HOOKS}/${again.json.webhook.id}`)).json).toEqual({
      webhook: again.json.webhook,
    });
  });

  it("applies a create whose response is lost (the client sees a dropped connection)", async () => {
    emulator.faults.add({ kind: "lost", method: "POST", path: HOOKS });
    await expect(create()).rejects.toThrow();
    expect(emulator.store.list(CONVERC_DEFAULT_ORG)).toHaveLength(1);
  });
});

describe("converc emulator › test delivery and polling", () => {
  it("signs the test event with the endpoint's secret and reports the receiver's answer", async () => {
    const { json } = await create();
    const result = await api("POST", `${HOOKS}/test`, { body: { webhookId: json.webhook.id } });
    expect(result).toEqual({ status: 200, json: { ok: true, status: 200, error: null } });
    const [sent] = emulator.deliveries;
    expect(sent?.headers).toMatchObject({ "x-ic-event": "webhook.test", "x-ic-id": sent?.envelope.id });
    expect(verifySignature(json.secret, sent?.headers["x-ic-signature"], sent!.body, START / 1000)).toBe(
      true,
    );
    expect(verifySignature("0".repeat(64), sent?.headers["x-ic-signature"], sent!.body, START / 1000)).toBe(
      false,
    );
    expect(JSON.parse(sent!.body)).toMatchObject({
      type: "webhook.test",
      organizationId: CONVERC_DEFAULT_ORG,
      data: {},
    });
  });

  it("answers 200 with ok false when the receiver fails or cannot be reached", async () => {
    const { json } = await create();
    emulator.setReceiver("https://example.com/hook", { status: 500 });
    expect((await api("POST", `${HOOKS}/test`, { body: { webhookId: json.webhook.id } })).json).toEqual({
      ok: false,
      status: 500,
      error: "Receiver responded with HTTP 500",
    });
    emulator.setReceiver("https://example.com/hook", { error: "connect ECONNREFUSED" });
    expect((await api("POST", `${HOOKS}/test`, { body: { webhookId: json.webhook.id } })).json).toEqual({
      ok: false,
      status: null,
      error: "connect ECONNREFUSED",
    });
  });

  it("validates the test request", async () => {
    expect(await api("POST", `${HOOKS}/test`, { body: {} })).toEqual({
      status: 400,
      json: { error: "webhookId is required" },
    });
    expect((await api("POST", `${HOOKS}/test`, { body: { webhookId: "nope" } })).status).toBe(404);
  });

  it("lists sent events as a bare array, newest first, filtered by type", async () => {
    const { json } = await create();
    for (let n = 0; n < 3; n++) await api("POST", `${HOOKS}/test`, { body: { webhookId: json.webhook.id } });
    const polled = await api("GET", "/webhooks/events?eventType=webhook.test&display=2");
    expect(polled.json.map((event: { id: string }) => event.id)).toEqual([
      emulator.deliveries[2]?.envelope.id,
      emulator.deliveries[1]?.envelope.id,
    ]);
    expect((await api("GET", "/webhooks/events?eventType=call.ended")).json).toEqual([]);
  });
});

describe("converc emulator › real deliveries (sandbox)", () => {
  it("POSTs the signed test event to a real receiver and reports its status, or the connection failure", async () => {
    await start({ deliverOverHttp: true, now: Date.now });
    const received: Array<{ path: string; valid: boolean }> = [];
    let secret = "";
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        received.push({
          path: req.url ?? "",
          valid: verifySignature(secret, req.headers["x-ic-signature"] as string, body, Date.now() / 1000),
        });
        res.writeHead(req.url === "/ok" ? 204 : 500).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    try {
      const ok = await create({ url: `${base}/ok` });
      secret = ok.json.secret;
      expect((await api("POST", `${HOOKS}/test`, { body: { webhookId: ok.json.webhook.id } })).json).toEqual({
        ok: true,
        status: 204,
        error: null,
      });
      const failing = await create({ url: `${base}/fail` });
      secret = failing.json.secret;
      expect(
        (await api("POST", `${HOOKS}/test`, { body: { webhookId: failing.json.webhook.id } })).json,
      ).toEqual({ ok: false, status: 500, error: "Receiver responded with HTTP 500" });
      expect(received).toEqual([
        { path: "/ok", valid: true },
        { path: "/fail", valid: true },
      ]);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
    const gone = await create({ url: `${base}/ok` });
    expect((await api("POST", `${HOOKS}/test`, { body: { webhookId: gone.json.webhook.id } })).json).toEqual({
      ok: false,
      status: null,
      error: "ECONNREFUSED",
    });
  });
});
