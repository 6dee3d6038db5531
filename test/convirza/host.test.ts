/**
 * convirza.Webhook through the real dynamic-provider host, with the `__provider` the SDK really
 * serializes from the packed package, against the Convirza emulator: each step makes the calls the
 * engine makes for `preview`, `up`, `refresh` and `destroy`.
 */
import { describe, expect, it } from "vitest";
import { CONVIRZA_TEST_TOKEN, startConvirzaEmulator, type ConvirzaEmulator } from "../emulators/convirza";
import {
  checkAndCreate,
  HostCallError,
  secretArg,
  UNKNOWN,
  type HostClient,
  type PropertyMap,
  type SerializedResource,
  urnFor,
} from "../harness";
import { useHostSuite, QUICK_RETRIES } from "../support/vendor-fixtures";

const URL_A = "https://hooks.example.com/convirza/calls";
const URL_B = "https://hooks.example.com/convirza/calls-v2";
const PARTNER_KEY = "sk_partner_secret_0a1b2c3d4e";

let emulator: ConvirzaEmulator;
let host: HostClient;
let webhook: SerializedResource;
const urn = urnFor("convirza", "Webhook", "calls");

useHostSuite(
  {
    vendor: "convirza",
    start: startConvirzaEmulator,
    resources: [
      {
        module: "convirza",
        resource: "Webhook",
        name: "calls",
        args: {
          name: "Call sync",
          url: URL_A,
          format: "XML",
          description: "post-call data for the CRM",
          includeDniLogs: true,
          staticParameters: { api_key: secretArg(PARTNER_KEY), source: "crm-sync" },
        },
      },
    ],
    serialize: { env: { CONVIRZA_TOKEN: "cvz-env-token-not-for-state" } },
    hostEnv: QUICK_RETRIES,
  },
  (suite) => void ({ emulator, host, resource: webhook } = suite),
);

const writes = () => emulator.requests.filter((request) => request.method !== "GET");
const live = () => emulator.store.list().filter((stored) => stored.webhook_status !== "deleted");

function withoutDescription(): PropertyMap {
  const { description: _removed, ...rest } = webhook.inputs;
  return rest;
}

/** What `up` does for a new resource: check, then create. */
const up = (news: PropertyMap) => checkAndCreate(host, urn, news);

