/**
 * Erzycall's webhook list shows no pagination today, but its document says clients should still follow `cursor`
 * if `hasMore` is ever `true` (erzycall.md §9). The emulator here pages the list two endpoints at a time, as the
 * document describes Erzycall's other lists: refresh, adopt and getWebhooks must see the endpoints of page 2 and
 * later, through the real host.
 */
import { describe, expect, it } from "vitest";
import * as erzycall from "../../sdk/erzycall";
import { ERZYCALL_DEFAULT_ORG, startErzycallEmulator, type ErzycallEmulator } from "../emulators/erzycall";
import { asAnotherResource, checkAndCreate, HostCallError, type HostClient, urnFor } from "../harness";
import type { SerializedResource } from "../harness";
import { inEnvironmentOf, useHostSuite, QUICK_RETRIES_NO_LIST_CACHE } from "../support/vendor-fixtures";

const URL_A = "https://hooks.example.com/erzycall/orders";

let emulator: ErzycallEmulator;
let host: HostClient;
let webhook: SerializedResource;
const urn = urnFor("erzycall", "Webhook", "paged");

useHostSuite(
  {
    vendor: "erzycall",
    start: () => startErzycallEmulator({ listPageSize: 2 }),
    resources: [
      {
        module: "erzycall",
        resource: "Webhook",
        name: "paged",
        args: { url: URL_A, events: ["call.ended"] },
      },
    ],
    hostEnv: QUICK_RETRIES_NO_LIST_CACHE,
  },
  (suite) => void ({ emulator, host, resource: webhook } = suite),
);

const dashboardEndpoints = (count: number) =>
  Array.from({ length: count }, (_, index) =>
    emulator.store.insert(ERZYCALL_DEFAULT_ORG, {
      url: `https://crm.example.com/${index}`,
      events: ["contact.created"],
    }),
  );

const listRequests = () =>
  emulator.requests
    .filter((request) => request.method === "GET")
    .map((request) => ({ path: request.path, query: request.query }));

describe("erzycall's webhook list, when Erzycall pages it", () => {
  it("refreshes an endpoint found on the last page, following each cursor and sending nothing else", async () => {
    dashboardEndpoints(4);
    const created = await checkAndCreate(host, urn, webhook.inputs);
    emulator.clearRequests();
    const refreshed = await host.read(created.id, urn, created.properties, created.inputs);
    expect(refreshed.id).toBe(created.id);
    expect(refreshed.properties).toEqual(created.properties);
    const requests = listRequests();
    expect(requests).toHaveLength(3);
    expect(requests[0]).toEqual({ path: "/api/v1/webhooks", query: {} });
    // Only `cursor`: `limit` is documented for Erzycall's other lists, not this one.
    for (const request of requests.slice(1)) expect(Object.keys(request.query)).toEqual(["cursor"]);
    await host.delete(created.id, urn, created.properties);
  });

  it("adopts an endpoint on page 2", async () => {
    for (const endpoint of emulator.store.list(ERZYCALL_DEFAULT_ORG)) emulator.store.delete(endpoint.id);
    const [, , third] = dashboardEndpoints(3);
    const adopted = await checkAndCreate(
      host,
      urn,
      asAnotherResource({ ...webhook.inputs, adopt: third!.id }, "adopted"),
    );
    expect(adopted.id).toBe(third!.id);
    expect(emulator.store.list(ERZYCALL_DEFAULT_ORG)).toHaveLength(3);
  });

  it("getWebhooks lists every page", async () => {
    const all = emulator.store.list(ERZYCALL_DEFAULT_ORG);
    expect(all).toHaveLength(3);
    const listed = await inEnvironmentOf("erzycall", emulator.url, () => erzycall.getWebhooks());
    expect(listed.map((endpoint) => endpoint.id)).toEqual(all.map((endpoint) => endpoint.id));
  });

  it("fails with a clear error when a page says it has more but its cursor does not advance", async () => {
    const { id, properties, inputs } = await checkAndCreate(host, urn, webhook.inputs);
    emulator.faults.add({
      kind: "status",
      method: "GET",
      path: "/api/v1/webhooks",
      status: 200,
      body: JSON.stringify({ data: [], pagination: { cursor: "c1", hasMore: true, pageSize: 2 } }),
      times: Infinity,
    });
    emulator.clearRequests();
    const failure = await host.read(id, urn, properties, inputs).catch((error: unknown) => error);
    emulator.faults.clear();
    expect(failure).toBeInstanceOf(HostCallError);
    expect((failure as HostCallError).details).toBe(
      "Erzycall list webhooks failed: page 2 of Erzycall's webhook list repeats a cursor it already gave, " +
        "so the list cannot be read to its end",
    );
    expect(listRequests()).toHaveLength(2);
  });
});
