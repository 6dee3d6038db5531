/** What the fuzzer knows about each resource's inputs; a resource joins the fuzz suite with one entry here. */
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
];
