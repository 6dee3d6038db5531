/**
 * converc.Webhook through the real dynamic-provider host, with the `__provider` the SDK really
 * serializes from the packed package, against the Converc emulator: each step makes the calls the
 * engine makes for `preview`, `up`, `refresh` and `destroy`.
 */
import { describe, expect, it } from "vitest";
import {
  CONVERC_DEFAULT_ORG,
  CONVERC_TEST_KEY,
  startConvercEmulator,
  type ConvercEmulator,
} from "../emulators/converc";
import {
  checkAndCreate,
  fixtureDir,
  HostCallError,
  secretArg,
  startHost,
  type HostClient,
  type PropertyMap,
  type SerializedResource,
  urnFor,
} from "../harness";
import { useHostSuite, QUICK_RETRIES_NO_LIST_CACHE } from "../support/vendor-fixtures";

const URL_A = "https://hooks.example.com/converc/calls";
const URL_B = "https://hooks.example.com/converc/calls-v2";
const HOOKS = "/integrations/webhooks";

let emulator: ConvercEmulator;
let host: HostClient;
let webhook: SerializedResource;
const urn = urnFor("converc", "Webhook", "calls");

useHostSuite(
  {
    vendor: "converc",
    start: startConvercEmulator,
    resources: [
      {
        module: "converc",
        resource: "Webhook",
        name: "calls",
        args: { url: URL_A, events: ["call.ended", "call.missed"] },
      },
    ],
    // Each step here stands for a separate `pulumi` run, which starts a fresh host; without the list cache
    // this one host sees out-of-band changes at once, as a new run would.
    hostEnv: QUICK_RETRIES_NO_LIST_CACHE,
  },
  (suite) => void ({ emulator, host, resource: webhook } = suite),
);

const writes = () => emulator.requests.filter((request) => request.method !== "GET");
const stored = () => emulator.store.list(CONVERC_DEFAULT_ORG);
const active = () => stored().filter((endpoint) => endpoint.isActive);

/** What `up` does for a new resource: check, then create. */
const up = (news: PropertyMap) => checkAndCreate(host, urn, news);

