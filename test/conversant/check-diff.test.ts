import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { UNKNOWN } from "../../provider/core/check";
import { useStackConfig } from "../../provider/core/credentials";
import { webhookProvider } from "../../provider/conversant/provider";

// Check and diff run with no credentials and no network: nothing here starts an emulator.
const provider = webhookProvider as Required<typeof webhookProvider>;
const ACCOUNT = "0123456789abcdef0123456789abcdef";
const valid = { name: "calls", url: "http://crm.example.com/hooks", hook: "channel_create" };

beforeEach(() => {
  useStackConfig(undefined);
  vi.stubEnv("CONVERSANT_ACCOUNT_ID", ACCOUNT);
  vi.stubEnv("CONVERSANT_BASE_URL", "http://127.0.0.1:9"); // nothing listens: a request would fail the test
});
afterEach(() => {
  vi.unstubAllEnvs();
  useStackConfig(undefined);
});

async function checked(news: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await provider.check({}, news);
  expect(result.failures).toEqual([]);
  return result.inputs as Record<string, unknown>;
}

describe("conversant.Webhook › check", () => {
  it("accepts a well-formed hook beyond Kazoo 4.3's ten: the system's installed hooks decide", async () => {
    expect((await checked({ ...valid, hook: "call_recording" })).hook).toBe("call_recording");
  });

  it("fills Kazoo's schema defaults and the account from the environment, so the read-back never diffs", async () => {
    expect(await checked(valid)).toEqual({
      ...valid,
      accountId: ACCOUNT,
      httpVerb: "post",
      retries: 2,
      format: "form-data",
      enabled: true,
      customData: {},
      includeSubaccounts: false,
      includeInternalLegs: true,
    });
  });

  it("takes the account from stack config before the environment, and a declared one before both", async () => {
    const other = "f".repeat(32);
    useStackConfig({ get: (key) => (key === "conversant:accountId" ? other : undefined) });
    expect((await checked(valid)).accountId).toBe(other);
    expect((await checked({ ...valid, accountId: "e".repeat(32) })).accountId).toBe("e".repeat(32));
  });

  it("leaves the account unset when none is configured (create then names where to set it)", async () => {
    vi.stubEnv("CONVERSANT_ACCOUNT_ID", "");
    expect(await checked(valid)).not.toHaveProperty("accountId");
    await expect(provider.create(await checked(valid))).rejects.toThrow(
      /no account: set `accountId`, `pulumi config set conversant:accountId/,
    );
  });

  it("keeps the recorded account when none is configured any more, and replaces only for another one", async () => {
    const olds = await checked(valid);
    vi.stubEnv("CONVERSANT_ACCOUNT_ID", "");
    expect((await provider.check(olds, valid)).inputs.accountId).toBe(ACCOUNT);
    vi.stubEnv("CONVERSANT_ACCOUNT_ID", "e".repeat(32));
    const moved = (await provider.check(olds, valid)).inputs;
    expect(moved.accountId).toBe("e".repeat(32));
    expect((await provider.diff("h", { ...olds }, moved as never)).replaces).toEqual(["accountId"]);
  });

  it.each([
    [
      "a malformed hook name",
      { hook: "Channel Park" },
      "hook",
      /"Channel Park" is not a hook name .*; Kazoo 4.3's hooks are all, channel_answer/,
    ],
    ["a hook that is not a string", { hook: 7 }, "hook", /must be a string/],
    ["retries over 4", { retries: 5 }, "retries", /retries: must be between 0 and 4/],
    ["negative retries", { retries: -1 }, "retries", /between 0 and 4/],
    ["fractional retries", { retries: 1.5 }, "retries", /must be an integer/],
    ["an unknown verb", { httpVerb: "patch" }, "httpVerb", /must be get, post or put/],
    ["an unknown format", { format: "xml" }, "format", /must be form-data or json/],
    ["an ftp url", { url: "ftp://x.example.com" }, "url", /http:\/\/ or https:\/\//],
    [
      "a url with a password",
      { url: "https://u:p@x.example.com" },
      "",
      /^url: must not contain a user name or password/,
    ],
    ["an empty name", { name: "" }, "name", /must not be empty/],
    ["a name over 256 characters", { name: "n".repeat(257) }, "name", /at most 256 characters/],
    [
      "object without its action modifier",
      { hook: "object", customData: { type: "device" } },
      "customData",
      /^customData.action: required by the object hook/,
    ],
    [
      "object with an unknown type",
      { hook: "object", customData: { type: "car", action: "all" } },
      "customData",
      /^customData.type: must be one of account, callflow/,
    ],
    [
      "notifications without its type",
      { hook: "notifications" },
      "customData",
      /^customData.type: required by the notifications hook/,
    ],
    [
      "non-string custom data",
      { customData: { a: 1 } },
      "customData",
      /^customData.a: .*values must be strings/,
    ],
    ["a malformed account", { accountId: "ACC" }, "accountId", /32 lower-case hex/],
    ["a malformed adopt id", { adopt: "wh_1" }, "adopt", /32 lower-case hex/],
    ["an unknown input", { events: ["x"] }, "events", /unknown input: events/],
  ])("rejects %s, naming the property", async (_name, change, property, reason) => {
    const { failures } = await provider.check({}, { ...valid, ...change });
    expect(failures?.map((failure) => failure.property)).toEqual([property]);
    expect(failures?.[0]?.reason).toMatch(reason);
  });

  it("rejects a malformed account id from config, naming where it came from", async () => {
    vi.stubEnv("CONVERSANT_ACCOUNT_ID", "not-an-account");
    const { failures } = await provider.check({}, valid);
    expect(failures).toEqual([
      {
        property: "accountId",
        reason: expect.stringMatching(
          /conversant:accountId \/ CONVERSANT_ACCOUNT_ID must be a Kazoo account id/,
        ),
      },
    ]);
  });

  it("accepts values unknown during preview and validates the rest", async () => {
    expect((await provider.check({}, { ...valid, url: UNKNOWN, accountId: UNKNOWN })).failures).toEqual([]);
    expect(
      (await provider.check({}, { ...valid, hook: UNKNOWN, customData: { type: "x" } })).failures,
    ).toEqual([]);
    const { failures } = await provider.check({}, { ...valid, url: UNKNOWN, retries: 7 });
    expect(failures?.map((failure) => failure.property)).toEqual(["retries"]);
  });
});

describe("conversant.Webhook › diff", () => {
  const base = async (change: Record<string, unknown> = {}) =>
    checked({ ...valid, customData: { a: "1", b: "2" }, ...change });

  it("shows no change for the same declaration, custom data in another order, or an observed disableReason", async () => {
    const olds = { ...(await base()), disableReason: "too many failed attempts" };
    expect(await provider.diff("h", olds, await base({ customData: { b: "2", a: "1" } }))).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it.each([
    ["name", { name: "renamed" }],
    ["url", { url: "https://crm.example.com/v2" }],
    ["hook", { hook: "channel_destroy" }],
    ["httpVerb", { httpVerb: "get" }],
    ["retries", { retries: 0 }],
    ["format", { format: "json" }],
    ["enabled", { enabled: false }],
    ["customData", { customData: { a: "1" } }],
    ["includeSubaccounts", { includeSubaccounts: true }],
    ["includeInternalLegs", { includeInternalLegs: false }],
  ])("updates %s in place", async (_field, change) => {
    expect(await provider.diff("h", await base(), await base(change))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("replaces on another account, and ignores adopt after create", async () => {
    expect(await provider.diff("h", await base(), await base({ accountId: "e".repeat(32) }))).toMatchObject({
      changes: true,
      replaces: ["accountId"],
    });
    expect((await provider.diff("h", await base(), await base({ adopt: "d".repeat(32) }))).changes).toBe(
      false,
    );
  });

  it("shows an auto-disabled hook as a change on enabled, and an unknown value as a change", async () => {
    expect(
      (
        await provider.diff(
          "h",
          { ...(await base()), enabled: false, disableReason: "too many failed attempts" },
          await base(),
        )
      ).changes,
    ).toBe(true);
    expect((await provider.diff("h", await base(), { ...(await base()), url: UNKNOWN })).changes).toBe(true);
  });
});
