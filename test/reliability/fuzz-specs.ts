/** What the fuzzer knows about each resource's inputs; a resource joins the fuzz suite with one entry here. */
import { webhookProvider as conversantWebhook } from "../../provider/conversant/provider";
import { CONVERSANT_HOOKS } from "../../provider/conversant/schema";
import { ERZYCALL_EVENTS } from "../../provider/erzycall/schema";
import { webhookProvider as erzycallWebhook } from "../../provider/erzycall/provider";
import type { FuzzSpec } from "./fuzz";

export const FUZZ_SPECS: FuzzSpec[] = [
  {
    resource: "erzycall.Webhook",
    provider: erzycallWebhook,
    fields: [
      { name: "url", required: true, type: { kind: "url" } },
      { name: "events", required: true, type: { kind: "enumList", values: ERZYCALL_EVENTS, min: 1, max: 10 } },
      { name: "description", required: false, type: { kind: "string", maxLength: 500 } },
      { name: "active", required: false, type: { kind: "boolean" } },
      { name: "secretVersion", required: false, type: { kind: "stringOrNumber" } },
      { name: "adopt", required: false, type: { kind: "id", example: "wh_0001" } },
    ],
  },
  {
    resource: "conversant.Webhook",
    provider: conversantWebhook,
    fields: [
      { name: "accountId", required: false, type: { kind: "id", example: "0123456789abcdef0123456789abcdef" } },
      { name: "name", required: true, type: { kind: "string", maxLength: 256 } },
      { name: "url", required: true, type: { kind: "url", allowHttp: true } },
      { name: "hook", required: true, type: { kind: "enum", values: CONVERSANT_HOOKS } },
      { name: "httpVerb", required: false, type: { kind: "enum", values: ["get", "post", "put"] } },
      { name: "retries", required: false, type: { kind: "integer", min: 0, max: 4 } },
      { name: "format", required: false, type: { kind: "enum", values: ["form-data", "json"] } },
      { name: "enabled", required: false, type: { kind: "boolean" } },
      { name: "customData", required: false, type: { kind: "stringMap" } },
      { name: "includeSubaccounts", required: false, type: { kind: "boolean" } },
      { name: "includeInternalLegs", required: false, type: { kind: "boolean" } },
      { name: "adopt", required: false, type: { kind: "id", example: "fedcba9876543210fedcba9876543210" } },
    ],
    // The object and notifications hooks need their modifiers in customData.
    normalizeValid(inputs) {
      const customData = (inputs.customData ?? {}) as Record<string, string>;
      if (inputs.hook === "object") return { ...inputs, customData: { ...customData, type: "device", action: "all" } };
      if (inputs.hook === "notifications") return { ...inputs, customData: { ...customData, type: "voicemail_new" } };
      return inputs;
    },
  },
];
