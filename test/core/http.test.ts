import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { unrecognizedBody, WebhookApiError } from "../../provider/core/errors";
import { apiPath, callApi, type ApiTarget } from "../../provider/core/http";

/** A scripted server: each request takes the next step; the log is what reached the server. */
type Step = (req: http.IncomingMessage, res: http.ServerResponse) => void;
let steps: Step[] = [];
const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
let connections = 0;
let server: http.Server;
let target: ApiTarget;

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Step =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
const reset: Step = (req) => req.socket.destroy();

/** A test-only key and certificate for localhost, signed by itself (so no system trusts it). */
function selfSignedLocalhost(): https.ServerOptions {
  const dir = path.join(__dirname, "../support/tls");
  return {
    key: fs.readFileSync(path.join(dir, "localhost-self-signed.key.pem")),
    cert: fs.readFileSync(path.join(dir, "localhost-self-signed.cert.pem")),
  };
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      (steps.shift() ?? json(500, { error: "no step scripted" }))(req, res);
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  target = {
    vendor: "Acme",
    baseUrl: `http://127.0.0.1:${port}/v1`,
    headers: { "x-api-key": "acme-key-123" },
    parseError: (body) => (body as { error?: { code?: string; message?: string } }).error ?? {},
    hint: (status) => (status === 422 ? "delete one first" : undefined),
  };
  process.env.PULUMI_WEBHOOKS_RETRY_BASE_MS = "1";
});

