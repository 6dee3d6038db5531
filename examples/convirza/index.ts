import * as pulumi from "@pulumi/pulumi";
import { convirza } from "pulumi-webhooks";

// Credentials: `pulumi config set --secret convirza:token <access token>` (or CONVIRZA_TOKEN).
// The receiver's key: `pulumi config set --secret crmApiKey <key>`.
const config = new pulumi.Config();
const receiverUrl = config.require("receiverUrl");

/** Post-call data for the CRM, as JSON, authenticated with a static parameter that stays secret. */
const calls = new convirza.Webhook("crm-calls", {
  name: "CRM call sync",
  url: receiverUrl,
  format: "JSON",
  description: "post-call data for the CRM",
  includeIndicatorScores: true,
  includeDniLogs: true,
  staticParameters: {
    source: "crm-sync",
    api_key: config.requireSecret("crmApiKey"),
  },
});

/** A quality-assurance feed in Convirza's XML_CQM format, declared but paused for now. */
const qa = new convirza.Webhook("qa-feed", {
  name: "QA scoring feed",
  url: `${receiverUrl}/qa`,
  format: "XML_CQM",
  method: "PUT",
  includeIvrKeypresses: true,
  active: false,
});

export const callsWebhookId = calls.id;
export const qaWebhookId = qa.id;
export const callsCreatedAt = calls.createdAt;
/** A secret output, because its api_key value was given as a secret. */
export const callsStaticParameters = calls.staticParameters;
