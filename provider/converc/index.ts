import { resourceEntry } from "../manifest";
import { thinProvider } from "../shim";

/** The provider `converc.Webhook` passes to Pulumi: a thin shim over ./provider. */
export const webhookProvider = thinProvider(resourceEntry("converc", "Webhook").registryKey);
