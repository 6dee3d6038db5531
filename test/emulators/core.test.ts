import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Agent, request } from "undici";
import {
  FaultInjector,
  jsonResponse,
  startEmulatorServer,
  type EmulatorRequest,
  type EmulatorServer,
} from "./core";

/** A toy vendor: POST /items/:name stores an item (a "write"), GET /items lists them. */
let server: EmulatorServer;
let agent: Agent;
let items: string[];
let seen: EmulatorRequest[];

beforeEach(async () => {
  items = [];
  seen = [];
  server = await startEmulatorServer({
    handler: (req) => {
      seen.push(req);
      if (req.invalidJson) return jsonResponse(400, { error: "INVALID_JSON" });
      if (req.method === "POST" && req.path.startsWith("/items/")) {
        items.push(req.path.slice("/items/".length));
        return jsonResponse(201, { ok: true });
      }
      return jsonResponse(200, { items });
    },
  });
  // One connection per origin: undici may open a second socket when the next request is queued
  // before it has marked the first one idle, which would make connection counts racy.
  agent = new Agent({ connections: 1 });
});

afterEach(async () => {
  await agent.close();
  await server.close();
});

async function call(method: "GET" | "POST", path: string, body?: string) {
  const response = await request(`${server.url}${path}`, {
    method,
    body,
    dispatcher: agent,
    headers: body ? { "content-type": "application/json", "X-Trace": "t1" } : {},
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

/** Outcome of a call as a string, so sequences of outcomes compare easily. */
async function outcome(method: "GET" | "POST", path: string): Promise<string> {
  try {
    return String((await call(method, path)).status);
  } catch {
    return "error";
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("emulator core › request log", () => {
  it("records method, path, query, lower-case headers, parsed and raw body, and status", async () => {
    await call("POST", "/items/a?x=1&y=two", '{"n": 1}');
    expect(server.requests).toHaveLength(1);
    const [entry] = server.requests;
    expect(entry).toMatchObject({
      method: "POST",
      path: "/items/a",
      query: { x: "1", y: "two" },
      body: { n: 1 },
      rawBody: '{"n": 1}',
      status: 201,
    });
    expect(entry!.headers["x-trace"]).toBe("t1");
    expect(entry!.fault).toBeUndefined();
    server.clearRequests();
    expect(server.requests).toHaveLength(0);
  });

  it("passes invalid JSON to the handler instead of failing, and logs body as undefined", async () => {
    const response = await call("POST", "/items/a", "{not json");
    expect(response.status).toBe(400);
    expect(seen[0]!.invalidJson).toBe(true);
    expect(server.requests[0]).toMatchObject({ body: undefined, rawBody: "{not json", status: 400 });
  });
});

describe("emulator core › connections", () => {
  it("counts TCP connections: keep-alive reuses one, a new client opens another", async () => {
    for (let i = 0; i < 3; i++) await call("GET", "/items");
    expect(server.connectionsOpened).toBe(1);
    const other = new Agent();
    await request(`${server.url}/items`, { dispatcher: other }).then((r) => r.body.text());
    await other.close();
    expect(server.connectionsOpened).toBe(2);
  });
});

describe("emulator core › faults", () => {
  it("status fault answers before the handler, with Retry-After and the given body, for N times", async () => {
    server.faults.add({
      kind: "status",
      status: 429,
      retryAfter: 3,
      body: "slow down",
      contentType: "text/plain",
      method: "POST",
      path: /^\/items\//,
      times: 2,
    });
    const first = await call("POST", "/items/a");
    expect(first).toMatchObject({ status: 429, text: "slow down" });
    expect(first.headers["retry-after"]).toBe("3");
    expect((await call("GET", "/items")).status).toBe(200); // method does not match
    expect((await call("POST", "/items/b")).status).toBe(429);
    expect((await call("POST", "/items/c")).status).toBe(201);
    expect(items).toEqual(["c"]);
    expect(server.faults.counts.status).toBe(2);
    expect(server.requests.map((r) => r.fault)).toEqual(["status", undefined, "status", undefined]);
  });

  it.each<[string, { status: number; body?: string; contentType?: string }]>([
    [
      "HTML 500",
      { status: 500, body: "<html><body>Internal Server Error</body></html>", contentType: "text/html" },
    ],
    ["empty 502", { status: 502 }],
    ["malformed JSON 503", { status: 503, body: '{"error":', contentType: "application/json" }],
  ])("status fault with %s body is sent exactly", async (_name, fault) => {
    server.faults.add({ kind: "status", ...fault });
    const response = await call("GET", "/items");
    expect(response.status).toBe(fault.status);
    expect(response.text).toBe(fault.body ?? "");
    if (fault.contentType) expect(response.headers["content-type"]).toBe(fault.contentType);
  });

  it("status fault with a body made from the request answers each request with its own, and writes nothing", async () => {
    server.faults.add({
      kind: "status",
      status: 500,
      body: (request) => `${request.method} ${request.path} ${request.query.x ?? ""} ${request.rawBody}`,
      times: 2,
    });
    expect((await call("POST", "/items/a?x=1", '{"n":1}')).text).toBe('POST /items/a 1 {"n":1}');
    expect((await call("GET", "/items")).text).toBe("GET /items  ");
    expect(items).toEqual([]);
  });

  it("status fault with a message answers in the vendor's envelope, and fails loudly where the vendor has none", async () => {
    const vendor = await startEmulatorServer({
      handler: () => jsonResponse(200, {}),
      vendorError: (status, message) => jsonResponse(status, { problem: { message } }, { "x-vendor": "yes" }),
    });
    try {
      vendor.faults.add({ kind: "status", status: 401, message: (request) => `no ${request.path}` });
      const response = await request(`${vendor.url}/things/7`, { dispatcher: agent });
      expect(response.statusCode).toBe(401);
      expect(response.headers["x-vendor"]).toBe("yes");
      expect(await response.body.json()).toEqual({ problem: { message: "no /things/7" } });
    } finally {
      await vendor.close();
    }
    server.faults.add({ kind: "status", status: 401, message: "no" });
    expect(await call("GET", "/items")).toMatchObject({
      status: 500,
      text: expect.stringContaining("needs the emulator's vendorError"),
    });
  });

  it("reset fault drops the connection before the handler: nothing is written", async () => {
    server.faults.add({ kind: "reset", method: "POST" });
    await expect(call("POST", "/items/a")).rejects.toThrow();
    expect(items).toEqual([]);
    expect(seen).toHaveLength(0);
    expect(server.requests[0]).toMatchObject({ status: null, fault: "reset" });
    expect(server.faults.counts.reset).toBe(1);
  });

  it("lost-response fault applies the write, then destroys the socket without a response", async () => {
    server.faults.add({ kind: "lost", path: /^\/items\/a$/ });
    await expect(call("POST", "/items/a")).rejects.toThrow();
    expect(items).toEqual(["a"]);
    expect(server.requests[0]).toMatchObject({ status: null, fault: "lost" });
    expect((await call("POST", "/items/a")).status).toBe(201); // used up after one time
    expect(server.faults.counts.lost).toBe(1);
  });

  it("latency fault delays but still answers, stacks with others, and is counted", async () => {
    server.faults.add({ kind: "latency", ms: 20, times: Infinity });
    server.faults.add({ kind: "status", status: 503 });
    expect((await call("GET", "/items")).status).toBe(503);
    expect((await call("GET", "/items")).status).toBe(200);
    expect(server.requests.map((r) => r.delayedMs)).toEqual([20, 20]);
    expect(server.faults.counts.latency).toBe(2);
  });

  it("a forever rule applies until removed", async () => {
    const handle = server.faults.add({ kind: "status", status: 500, times: Infinity });
    for (let i = 0; i < 3; i++) expect((await call("GET", "/items")).status).toBe(500);
    expect(handle.remaining).toBe(Infinity);
    handle.remove();
    expect((await call("GET", "/items")).status).toBe(200);
    expect(server.faults.total).toBe(3);
  });

  it("rejects a non-positive times", () => {
    expect(() => server.faults.add({ kind: "reset", times: 0 })).toThrow(/positive integer/);
  });

  it("hang never answers; close() destroys the socket so nothing waits forever", async () => {
    server.faults.add({ kind: "hang" });
    const pending = call("GET", "/items");
    await until(() => server.requests.length === 1);
    expect(server.requests[0]).toMatchObject({ status: null, fault: "hang" });
    await server.close();
    await expect(pending).rejects.toThrow();
  });

  it("stall applies the write, then never answers", async () => {
    server.faults.add({ kind: "stall", path: /^\/items\/stalled$/ });
    const pending = call("POST", "/items/stalled");
    await until(() => items.includes("stalled"));
    expect(server.requests[0]).toMatchObject({ status: null, fault: "stall" });
    await server.close();
    await expect(pending).rejects.toThrow();
  });

  it("stall with thenHang leaves every later request hanging until clear()", () => {
    const faults = new FaultInjector();
    faults.add({ kind: "stall", method: "POST", thenHang: true });
    expect(faults.plan("GET", "/items").action).toBeUndefined();
    expect(faults.plan("POST", "/items/quiet").action).toEqual({ kind: "stall", thenHang: true });
    expect(faults.plan("GET", "/items").action).toEqual({ kind: "hang" });
    faults.clear();
    expect(faults.plan("GET", "/items").action).toBeUndefined();
  });
});

describe("emulator core › seeded fault profile", () => {
  async function runProfile(
    seed: number,
  ): Promise<{ outcomes: string[]; written: number; counts: Record<string, number> }> {
    const before = items.length;
    server.faults.setProfile({ transientRate: 0.4, lostRate: 0.2, latencyMs: 2, seed });
    const outcomes: string[] = [];
    for (let i = 0; i < 40; i++) outcomes.push(await outcome("POST", `/items/${seed}-${i}`));
    const counts = server.faults.counts;
    server.faults.setProfile(undefined);
    return { outcomes, written: items.length - before, counts };
  }

  it("is deterministic for a seed, differs across seeds, and applies transient faults before the handler", async () => {
    const first = await runProfile(7);
    const again = await runProfile(7);
    const other = await runProfile(8);
    expect(again.outcomes).toEqual(first.outcomes);
    expect(other.outcomes).not.toEqual(first.outcomes);
    const kinds = new Set(first.outcomes);
    expect(kinds.has("201")).toBe(true);
    expect([...kinds].some((o) => ["429", "502", "503"].includes(o))).toBe(true);
    // Only successes and lost responses reached the handler; transient faults wrote nothing.
    const lostInFirst = first.counts.lost!;
    const successes = first.outcomes.filter((o) => o === "201").length;
    expect(lostInFirst).toBeGreaterThan(0);
    expect(first.written).toBe(successes + lostInFirst);
  });

  it("profile 429s carry Retry-After of 0 or 1", async () => {
    server.faults.setProfile({ transientRate: 1, lostRate: 0, latencyMs: 0, seed: 3 });
    const retryAfters = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const response = await call("GET", "/items").catch(() => undefined);
      if (response?.status === 429) retryAfters.add(String(response.headers["retry-after"]));
    }
    expect(retryAfters.size).toBeGreaterThan(0);
    for (const value of retryAfters) expect(["0", "1"]).toContain(value);
    expect(seen).toHaveLength(0);
  });
});
