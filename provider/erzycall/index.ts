import { thinProvider } from "../core/shim";

/** The provider `erzycall.Webhook` passes to Pulumi: a thin shim over ./provider. */
export const webhookProvider = thinProvider("erzycall:Webhook");
