import type { StackConfig } from "../core/credentials";
import { withStackConfig } from "../core/functions";
import * as client from "./client";
import { fromWire } from "./schema";

/** Every endpoint of the organization, disabled ones included. */
export function getWebhooks(config: StackConfig | undefined) {
  return withStackConfig(config, async () =>
    (await client.listEndpoints(client.convercApi(), { fresh: true })).map((endpoint) => ({
      id: endpoint.id,
      ...fromWire(endpoint),
    })),
  );
}

/** Sends Converc's `webhook.test` event to an endpoint now. */
export function sendTestEvent(config: StackConfig | undefined, webhookId: string) {
  return withStackConfig(config, async () => {
    const result = await client.sendTestEvent(client.convercApi(), webhookId);
    return {
      ok: result.ok,
      ...(typeof result.status === "number" ? { status: result.status } : {}),
      ...(typeof result.error === "string" ? { error: result.error } : {}),
    };
  });
}

/** Converc's recent samples of one event type; `display` is how many (Converc's default when omitted). */
export function getRecentEvents(
  config: StackConfig | undefined,
  eventType: string,
  display: number | undefined,
) {
  return withStackConfig(config, async () =>
    (await client.recentEvents(eventType, display)).map((event) => ({
      id: event.id,
      type: event.type,
      createdAt: event.createdAt,
      ...(event.organizationId === undefined ? {} : { organizationId: event.organizationId }),
      data: event.data ?? {},
    })),
  );
}
