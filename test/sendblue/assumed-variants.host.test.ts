/**
 * sendblue.Webhook and sendblue.WebhookConfiguration through the real host against Sendblues that take the other
 * plausible reading of what the contract marks [assumed]: POST deduplicates, POST's answer shows only what it
 * added, DELETE removes one copy or refuses an absent url, PUT keeps what it leaves out, other message texts,
 * strings read back as objects. Each test pins what the provider does: nothing lost, duplicated or touched that
 * is not ours, and a clear error where the documented behaviour is all that is left.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  emptyDocument,
  SENDBLUE_DEFAULT_ACCOUNT as ACCOUNT,
  startSendblueEmulator,
  type SendblueEmulator,
  type SendblueEmulatorOptions,
} from "../emulators/sendblue";
import {
  checkAndCreate,
  fixtureDir,
  secretArg,
  serializeResources,
  type HostClient,
  type SerializedResource,
  urnFor,
} from "../harness";
import { hostFailure } from "../support/failure";
import { hostFor } from "../support/vendor-fixtures";

const URL_A = "https://hooks.example.com/sendblue/a";
const URL_B = "https://hooks.example.com/sendblue/b";
const FOREIGN = "https://someone-else.example.com/hook";
const SECRET = "entry-secret-1111";
const GLOBAL = "global-secret-2222";
const webhookUrn = urnFor("sendblue", "Webhook", "a");
const configUrn = urnFor("sendblue", "WebhookConfiguration", "account");

let webhook: SerializedResource;
let configuration: SerializedResource;
const started: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  [webhook, configuration] = (await serializeResources(fixtureDir(), [
    { module: "sendblue", resource: "Webhook", name: "a", args: { type: "receive", url: URL_A } },
    {
      module: "sendblue",
      resource: "WebhookConfiguration",
      name: "account",
      args: { receive: [URL_A], globalSecret: secretArg(GLOBAL) },
    },
  ])) as [SerializedResource, SerializedResource];
});

afterAll(async () => {
  await Promise.all(started.map((closable) => closable.close()));
});

/** A host of its own (a new `pulumi` run, nothing cached), configured for the Sendblue at `url`. */
async function hostAt(url: string): Promise<HostClient> {
  const host = await hostFor("sendblue", url);
  started.push(host);
  return host;
}

/** A Sendblue reading `options`, and a host of its own configured for it. */
async function against(
  options: SendblueEmulatorOptions,
): Promise<{ emulator: SendblueEmulator; host: HostClient }> {
  const emulator = await startSendblueEmulator(options);
  started.push(emulator);
  return { emulator, host: await hostAt(emulator.url) };
}

const writesOf = (emulator: SendblueEmulator) =>
  emulator.requests
    .filter((request) => request.method !== "GET")
    .map((request) => [request.method, request.body, request.status]);

describe("a POST that deduplicates an existing (type, url)", () => {
  it("adopts an entry with another secret into exactly one copy, and leaves the foreign one alone", async () => {
    const { emulator, host } = await against({ postDeduplicates: true });
    emulator.store.append(ACCOUNT, "receive", [FOREIGN, { url: URL_A, secret: "old" }]);
    const created = await checkAndCreate(host, webhookUrn, {
      ...webhook.inputs,
      secret: SECRET,
      adopt: true,
    });
    expect(created.properties).toMatchObject({ url: URL_A, secret: SECRET });
    expect(emulator.store.document(ACCOUNT).receive).toEqual([FOREIGN, { url: URL_A, secret: SECRET }]);
    await host.delete(created.id, webhookUrn, created.properties);
    expect(emulator.store.document(ACCOUNT).receive).toEqual([FOREIGN]);
  });
});

describe("a POST whose answer lists only the entries it appended", () => {
  it("still refuses, without adopt, a url a stranger holds, checked before the first POST answered", async () => {
    const { emulator, host } = await against({ postAnswerShowsOnlyAdded: true });
    emulator.store.append(ACCOUNT, "receive", [FOREIGN]);
    const foreignUrn = urnFor("sendblue", "Webhook", "foreign");
    const checkedA = await host.check(webhookUrn, {}, webhook.inputs);
    const checkedForeign = await host.check(foreignUrn, {}, { ...webhook.inputs, url: FOREIGN });
    await host.create(webhookUrn, checkedA.inputs);
    const refused = await hostFailure(host.create(foreignUrn, checkedForeign.inputs));
    expect(refused.details).toContain(
      `Sendblue add webhook failed: the account already has a receive webhook for ${FOREIGN}`,
    );
    expect(emulator.store.document(ACCOUNT).receive).toEqual([FOREIGN, URL_A]);
  });
});

