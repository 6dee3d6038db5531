import * as pulumi from "@pulumi/pulumi";
import { sendblue } from "pulumi-webhooks";

// Credentials: `pulumi config set --secret sendblue:apiKeyId ...` and
// `pulumi config set --secret sendblue:apiSecretKey ...` (or SENDBLUE_API_KEY_ID / SENDBLUE_API_SECRET_KEY).
// Entry secrets: `pulumi config set --secret inboundSecret ...`.
const config = new pulumi.Config();
const receiverUrl = config.require("receiverUrl");

/**
 * Entries of the account's webhook configuration, one resource each. Other entries in the account
 * (other stacks, the dashboard) are never touched. Any change replaces the entry.
 */
const inbound = new sendblue.Webhook("inbound", {
  type: "receive",
  url: `${receiverUrl}/inbound`,
  // Sent verbatim in the sb-signing-secret header; the receiver compares it with its own copy.
  secret: config.requireSecret("inboundSecret"),
});

const status = new sendblue.Webhook("status", {
  type: "outbound",
  url: `${receiverUrl}/status`,
});

// contact_created takes URL strings only: no secret here.
const contacts = new sendblue.Webhook("contacts", {
  type: "contact_created",
  url: `${receiverUrl}/contacts`,
});

export const inboundId = inbound.id;
export const statusId = status.id;
export const contactsId = contacts.id;
/** A secret output: shown as [secret]; read with `pulumi stack output --show-secrets`. */
export const inboundSecret = inbound.secret;

// The authoritative alternative, for an account this stack owns entirely (never in the same
// account as sendblue.Webhook resources): every entry not declared here is removed.
//
// new sendblue.WebhookConfiguration("account", {
//   receive: [{ url: `${receiverUrl}/inbound`, secret: config.requireSecret("inboundSecret") }],
//   outbound: [`${receiverUrl}/status`],
//   contactCreated: [`${receiverUrl}/contacts`],
//   globalSecret: config.requireSecret("globalSecret"),
// });
