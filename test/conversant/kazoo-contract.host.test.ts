/**
 * conversant.Webhook through the real host against Kazoo behaviours the document leaves open: a system that
 * ignores the client-chosen id of a create and assigns its own, and one with hooks installed beyond Kazoo 4.3's.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  CONVERSANT_TEST_ACCOUNT as ACCOUNT,
  startConversantEmulator,
  type ConversantEmulator,
} from "../emulators/conversant";
import {
  checkAndCreate,
  fixtureDir,
  HostCallError,
  startHost,
  type HostClient,
  type PropertyMap,
  type SerializedResource,
  urnFor,
} from "../harness";
import { QUICK_RETRIES_NO_LIST_CACHE, testConfig, useHostSuite } from "../support/vendor-fixtures";

const HOOKS = `/v1/accounts/${ACCOUNT}/webhooks`;
const urn = urnFor("conversant", "Webhook", "hangups");
const hangups = {
  name: "CRM hangups",
  url: "https://crm.example.com/kazoo/hangups",
  hook: "channel_destroy",
};

let emulator: ConversantEmulator;
let host: HostClient;
let webhook: SerializedResource;

useHostSuite(
  {
    vendor: "conversant",
    start: () =>
      startConversantEmulator({
        clientIds: "ignored",
        extraHooks: [
          { id: "call_recording", description: "Receive notifications when a call recording is stored" },
        ],
      }),
    resources: [{ module: "conversant", resource: "Webhook", name: "hangups", args: hangups }],
    // Each step stands for a separate `pulumi` run, which starts a fresh host: nothing listed is kept between them.
    hostEnv: QUICK_RETRIES_NO_LIST_CACHE,
  },
  (suite) => void ({ emulator, host, resource: webhook } = suite),
);

const live = () => emulator.store.list(ACCOUNT);
const writes = () => emulator.requests.filter((request) => request.method !== "GET");
/** What `up` does for a new resource declared with `overrides`: check, then create. */
const up = (overrides: PropertyMap = {}) => checkAndCreate(host, urn, { ...webhook.inputs, ...overrides });

describe("conversant.Webhook through the real host, on a Kazoo that ignores client-chosen ids", () => {
  it("takes the id from Kazoo's answer, not the one it asked for", async () => {
    emulator.clearRequests();
    const created = await up();
    const asked = (writes()[0]!.body as { data: { id: string } }).data.id;
    expect(live().map((hook) => hook.id)).toEqual([created.id]);
    expect(created.id).not.toBe(asked);
    expect(created.properties).toMatchObject({ name: hangups.name, url: hangups.url, hook: hangups.hook });
    await host.delete(created.id, urn, created.properties);
    expect(live()).toEqual([]);
  });

  it("settles a create whose answer was lost by listing: one hook, never a second", async () => {
    emulator.faults.add({ kind: "lost", method: "PUT", path: HOOKS });
    emulator.clearRequests();
    const created = await up();
    // One PUT, its answer lost, and no second: the list shows what it made.
    expect(writes().map((request) => `${request.method} ${request.path} ${request.fault}`)).toEqual([
      `PUT ${HOOKS} lost`,
    ]);
    expect(live().map((hook) => hook.id)).toEqual([created.id]);
    expect(created.properties).toMatchObject({
      name: hangups.name,
      url: hangups.url,
      hook: hangups.hook,
      accountId: ACCOUNT,
    });
    await host.delete(created.id, urn, created.properties);
  });

  it("does not leave a second hook beside an identical one it does not hold: it may be a killed run's", async () => {
    const before = emulator.store.insert(ACCOUNT, {
      name: hangups.name,
      uri: hangups.url,
      hook: hangups.hook,
    });
    emulator.faults.add({ kind: "lost", method: "PUT", path: HOOKS });
    emulator.clearRequests();
    const failure = await up().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HostCallError);
    expect((failure as HostCallError).details).toBe(conflict(before.id));
    expect(writes().map((request) => `${request.method} ${request.fault ?? ""}`)).toEqual([
      "PUT lost",
      "DELETE ",
    ]);
    expect(live().map((hook) => hook.id)).toEqual([before.id]);
    emulator.store.softDelete(before.id);
  });
});

