import { resourceEntry } from "../manifest";
import { thinProvider } from "../shim";

/** The provider `erzycall.Webhook` passes to Pulumi: a thin shim over ./provider. */
export const webhookProvider = thinProvider(resourceEntry("erzycall", "Webhook").registryKey);
