/**
 * The quickstart behind the repository's root Pulumi.yaml. Run `npm run build` once, start the
 * emulators (`npm run sandbox`, see README "Try it locally") and point the provider at them.
 */
import { erzycall } from "pulumi-webhooks";

const hook = new erzycall.Webhook("quickstart", {
  url: "https://receiver.example.com/hooks/erzycall",
  events: ["call.ended", "call.failed"],
});

export const webhookId = hook.id;
export const signingSecret = hook.secret;
