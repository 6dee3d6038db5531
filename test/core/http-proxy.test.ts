/**
 * Behind a proxy (HTTP_PROXY / HTTPS_PROXY), every vendor call goes through it: core/http then builds its pool on
 * undici's EnvHttpProxyAgent, which it loads only in that case. Its own file: the transport's dispatcher is made
 * once per process, on the first call, from the environment of that moment.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as net from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { callApi } from "../../provider/core/http";

let vendor: http.Server;
let proxy: http.Server;
const tunnels: string[] = [];
const received: string[] = [];

beforeAll(async () => {
  vendor = http.createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ data: [] }));
  });
  await new Promise<void>((resolve) => vendor.listen(0, "127.0.0.1", resolve));
  // A CONNECT proxy, as corporate proxies are: it opens a tunnel to the host and port asked for.
  proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    const upstream = net.connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.HTTP_PROXY;
  proxy.closeAllConnections();
  vendor.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await new Promise((resolve) => vendor.close(resolve));
});

it("sends vendor calls through the proxy the environment names", async () => {
  const origin = `127.0.0.1:${(vendor.address() as AddressInfo).port}`;
  const response = await callApi(
    { vendor: "Acme", baseUrl: `http://${origin}/v1`, headers: { "x-api-key": "k" }, parseError: () => ({}) },
    { operation: "list things", method: "GET", path: "/things", query: { page: 2 } },
  );
  expect(response).toMatchObject({ status: 200, body: { data: [] } });
  expect(tunnels).toEqual([origin]);
  expect(received).toEqual(["GET /v1/things?page=2"]);
});
