/**
 * erzycall.Webhook through the real dynamic-provider host, with the `__provider` the SDK really
 * serializes from the packed package, against the Erzycall emulator: each step makes the calls the
 * engine makes for `preview`, `up`, `refresh` and `destroy`.
 */
import { describe, expect, it } from "vitest";
import {
  ERZYCALL_DEFAULT_ORG,
  ERZYCALL_TEST_KEY,
  startErzycallEmulator,
  type ErzycallEmulator,
} from "../emulators/erzycall";
import {
  asAnotherResource,
  checkAndCreate,
  HostCallError,
  type HostClient,
  type PropertyMap,
  type SerializedResource,
  urnFor,
} from "../harness";
import { useHostSuite, QUICK_RETRIES_NO_LIST_CACHE } from "../support/vendor-fixtures";

const URL_A = "https://hooks.example.com/erzycall/orders";
const URL_B = "https://hooks.example.com/erzycall/orders-v2";

let emulator: ErzycallEmulator;
let host: HostClient;
let webhook: SerializedResource;
const urn = urnFor("erzycall", "Webhook", "orders");

useHostSuite(
  {
    vendor: "erzycall",
    start: startErzycallEmulator,
    resources: [
      {
        module: "erzycall",
        resource: "Webhook",
        name: "orders",
        args: { url: URL_A, events: ["call.started", "call.ended"], secretVersion: 1 },
      },
    ],
    // Each step here stands for a separate `pulumi` run, which starts a fresh host; without the list cache
    // this one host sees out-of-band edits at once, as a new run would.
    hostEnv: QUICK_RETRIES_NO_LIST_CACHE,
  },
  (suite) => void ({ emulator, host, resource: webhook } = suite),
);

const writes = () => emulator.requests.filter((request) => request.method !== "GET");
const stored = () => emulator.store.list(ERZYCALL_DEFAULT_ORG);

const another = (name: string, inputs: PropertyMap = webhook.inputs): PropertyMap =>
  asAnotherResource({ ...inputs, __identity: webhook.inputs.__identity }, name);

/** What `up` does for a new resource: check, then create. */
const up = (news: PropertyMap, name = urn) => checkAndCreate(host, name, news);