describe("convirza.Webhook through the real host", () => {
  let id: string;
  let state: PropertyMap;

  it("serializes a small provider that carries no credential, with the type token of the contract", () => {
    expect(webhook.type).toBe("pulumi-nodejs:dynamic/convirza:Webhook");
    expect(webhook.urn).toBe(urn);
    expect(Buffer.byteLength(webhook.providerText)).toBeLessThanOrEqual(2048);
    expect(webhook.providerText).toContain('require("pulumi-webhooks/provider")');
    expect(webhook.providerText).not.toContain("cvz-env-token-not-for-state");
    // No vendor-issued secret; a secret parameter value stays secret because its output has the input's key.
    expect(webhook.additionalSecretOutputs).toEqual([]);
    expect(webhook.secretInputPaths).toEqual(["staticParameters.api_key"]);
  });

  it("previews without a single request to Convirza, unknown values included", async () => {
    const checked = await host.check(urn, {}, webhook.inputs);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({
      name: "Call sync",
      format: "XML",
      method: "POST",
      active: true,
      includeDniLogs: true,
      includeDataAppend: false,
    });
    expect(
      (await host.check(urn, {}, { ...webhook.inputs, url: UNKNOWN, staticParameters: UNKNOWN })).failures,
    ).toEqual([]);
    expect(emulator.requests).toEqual([]);
  });

  it("creates the webhook with snake_case fields only and fills every output from a read-back", async () => {
    const created = await up(webhook.inputs);
    id = created.id;
    state = created.properties;
    expect(emulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /v3/webhooks",
      "POST /v3/webhooks",
      `GET /v3/webhooks/${id}`,
    ]);
    expect(Object.keys(emulator.requests[1]?.body as object).every((key) => key === key.toLowerCase())).toBe(
      true,
    );
    expect(live()).toHaveLength(1);
    expect(state).toMatchObject({
      name: "Call sync",
      url: URL_A,
      format: "XML",
      staticParameters: { api_key: PARTNER_KEY, source: "crm-sync" },
      createdBy: 4242,
      createdAt: live()[0]?.created_at,
      __provider: webhook.providerText,
    });
  });

  it("shows no diff on the next up, nor after a refresh", async () => {
    emulator.clearRequests();
    const again = await host.check(
      urn,
      {},
      { ...webhook.inputs, staticParameters: { source: "crm-sync", api_key: PARTNER_KEY } },
    );
    expect((await host.diff(id, urn, state, again.inputs)).changes).toBe("none");
    const refreshed = await host.read(id, urn, state, again.inputs);
    expect(refreshed.properties).toEqual(state);
    expect((await host.diff(id, urn, refreshed.properties, refreshed.inputs ?? {})).changes).toBe("none");
    expect((await host.diff(id, urn, refreshed.properties, again.inputs)).changes).toBe("none");
    expect(writes()).toEqual([]);
  });

  it("updates in place with one PATCH of what changed", async () => {
    emulator.clearRequests();
    const news = (
      await host.check(urn, state, {
        ...webhook.inputs,
        url: URL_B,
        method: "PUT",
        staticParameters: { api_key: PARTNER_KEY },
      })
    ).inputs;
    expect(await host.diff(id, urn, state, news)).toMatchObject({
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
    });
    state = (await host.update(id, urn, state, news)).properties;
    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      [
        "PATCH",
        `/v3/webhooks/${id}`,
        {
          webhook_endpoint: URL_B,
          method: "PUT",
          static_parameters: [{ field_name: "api_key", field_value: PARTNER_KEY }],
        },
      ],
    ]);
    expect(state).toMatchObject({ url: URL_B, method: "PUT", staticParameters: { api_key: PARTNER_KEY } });
    expect(live()[0]).toMatchObject({ webhook_endpoint: URL_B, method: "PUT" });
  });

  it("clears a removed description in place with a full PUT", async () => {
    emulator.clearRequests();
    const news = (
      await host.check(urn, state, {
        ...withoutDescription(),
        url: URL_B,
        method: "PUT",
        staticParameters: { api_key: PARTNER_KEY },
      })
    ).inputs;
    state = (await host.update(id, urn, state, news)).properties;
    expect(writes().map((request) => request.method)).toEqual(["PUT"]);
    expect(state).not.toHaveProperty("description");
    expect(live()[0]?.description).toBeNull();
  });

  it("shows an edit made in Convirza as drift on refresh, and the next up restores the declared webhook", async () => {
    emulator.store.update(Number(id), { webhook_status: "inactive", include_ivr_keypresses: true });
    const refreshed = await host.read(id, urn, state, {});
    expect(refreshed.properties).toMatchObject({ active: false, includeIvrKeypresses: true });
    expect(refreshed.inputs).toMatchObject({ active: false, includeIvrKeypresses: true });

    const news = (
      await host.check(urn, refreshed.inputs ?? {}, {
        ...withoutDescription(),
        url: URL_B,
        method: "PUT",
        staticParameters: { api_key: PARTNER_KEY },
      })
    ).inputs;
    expect((await host.diff(id, urn, refreshed.properties, news)).changes).toBe("some");
    emulator.clearRequests();
    state = (await host.update(id, urn, refreshed.properties, news)).properties;
    expect(writes().map((request) => request.body)).toEqual([
      { include_ivr_keypresses: false, webhook_status: "active" },
    ]);
    expect(live()[0]).toMatchObject({ webhook_status: "active", include_ivr_keypresses: false });
  });

  it("reads a webhook deleted outside Pulumi as gone, and destroy of it succeeds", async () => {
    emulator.store.delete(Number(id));
    expect((await host.read(id, urn, state, {})).id).toBe("");
    await host.delete(id, urn, state);
  });

  it("destroys what it created (Convirza keeps it soft-deleted)", async () => {
    const created = await up(webhook.inputs);
    await host.delete(created.id, urn, created.properties);
    expect(live()).toEqual([]);
    expect(emulator.store.get(Number(created.id))?.webhook_status).toBe("deleted");
  });

  it("adopts an existing webhook without creating a second one", async () => {
    const existing = emulator.store.insert({
      webhook_name: "Call sync",
      webhook_endpoint: URL_A,
      format: "XML",
      description: "post-call data for the CRM",
    });
    emulator.clearRequests();
    const adopted = await up({ ...webhook.inputs, adopt: String(existing.webhook_id) });
    expect(adopted.id).toBe(String(existing.webhook_id));
    expect(writes().map((request) => [request.method, request.body])).toEqual([
      [
        "PATCH",
        {
          include_dni_logs: true,
          static_parameters: [
            { field_name: "api_key", field_value: PARTNER_KEY },
            { field_name: "source", field_value: "crm-sync" },
          ],
        },
      ],
    ]);
    expect(live()).toHaveLength(1);
    const refreshed = await host.read(adopted.id, urn, adopted.properties, adopted.inputs);
    expect((await host.diff(adopted.id, urn, refreshed.properties, adopted.inputs)).changes).toBe("none");
    await host.delete(adopted.id, urn, adopted.properties);
  });

  it("keeps a webhook it could not read back in state as a partial failure", async () => {
    emulator.faults.add({ kind: "status", status: 500, method: "GET", times: Infinity });
    const failure = await up(webhook.inputs).catch((error: unknown) => error);
    emulator.faults.clear();
    expect(failure).toBeInstanceOf(HostCallError);
    const [created] = live();
    expect((failure as HostCallError).initFailure).toMatchObject({
      id: String(created?.webhook_id),
      properties: { name: "Call sync", __provider: webhook.providerText },
    });
    expect((failure as HostCallError).details).toMatch(
      /^Convirza read webhook failed: HTTP 500 "Service temporarily unavailable|^Convirza read webhook failed: HTTP 500/,
    );
    await host.delete(String(created!.webhook_id), urn, (failure as HostCallError).initFailure!.properties);
    expect(live()).toEqual([]);
  });

  it.each([
    ["a missing name", { name: undefined }, "name"],
    ["an http URL", { url: "http://hooks.example.com/convirza" }, "url"],
    ["an unknown format", { format: "CSV" }, "format"],
    ["an unknown method", { method: "DELETE" }, "method"],
  ])("rejects %s at check, naming the property, without a request", async (_name, change, property) => {
    emulator.clearRequests();
    const news = Object.fromEntries(
      Object.entries({ ...webhook.inputs, ...change }).filter(([, value]) => value !== undefined),
    ) as PropertyMap;
    const checked = await host.check(urn, {}, news);
    expect(checked.failures.map((failure) => failure.property)).toEqual([property]);
    expect(emulator.requests).toEqual([]);
  });

  it("never lets the token or a static parameter value reach what the host prints", async () => {
    emulator.faults.add({
      kind: "status",
      status: 400,
      method: "POST",
      contentType: "application/json",
      body: JSON.stringify({
        code: 400,
        message: `field_value ${PARTNER_KEY} rejected for Bearer ${CONVIRZA_TEST_TOKEN}`,
        data: null,
        request_id: "req-9",
      }),
    });
    const failure = (await up(webhook.inputs).catch((error: unknown) => error)) as HostCallError;
    expect(failure.details).toBe(
      'Convirza create webhook failed: HTTP 400 "field_value [redacted] rejected for [redacted]" (request req-9). Convirza rejected the request; check the webhook\'s inputs',
    );
    const printed = host.output();
    expect(printed).not.toContain(CONVIRZA_TEST_TOKEN);
    expect(printed).not.toContain(PARTNER_KEY);
  });
});
