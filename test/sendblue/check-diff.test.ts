import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/check";
import { webhookConfigurationProvider, webhookProvider } from "../../provider/sendblue/provider";

const URL_A = "https://hooks.example.com/sendblue/a";
const URL_B = "https://hooks.example.com/sendblue/b";

async function checkWebhook(news: Record<string, unknown>) {
  const { inputs, failures } = await webhookProvider.check!({}, news);
  return { inputs, failures: failures ?? [] };
}

async function checkConfig(news: Record<string, unknown>) {
  const { inputs, failures } = await webhookConfigurationProvider.check!({}, news);
  return { inputs, failures: failures ?? [] };
}

describe("sendblue.Webhook › check", () => {
  it("fills defaults and drops an empty secret", async () => {
    expect(await checkWebhook({ type: "receive", url: URL_A, secret: "" })).toEqual({
      inputs: { type: "receive", url: URL_A, adopt: false },
      failures: [],
    });
    expect(
      (await checkWebhook({ type: "outbound", url: URL_A, secret: "s3cret", adopt: true })).inputs,
    ).toEqual({ type: "outbound", url: URL_A, secret: "s3cret", adopt: true });
  });

  it.each([
    [
      "an unknown type",
      { type: "delivered", url: URL_A },
      "type",
      /unknown type "delivered"; Sendblue's types are receive, outbound/,
    ],
    ["an http url", { type: "receive", url: "http://hooks.example.com" }, "url", /must use https:\/\//],
    ["a missing url", { type: "receive" }, "url", /url/],
    ["a non-string secret", { type: "receive", url: URL_A, secret: 5 }, "secret", /must be a string/],
    [
      // No property, so the engine does not print the secret given as a plain string; the reason names it.
      "a secret on contact_created",
      { type: "contact_created", url: URL_A, secret: "s3cret" },
      "",
      /^secret: not allowed for type contact_created/,
    ],
    [
      "an unknown input",
      { type: "receive", url: URL_A, sendblueNumbers: [] },
      "sendblueNumbers",
      /unknown input/,
    ],
  ])("rejects %s, naming the property", async (_name, news, property, reason) => {
    const { failures } = await checkWebhook(news);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.property).toBe(property);
    expect(failures[0]?.reason).toMatch(reason);
  });

  it("accepts values unknown during preview and validates the rest", async () => {
    expect((await checkWebhook({ type: "receive", url: UNKNOWN, secret: UNKNOWN })).failures).toEqual([]);
    expect(
      (await checkWebhook({ type: UNKNOWN, url: "ftp://x" })).failures.map((failure) => failure.property),
    ).toEqual(["url"]);
  });
});

describe("sendblue.Webhook › diff", () => {
  const olds = { type: "receive", url: URL_A, secret: "one", adopt: false };
  const diff = (news: Record<string, unknown>) =>
    webhookProvider.diff!("receive/x", olds, { ...olds, ...news });

  it("no change, and a change of adopt alone, are no diff", async () => {
    expect(await diff({})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect((await diff({ adopt: true })).changes).toBe(false);
  });

  it("a new secret replaces the entry, deleting the old one first since the identity stays", async () => {
    expect(await diff({ secret: "two" })).toEqual({
      changes: true,
      replaces: ["secret"],
      deleteBeforeReplace: true,
    });
    expect(await diff({ secret: undefined })).toEqual({
      changes: true,
      replaces: ["secret"],
      deleteBeforeReplace: true,
    });
  });

  it("a new url or type replaces the entry, creating the new one first", async () => {
    expect(await diff({ url: URL_B })).toEqual({
      changes: true,
      replaces: ["url"],
      deleteBeforeReplace: false,
    });
    expect(await diff({ type: "outbound", secret: "two" })).toEqual({
      changes: true,
      replaces: ["type", "secret"],
      deleteBeforeReplace: false,
    });
    expect(await diff({ url: UNKNOWN })).toMatchObject({ replaces: ["url"], deleteBeforeReplace: false });
  });
});

describe("sendblue.WebhookConfiguration › check", () => {
  it("fills every list with [] and leaves globalSecret absent", async () => {
    expect(await checkConfig({})).toEqual({
      inputs: {
        receive: [],
        outbound: [],
        typingIndicator: [],
        callLog: [],
        lineBlocked: [],
        lineAssigned: [],
        contactCreated: [],
        adopt: false,
      },
      failures: [],
    });
  });

  it("treats lists as sets: sorted by url, {url} as a string, exact duplicates dropped", async () => {
    const { inputs, failures } = await checkConfig({
      receive: [URL_B, { url: URL_A, secret: "s1" }, { url: URL_B }, URL_B],
      contactCreated: [URL_B, URL_A],
      globalSecret: "glob",
    });
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({
      receive: [{ url: URL_A, secret: "s1" }, URL_B],
      contactCreated: [URL_A, URL_B],
      globalSecret: "glob",
    });
  });

  it.each([
    ["an http url", { receive: ["http://hooks.example.com"] }, "receive"],
    ["an http url in an object", { callLog: [{ url: "http://hooks.example.com" }] }, "callLog"],
    ["an object under contactCreated", { contactCreated: [{ url: URL_A }] }, "contactCreated"],
    [
      "a url twice with different secrets",
      {
        outbound: [
          { url: URL_A, secret: "1" },
          { url: URL_A, secret: "2" },
        ],
      },
      // Its entries hold secrets: no property, so the engine does not print them.
      "",
    ],
    [
      "an unknown key in an entry",
      { receive: [{ url: URL_A, sendblue_numbers: ["+15551234567"] }] },
      "receive",
    ],
    ["a list that is not a list", { lineBlocked: URL_A }, "lineBlocked"],
  ])("rejects %s", async (_name, news, property) => {
    const { failures } = await checkConfig(news);
    expect(failures.map((failure) => failure.property)).toContain(property);
  });
});

describe("sendblue.WebhookConfiguration › diff", () => {
  it("updates in place; reordering and adopt are no diff", async () => {
    const olds = (await checkConfig({ receive: [URL_A, URL_B] })).inputs;
    const same = (await checkConfig({ receive: [URL_B, URL_A], adopt: true })).inputs;
    expect((await webhookConfigurationProvider.diff!("account", olds, same)).changes).toBe(false);
    const changed = (await checkConfig({ receive: [URL_A], globalSecret: "g" })).inputs;
    expect(await webhookConfigurationProvider.diff!("account", olds, changed)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
});