describe("converc.Webhook through the real host", () => {
  let id: string;
  let state: PropertyMap;

  it("serializes a small provider that carries no credential and marks the secret output secret", () => {
    expect(webhook.type).toBe("pulumi-nodejs:dynamic/converc:Webhook");
    expect(webhook.additionalSecretOutputs).toEqual(["secret"]);
    expect(Buffer.byteLength(webhook.providerText)).toBeLessThanOrEqual(2048);
    expect(webhook.providerText).toContain('"converc:Webhook"');
    expect(webhook.providerText).not.toContain(CONVERC_TEST_KEY);
  });

  it("previews without a single request to Converc", async () => {
    const checked = await host.check(urn, {}, webhook.inputs);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({
      url: URL_A,
      events: ["call.ended", "call.missed"],
      verifyDelivery: false,
    });
    expect(emulator.requests).toEqual([]);
  });

  it("creates the endpoint and returns the once-only signing secret", async () => {
    const created = await up(webhook.inputs);
    id = created.id;
    state = created.properties;
    const [endpoint] = stored();
    expect(stored()).toHaveLength(1);
    expect(id).toBe(endpoint?.id);
    expect(state).toMatchObject({
      url: URL_A,
      events: ["call.ended", "call.missed"],
      active: true,
      secret: endpoint?.secret,
      createdAt: endpoint?.createdAt,
      updatedAt: endpoint?.updatedAt,
    });
    expect(state.__provider).toBe(webhook.providerText);
  });

  it("shows no diff on the next up or after a refresh, even with the events in another order", async () => {
    emulator.clearRequests();
    const again = await host.check(
      urn,
      {},
      { ...webhook.inputs, events: ["call.missed", "call.ended", "call.ended"] },
    );
    expect((await host.diff(id, urn, state, again.inputs)).changes).toBe("none");
    const refreshed = await host.read(id, urn, state, again.inputs);
    expect(refreshed.properties).toEqual(state);
    expect((await host.diff(id, urn, refreshed.properties, again.inputs)).changes).toBe("none");
    expect(writes()).toEqual([]);
  });

  it("replaces on a url change: the new endpoint (new secret) is created before the old one is disabled", async () => {
    const news = (await host.check(urn, state, { ...webhook.inputs, url: URL_B })).inputs;
    expect(await host.diff(id, urn, state, news)).toMatchObject({
      changes: "some",
      replaces: ["url"],
      deleteBeforeReplace: false,
    });
    emulator.clearRequests();
    const replacement = await host.create(urn, news);
    await host.delete(id, urn, state);

    expect(writes().map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST ${HOOKS}`,
      `DELETE ${HOOKS}/${id}`,
    ]);
    expect(replacement.id).not.toBe(id);
    expect(replacement.properties.secret).not.toBe(state.secret);
    expect(active().map((endpoint) => [endpoint.id, endpoint.url, endpoint.secret])).toEqual([
      [replacement.id, URL_B, replacement.properties.secret],
    ]);
    id = replacement.id;
    state = replacement.properties;
  });

  it("replaces on an events change too, including to every event", async () => {
    const { events: _declared, ...withoutEvents } = webhook.inputs;
    const news = (await host.check(urn, state, { ...withoutEvents, url: URL_B })).inputs;
    expect(news.events).toEqual([]);
    expect(await host.diff(id, urn, state, news)).toMatchObject({
      changes: "some",
      replaces: ["events"],
      deleteBeforeReplace: false,
    });
    const replacement = await host.create(urn, news);
    await host.delete(id, urn, state);
    expect(active().map((endpoint) => [endpoint.id, endpoint.events])).toEqual([[replacement.id, []]]);
    id = replacement.id;
    state = replacement.properties;
  });

  it("sends a declared list of all seven events as those seven, reads it back without a diff, and a change to every event replaces", async () => {
    const all = [
      "call.requested",
      "call.accepted",
      "call.canceled",
      "call.missed",
      "call.ended",
      "call.transcript_ready",
      "call.recording_ready",
    ];
    const declared = { ...webhook.inputs, url: "https://hooks.example.com/converc/all-seven", events: all };
    const checked = (await host.check(urn, {}, declared)).inputs;
    expect(checked.events).toEqual([...all].sort());
    emulator.clearRequests();
    const created = await host.create(urn, checked);
    expect(writes().map((request) => request.body)).toEqual([{ url: declared.url, events: [...all].sort() }]);
    expect(emulator.store.get(created.id)?.events).toEqual([...all].sort());
    const refreshed = await host.read(created.id, urn, created.properties, checked);
    expect(refreshed.properties.events).toEqual([...all].sort());
    expect((await host.diff(created.id, urn, refreshed.properties, checked)).changes).toBe("none");
    const { events: _all, ...everyEvent } = declared;
    const news = (await host.check(urn, created.properties, everyEvent)).inputs;
    expect(await host.diff(created.id, urn, created.properties, news)).toMatchObject({
      changes: "some",
      replaces: ["events"],
    });
    await host.delete(created.id, urn, created.properties);
  });

  it("reads an endpoint disabled outside Pulumi as gone, and destroy of it succeeds", async () => {
    emulator.store.disable(id);
    expect((await host.read(id, urn, state, {})).id).toBe("");
    await host.delete(id, urn, state);
  });

  it("destroys by disabling (Converc's delete)", async () => {
    const created = await up(webhook.inputs);
    await host.delete(created.id, urn, created.properties);
    expect(emulator.store.get(created.id)?.isActive).toBe(false);
    expect(active()).toEqual([]);
  });

  it("adopts an existing endpoint without writing, leaving the secret unset; a later destroy disables it", async () => {
    const existing = emulator.store.insert(CONVERC_DEFAULT_ORG, {
      url: URL_A,
      events: ["call.missed", "call.ended"],
    });
    emulator.clearRequests();
    const adopted = await up({ ...webhook.inputs, adopt: existing.id });
    expect(adopted.id).toBe(existing.id);
    expect(writes()).toEqual([]);
    expect(adopted.properties.secret).toBeUndefined();
    expect(adopted.properties).toMatchObject({
      adopt: existing.id,
      active: true,
      createdAt: existing.createdAt,
    });
    const refreshed = await host.read(adopted.id, urn, adopted.properties, adopted.inputs);
    expect((await host.diff(adopted.id, urn, refreshed.properties, adopted.inputs)).changes).toBe("none");

    // In the run that adopted it, a delete of that id is the replaced resource's and leaves it alone;
    // `pulumi destroy` is a later run, a new host process.
    await host.delete(adopted.id, urn, adopted.properties);
    expect(emulator.store.get(existing.id)?.isActive).toBe(true);
    const destroyRun = await startHost(fixtureDir(), { env: { PULUMI_WEBHOOKS_LIST_CACHE_MS: "0" } });
    try {
      await destroyRun.configure({
        "converc:apiKey": secretArg(CONVERC_TEST_KEY),
        "converc:baseUrl": emulator.url,
      });
      await destroyRun.delete(adopted.id, urn, adopted.properties);
    } finally {
      await destroyRun.close();
    }
    expect(emulator.store.get(existing.id)?.isActive).toBe(false);
  });

  it("verifies delivery with Converc's test event when asked", async () => {
    emulator.clearRequests();
    const created = await up({ ...webhook.inputs, verifyDelivery: true });
    expect(writes().map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST ${HOOKS}`,
      `POST ${HOOKS}/test`,
    ]);
    expect(emulator.deliveries.at(-1)?.webhookId).toBe(created.id);
    await host.delete(created.id, urn, created.properties);
  });

  it("keeps the endpoint and its secret in state as a partial failure when the receiver rejects the test event", async () => {
    emulator.setReceiver(URL_A, { status: 500 });
    const failure = await up({ ...webhook.inputs, verifyDelivery: true }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HostCallError);
    const [endpoint] = active();
    const init = (failure as HostCallError).initFailure;
    expect(init).toMatchObject({
      id: endpoint?.id,
      properties: { url: URL_A, secret: endpoint?.secret, __provider: webhook.providerText },
    });
    expect((failure as HostCallError).details).toMatch(
      /^Converc test delivery failed: the receiver https:\/\/hooks\.example\.com\/converc\/calls answered HTTP 500/,
    );
    expect((failure as HostCallError).details).not.toContain(endpoint!.secret);

    // The engine retries a resource with init errors through update: fixed receiver, test passes.
    emulator.setReceiver(URL_A, { status: 200 });
    const news = (await host.check(urn, init!.properties, { ...webhook.inputs, verifyDelivery: true }))
      .inputs;
    const updated = await host.update(endpoint!.id, urn, init!.properties, news);
    expect(updated.properties).toMatchObject({ secret: endpoint?.secret, active: true });
    await host.delete(endpoint!.id, urn, updated.properties);
    expect(active()).toEqual([]);
  });

  it("rejects bad input at check, naming the property, without a request", async () => {
    emulator.clearRequests();
    const checked = await host.check(
      urn,
      {},
      { ...webhook.inputs, url: "http://hooks.example.com", events: ["call.cancelled"] },
    );
    expect(checked.failures.map((failure) => failure.property).sort()).toEqual(["events", "url"]);
    expect(emulator.requests).toEqual([]);
  });

  it("never lets the API key or a signing secret reach what the host prints", async () => {
    const printed = host.output();
    expect(printed).not.toContain(CONVERC_TEST_KEY);
    for (const endpoint of stored()) expect(printed).not.toContain(endpoint.secret);
  });
});
