import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/check";
import { webhookProvider } from "../../provider/erzycall/provider";

const valid = { url: "https://crm.example.com/hooks", events: ["call.ended"] };
const check = async (news: Record<string, unknown>) => {
  const result = await webhookProvider.check!({}, news);
  return { inputs: result.inputs as Record<string, unknown>, failures: result.failures ?? [] };
};

describe("erzycall.Webhook › check", () => {
  it("fills defaults, turns events into a sorted set, and normalizes secretVersion and an empty description", async () => {
    const result = await check({
      ...valid,
      events: ["call.failed", "call.ended", "call.failed"],
      secretVersion: 1,
      description: "",
    });
    expect(result).toEqual({
      inputs: { url: valid.url, events: ["call.ended", "call.failed"], active: true, secretVersion: "1" },
      failures: [],
    });
  });

  it.each([
    ["a non-https url", { url: "http://crm.example.com" }, "url", /must use https:\/\//],
    [
      "credentials in the url",
      { url: "https://u:p@crm.example.com" },
      "",
      /^url: must not contain a user name or password/,
    ],
    ["no events", { events: [] }, "events", /at least 1 event/],
    [
      "an unknown event",
      { events: ["call.canceled"] },
      "events",
      /^events\[0\]: unknown event "call.canceled"; Erzycall's events are/,
    ],
    ["events that are not a list", { events: "call.ended" }, "events", /list of event names/],
    ["a description over 500 characters", { description: "x".repeat(501) }, "description", /at most 500/],
    ["a non-boolean active", { active: "yes" }, "active", /boolean/],
    ["an empty secretVersion", { secretVersion: "" }, "secretVersion", /must not be empty/],
    ["a malformed adopt id", { adopt: "wh 1/../x" }, "adopt", /endpoint id/],
    ["an unknown input", { isActive: true }, "isActive", /unknown input: isActive/],
  ])("rejects %s, naming the property", async (_name, change, property, reason) => {
    const { failures } = await check({ ...valid, ...change });
    expect(failures).toHaveLength(1);
    expect(failures[0]?.property).toBe(property);
    expect(failures[0]?.reason).toMatch(reason);
  });

  it("reports a missing required input", async () => {
    const { failures } = await check({ events: ["call.ended"] });
    expect(failures.map((f) => f.property)).toEqual(["url"]);
  });

  it("accepts unknown values during preview and validates them once known", async () => {
    expect((await check({ url: UNKNOWN, events: [UNKNOWN] })).failures).toEqual([]);
    expect((await check({ url: UNKNOWN, events: ["nope"] })).failures[0]?.property).toBe("events");
  });
});

describe("erzycall.Webhook › diff", () => {
  const outputs = {
    url: valid.url,
    events: ["call.ended", "call.failed"],
    active: true,
    secret: "whsec_x",
    createdAt: "2026-01-01T00:00:00Z",
    __provider: "old text",
  };
  const diff = async (news: Record<string, unknown>) =>
    webhookProvider.diff!("wh_1", outputs, (await check(news)).inputs);

  it("shows no change when only order, duplicates, provider text or outputs differ", async () => {
    expect(await diff({ url: valid.url, events: ["call.failed", "call.ended", "call.ended"] })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it.each([
    ["url", { url: "https://other.example.com" }],
    ["events", { events: ["call.ended"] }],
    ["description", { description: "new" }],
    ["active", { active: false }],
    ["secretVersion", { secretVersion: 2 }],
  ])("updates %s in place, never replaces", async (_field, change) => {
    expect(await diff({ url: valid.url, events: ["call.ended", "call.failed"], ...change })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("ignores a change of adopt", async () => {
    expect(
      (await diff({ url: valid.url, events: ["call.ended", "call.failed"], adopt: "wh_9" })).changes,
    ).toBe(false);
  });

  it("counts an unknown value as a change", async () => {
    expect((await diff({ url: UNKNOWN, events: ["call.ended", "call.failed"] })).changes).toBe(true);
  });
});
