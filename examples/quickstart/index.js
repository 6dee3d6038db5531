// The quickstart: plain JavaScript, so it runs with no TypeScript toolchain. `npm run quickstart` at the
// repository root runs it against the local sandbox in one command; README, "Try it locally", runs it by hand
// (`npm install` here installs this clone's package, `npm run sandbox` prints the config lines).

const { erzycall } = require("pulumi-webhooks");

const hook = new erzycall.Webhook("quickstart", {
  url: "https://receiver.example.com/hooks/erzycall",
  events: ["call.ended", "call.failed"],
});

exports.webhookId = hook.id;
/** A secret output: `pulumi stack output signingSecret --show-secrets` prints it. */
exports.signingSecret = hook.secret;