afterEach(() => {
  steps = [];
  seen.length = 0;
  delete process.env.PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("core › http", () => {
  it("sends auth, JSON body, Idempotency-Key and query, and parses the JSON answer", async () => {
    steps = [json(201, { data: { id: "a" } })];
    const response = await callApi(target, {
      operation: "create thing",
      method: "POST",
      path: "/things",
      query: { limit: 5, skip: undefined },
      body: { name: "n" },
      idempotencyKey: "k-1",
    });
    expect(response).toMatchObject({ status: 201, body: { data: { id: "a" } } });
    expect(seen[0]).toMatchObject({ method: "POST", url: "/v1/things?limit=5", body: '{"name":"n"}' });
    expect(seen[0]?.headers).toMatchObject({
      "x-api-key": "acme-key-123",
      "idempotency-key": "k-1",
      "content-type": "application/json",
    });
  });

  it("retries 429 honouring Retry-After, then succeeds, even for a write without a key", async () => {
    steps = [json(429, { error: { code: "RATE_LIMITED" } }, { "retry-after": "0" }), json(200, { ok: true })];
    await expect(
      callApi(target, { operation: "create", method: "POST", path: "/things", body: {} }),
    ).resolves.toMatchObject({ status: 200 });
    expect(seen).toHaveLength(2);
  });

  it("waits out 429s by time, not by count: more refusals than the retry count still end in the answer", async () => {
    process.env.PULUMI_WEBHOOKS_MAX_RETRIES = "1";
    const limited = json(429, { error: { code: "RATE_LIMITED" } }, { "retry-after": "0" });
    steps = [limited, limited, limited, limited, json(201, { id: "x" })];
    await expect(
      callApi(target, { operation: "create", method: "POST", path: "/things", body: {} }),
    ).resolves.toMatchObject({ status: 201 });
    expect(seen).toHaveLength(5);
    delete process.env.PULUMI_WEBHOOKS_MAX_RETRIES;
  });

  it("when the time budget for rate limits is spent, says how long it waited and the limit, and never to lower --parallel", async () => {
    process.env.PULUMI_WEBHOOKS_RATE_LIMIT_BUDGET_MS = "50";
    steps = Array.from({ length: 10_000 }, () =>
      json(429, { error: { code: "RATE_LIMITED", message: "slow down" } }, { "retry-after": "0" }),
    );
    const limited = {
      ...target,
      rateLimit: { description: "5 requests a second", windows: [{ requests: 1_000, perMs: 1_000 }] },
    };
    const error = await callApi(limited, {
      operation: "create thing",
      method: "POST",
      path: "/things",
      body: {},
    }).catch((caught: unknown) => caught as WebhookApiError);
    expect(error).toBeInstanceOf(WebhookApiError);
    expect(error).toMatchObject({ code: "WH_RATE_LIMITED", statusCode: 429 });
    expect((error as Error).message).toMatch(
      /^Acme create thing failed: HTTP 429 RATE_LIMITED "slow down" waited [\d.]+ s on Acme's rate limit \(5 requests a second\); the request was not applied\. Allow a longer wait with pulumi-webhooks:rateLimitBudgetMs \/ PULUMI_WEBHOOKS_RATE_LIMIT_BUDGET_MS/,
    );
    expect((error as Error).message).not.toContain("--parallel");
    delete process.env.PULUMI_WEBHOOKS_RATE_LIMIT_BUDGET_MS;
  });

  it("says a refused connection sent nothing, even for a write, and keeps 'may have been applied' for a reset", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await callApi(
      { ...target, baseUrl: `http://127.0.0.1:${port}/v1` },
      { operation: "create thing", method: "POST", path: "/things", body: {} },
    ).catch((caught: unknown) => caught as WebhookApiError);
    expect(refused).toMatchObject({ code: "WH_NETWORK", nothingSent: true });
    expect((refused as Error).message).toMatch(
      /could not connect to http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); nothing was sent\. Check the base URL/,
    );
    expect((refused as Error).message).not.toMatch(/may or may not/);
    steps = [reset];
    const cut = await callApi(target, {
      operation: "create thing",
      method: "POST",
      path: "/things",
      body: {},
    }).catch((caught: unknown) => caught as WebhookApiError);
    expect((cut as Error).message).toMatch(/may or may not have been applied/);
  });

  it("says a failed TLS handshake sent nothing and names the base URL, without retrying", async () => {
    // `https://` to a port that speaks plain HTTP: the usual slip when pointing at an emulator.
    const before = seen.length;
    const plain = await callApi(
      { ...target, baseUrl: target.baseUrl.replace("http://", "https://") },
      { operation: "create thing", method: "POST", path: "/things", body: {} },
    ).catch((caught: unknown) => caught as WebhookApiError);
    expect(plain).toMatchObject({ code: "WH_NETWORK", nothingSent: true });
    expect((plain as Error).message).toMatch(
      /^Acme create thing failed: could not connect to https:\/\/127\.0\.0\.1:\d+ \(TLS handshake failed: ERR_SSL_WRONG_VERSION_NUMBER\); nothing was sent\. Check the base URL/,
    );
    expect((plain as Error).message).not.toMatch(/may or may not/);
    expect(seen.length).toBe(before);

    // A certificate the system does not trust: refused before the request is written, and not asked again.
    let tlsConnections = 0;
    const untrusted = https.createServer(selfSignedLocalhost(), (_req, res) => res.end("{}"));
    untrusted.on("connection", () => tlsConnections++);
    await new Promise<void>((resolve) => untrusted.listen(0, "127.0.0.1", resolve));
    const { port } = untrusted.address() as AddressInfo;
    try {
      const refused = await callApi(
        { ...target, baseUrl: `https://localhost:${port}/v1` },
        { operation: "update thing", method: "PATCH", path: "/things/1", body: {} },
      ).catch((caught: unknown) => caught as WebhookApiError);
      expect(refused).toMatchObject({ code: "WH_NETWORK", nothingSent: true });
      expect((refused as Error).message).toBe(
        `Acme update thing failed: could not connect to https://localhost:${port} ` +
          "(TLS handshake failed: DEPTH_ZERO_SELF_SIGNED_CERT); nothing was sent. Check the base URL, " +
          "or whether Acme is reachable from here",
      );
      expect(tlsConnections).toBe(1);
    } finally {
      await new Promise((resolve) => untrusted.close(resolve));
    }
  });

  it("does not repeat a write without a key after a 502 (it may have been applied)", async () => {
    steps = [json(502, { error: { code: "BAD_GATEWAY", message: "upstream" } }), json(200, {})];
    await expect(
      callApi(target, { operation: "create thing", method: "POST", path: "/things", body: {} }),
    ).rejects.toThrow('Acme create thing failed: HTTP 502 BAD_GATEWAY "upstream"');
    expect(seen).toHaveLength(1);
  });

  it("repeats a keyed write after a 502 and after a reset connection, with the same key", async () => {
    steps = [json(502, {}), reset, json(201, { id: "x" })];
    await expect(
      callApi(target, {
        operation: "create",
        method: "POST",
        path: "/things",
        body: { a: 1 },
        idempotencyKey: "same",
      }),
    ).resolves.toMatchObject({ status: 201 });
    expect(seen.map((request) => request.headers["idempotency-key"])).toEqual(["same", "same", "same"]);
    expect(seen.map((request) => request.body)).toEqual(['{"a":1}', '{"a":1}', '{"a":1}']);
  });

  it("does not repeat a write without a key after a reset connection", async () => {
    steps = [reset, json(201, {})];
    await expect(
      callApi(target, { operation: "create thing", method: "POST", path: "/things", body: {} }),
    ).rejects.toThrow(/Acme create thing failed: could not reach http:\/\/127\.0\.0\.1:\d+/);
    expect(seen).toHaveLength(1);
  });

  it("repeats a write marked repeatable (absolute values) after a reset connection", async () => {
    steps = [reset, json(200, { ok: true })];
    await expect(
      callApi(target, {
        operation: "update thing",
        method: "PATCH",
        path: "/things/1",
        body: { name: "n" },
        repeatable: true,
      }),
    ).resolves.toMatchObject({ status: 200 });
    expect(seen.map((request) => `${request.method} ${request.body}`)).toEqual([
      'PATCH {"name":"n"}',
      'PATCH {"name":"n"}',
    ]);
  });

  it("gives up after the retry budget and reports the last status", async () => {
    process.env.PULUMI_WEBHOOKS_MAX_RETRIES = "2";
    steps = [
      json(503, {}),
      json(503, {}),
      json(503, { error: { code: "DOWN", message: "maintenance" } }),
      json(200, {}),
    ];
    await expect(
      callApi(target, { operation: "list things", method: "GET", path: "/things" }),
    ).rejects.toThrow('HTTP 503 DOWN "maintenance"');
    expect(seen).toHaveLength(3);
    delete process.env.PULUMI_WEBHOOKS_MAX_RETRIES;
  });

  it("turns a vendor error into one WebhookApiError line with code, hint, and no credential", async () => {
    steps = [json(422, { error: { code: "LIMIT", message: "too many for acme-key-123" } })];
    const error = await callApi(target, {
      operation: "create thing",
      method: "POST",
      path: "/things",
      body: {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookApiError);
    expect((error as WebhookApiError).code).toBe("WH_INVALID");
    expect((error as Error).message).toBe(
      'Acme create thing failed: HTTP 422 LIMIT "too many for [redacted]". Delete one first',
    );
  });

  it.each([
    [
      "an HTML error page",
      (_req: http.IncomingMessage, res: http.ServerResponse) => {
        res.writeHead(500, { "content-type": "text/html" });
        res.end("<html><title>Internal Server Error</title><body>stack...</body></html>");
      },
      'HTTP 500 "HTML error page: Internal Server Error"',
    ],
    [
      "an empty body",
      (_req: http.IncomingMessage, res: http.ServerResponse) => {
        res.writeHead(500);
        res.end();
      },
      'HTTP 500 "empty response body"',
    ],
    [
      "malformed JSON",
      (_req: http.IncomingMessage, res: http.ServerResponse) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end('{"error": ');
      },
      'HTTP 500 "unreadable response body (10 bytes, not JSON)"',
    ],
  ])("describes %s without dumping it", async (_name, step, expected) => {
    steps = [step];
    await expect(
      callApi(target, { operation: "list things", method: "GET", path: "/things" }),
    ).rejects.toThrow(expected);
  });

  it("names the base URL for a 404 or 405 the vendor's error format does not explain, not for its own 404", async () => {
    const advice =
      "The answer is not in Acme's error format, so it may not come from Acme's API: check the base URL";
    steps = [
      (_req, res) => {
        res.writeHead(404, { "content-type": "text/html" });
        res.end("<html><title>404 Not Found</title></html>");
      },
    ];
    await expect(
      callApi(target, { operation: "list things", method: "GET", path: "/things" }),
    ).rejects.toThrow(`Acme list things failed: HTTP 404 "HTML error page: 404 Not Found". ${advice}`);
    const strict = { ...target, parseError: () => unrecognizedBody() };
    steps = [json(405, { detail: "Method Not Allowed" })];
    await expect(
      callApi(strict, { operation: "create thing", method: "POST", path: "/things", body: {} }),
    ).rejects.toThrow(`Acme create thing failed: HTTP 405 "unrecognized error body". ${advice}`);
    steps = [json(404, { error: { code: "NOT_FOUND", message: "no such thing" } })];
    const own = await callApi(target, { operation: "get thing", method: "GET", path: "/things/x" }).catch(
      (caught: unknown) => caught as Error,
    );
    expect((own as Error).message).toBe('Acme get thing failed: HTTP 404 NOT_FOUND "no such thing"');
  });

  it("returns accepted error statuses to the caller instead of throwing", async () => {
    steps = [json(404, { error: { code: "NOT_FOUND" } })];
    await expect(
      callApi(target, { operation: "delete", method: "DELETE", path: "/things/x", accept: [404] }),
    ).resolves.toMatchObject({ status: 404 });
  });

  it("cuts off a vendor that does not answer, with a clear error", async () => {
    process.env.PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS = "200";
    process.env.PULUMI_WEBHOOKS_MAX_RETRIES = "0";
    steps = [() => undefined];
    await expect(
      callApi(target, { operation: "list things", method: "GET", path: "/things" }),
    ).rejects.toThrow(/no response from http:\/\/127\.0\.0\.1:\d+ within 200 ms/);
    delete process.env.PULUMI_WEBHOOKS_MAX_RETRIES;
  });

  it("reuses one keep-alive connection for sequential calls", async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = connections;
    steps = [json(200, {}), json(200, {}), json(200, {}), json(200, {})];
    for (let i = 0; i < 4; i++) await callApi(target, { operation: "list", method: "GET", path: "/things" });
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it("keeps the connection after a DELETE with a body the server reads, and drops it otherwise", async () => {
    const socketsOf = async (bodyReadByServer: boolean, times: number) => {
      const used = new Set<import("node:net").Socket>();
      const track = (req: http.IncomingMessage) => used.add(req.socket);
      server.on("request", track);
      steps = Array.from({ length: times }, () => json(200, {}));
      for (let i = 0; i < times; i++)
        await callApi(target, {
          operation: "remove",
          method: "DELETE",
          path: "/things",
          body: ["a"],
          bodyReadByServer,
        });
      server.off("request", track);
      return [...used];
    };
    const kept = await socketsOf(true, 4);
    // undici's default, for a server that may leave such a body unread: the client closes each connection after it.
    const dropped = await socketsOf(false, 3);
    await expect.poll(() => dropped.every((socket) => socket.destroyed)).toBe(true);
    // By now a close of the first ones would have arrived too (a dropped one may have reused a kept one first).
    expect(kept.filter((socket) => !dropped.includes(socket)).some((socket) => socket.destroyed)).toBe(false);
    expect(kept.length).toBeLessThan(4);
    expect(seen.map((request) => request.body)).toEqual(Array(7).fill('["a"]'));
  });

  it("encodes path segments and refuses a missing one", () => {
    expect(apiPath`/things/${"a/b c"}/sub`).toBe("/things/a%2Fb%20c/sub");
    expect(() => apiPath`/things/${""}`).toThrow(/missing path segment/);
  });
});
