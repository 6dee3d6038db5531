import { resourceEntry } from "../manifest";
import { thinProvider } from "../shim";

/** The provider `convirza.Webhook` passes to Pulumi: a thin shim over ./provider. */
export const webhookProvider = thinProvider(resourceEntry("convirza", "Webhook").registryKey);
