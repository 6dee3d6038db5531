import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { ResourceName } from "../provider/manifest";
import { webhookInputsSchema as convercWebhook } from "../provider/converc/schema";
import { webhookInputsSchema as conversantWebhook } from "../provider/conversant/schema";
import { webhookInputsSchema as convirzaWebhook } from "../provider/convirza/schema";
import { webhookInputsSchema as erzycallWebhook } from "../provider/erzycall/schema";
import {
  configurationInputsSchema as sendblueConfiguration,
  webhookInputsSchema as sendblueWebhook,
} from "../provider/sendblue/schema";

/** Every user-facing input schema; each field must carry the description the docs are written from. */
const inputSchemas: Record<ResourceName, z.ZodObject> = {
  "converc.Webhook": convercWebhook,
  "conversant.Webhook": conversantWebhook,
  "convirza.Webhook": convirzaWebhook,
  "erzycall.Webhook": erzycallWebhook,
  "sendblue.Webhook": sendblueWebhook,
  "sendblue.WebhookConfiguration": sendblueConfiguration,
};

describe("input schemas", () => {
  it.each(Object.entries(inputSchemas))("%s describes every input", (_name, schema) => {
    const undescribed = Object.entries(schema.shape)
      .filter(([, field]) => !(field as z.ZodType).description)
      .map(([key]) => key);
    expect(undescribed).toEqual([]);
  });
});
