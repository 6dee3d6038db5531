import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/check";
import { webhookProvider } from "../../provider/convirza/provider";

const valid = { name: "CRM", url: "https://crm.example.com/hooks/convirza" };
const defaults = {
  format: "JSON",
  method: "POST",
  includeDataAppend: false,
  includeDniLogs: false,
  includeIndicatorScores: false,
  includeIvrKeypresses: false,
  active: true,
  staticParameters: {},
};
const check = async (news: Record<string, unknown>) => {
  const result = await webhookProvider.check!({}, news);
  return { inputs: result.inputs as Record<string, unknown>, failures: result.failures ?? [] };
};

describe("convirza.Webhook › check", () => {
  it("fills every default, so state equals what Convirza stores", async () => {
    expect(await check(valid)).toEqual({ inputs: { ...valid, ...defaults }, failures: [] });
  });

  it("normalizes an empty description, surrounding spaces of the name and parameter order", async () => {
    const { inputs, failures } = await check({
      ...valid,
      name: " CRM ",
      description: "",
      staticParameters: { b: "2", a: "1" },
      adopt: "1042",
    });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ ...valid, ...defaults, staticParameters: { a: "1", b: "2" }, adopt: "1042" });
    expect(Object.keys(inputs.staticParameters as object)).toEqual(["a", "b"]);
  });

  it.each([
    ["a missing name", { name: undefined }, "name", /string/],
    ["an empty name", { name: "  " }, "name", /must not be empty/],
    ["a name over 255 characters", { name: "n".repeat(256) }, "name", /at most 255 characters/],
    [
      "a description over 1000 characters",
      { description: "d".repeat(1001) },
      "description",
      /at most 1000 characters/,
    ],
    ["a missing url", { url: undefined }, "url", /string/],
    ["an http url", { url: "http://crm.example.com/hook" }, "url", /must use https:\/\//],
    [
      "credentials in the url",
      { url: "https://u:p@crm.example.com" },
      "",
      /^url: must not contain a user name or password/,
    ],
    [
      "an unknown format",
      { format: "YAML" },
      "format",
      /unknown format "YAML"; Convirza's formats are JSON, XML, XML_CQM, FORM_DATA/,
    ],
    ["a lower-case format", { format: "json" }, "format", /unknown format "json"/],
    [
      "an unknown method",
      { method: "DELETE" },
      "method",
      /unknown method "DELETE"; Convirza's methods are GET, POST, PUT, PATCH/,
    ],
    ["a non-boolean flag", { includeDniLogs: "yes" }, "includeDniLogs", /boolean/],
    ["a non-boolean active", { active: "inactive" }, "active", /boolean/],
    [
      "a non-string parameter value",
      { staticParameters: { key: 5 } },
      "staticParameters",
      /^staticParameters.key: .*must be a string/,
    ],
    [
      "static parameters as a list",
      { staticParameters: [{ field_name: "a", field_value: "b" }] },
      "staticParameters",
      /map of parameter name/,
    ],
    ["a malformed adopt id", { adopt: "wh_1" }, "adopt", /positive integer/],
    ["a numeric adopt id", { adopt: 1042 }, "adopt", /must be a string/],
    ["an unknown input", { webhook_name: "x" }, "webhook_name", /unknown input: webhook_name/],
  ])("rejects %s, naming the property", async (_name, change, property, reason) => {
    const { failures } = await check({ ...valid, ...change });
    expect(failures).toHaveLength(1);
    expect(failures[0]?.property).toBe(property);
    expect(failures[0]?.reason).toMatch(reason);
  });

  it("still names a property whose value only resembles a parameter value (a secret is hidden, not everything)", async () => {
    const { failures } = await check({ ...valid, active: 0, staticParameters: { retries: "0" } });
    expect(failures.map((failure) => failure.property)).toEqual(["active"]);
  });

  it("rejects an empty parameter name without the engine printing the parameters (their values are secrets)", async () => {
    const { failures } = await check({ ...valid, staticParameters: { "": "x" } });
    expect(failures[0]?.property).toBe("");
    expect(failures[0]?.reason).toMatch(/^staticParameters.*names must not be empty/);
  });

  it("accepts unknown values during preview and validates them once known", async () => {
    expect(
      (await check({ name: UNKNOWN, url: UNKNOWN, staticParameters: { key: UNKNOWN } })).failures,
    ).toEqual([]);
    expect(
      (await check({ name: UNKNOWN, url: "http://x.example.com" })).failures.map((f) => f.property),
    ).toEqual(["url"]);
  });
});

describe("convirza.Webhook › diff", () => {
  const outputs = {
    ...valid,
    ...defaults,
    staticParameters: { a: "1", b: "2" },
    createdAt: "2026-01-01T00:00:00.000Z",
    createdBy: 4242,
    __provider: "old text",
  };
  const diff = async (news: Record<string, unknown>) =>
    webhookProvider.diff!(
      "1001",
      outputs,
      (await check({ ...valid, staticParameters: { b: "2", a: "1" }, ...news })).inputs,
    );

  it("shows no change when only parameter order, provider text or outputs differ", async () => {
    expect(await diff({})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it.each([
    ["name", { name: "Other" }],
    ["url", { url: "https://other.example.com" }],
    ["format", { format: "XML_CQM" }],
    ["method", { method: "PUT" }],
    ["description", { description: "new" }],
    ["includeDataAppend", { includeDataAppend: true }],
    ["includeDniLogs", { includeDniLogs: true }],
    ["includeIndicatorScores", { includeIndicatorScores: true }],
    ["includeIvrKeypresses", { includeIvrKeypresses: true }],
    ["active", { active: false }],
    ["staticParameters", { staticParameters: { a: "1", b: "3" } }],
  ])("updates %s in place, never replaces", async (_field, change) => {
    expect(await diff(change)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("ignores a change of adopt", async () => {
    expect((await diff({ adopt: "77" })).changes).toBe(false);
  });

  it("counts an unknown value as a change", async () => {
    expect((await diff({ url: UNKNOWN })).changes).toBe(true);
  });
});