/** What a create says when an identical hook it does not hold exists on a Kazoo that chose the new hook's id. */
const conflict = (id: string) =>
  `Conversant create webhook failed: account ${ACCOUNT} already has a webhook named "${hangups.name}" for ` +
  `${hangups.url} on ${hangups.hook} that this run has not seen in the stack's state (${id}), and Kazoo ignores the id a create ` +
  "asks for, so a `pulumi up` interrupted after Kazoo made it may have left it; the hook this create made beside " +
  `it was deleted again. Take it over with \`adopt: "${id}"\`, or delete it, then run \`pulumi up\` again`;

describe("conversant.Webhook through the real host, a create that was never recorded, on a Kazoo that ignores client-chosen ids", () => {
  const hosts: HostClient[] = [];
  afterAll(async () => {
    await Promise.all(hosts.map((started) => started.close()));
  });
  /** A fresh host: the next `pulumi up`, which knows nothing of what the last one made. */
  async function nextRun(env: Record<string, string> = {}): Promise<HostClient> {
    const next = await startHost(fixtureDir(), {
      env: { ...QUICK_RETRIES_NO_LIST_CACHE, ...env },
    });
    hosts.push(next);
    await next.configure(testConfig("conversant", emulator.url));
    return next;
  }

  it("after a killed `up`, the next one makes no second hook: it stops and names the one to adopt", async () => {
    // The killed run: Kazoo made the hook, the engine never heard of it.
    const made = await up();
    const next = await nextRun();
    emulator.clearRequests();
    const failure = await checkAndCreate(next, urn, webhook.inputs).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HostCallError);
    expect((failure as HostCallError).details).toBe(conflict(made.id));
    expect(writes().map((request) => request.method)).toEqual(["PUT", "DELETE"]);
    expect(live().map((hook) => hook.id)).toEqual([made.id]);
    const adopted = await checkAndCreate(next, urn, { ...webhook.inputs, adopt: made.id });
    expect(live().map((hook) => hook.id)).toEqual([made.id]);
    // The hook was already as declared: taken over without a write.
    expect(writes().map((request) => request.method)).toEqual(["PUT", "DELETE"]);
    // `pulumi destroy` is a command, and a provider process, of its own.
    await (await nextRun()).delete(adopted.id, urn, adopted.properties);
    expect(live()).toEqual([]);
  });

  it("a create left unconfirmed (Kazoo stopped answering after the PUT) is removed by the next run, which makes one hook", async () => {
    // Kazoo applies the PUT, then answers nothing more, not even the list that would find what it made.
    const stalled = await nextRun({
      PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS: "300",
      PULUMI_WEBHOOKS_MAX_RETRIES: "1",
    });
    emulator.faults.add({ kind: "stall", method: "PUT", path: HOOKS, thenHang: true });
    const failure = await checkAndCreate(stalled, urn, webhook.inputs).catch((error: unknown) => error);
    emulator.faults.clear();
    expect(failure).toBeInstanceOf(HostCallError);
    const placeholder = (failure as HostCallError).initFailure!;
    expect(placeholder.id).toBe("unconfirmed-create");
    // The attempt made a hook under an id Kazoo chose, which nothing recorded.
    expect(live()).toHaveLength(1);
    // The next run replaces the placeholder: what the attempt made is deleted first, then the create runs once.
    const next = await nextRun();
    await next.delete(placeholder.id, urn, placeholder.properties);
    expect(live()).toEqual([]);
    const created = await checkAndCreate(next, urn, webhook.inputs);
    expect(live().map((hook) => hook.id)).toEqual([created.id]);
    await next.delete(created.id, urn, created.properties);
  });
});

describe("conversant.Webhook through the real host, with hooks beyond Kazoo 4.3's", () => {
  it("creates a hook this system has installed", async () => {
    const created = await up({ hook: "call_recording" });
    expect(emulator.store.get(created.id)?.doc).toMatchObject({ hook: "call_recording" });
    await host.delete(created.id, urn, created.properties);
  });

  it("reports Kazoo's refusal of a hook it has not installed as one line naming hook and the installed ones", async () => {
    const failure = await up({ hook: "conference_events" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HostCallError);
    expect((failure as HostCallError).details).toMatch(
      /^Conversant create webhook failed: HTTP 400 validation error \[hook: Value not found in enumerated list of values \(enum\): "conference_events" is not one of channel_create, .*call_recording\]/,
    );
    expect(live()).toEqual([]);
  });
});
