import { thinProvider } from "../core/shim";

/** The provider `converc.Webhook` passes to Pulumi: a thin shim over ./provider. */
export const webhookProvider = thinProvider("converc:Webhook");
