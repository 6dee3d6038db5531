import { describe, expect, it } from "vitest";
import { createIdempotencyKey, looksReplayed } from "../../provider/core/idempotency";

const identity = "shop\nprod\nerzycall:Webhook\norders";

describe("core › idempotency", () => {
  it("derives the same key for the same resource and body, whatever the key order", () => {
    const key = createIdempotencyKey(identity, "create webhook", {
      url: "https://a.example.com",
      events: ["x"],
    });
    expect(key).toMatch(/^pulumi-webhooks-[0-9a-f]{48}$/);
    expect(
      createIdempotencyKey(identity, "create webhook", {
        events: ["x"],
        url: "https://a.example.com",
        description: undefined,
      }),
    ).toBe(key);
  });

  it("derives another key for another body, resource or operation", () => {
    const key = createIdempotencyKey(identity, "create webhook", { url: "https://a.example.com" });
    expect(createIdempotencyKey(identity, "create webhook", { url: "https://b.example.com" })).not.toBe(key);
    expect(
      createIdempotencyKey(`${identity}-2`, "create webhook", { url: "https://a.example.com" }),
    ).not.toBe(key);
    expect(createIdempotencyKey(identity, "create hook", { url: "https://a.example.com" })).not.toBe(key);
  });

  it("falls back to a random key per call without an identity", () => {
    const body = { url: "https://a.example.com" };
    expect(createIdempotencyKey(undefined, "create webhook", body)).not.toBe(
      createIdempotencyKey(undefined, "create webhook", body),
    );
  });

  it("recognizes a replay by the vendor's own clocks", () => {
    const date = "Mon, 23 Nov 2026 10:00:00 GMT";
    expect(looksReplayed("2026-11-23T09:59:50Z", date)).toBe(true);
    expect(looksReplayed("2026-11-23T09:59:58Z", date)).toBe(false);
    // No Date header or an unreadable createdAt: assume fresh (the caller's list check is then skipped).
    expect(looksReplayed("2026-11-23T09:00:00Z", undefined)).toBe(false);
    expect(looksReplayed("yesterday", date)).toBe(false);
  });
});