describe("erzycall.Webhook through the real host", () => {
  let id: string;
  let state: PropertyMap;

  it("serializes a small provider that carries no credential", () => {
    expect(webhook.type).toBe("pulumi-nodejs:dynamic/erzycall:Webhook");
    expect(webhook.additionalSecretOutputs).toEqual(["secret"]);
    expect(Buffer.byteLength(webhook.providerText)).toBeLessThanOrEqual(2048);
    expect(webhook.providerText).not.toContain(ERZYCALL_TEST_KEY);
    // The resource identity the Idempotency-Key is derived from: project, stack, type, name.
    expect(webhook.inputs.__identity).toBe("pulumi-webhooks-test\ntest\nerzycall:Webhook\norders");
  });

  it("previews without a single request to Erzycall", async () => {
    const checked = await host.check(urn, {}, webhook.inputs);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({
      url: URL_A,
      events: ["call.ended", "call.started"],
      active: true,
      secretVersion: "1",
    });
    expect(emulator.requests).toEqual([]);
  });

  it("creates the endpoint and returns its signing secret, which the engine marks secret", async () => {
    const created = await up(webhook.inputs);
    id = created.id;
    state = created.properties;
    const [endpoint] = stored();
    expect(stored()).toHaveLength(1);
    expect(id).toBe(endpoint?.id);
    expect(state).toMatchObject({
      url: URL_A,
      events: ["call.ended", "call.started"],
      active: true,
      secret: endpoint?.secret,
      createdAt: endpoint?.createdAt,
    });
    // The engine keeps the program's __provider with the outputs; delete and refresh run it later.
    expect(state.__provider).toBe(webhook.providerText);
  });

  it("shows no diff on the next up, even with the events in another order", async () => {
    emulator.clearRequests();
    const again = await host.check(
      urn,
      {},
      { ...webhook.inputs, events: ["call.ended", "call.started", "call.started"] },
    );
    expect((await host.diff(id, urn, state, again.inputs)).changes).toBe("none");
    const refreshed = await host.read(id, urn, state, again.inputs);
    expect(refreshed.properties).toEqual(state);
    expect((await host.diff(id, urn, refreshed.properties, again.inputs)).changes).toBe("none");
    expect(writes()).toEqual([]);
  });

  it("updates in place with a PATCH of what changed", async () => {
    emulator.clearRequests();
    const news = (await host.check(urn, state, { ...webhook.inputs, url: URL_B })).inputs;
    const diff = await host.diff(id, urn, state, news);
    expect(diff).toMatchObject({ changes: "some", replaces: [], deleteBeforeReplace: false });
    state = (await host.update(id, urn, state, news)).properties;
    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      ["PATCH", `/api/v1/webhooks/${id}`, { url: URL_B }],
    ]);
    expect(state).toMatchObject({ url: URL_B, secret: stored()[0]?.secret });
  });

  it("rotates the secret in place when secretVersion changes", async () => {
    const before = state.secret;
    const news = (await host.check(urn, state, { ...webhook.inputs, url: URL_B, secretVersion: 2 })).inputs;
    emulator.clearRequests();
    state = (await host.update(id, urn, state, news)).properties;
    expect(state.secret).not.toBe(before);
    expect(state.secret).toBe(stored()[0]?.secret);
    // The document shows Idempotency-Key on create only: rotate-secret is sent without one.
    const [rotate] = writes();
    expect(rotate?.path).toBe(`/api/v1/webhooks/${id}/rotate-secret`);
    expect(rotate?.headers).not.toHaveProperty("idempotency-key");
  });

  it("rotates again when a rotation's answer is lost, and records the secret of the answer it got", async () => {
    const before = state.secret;
    emulator.faults.add({ kind: "lost", method: "POST", path: `/api/v1/webhooks/${id}/rotate-secret` });
    emulator.clearRequests();
    const news = (await host.check(urn, state, { ...webhook.inputs, url: URL_B, secretVersion: 3 })).inputs;
    state = (await host.update(id, urn, state, news)).properties;
    expect(writes().map((request) => [request.path, request.fault])).toEqual([
      [`/api/v1/webhooks/${id}/rotate-secret`, "lost"],
      [`/api/v1/webhooks/${id}/rotate-secret`, undefined],
    ]);
    // The lost answer's secret stopped working when the second rotation replaced it.
    expect(state.secret).not.toBe(before);
    expect(state.secret).toBe(stored()[0]?.secret);
  });

  it("says a rotation whose answers never came may have replaced the secret, and the next up rotates again", async () => {
    emulator.faults.add({
      kind: "lost",
      method: "POST",
      path: `/api/v1/webhooks/${id}/rotate-secret`,
      times: Infinity,
    });
    const news = (await host.check(urn, state, { ...webhook.inputs, url: URL_B, secretVersion: 4 })).inputs;
    const failure = await host.update(id, urn, state, news).catch((error: unknown) => error);
    emulator.faults.clear();
    expect(failure).toBeInstanceOf(HostCallError);
    const { details, initFailure } = failure as HostCallError;
    expect(details).toMatch(/^Erzycall rotate webhook secret failed: /);
    expect(details).toContain(
      "The secret may have been rotated, so the one in state may no longer verify deliveries; the next `pulumi up` rotates it again",
    );
    expect(details).not.toContain("pulumi refresh");
    // The old version is kept, so the next up rotates again and records a secret that works.
    expect(initFailure?.properties).toMatchObject({ secretVersion: "3", secret: state.secret });
    const next = (await host.check(urn, initFailure!.properties, news)).inputs;
    expect((await host.diff(id, urn, initFailure!.properties, next)).changes).toBe("some");
    state = (await host.update(id, urn, initFailure!.properties, next)).properties;
    expect(state.secret).toBe(stored()[0]?.secret);
  });

  it("shows a dashboard edit as drift on refresh, and the next up restores the declared endpoint", async () => {
    emulator.store.update(id, { isActive: false, description: "paused by support" });
    const refreshed = await host.read(id, urn, state, {});
    expect(refreshed.properties).toMatchObject({
      active: false,
      description: "paused by support",
      secret: state.secret,
    });
    expect(refreshed.inputs).toMatchObject({ active: false, description: "paused by support" });

    const news = (
      await host.check(urn, refreshed.inputs ?? {}, { ...webhook.inputs, url: URL_B, secretVersion: 4 })
    ).inputs;
    expect((await host.diff(id, urn, refreshed.properties, news)).changes).toBe("some");
    emulator.clearRequests();
    state = (await host.update(id, urn, refreshed.properties, news)).properties;
    // The document types description as a string: "" removes it (never null), read back as unset.
    expect(writes().map((request) => request.body)).toEqual([{ description: "", isActive: true }]);
    expect(stored()[0]).toMatchObject({ isActive: true, description: null });
    expect(state).not.toHaveProperty("description");
    const refreshedAgain = await host.read(id, urn, state, news);
    expect((await host.diff(id, urn, refreshedAgain.properties, news)).changes).toBe("none");
  });

  it("reads an endpoint deleted outside Pulumi as gone, and destroy of it succeeds", async () => {
    emulator.store.delete(id);
    expect((await host.read(id, urn, state, {})).id).toBe("");
    await host.delete(id, urn, state);
  });

  it("says a rotation of an endpoint deleted outside Pulumi found it gone, and keeps nothing half-done", async () => {
    // The previous step removed the endpoint at Erzycall; state still holds it.
    const news = (await host.check(urn, state, { ...webhook.inputs, url: URL_B, secretVersion: 9 })).inputs;
    const failure = await host.update(id, urn, state, news).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HostCallError);
    expect((failure as HostCallError).details).toMatch(
      new RegExp(
        `^Erzycall update webhook failed: webhook ${id} no longer exists at Erzycall \\(deleted outside Pulumi\\)`,
      ),
    );
    expect((failure as HostCallError).initFailure).toBeUndefined();
  });

  it("destroys what it created", async () => {
    const created = await up(another("destroyed"));
    await host.delete(created.id, urn, created.properties);
    expect(stored()).toEqual([]);
  });

  it("adopts a dashboard endpoint without creating a second one", async () => {
    const existing = emulator.store.insert(ERZYCALL_DEFAULT_ORG, { url: URL_A, events: ["call.ended"] });
    emulator.clearRequests();
    const adopted = await up(another("adopted", { ...webhook.inputs, adopt: existing.id }));
    expect(adopted.id).toBe(existing.id);
    expect(writes().map((request) => [request.method, request.body])).toEqual([
      ["PATCH", { events: ["call.ended", "call.started"] }],
    ]);
    expect(adopted.properties.secret).toBeUndefined();
    expect(stored()).toHaveLength(1);
    await host.delete(adopted.id, urn, adopted.properties);
  });

  it("keeps an endpoint it could not finish creating in state as a partial failure", async () => {
    emulator.faults.add({ kind: "status", status: 500, method: "PATCH", times: Infinity });
    const failure = await up(another("half-made", { ...webhook.inputs, active: false })).catch(
      (error: unknown) => error,
    );
    emulator.faults.clear();
    expect(failure).toBeInstanceOf(HostCallError);
    const [endpoint] = stored();
    // __provider included: the engine stores these outputs, and the next delete or refresh runs it.
    expect((failure as HostCallError).initFailure).toMatchObject({
      id: endpoint?.id,
      properties: { url: URL_A, secret: endpoint?.secret, __provider: webhook.providerText },
    });
    expect((failure as HostCallError).details).toMatch(/^Erzycall update webhook failed: HTTP 500/);
    await host.delete(endpoint!.id, urn, (failure as HostCallError).initFailure!.properties);
    expect(stored()).toEqual([]);
  });

  it("says a create whose answers never came may have been applied, and the next up gets that endpoint, not a second", async () => {
    emulator.faults.add({ kind: "lost", method: "POST", path: "/api/v1/webhooks", times: Infinity });
    const inputs = another("in-doubt");
    const failure = await up(inputs).catch((error: unknown) => error);
    emulator.faults.clear();
    expect(failure).toBeInstanceOf(HostCallError);
    const { details } = failure as HostCallError;
    expect(details).toMatch(/^Erzycall create webhook failed: /);
    expect(details).toContain(
      "The create may have been applied: the next `pulumi up` sends it again with the same Idempotency-Key (while the inputs are unchanged)",
    );
    expect(details).toContain("how long Erzycall keeps a key is not documented");
    // A refresh cannot find it: the engine never learned of it.
    expect(details).not.toContain("pulumi refresh");
    const [made] = stored();
    const again = await up(inputs);
    expect(again.id).toBe(made?.id);
    expect(again.properties.secret).toBe(made?.secret);
    expect(stored()).toHaveLength(1);
    await host.delete(again.id, urn, again.properties);
  });

  it("rejects bad input at check, naming the property, without a request", async () => {
    emulator.clearRequests();
    const checked = await host.check(
      urn,
      {},
      { ...webhook.inputs, url: "http://hooks.example.com", events: ["call.canceled"] },
    );
    expect(checked.failures.map((failure) => failure.property).sort()).toEqual(["events", "url"]);
    expect(emulator.requests).toEqual([]);
  });

  it("never lets the API key or a signing secret reach what the host prints", async () => {
    const printed = host.output();
    expect(printed).not.toContain(ERZYCALL_TEST_KEY);
    for (const endpoint of emulator.store.list(ERZYCALL_DEFAULT_ORG))
      expect(printed).not.toContain(endpoint.secret);
    expect(printed).not.toContain(String(state.secret));
  });
});
