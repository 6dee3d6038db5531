import { describe, expect, it } from "vitest";
import {
  fromWire,
  toWire,
  updatePlan,
  webhookWireSchema,
  type WebhookFields,
} from "../../provider/convirza/schema";

const snake = {
  webhook_id: 1042,
  webhook_name: "CRM",
  webhook_endpoint: "https://crm.example.com/hook",
  format: "XML",
  method: "PUT",
  description: "calls",
  include_data_append: true,
  include_dni_logs: false,
  include_indicator_scores: true,
  include_ivr_keypresses: false,
  webhook_status: "inactive",
  static_parameters: [
    { field_name: "b", field_value: "2" },
    { field_name: "a", field_value: "1" },
  ],
  org_unit_id: 1001,
  created_at: "2026-01-20T12:34:56.789Z",
  created_by: 123,
  updated_at: "2026-01-21T00:00:00.000Z",
  something_new: { ignored: true },
};

const expected = {
  name: "CRM",
  url: "https://crm.example.com/hook",
  format: "XML" as const,
  method: "PUT" as const,
  description: "calls",
  includeDataAppend: true,
  includeDniLogs: false,
  includeIndicatorScores: true,
  includeIvrKeypresses: false,
  active: false,
  staticParameters: { a: "1", b: "2" },
  createdAt: "2026-01-20T12:34:56.789Z",
  createdBy: 123,
};

const read = (record: Record<string, unknown>) => fromWire(webhookWireSchema.parse(record));

describe("convirza.Webhook › wire to SDK", () => {
  it("maps every snake_case field and ignores server-only and unknown keys", () => {
    expect(read(snake)).toEqual(expected);
    expect(webhookWireSchema.parse(snake).webhook_id).toBe("1042");
  });

  it("reads the deprecated PascalCase names when they are the only ones", () => {
    const pascal = {
      webhook_id: 1042,
      webhook_Name: "CRM",
      webhook_Endpoint: "https://crm.example.com/hook",
      format: "XML",
      method: "PUT",
      description: "calls",
      include_Data_Append: true,
      include_DNI_Logs: false,
      include_Indicator_Scores: true,
      include_IVR_Keypresses: false,
      webhook_status: "inactive",
      static_Parameter: [
        { field_Name: "b", field_Value: "2" },
        { field_Name: "a", field_Value: "1" },
      ],
      created_at: "2026-01-20T12:34:56.789Z",
      created_by: 123,
    };
    expect(read(pascal)).toEqual(expected);
  });

  it("prefers snake_case when both spellings disagree", () => {
    expect(read({ ...snake, webhook_Name: "old", include_DNI_Logs: true }).name).toBe("CRM");
    expect(read({ ...snake, webhook_Name: "old", include_DNI_Logs: true }).includeDniLogs).toBe(false);
  });

  it.each([
    ["true", true],
    ["1", true],
    [1, true],
    [true, true],
    ["false", false],
    [0, false],
    [null, false],
    [undefined, false],
  ])("reads the flag %j as %s", (value, flag) => {
    expect(read({ ...snake, include_dni_logs: value }).includeDniLogs).toBe(flag);
  });

  it.each([
    ["active", true],
    ["ACTIVE", true],
    [undefined, true],
    ["inactive", false],
  ])("reads webhook_status %j as active %s", (status, active) => {
    expect(read({ ...snake, webhook_status: status }).active).toBe(active);
  });

  it("reads null or empty description and missing optional fields as absent or default", () => {
    const minimal = read({
      webhook_id: "7",
      webhook_name: "x",
      webhook_endpoint: "https://x.example.com",
      format: "json",
      method: "post",
      description: null,
    });
    expect(minimal).toEqual({
      name: "x",
      url: "https://x.example.com",
      format: "JSON",
      method: "POST",
      description: undefined,
      includeDataAppend: false,
      includeDniLogs: false,
      includeIndicatorScores: false,
      includeIvrKeypresses: false,
      active: true,
      staticParameters: {},
      createdAt: undefined,
      createdBy: undefined,
    });
    expect(read({ ...snake, description: "" }).description).toBeUndefined();
    expect(read({ ...snake, created_by: "123" }).createdBy).toBe(123);
  });

  it("shows a parameter name held twice as drift instead of hiding it", () => {
    const twice = read({
      ...snake,
      static_parameters: [
        { field_name: "k", field_value: "1" },
        { field_name: "k", field_value: "2" },
      ],
    });
    expect(twice.staticParameters).toEqual({ k: "1", "k#2": "2" });
  });

  it("rejects a record without the required fields", () => {
    expect(webhookWireSchema.safeParse({ webhook_id: 1 }).success).toBe(false);
  });
});

describe("convirza.Webhook › SDK to wire", () => {
  const { createdAt: _at, createdBy: _by, ...declared } = expected;
  const fields: WebhookFields = { ...declared, description: undefined, active: true };

  it("sends snake_case only, with no description when unset", () => {
    const body = toWire(fields);
    expect(body).toEqual({
      webhook_name: "CRM",
      webhook_endpoint: "https://crm.example.com/hook",
      format: "XML",
      method: "PUT",
      include_data_append: true,
      include_dni_logs: false,
      include_indicator_scores: true,
      include_ivr_keypresses: false,
      webhook_status: "active",
      static_parameters: [
        { field_name: "a", field_value: "1" },
        { field_name: "b", field_value: "2" },
      ],
    });
  });

  it.each([
    ["nothing changed", {}, undefined],
    ["a flag", { includeDniLogs: true }, { method: "PATCH", body: { include_dni_logs: true } }],
    ["a description set", { description: "new" }, { method: "PATCH", body: { description: "new" } }],
    ["active off", { active: false }, { method: "PATCH", body: { webhook_status: "inactive" } }],
  ])("plans %s", (_name, change, plan) => {
    expect(updatePlan(fields, { ...fields, ...change })).toEqual(plan);
  });

  it("plans a full PUT when a description must be cleared", () => {
    expect(updatePlan({ ...fields, description: "old" }, fields)).toEqual({
      method: "PUT",
      body: toWire(fields),
    });
  });
});