describe("a DELETE that removes only the first copy of a url", () => {
  it("destroys an entry that has a duplicate: no copy is left", async () => {
    const { emulator, host } = await against({ deleteRemovesFirstOnly: true });
    emulator.store.append(ACCOUNT, "receive", [FOREIGN]);
    const created = await checkAndCreate(host, webhookUrn, webhook.inputs);
    emulator.store.append(ACCOUNT, "receive", [URL_A]);
    await host.delete(created.id, webhookUrn, created.properties);
    expect(emulator.store.document(ACCOUNT).receive).toEqual([FOREIGN]);
  });

  it("adopts an entry found twice into exactly one copy", async () => {
    const { emulator, host } = await against({ deleteRemovesFirstOnly: true });
    emulator.store.append(ACCOUNT, "receive", [FOREIGN, { url: URL_A, secret: "old" }, URL_A]);
    const created = await checkAndCreate(host, webhookUrn, {
      ...webhook.inputs,
      secret: SECRET,
      adopt: true,
    });
    expect(created.properties).toMatchObject({ url: URL_A, secret: SECRET });
    expect(emulator.store.document(ACCOUNT).receive).toEqual([FOREIGN, { url: URL_A, secret: SECRET }]);
  });
});

describe.each([400, 404] as const)("a DELETE of an absent url that answers %i", (status) => {
  it("destroys an entry already deleted outside Pulumi without an error, and touches nothing else", async () => {
    const { emulator, host } = await against({ deleteAbsentStatus: status });
    emulator.store.append(ACCOUNT, "receive", [FOREIGN]);
    const created = await checkAndCreate(host, webhookUrn, webhook.inputs);
    emulator.store.remove(ACCOUNT, "receive", [URL_A]);
    emulator.clearRequests();
    await host.delete(created.id, webhookUrn, created.properties);
    expect(writesOf(emulator)).toEqual([["DELETE", { type: "receive", webhooks: [URL_A] }, status]]);
    expect(emulator.store.document(ACCOUNT).receive).toEqual([FOREIGN]);
  });
});

describe("a PUT that keeps what its body leaves out", () => {
  it("says, in one line, that the globalSecret could not be cleared, instead of blaming another writer", async () => {
    const { emulator, host } = await against({ putKeepsLeftOut: true });
    const created = await checkAndCreate(host, configUrn, configuration.inputs);
    expect(emulator.store.document(ACCOUNT)).toMatchObject({ receive: [URL_A], globalSecret: GLOBAL });
    const { globalSecret: _dropped, ...withoutSecret } = configuration.inputs;
    const news = (await host.check(configUrn, created.inputs, { ...withoutSecret, receive: [URL_B] })).inputs;
    const failed = await hostFailure(host.update(created.id, configUrn, created.properties, news));
    expect(failed.details).toContain("Sendblue kept the account's globalSecret");
    expect(failed.details).not.toContain("another program");
    // The entries were replaced as declared; only the secret stays.
    expect(emulator.store.document(ACCOUNT)).toMatchObject({ receive: [URL_B], globalSecret: GLOBAL });
    expect(failed.details.split("\n")).toHaveLength(1);
  });

  it("creates a configuration on a Sendblue that merges PUTs, and destroys its entries saying what stays", async () => {
    const { emulator, host } = await against({ putKeepsLeftOut: true });
    emulator.store.append(ACCOUNT, "outbound", [FOREIGN]);
    const created = await checkAndCreate(host, configUrn, { ...configuration.inputs, adopt: true });
    // The PUT sends every type, so a left-out type cannot be kept: the foreign outbound entry went, as documented.
    expect(emulator.store.document(ACCOUNT)).toMatchObject({
      receive: [URL_A],
      outbound: [],
      globalSecret: GLOBAL,
    });
    const failed = await hostFailure(host.delete(created.id, configUrn, created.properties));
    expect(failed.details).toContain(
      "Sendblue delete webhook configuration failed: Sendblue kept the account's globalSecret",
    );
    expect(emulator.store.document(ACCOUNT)).toMatchObject({ receive: [], globalSecret: GLOBAL });
  });
});

