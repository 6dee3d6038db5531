import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/check";
import { webhookProvider } from "../../provider/converc/provider";
import { CONVERC_EVENTS } from "../../provider/converc/schema";

const valid = { url: "https://crm.example.com/hooks" };
const check = async (news: Record<string, unknown>) => {
  const result = await webhookProvider.check!({}, news);
  return { inputs: result.inputs as Record<string, unknown>, failures: result.failures ?? [] };
};

describe("converc.Webhook › check", () => {
  it("fills defaults: every event is [], verifyDelivery false", async () => {
    expect(await check(valid)).toEqual({
      inputs: { url: valid.url, events: [], verifyDelivery: false },
      failures: [],
    });
  });

  it("turns events into a sorted set; omitted and [] are every event, and the whole catalogue declared stays that list", async () => {
    expect(
      (await check({ ...valid, events: ["call.missed", "call.ended", "call.missed"] })).inputs.events,
    ).toEqual(["call.ended", "call.missed"]);
    expect((await check({ ...valid, events: [] })).inputs.events).toEqual([]);
    expect((await check({ ...valid, events: [...CONVERC_EVENTS].reverse() })).inputs.events).toEqual([
      ...CONVERC_EVENTS,
    ]);
  });

  it.each([
    ["a non-https url", { url: "http://crm.example.com" }, "url", /must use https:\/\//],
    // No property, so the engine does not print the url, password and all; the reason names it.
    [
      "credentials in the url",
      { url: "https://u:p@crm.example.com" },
      "",
      /^url: must not contain a user name or password/,
    ],
    [
      "Erzycall's spelling of canceled",
      { events: ["call.cancelled"] },
      "events",
      /unknown event "call.cancelled"; Converc's events are/,
    ],
    ["the test-only event", { events: ["webhook.test"] }, "events", /only sent by the test call/],
    ["events that are not a list", { events: "call.ended" }, "events", /list of event names/],
    ["a non-boolean verifyDelivery", { verifyDelivery: "yes" }, "verifyDelivery", /boolean/],
    ["a malformed adopt id", { adopt: "../x" }, "adopt", /endpoint id/],
    // A value the program meant as a secret is not printed back either.
    ["an unknown input", { secret: "mine" }, "", /unknown input: secret/],
  ])("rejects %s, naming the property", async (_name, change, property, reason) => {
    const { failures } = await check({ ...valid, ...change });
    expect(failures).toHaveLength(1);
    expect(failures[0]?.property).toBe(property);
    expect(failures[0]?.reason).toMatch(reason);
  });

  it("reports a missing url", async () => {
    expect((await check({ events: ["call.ended"] })).failures.map((f) => f.property)).toEqual(["url"]);
  });

  it("accepts unknown values during preview and validates them once known", async () => {
    expect((await check({ url: UNKNOWN, events: [UNKNOWN] })).failures).toEqual([]);
    expect((await check({ url: UNKNOWN, events: ["nope"] })).failures[0]?.property).toBe("events");
  });
});

describe("converc.Webhook › diff", () => {
  const outputs = {
    url: valid.url,
    events: ["call.ended", "call.missed"],
    verifyDelivery: false,
    secret: "a".repeat(64),
    active: true,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    __provider: "old text",
  };
  const diff = async (news: Record<string, unknown>) =>
    webhookProvider.diff!("id-1", outputs, (await check(news)).inputs);
  const none = { changes: false, replaces: [], deleteBeforeReplace: false };

  it("shows no change when only order, duplicates, provider text or outputs differ", async () => {
    expect(await diff({ url: valid.url, events: ["call.missed", "call.ended", "call.ended"] })).toEqual(none);
  });

  it.each([
    ["url", { url: "https://other.example.com", events: ["call.ended", "call.missed"] }, ["url"]],
    ["events", { url: valid.url, events: ["call.ended"] }, ["events"]],
    ["events to every event", { url: valid.url }, ["events"]],
    ["both", { url: "https://other.example.com" }, ["url", "events"]],
  ])("replaces, creating before deleting, when %s changes", async (_name, news, replaces) => {
    expect(await diff(news)).toEqual({ changes: true, replaces, deleteBeforeReplace: false });
  });

  it("ignores verifyDelivery and adopt, which only matter on create", async () => {
    expect(
      await diff({
        url: valid.url,
        events: ["call.ended", "call.missed"],
        verifyDelivery: true,
        adopt: "3f1c2b8e-0000-4000-8000-000000000001",
      }),
    ).toEqual(none);
  });

  it("treats an unknown url at preview as a replacement", async () => {
    expect(await diff({ url: UNKNOWN, events: ["call.ended", "call.missed"] })).toEqual({
      changes: true,
      replaces: ["url"],
      deleteBeforeReplace: false,
    });
  });
});
