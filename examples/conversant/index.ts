import * as pulumi from "@pulumi/pulumi";
import { conversant } from "pulumi-webhooks";

// Credentials: `pulumi config set --secret conversant:authToken <token>` and
// `pulumi config set conversant:accountId <32-hex account id>` (or CONVERSANT_AUTH_TOKEN /
// CONVERSANT_ACCOUNT_ID). For a long-lived stack, `conversant:apiKey` instead of the token.
const config = new pulumi.Config();
const receiverUrl = config.require("receiverUrl");

/** Finished calls go to the CRM as JSON, with a static parameter merged into every event. */
const hangups = new conversant.Webhook("hangups", {
  name: "CRM hangups",
  url: receiverUrl,
  hook: "channel_destroy",
  format: "json",
  retries: 3,
  customData: { source: "pulumi" },
});

/** New voicemail notifications: the `notifications` hook needs its `type` modifier. */
const voicemails = new conversant.Webhook("voicemails", {
  name: "New voicemail",
  url: `${receiverUrl}/voicemail`,
  hook: "notifications",
  customData: { type: "voicemail_new" },
});

/** Device changes, paused for now: declared, but Kazoo delivers nothing while disabled. */
const devices = new conversant.Webhook("devices", {
  name: "Device changes",
  url: `${receiverUrl}/devices`,
  hook: "object",
  customData: { type: "device", action: "all" },
  enabled: false,
});

export const hangupsWebhookId = hangups.id;
export const voicemailsWebhookId = voicemails.id;
export const devicesWebhookId = devices.id;
/**
 * Kazoo's reason while it has the hook auto-disabled after failed deliveries (`pulumi up` re-enables it), else
 * "none": Pulumi warns on every run about an output left unset.
 */
export const hangupsDisabledBecause = hangups.disableReason.apply((reason) => reason ?? "none");
/** Failed deliveries among the recent attempts of the hangups hook. */
export const hangupsRecentFailures = hangups.id.apply(
  async (webhookId) =>
    (await conversant.getWebhookAttempts({ webhookId })).filter((attempt) => attempt.result === "failure")
      .length,
);