describe("write answers with other message texts", () => {
  it("creates and destroys as usual: the provider reads no message text of a success", async () => {
    const { emulator, host } = await against({ otherMessages: true });
    const created = await checkAndCreate(host, webhookUrn, webhook.inputs);
    expect(emulator.store.document(ACCOUNT).receive).toEqual([URL_A]);
    await host.delete(created.id, webhookUrn, created.properties);
    expect(emulator.store.document(ACCOUNT).receive).toEqual([]);
    expect(writesOf(emulator).map(([method, , code]) => `${method} ${code}`)).toEqual([
      "POST 200",
      "DELETE 200",
    ]);
  });
});

describe("a GET that leaves out the types with no entries", () => {
  it("creates, refreshes without a diff, and destroys, for an entry and for the whole configuration", async () => {
    const { emulator, host } = await against({ getOmitsEmptyTypes: true });
    const entry = await checkAndCreate(host, webhookUrn, webhook.inputs);
    const read = await host.read(entry.id, webhookUrn, entry.properties, entry.inputs);
    expect((await host.diff(entry.id, webhookUrn, read.properties, entry.inputs)).changes).toBe("none");
    await host.delete(entry.id, webhookUrn, entry.properties);
    expect((await host.read(entry.id, webhookUrn, entry.properties, entry.inputs)).id).toBe("");
    const whole = await checkAndCreate(host, configUrn, configuration.inputs);
    const readWhole = await host.read(whole.id, configUrn, whole.properties, whole.inputs);
    expect((await host.diff(whole.id, configUrn, readWhole.properties, whole.inputs)).changes).toBe("none");
    await host.delete(whole.id, configUrn, whole.properties);
    expect(emulator.store.document(ACCOUNT)).toEqual(emptyDocument());
  });
});

describe("a GET that shows string entries as {url} objects", () => {
  it("shows no diff after a refresh, for an entry and for the whole configuration", async () => {
    const { host } = await against({ readsStringsAsObjects: true });
    const entry = await checkAndCreate(host, webhookUrn, webhook.inputs);
    const read = await host.read(entry.id, webhookUrn, entry.properties, entry.inputs);
    expect((await host.diff(entry.id, webhookUrn, read.properties, entry.inputs)).changes).toBe("none");
    const whole = await checkAndCreate(host, configUrn, { ...configuration.inputs, adopt: true });
    const readWhole = await host.read(whole.id, configUrn, whole.properties, whole.inputs);
    expect((await host.diff(whole.id, configUrn, readWhole.properties, whole.inputs)).changes).toBe("none");
  });
});

describe("a Sendblue that serves only the current path, /api/account/webhooks", () => {
  it("creates, refreshes and destroys there, and a fresh run's destroy finds it too", async () => {
    const { emulator, host } = await against({ servedPaths: "current" });
    emulator.store.append(ACCOUNT, "receive", [FOREIGN]);
    const created = await checkAndCreate(host, webhookUrn, webhook.inputs);
    expect(emulator.store.document(ACCOUNT).receive).toEqual([FOREIGN, URL_A]);
    const read = await host.read(created.id, webhookUrn, created.properties, created.inputs);
    expect(read.properties).toEqual(created.properties);
    // A new `pulumi destroy`: its first request is the DELETE, on the path it tries first.
    const fresh = await hostAt(emulator.url);
    emulator.clearRequests();
    await fresh.delete(created.id, webhookUrn, created.properties);
    expect(emulator.store.document(ACCOUNT).receive).toEqual([FOREIGN]);
    expect(emulator.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual(
      [
        "DELETE /api/v2/account/webhooks 404",
        "GET /api/v2/account/webhooks 404",
        "GET /api/account/webhooks 200",
        "DELETE /api/account/webhooks 200",
        "GET /api/account/webhooks 200",
      ],
    );
  });

  it("says which paths it tried when neither is served", async () => {
    const { emulator } = await against({});
    const host = await hostAt(`${emulator.url}/nowhere`);
    const failed = await hostFailure(checkAndCreate(host, webhookUrn, webhook.inputs));
    expect(failed.details).toContain(
      "Neither /api/v2/account/webhooks nor /api/account/webhooks is served there: check sendblue:baseUrl",
    );
  });
});
