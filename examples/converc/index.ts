import * as pulumi from "@pulumi/pulumi";
import { converc } from "pulumi-webhooks";

// Credentials: `pulumi config set --secret converc:apiKey <key>` (or CONVERC_API_KEY).
const config = new pulumi.Config();
const receiverUrl = config.require("receiverUrl");

/**
 * Finished and missed calls go to the CRM. Converc cannot edit an endpoint: changing `url` or
 * `events` replaces it, and the replacement has a new signing secret.
 */
const calls = new converc.Webhook("crm-calls", {
  url: receiverUrl,
  events: ["call.ended", "call.missed"],
  verifyDelivery: true, // fail (keeping the endpoint) unless the receiver accepts Converc's test event
});

/** Every event (events omitted) for the analytics pipeline. */
const everything = new converc.Webhook("analytics", {
  url: `${receiverUrl}/analytics`,
});

export const callsWebhookId = calls.id;
export const analyticsWebhookId = everything.id;
/** Secret outputs: shown as [secret]; read with `pulumi stack output --show-secrets`. */
export const callsSigningSecret = calls.secret;
export const analyticsSigningSecret = everything.secret;
