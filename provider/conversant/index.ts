import { thinProvider } from "../core/shim";

/** The provider `conversant.Webhook` passes to Pulumi: a thin shim over ./provider. */
export const webhookProvider = thinProvider("conversant:Hook");
