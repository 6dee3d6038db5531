/**
 * conversant.Webhook through the real host against Kazoo behaviours the document leaves open: a system that
 * ignores the client-chosen id of a create and assigns its own, and one with hooks installed beyond Kazoo 4.3's.
 */
import { describe, expect, it } from "vitest";
import {
  CONVERSANT_TEST_ACCOUNT as ACCOUNT,
  startConversantEmulator,
  type ConversantEmulator,
} from "../emulators/conversant";
import {
  checkAndCreate,
  HostCallError,
  type HostClient,
  type PropertyMap,
  type SerializedResource,
  urnFor,
} from "../harness";
import { useHostSuite, QUICK_RETRIES_NO_LIST_CACHE } from "../support/vendor-fixtures";

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

  it("settles a create whose answer was lost by listing: one hook, never a second, and an identical one made before is left alone", async () => {
    const before = emulator.store.insert(ACCOUNT, {
      name: hangups.name,
      uri: hangups.url,
      hook: hangups.hook,
    });
    emulator.faults.add({ kind: "lost", method: "PUT", path: HOOKS });
    emulator.clearRequests();
    const created = await up();
    // One PUT, its answer lost, and no second: the list shows what it made.
    expect(writes().map((request) => `${request.method} ${request.path} ${request.fault}`)).toEqual([
      `PUT ${HOOKS} lost`,
    ]);
    expect(
      live()
        .map((hook) => hook.id)
        .sort(),
    ).toEqual([before.id, created.id].sort());
    expect(created.id).not.toBe(before.id);
    expect(created.properties).toMatchObject({
      name: hangups.name,
      url: hangups.url,
      hook: hangups.hook,
      accountId: ACCOUNT,
    });
    await host.delete(created.id, urn, created.properties);
    emulator.store.softDelete(before.id);
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
