/**
 * A base URL that cannot be connected to, through the real dynamic-provider host: a refused connection or an
 * unknown host is almost always a wrong base URL or a vendor that is down, so it fails at once (an unknown host)
 * or after one quick retry (a refused connection), saying nothing was sent and naming the base-URL setting. The
 * host resolves names through test/support/dns-stub-preload.cjs, which answers for `*.invalid` without a DNS
 * query and logs each lookup: one per connection attempt.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ERZYCALL_TEST_KEY } from "../emulators/erzycall";
import {
  checkAndCreate,
  fixtureDir,
  HostCallError,
  secretArg,
  serializeResource,
  startHost,
  type HostClient,
  type SerializedResource,
  urnFor,
} from "../harness";

const PRELOAD = path.join(__dirname, "../support/dns-stub-preload.cjs");
const urn = urnFor("erzycall", "Webhook", "orders");

let webhook: SerializedResource;
let host: HostClient | undefined;
let dir: string;
let lookups: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "connection-failures-"));
  webhook = await serializeResource(fixtureDir(), {
    module: "erzycall",
    resource: "Webhook",
    name: "orders",
    args: { url: "https://hooks.example.com/e", events: ["call.ended"] },
  });
});

afterEach(async () => {
  await host?.close();
  host = undefined;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** One create against `baseUrl`; the error line and the names the host looked up, one per connection attempt. */
async function createAgainst(baseUrl: string): Promise<{ details: string; attempts: number }> {
  lookups = path.join(dir, `lookups-${Date.now()}-${Math.random()}`);
  host = await startHost(fixtureDir(), {
    env: {
      NODE_OPTIONS: `--require ${PRELOAD}`,
      DNS_STUB_LOG: lookups,
      // Fast retries, and a generous count: the kind of failure alone must bound them.
      PULUMI_WEBHOOKS_RETRY_BASE_MS: "1",
      PULUMI_WEBHOOKS_MAX_RETRIES: "5",
    },
  });
  await host.configure({ "erzycall:apiKey": secretArg(ERZYCALL_TEST_KEY), "erzycall:baseUrl": baseUrl });
  const failure = await checkAndCreate(host, urn, webhook.inputs).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(HostCallError);
  const hostname = new URL(baseUrl).hostname;
  const names = readFileSync(lookups, "utf8").split("\n").filter(Boolean);
  return {
    details: (failure as HostCallError).details,
    attempts: names.filter((n) => n === hostname).length,
  };
}

const ADVICE =
  "nothing was sent. Check the base URL (erzycall:baseUrl / ERZYCALL_BASE_URL), " +
  "or whether Erzycall is reachable from here";

describe("a base URL that cannot be connected to, through the real host", () => {
  it("an unknown host fails at the first attempt, saying nothing was sent and where the base URL is set", async () => {
    const { details, attempts } = await createAgainst("https://erzycall.invalid");
    expect(details).toBe(
      `Erzycall create webhook failed: could not connect to https://erzycall.invalid (ENOTFOUND); ${ADVICE}`,
    );
    expect(attempts).toBe(1);
  });

  it("a refused connection fails after one retry, with the same words", async () => {
    const port = await closedPort();
    const { details, attempts } = await createAgainst(`http://localhost:${port}`);
    expect(details).toBe(
      `Erzycall create webhook failed: could not connect to http://localhost:${port} (ECONNREFUSED); ${ADVICE}`,
    );
    expect(attempts).toBe(2);
  });

  it("https:// to a port that speaks plain HTTP fails at the first attempt: the handshake sent nothing", async () => {
    const plain = createHttpServer((_req, res) => res.end("{}"));
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    const { port } = plain.address() as AddressInfo;
    try {
      const { details, attempts } = await createAgainst(`https://localhost:${port}`);
      expect(details).toBe(
        `Erzycall create webhook failed: could not connect to https://localhost:${port} ` +
          `(TLS handshake failed: ERR_SSL_WRONG_VERSION_NUMBER); ${ADVICE}`,
      );
      expect(attempts).toBe(1);
    } finally {
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it("a server that is not the vendor's API (a 404 page) is named as a base URL to check", async () => {
    const other = createHttpServer((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html><head><title>404 Not Found</title></head></html>");
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const { port } = other.address() as AddressInfo;
    try {
      const { details, attempts } = await createAgainst(`http://localhost:${port}`);
      expect(details).toBe(
        'Erzycall create webhook failed: HTTP 404 "HTML error page: 404 Not Found". The answer is not in ' +
          "Erzycall's error format, so it may not come from Erzycall's API: check the base URL " +
          "(erzycall:baseUrl / ERZYCALL_BASE_URL)",
      );
      expect(attempts).toBe(1);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it("a resolver that does not answer in time gets two quick retries", async () => {
    const { details, attempts } = await createAgainst("https://eai-again.erzycall.invalid");
    expect(details).toBe(
      "Erzycall create webhook failed: could not connect to https://eai-again.erzycall.invalid (EAI_AGAIN); " +
        ADVICE,
    );
    expect(attempts).toBe(3);
  });
});
