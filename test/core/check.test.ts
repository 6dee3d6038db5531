import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  checkInputs,
  containsUnknown,
  propertyPath,
  receiverUrl,
  sortedSet,
  UNKNOWN,
} from "../../provider/core/check";

const schema = z
  .object({
    url: receiverUrl(),
    tags: z.array(z.string()).transform(sortedSet),
    size: z.number().int().min(1).default(3),
  })
  .strict();

describe("core › check", () => {
  it("normalizes: defaults filled, sets sorted and deduplicated, __provider ignored", () => {
    const result = checkInputs(schema, {
      url: "https://a.example/h",
      tags: ["b", "a", "b"],
      __provider: "text",
    });
    expect(result).toEqual({
      inputs: { url: "https://a.example/h", tags: ["a", "b"], size: 3 },
      failures: [],
    });
  });

  it("names the property and the rule for each failure", () => {
    const result = checkInputs(schema, { url: "http://a.example", tags: "x", size: 0, extra: 1 });
    const byProperty = Object.fromEntries(result.failures.map((f) => [f.property, f.reason]));
    expect(byProperty.url).toMatch(/^url: must use https:\/\//);
    expect(byProperty.tags).toMatch(/^tags: /);
    expect(byProperty.size).toMatch(/^size: /);
    expect(byProperty.extra).toBe("unknown input: extra");
  });

  it("names a nested failure by its top-level input (the engine prints that value) and the element in the reason", () => {
    const result = checkInputs(schema, { url: "https://a.example/h", tags: ["a", 7] });
    expect(result.failures).toEqual([
      { property: "tags", reason: "tags[1]: Invalid input: expected string, received number" },
    ]);
  });

  it("names an unknown nested key by its top-level input and its path", () => {
    const nested = z.object({ entries: z.array(z.object({ url: z.string() }).strict()) }).strict();
    expect(checkInputs(nested, { entries: [{ url: "u", sendblue_numbers: [] }] }).failures).toEqual([
      { property: "entries", reason: "entries[0]: unknown key sendblue_numbers" },
    ]);
  });

  it("writes paths in Pulumi's property-path syntax", () => {
    expect(propertyPath(["events", 1])).toBe("events[1]");
    expect(propertyPath(["staticParameters", "api_key"])).toBe("staticParameters.api_key");
    expect(propertyPath(["customData", "a b.c"])).toBe('customData["a b.c"]');
  });

  it("passes unknown values through untouched and still validates the known ones", () => {
    const result = checkInputs(schema, { url: UNKNOWN, tags: ["z", UNKNOWN] });
    expect(result).toEqual({ inputs: { url: UNKNOWN, tags: ["z", UNKNOWN], size: 3 }, failures: [] });
    const bad = checkInputs(schema, { url: UNKNOWN, tags: ["a"], size: -1 });
    expect(bad.failures.map((f) => f.property)).toEqual(["size"]);
  });

  it("skips cross-field rules until every value is known", () => {
    const rule = () => [{ property: "size", reason: "size: too big for these tags" }];
    expect(checkInputs(schema, { url: UNKNOWN, tags: [] }, rule).failures).toEqual([]);
    expect(checkInputs(schema, { url: "https://a.example", tags: [] }, rule).failures).toHaveLength(1);
  });

  it.each([
    ["ftp://a.example", /https/],
    ["javascript:alert(1)", /https/],
    ["not a url", /absolute URL/],
    [`https://a.example/${"x".repeat(2100)}`, /2048/],
    [42, /string/],
  ])("rejects the receiver URL %s", (url, reason) => {
    const failure = checkInputs(schema, { url, tags: [] }).failures[0];
    expect(failure?.property).toBe("url");
    expect(failure?.reason).toMatch(reason);
  });

  it("rejects a receiver URL with a password naming no property, so the engine does not print the url", () => {
    expect(checkInputs(schema, { url: "https://user:pw@a.example/", tags: [] }).failures).toEqual([
      {
        property: "",
        reason: "url: must not contain a user name or password (they would be stored in state in clear text)",
      },
    ]);
  });

  it("finds unknowns at any depth", () => {
    expect(containsUnknown({ a: [{ b: UNKNOWN }] })).toBe(true);
    expect(containsUnknown({ a: [{ b: "x" }] })).toBe(false);
  });
});
