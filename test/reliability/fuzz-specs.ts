/** What the fuzzer knows about each resource's inputs; a resource joins the fuzz suite with one entry here. */
import { webhookProvider as convirzaWebhook } from "../../provider/convirza/provider";
import { CONVIRZA_FORMATS, CONVIRZA_METHODS } from "../../provider/convirza/schema";
import { webhookProvider as convercWebhook } from "../../provider/converc/provider";
import { CONVERC_EVENTS } from "../../provider/converc/schema";
import { webhookProvider as conversantWebhook } from "../../provider/conversant/provider";
import { CONVERSANT_HOOKS } from "../../provider/conversant/schema";
import { ERZYCALL_EVENTS } from "../../provider/erzycall/schema";
import { webhookProvider as erzycallWebhook } from "../../provider/erzycall/provider";
import {
  webhookConfigurationProvider as sendblueConfiguration,
  webhookProvider as sendblueWebhook,
} from "../../provider/sendblue/provider";
import { MAX_SECRET_LENGTH, SENDBLUE_TYPES } from "../../provider/sendblue/schema";
import type { ResourceName } from "../../provider/manifest";
import type { FieldSpec, FuzzSpec } from "./fuzz";
import { CONFIGURATION_SECRET_LISTS } from "./vendors";

/** Every resource of the manifest, by name: what its inputs are. */
export const FUZZ_SPECS_BY_RESOURCE: Record<ResourceName, Omit<FuzzSpec, "resource">> = {
  "convirza.Webhook": {
    provider: convirzaWebhook,
    fields: [
      { name: "name", required: true, type: { kind: "string", maxLength: 255 } },
      { name: "url", required: true, type: { kind: "url" } },
      { name: "format", required: false, type: { kind: "enum", values: CONVIRZA_FORMATS } },
      { name: "method", required: false, type: { kind: "enum", values: CONVIRZA_METHODS } },
      { name: "description", required: false, type: { kind: "string", maxLength: 1000 } },
      { name: "includeDataAppend", required: false, type: { kind: "boolean" } },
      { name: "includeDniLogs", required: false, type: { kind: "boolean" } },
      { name: "includeIndicatorScores", required: false, type: { kind: "boolean" } },
      { name: "includeIvrKeypresses", required: false, type: { kind: "boolean" } },
      { name: "active", required: false, type: { kind: "boolean" } },
      { name: "staticParameters", required: false, type: { kind: "stringMap" } },
      { name: "adopt", required: false, type: { kind: "id", example: "1042" } },
    ],
    // A name of spaces only is blank once trimmed, which Convirza cannot store.
    normalizeValid: (inputs) =>
      String(inputs.name).trim() === "" ? { ...inputs, name: `hook${String(inputs.name)}` } : inputs,
  },
  "converc.Webhook": {
    provider: convercWebhook,
    fields: [
      { name: "url", required: true, type: { kind: "url" } },
      // Omitted, [] and the whole catalogue all mean every event; duplicates are dropped, so there is no upper bound.
      {
        name: "events",
        required: false,
        type: { kind: "enumList", values: CONVERC_EVENTS, min: 0, max: CONVERC_EVENTS.length },
      },
      { name: "verifyDelivery", required: false, type: { kind: "boolean" } },
      {
        name: "adopt",
        required: false,
        type: { kind: "id", example: "3f1c2b8e-5d4a-4b7e-9a10-2c8f6e4d1a77" },
      },
    ],
  },
  "erzycall.Webhook": {
    provider: erzycallWebhook,
    fields: [
      { name: "url", required: true, type: { kind: "url" } },
      {
        name: "events",
        required: true,
        type: { kind: "enumList", values: ERZYCALL_EVENTS, min: 1, max: 10 },
      },
      { name: "description", required: false, type: { kind: "string", maxLength: 500 } },
      { name: "active", required: false, type: { kind: "boolean" } },
      { name: "secretVersion", required: false, type: { kind: "stringOrNumber" } },
      { name: "adopt", required: false, type: { kind: "id", example: "wh_0001" } },
    ],
  },
  "sendblue.Webhook": {
    provider: sendblueWebhook,
    fields: [
      { name: "type", required: true, type: { kind: "enum", values: SENDBLUE_TYPES } },
      { name: "url", required: true, type: { kind: "url" } },
      { name: "secret", required: false, type: { kind: "string", maxLength: MAX_SECRET_LENGTH } },
      { name: "adopt", required: false, type: { kind: "boolean" } },
    ],
    // contact_created takes URL strings only: a secret there is invalid whatever its value.
    normalizeValid: ({ secret, ...inputs }) =>
      inputs.type === "contact_created" ? inputs : { ...inputs, ...(secret === undefined ? {} : { secret }) },
  },
  "conversant.Webhook": {
    provider: conversantWebhook,
    fields: [
      {
        name: "accountId",
        required: false,
        type: { kind: "id", example: "0123456789abcdef0123456789abcdef" },
      },
      { name: "name", required: true, type: { kind: "string", maxLength: 256 } },
      { name: "url", required: true, type: { kind: "url", allowHttp: true } },
      { name: "hook", required: true, type: { kind: "suggestedName", values: CONVERSANT_HOOKS } },
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
      if (inputs.hook === "object")
        return { ...inputs, customData: { ...customData, type: "device", action: "all" } };
      if (inputs.hook === "notifications")
        return { ...inputs, customData: { ...customData, type: "voicemail_new" } };
      return inputs;
    },
  },
  "sendblue.WebhookConfiguration": {
    provider: sendblueConfiguration,
    fields: [
      ...CONFIGURATION_SECRET_LISTS.map(
        (name): FieldSpec => ({
          name,
          required: false,
          type: { kind: "entryList", secretMaxLength: MAX_SECRET_LENGTH },
        }),
      ),
      { name: "contactCreated", required: false, type: { kind: "entryList" } },
      { name: "globalSecret", required: false, type: { kind: "string", maxLength: MAX_SECRET_LENGTH } },
      { name: "legacySecret", required: false, type: { kind: "string", maxLength: MAX_SECRET_LENGTH } },
      { name: "adopt", required: false, type: { kind: "boolean" } },
    ],
  },
};

/** The resources the fuzzer runs, in the order above. */
export const FUZZ_SPECS: FuzzSpec[] = Object.entries(FUZZ_SPECS_BY_RESOURCE).map(([resource, spec]) => ({
  resource,
  ...spec,
}));
