import * as pulumi from "@pulumi/pulumi";
import { erzycall } from "pulumi-webhooks";

// Credentials: `pulumi config set --secret erzycall:apiKey ek_live_...` (or ERZYCALL_API_KEY); the key
// needs webhooks:read to list and webhooks:write to manage.
const config = new pulumi.Config();
const receiverUrl = config.require("receiverUrl");

export = async () => {
  // Every endpoint of the organization, whoever made it: the dashboard, a script, another stack.
  const existing = await erzycall.getWebhooks();

  // An endpoint made in the dashboard for this receiver is taken over, not duplicated (Erzycall allows
  // 5 endpoints per organization). `adopt` only matters on the first `pulumi up`: from then on the
  // endpoint is in state, and the declared url, events and description are what Pulumi keeps.
  const found = existing.find((endpoint) => endpoint.url === receiverUrl);
  const calls = new erzycall.Webhook("crm-calls", {
    url: receiverUrl,
    events: ["call.ended", "call.failed"],
    description: "CRM: call outcomes",
    adopt: found?.id,
  });

  return {
    /** What existed before this run, by id: the ids `adopt` takes. */
    listed: existing.map(({ id, url, events, active }) => ({ id, url, events, active })),
    /** The endpoint taken over, or "none" when the first up created one. */
    adopted: found?.id ?? "none",
    callsWebhookId: calls.id,
  };
};
