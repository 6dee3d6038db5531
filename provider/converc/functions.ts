import type { StackConfig } from "../core/credentials";
import { operationError } from "../core/errors";
import { withStackConfig } from "../core/functions";
import * as client from "./client";
import { fromWire } from "./schema";
import { CONVERC_EVENTS } from "./public-types";

/** The event types Converc documents (contract §3), `webhook.test` included: what `eventType` may be. */
const EVENT_TYPES: readonly string[] = [...CONVERC_EVENTS, "webhook.test"];

/** A mistaken argument is named before any request, rather than answered with an empty list. */
function checkRecentEventsArgs(eventType: unknown, display: unknown): void {
  const refuse = (message: string) => operationError("Converc", "list recent events", "WH_INVALID", message);
  if (typeof eventType !== "string" || !EVENT_TYPES.includes(eventType))
    throw refuse(
      `eventType: unknown event ${JSON.stringify(eventType)}; Converc's event types are ${EVENT_TYPES.join(", ")}`,
    );
  if (display !== undefined && !(Number.isInteger(display) && (display as number) >= 1))
    throw refuse(`display: must be a whole number of events, at least 1 (got ${JSON.stringify(display)})`);
}

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
  return withStackConfig(config, async () => {
    checkRecentEventsArgs(eventType, display);
    return (await client.recentEvents(eventType, display)).map((event) => ({
      id: event.id,
      type: event.type,
      createdAt: event.createdAt,
      ...(event.organizationId === undefined ? {} : { organizationId: event.organizationId }),
      data: event.data ?? {},
    }));
  });
}
