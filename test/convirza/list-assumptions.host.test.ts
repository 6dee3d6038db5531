/**
 * convirza.Webhook through the real host when the assumed list (its path, `limit=1000`) is not what Convirza
 * serves: the documented create and read still work, and a create whose answer is lost says the duplicate
 * check was unavailable instead of dropping it silently.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as convirza from "../../sdk/convirza";
import { startConvirzaEmulator, type ConvirzaEmulator } from "../emulators/convirza";
import {
  checkAndCreate,
  fixtureDir,
  HostCallError,
  serializeResource,
  startHost,
  type HostClient,
  type SerializedResource,
  urnFor,
} from "../harness";
import { inEnvironmentOf, testConfig, QUICK_RETRIES_NO_LIST_CACHE } from "../support/vendor-fixtures";

const urn = urnFor("convirza", "Webhook", "calls");
const args = { name: "Call sync", url: "https://hooks.example.com/convirza/calls" };

let webhook: SerializedResource;
const started: Array<{ close(): Promise<void> }> = [];

/** A host of its own for each Convirza: every step stands for a new `pulumi` run, with nothing cached. */
async function against(emulator: ConvirzaEmulator): Promise<HostClient> {
  const host = await startHost(fixtureDir(), {
    env: QUICK_RETRIES_NO_LIST_CACHE,
  });
  started.push(host);
  await host.configure(testConfig("convirza", emulator.url));
  return host;
}

beforeAll(async () => {
  webhook = await serializeResource(fixtureDir(), {
    module: "convirza",
    resource: "Webhook",
    name: "calls",
    args,
  });
});

afterAll(async () => {
  await Promise.all(started.map((closable) => closable.close()));
});

const calls = (emulator: ConvirzaEmulator) =>
  emulator.requests.map(
    (request) =>
      `${request.method} ${request.path}${Object.keys(request.query).length ? `?${new URLSearchParams(request.query)}` : ""} ${request.status}`,
  );

describe("convirza.Webhook through the real host, when the list refuses limit=1000", () => {
  let emulator: ConvirzaEmulator;
  let host: HostClient;
  beforeAll(async () => {
    emulator = await startConvirzaEmulator({ maxListLimit: 100 });
    started.push(emulator);
    host = await against(emulator);
  });

  it("asks again without limit, keeps the duplicate check, and never calls the path wrong", async () => {
    const created = await checkAndCreate(host, urn, webhook.inputs);
    expect(calls(emulator)).toEqual([
      "GET /v3/webhooks?limit=1000&offset=0 400",
      "GET /v3/webhooks 200",
      "POST /v3/webhooks 201",
      `GET /v3/webhooks/${created.id} 200`,
    ]);
    expect(emulator.store.list().map((stored) => stored.webhook_id)).toEqual([Number(created.id)]);
    // The list without limit still serves refresh: the webhook is found there.
    emulator.clearRequests();
    expect((await host.read(created.id, urn, created.properties, created.inputs)).id).toBe(created.id);
    expect(emulator.requests.every((request) => request.status === 200)).toBe(true);
  });
});

describe("convirza.Webhook through the real host, when there is no list at the configured path", () => {
  let emulator: ConvirzaEmulator;
  let host: HostClient;
  beforeAll(async () => {
    emulator = await startConvirzaEmulator({ listPaths: [] });
    started.push(emulator);
    host = await against(emulator);
  });

  it("creates with the documented POST alone, and reads by id", async () => {
    emulator.clearRequests();
    const created = await checkAndCreate(host, urn, webhook.inputs);
    expect(calls(emulator)).toEqual([
      "GET /v3/webhooks?limit=1000&offset=0 405",
      "GET /v3/webhooks 405",
      "POST /v3/webhooks 201",
      `GET /v3/webhooks/${created.id} 200`,
    ]);
    expect((await host.read(created.id, urn, created.properties, created.inputs)).properties).toMatchObject({
      name: args.name,
      url: args.url,
    });
    await host.delete(created.id, urn, created.properties);
  });

  it("reports a create whose answer is lost as maybe applied, with the duplicate check unavailable and why", async () => {
    emulator.faults.add({ kind: "status", status: 503, method: "POST", times: Infinity });
    const failure = await checkAndCreate(host, urn, webhook.inputs).catch((error: unknown) => error);
    emulator.faults.clear();
    expect(failure).toBeInstanceOf(HostCallError);
    expect((failure as HostCallError).details).toMatch(
      /^Convirza create webhook failed: HTTP 503 .*The create may have been applied, and the duplicate check is unavailable because the list failed \(Convirza list webhooks failed: HTTP 405 .*\): look for a webhook named "Call sync" in Convirza before the next `pulumi up`/,
    );
  });
});

describe("convirza.Webhook through the real host, when the list ignores offset", () => {
  let emulator: ConvirzaEmulator;
  let host: HostClient;
  beforeAll(async () => {
    // Pages of 2 (limit=1000 refused, the default page smaller), every page from the start.
    emulator = await startConvirzaEmulator({ maxListLimit: 2, defaultListLimit: 2, ignoreListOffset: true });
    started.push(emulator);
    host = await against(emulator);
  });

  it("reads a webhook past the first page by id, and creates without the look-up", async () => {
    const [, , third] = ["a", "b", "c"].map((suffix) =>
      emulator.store.insert({
        webhook_name: `existing ${suffix}`,
        webhook_endpoint: `https://crm.example.com/${suffix}`,
      }),
    );
    const id = String(third!.webhook_id);
    const read = await host.read(id, urn, { ...webhook.inputs }, webhook.inputs);
    expect(read.id).toBe(id);
    expect(read.properties).toMatchObject({ name: "existing c" });
    emulator.clearRequests();
    const created = await checkAndCreate(host, urn, webhook.inputs);
    expect(calls(emulator).slice(-2)).toEqual([
      "POST /v3/webhooks 201",
      `GET /v3/webhooks/${created.id} 200`,
    ]);
    expect(emulator.store.list().filter((stored) => stored.webhook_status !== "deleted")).toHaveLength(4);
  });

  it("getWebhooks says the list cannot be read to its end instead of listing repeats", async () => {
    await expect(inEnvironmentOf("convirza", emulator.url, () => convirza.getWebhooks())).rejects.toThrow(
      "Convirza list webhooks failed: the page at offset 2 repeats webhooks already listed: Convirza does not " +
        "page its webhook list by limit and offset as assumed, so it cannot be read to its end",
    );
  });
});
