import * as pulumi from "@pulumi/pulumi";
import { erzycall } from "pulumi-webhooks";

// Credentials: `pulumi config set --secret erzycall:apiKey ek_live_...` (or ERZYCALL_API_KEY).
const config = new pulumi.Config();
const receiverUrl = config.require("receiverUrl");

/** Call outcomes go to the CRM. Bump `secretVersion` to rotate the signing secret in place. */
const calls = new erzycall.Webhook("crm-calls", {
  url: receiverUrl,
  events: ["call.ended", "call.failed", "call.cancelled"],
  description: "CRM: call outcomes",
  secretVersion: 1,
});

/** Contact changes, paused for now: declared, but Erzycall delivers nothing while inactive. */
const contacts = new erzycall.Webhook("crm-contacts", {
  url: `${receiverUrl}/contacts`,
  events: ["contact.created", "contact.updated", "contact.deleted"],
  active: false,
});

export const callsWebhookId = calls.id;
export const contactsWebhookId = contacts.id;
/** Secret outputs: shown as [secret]; read with `pulumi stack output --show-secrets`. */
export const callsSigningSecret = calls.secret;
export const contactsSigningSecret = contacts.secret;
