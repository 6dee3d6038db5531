import { resourceEntry } from "../manifest";
import { thinProvider } from "../shim";

/** The provider `conversant.Webhook` passes to Pulumi: a thin shim over ./provider. */
export const webhookProvider = thinProvider(resourceEntry("conversant", "Webhook").registryKey);
