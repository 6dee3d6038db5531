import { resourceEntry } from "../manifest";
import { thinProvider } from "../shim";

/** The provider `sendblue.Webhook` passes to Pulumi: a thin shim over ./provider. */
export const webhookProvider = thinProvider(resourceEntry("sendblue", "Webhook").registryKey);
/** The provider `sendblue.WebhookConfiguration` passes to Pulumi: a thin shim over ./provider. */
export const webhookConfigurationProvider = thinProvider(
  resourceEntry("sendblue", "WebhookConfiguration").registryKey,
);
