import { thinProvider } from "../core/shim";

/** The provider `convirza.Webhook` passes to Pulumi: a thin shim over ./provider. */
export const webhookProvider = thinProvider("convirza:Webhook");
