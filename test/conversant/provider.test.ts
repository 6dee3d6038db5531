import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useStackConfig } from "../../provider/core/credentials";
import { webhookProvider } from "../../provider/conversant/provider";
import { ConversantEmulator } from "../emulators/conversant";

const provider = webhookProvider as Required<typeof webhookProvider>;
let emulator: ConversantEmulator;

beforeAll(async () => {
  emulator = await new ConversantEmulator().start();
});
afterAll(async () => emulator.stop());
beforeEach(() => {
  emulator.requests.length = 0;
  useStackConfig({
    get: (key) => ({ "conversant:baseUrl": emulator.url, "conversant:apiKey": emulator.apiKey, "conversant:accountId": emulator.accountId })[key],
  });
});

const valid = { name: "calls", url: "http://crm.example.com/hooks", hook: "channel_create" };
const checked = async (news: Record<string, unknown>) => {
  const result = await provider.check({}, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs;
};

describe("conversant.Webhook › check", () => {
  it("fills the server's defaults and the account from config", async () => {
    expect(await checked(valid)).toEqual({
      ...valid,
      accountId: emulator.accountId,
      httpVerb: "post",
      retries: 2,
      format: "form-data",
      enabled: true,
      customData: {},
      includeSubaccounts: false,
      includeInternalLegs: true,
    });
  });

  it.each([
    ["an unknown hook", { hook: "channel_park" }, "hook", /unknown hook/],
    ["retries over 4", { retries: 5 }, "retries", /between 0 and 4/],
    ["an ftp url", { url: "ftp://x.example.com" }, "url", /http:\/\/ or https:\/\//],
    ["object without modifiers", { hook: "object", customData: { type: "device" } }, "customData.action", /required by the object hook/],
    ["object with a bad type", { hook: "object", customData: { type: "car", action: "all" } }, "customData.type", /must be one of/],
    ["notifications without type", { hook: "notifications" }, "customData.type", /required/],
    ["non-string custom data", { customData: { a: 1 } }, "customData.a", /strings/],
    ["a malformed account", { accountId: "ACC" }, "accountId", /32 lower-case hex/],
  ])("rejects %s, naming the property, with no request", async (_n, change, property, reason) => {
    const { failures } = await provider.check({}, { ...valid, ...change });
    expect(failures?.[0]?.property).toBe(property);
    expect(failures?.[0]?.reason).toMatch(reason);
    expect(emulator.requests).toEqual([]);
  });
});

describe("conversant.Webhook › lifecycle against the emulator", () => {
  it("creates with PUT and a {data} envelope, reads back with no diff, updates with a full POST, deletes", async () => {
    const inputs = await checked({ ...valid, customData: { source: "pulumi", team: "ops" } });
    const { id, outs } = await provider.create(inputs);
    const put = emulator.webhookRequests()[0]!;
    expect(put.method).toBe("PUT");
    expect(put.path).toBe(`/v1/accounts/${emulator.accountId}/webhooks`);
    expect(put.headers["x-auth-token"]).toMatch(/^[0-9a-f]{32}$/);
    expect(put.body).toEqual({
      data: {
        name: "calls",
        uri: valid.url,
        hook: "channel_create",
        http_verb: "post",
        retries: 2,
        format: "form-data",
        enabled: true,
        include_subaccounts: false,
        include_internal_legs: true,
        custom_data: { source: "pulumi", team: "ops" },
      },
    });
    expect(outs).toEqual({ ...inputs });
    expect(JSON.stringify(outs)).not.toContain(emulator.apiKey);

    const read = await provider.read(id, outs);
    expect(read.props).toEqual(outs);
    const same = await provider.diff(id, read.props!, await checked({ ...valid, customData: { team: "ops", source: "pulumi" } }));
    expect(same.changes).toBe(false);

    const news = await checked({ ...valid, retries: 4, customData: { team: "ops" } });
    expect(await provider.diff(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    emulator.requests.length = 0;
    const updated = await provider.update(id, outs, news);
    const post = emulator.webhookRequests()[0]!;
    expect(post.method).toBe("POST");
    expect(post.path).toBe(`/v1/accounts/${emulator.accountId}/webhooks/${id}`);
    expect((post.body as { data: Record<string, unknown> }).data).toMatchObject({ name: "calls", retries: 4, custom_data: { team: "ops" }, include_internal_legs: true });
    expect(emulator.hooks.get(id)!.doc.custom_data).toEqual({ team: "ops" });
    expect(updated.outs).toEqual(news);

    await provider.delete(id, updated.outs);
    expect(await provider.read(id, updated.outs)).toEqual({ id: "" });
    await provider.delete(id, updated.outs); // already gone: no error
  });

  it("an auto-disabled hook shows as drift on enabled with its reason, and up re-enables it", async () => {
    const inputs = await checked(valid);
    const { id, outs } = await provider.create(inputs);
    emulator.autoDisable(id);
    const read = await provider.read(id, outs);
    expect(read.props).toMatchObject({ enabled: false, disableReason: "too many failed attempts" });
    expect(read.inputs).not.toHaveProperty("disableReason");
    const diff = await provider.diff(id, read.props!, inputs);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const { outs: after } = await provider.update(id, read.props!, inputs);
    expect(after.enabled).toBe(true);
    expect(after).not.toHaveProperty("disableReason");
    expect(emulator.hooks.get(id)!.disabledMessage).toBeUndefined();
  });

  it("a changed account replaces, and delete uses the recorded account, not the config", async () => {
    const { id, outs } = await provider.create(await checked(valid));
    const other = "0".repeat(32);
    const diff = await provider.diff(id, outs, await checked({ ...valid, accountId: other }));
    expect(diff.replaces).toEqual(["accountId"]);
    useStackConfig({ get: (key) => ({ "conversant:baseUrl": emulator.url, "conversant:apiKey": emulator.apiKey, "conversant:accountId": other })[key] });
    await provider.delete(id, outs);
    expect(emulator.hooks.get(id)!.deleted).toBe(true);
  });

  it("out-of-band edits show as drift; adoption brings an existing hook to the declared state", async () => {
    const { id, outs } = await provider.create(await checked(valid));
    emulator.edit(id, { uri: "https://elsewhere.example.com", retries: 0 });
    const read = await provider.read(id, outs);
    expect(read.inputs).toMatchObject({ url: "https://elsewhere.example.com", retries: 0 });
    const adopted = await provider.create(await checked({ ...valid, name: "adopted", adopt: id }));
    expect(adopted.id).toBe(id);
    expect(adopted.outs).toMatchObject({ name: "adopted", url: valid.url, retries: 2, adopt: id });
    await expect(provider.create(await checked({ ...valid, adopt: "f".repeat(32) }))).rejects.toThrow(/cannot adopt webhook f+: no such webhook/);
  });

  it("turns Kazoo validation errors into one line naming the property", async () => {
    const inputs = { ...(await checked(valid)), retries: 9 };
    await expect(provider.create(inputs)).rejects.toThrow(/Conversant.*create webhook.*400.*retries: Value must be at most 4 \(maximum\)/);
  });

  it("re-authenticates once when the token expired, and never leaks the key or token", async () => {
    const { id, outs } = await provider.create(await checked(valid));
    emulator.expireTokens();
    expect((await provider.read(id, outs)).id).toBe(id);
    useStackConfig({ get: (key) => ({ "conversant:baseUrl": emulator.url, "conversant:apiKey": "a".repeat(64), "conversant:accountId": emulator.accountId })[key] });
    const error = await provider.read("b".repeat(32), outs).catch((e: Error) => e);
    expect(String(error)).toMatch(/401/);
    expect(String(error)).not.toContain("a".repeat(64));
  });
});
