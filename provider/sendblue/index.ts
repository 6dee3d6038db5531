import { thinProvider } from "../core/shim";

/** The provider `sendblue.Webhook` passes to Pulumi: a thin shim over ./provider. */
export const webhookProvider = thinProvider("sendblue:Webhook");
/** The provider `sendblue.WebhookConfiguration` passes to Pulumi: a thin shim over ./provider. */
export const webhookConfigurationProvider = thinProvider("sendblue:Config");
