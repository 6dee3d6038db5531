import * as pulumi from "@pulumi/pulumi";
import { conversant } from "pulumi-webhooks";

// Credentials: `pulumi config set --secret conversant:apiKey <64-hex key>` and
// `pulumi config set conversant:accountId <32-hex account id>` (or CONVERSANT_API_KEY / CONVERSANT_ACCOUNT_ID).
const config = new pulumi.Config();
const receiverUrl = config.require("receiverUrl");

export const hangups = new conversant.Webhook("hangups", {
  name: "CRM hangups",
  url: receiverUrl,
  hook: "channel_destroy",
  format: "json",
  customData: { source: "pulumi" },
});

export const voicemails = new conversant.Webhook("voicemails", {
  name: "New voicemail",
  url: receiverUrl,
  hook: "notifications",
  customData: { type: "voicemail_new" },
});

export const hangupsId = hangups.id;
export const disabledBecause = hangups.disableReason;
export const recentFailures = hangups.id.apply(async (webhookId) =>
  (await conversant.getWebhookAttempts({ webhookId })).filter((a) => a.result === "failure").length,
);
