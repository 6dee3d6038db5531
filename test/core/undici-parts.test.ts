import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as undici from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromUndiciEntryPoint, fromUndiciFiles, loadUndiciParts } from "../../provider/core/undici-parts";

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      res.writeHead(201, { "content-type": "application/json", "x-seen": "yes" });
      res.end(JSON.stringify({ method: req.method, url: req.url, body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("undici's parts loaded from its files", () => {
  it("are the very classes and functions undici's entry point exports (the installed version has the fast path)", () => {
    const parts = fromUndiciFiles();
    expect(parts.Agent).toBe(undici.Agent);
    expect(parts.EnvHttpProxyAgent()).toBe(undici.EnvHttpProxyAgent);
    expect(parts.retry).toBe(undici.interceptors.retry);
    expect(loadUndiciParts().Agent).toBe(undici.Agent);
  });

  it.each([
    ["undici's files", fromUndiciFiles],
    ["undici's entry point", fromUndiciEntryPoint],
  ])("send the request as undici's request does, path, query and body included (%s)", async (_name, load) => {
    const parts = load();
    const dispatcher = new parts.Agent().compose(parts.retry({ maxRetries: 0 }));
    try {
      const response = await parts.request(new URL(`${base}/api/v1/webhooks?page=2&size=10`), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"a":1}',
        dispatcher,
      });
      expect(response.statusCode).toBe(201);
      expect(response.headers["x-seen"]).toBe("yes");
      expect(await response.body.json()).toEqual({
        method: "POST",
        url: "/api/v1/webhooks?page=2&size=10",
        body: '{"a":1}',
      });
    } finally {
      await dispatcher.close();
    }
  });
});
