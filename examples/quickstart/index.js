// The quickstart behind the repository's root Pulumi.yaml: plain JavaScript, so it runs straight from a
// clone after `npm ci && npm run build` (it loads this package through its own name). Start the emulators
// with `npm run sandbox` and paste the config lines it prints (README, "Try it locally").
"use strict";
const { erzycall } = require("pulumi-webhooks");

const hook = new erzycall.Webhook("quickstart", {
  url: "https://receiver.example.com/hooks/erzycall",
  events: ["call.ended", "call.failed"],
});

exports.webhookId = hook.id;
/** A secret output: `pulumi stack output signingSecret --show-secrets` prints it. */
exports.signingSecret = hook.secret;
