import * as z from "../core/zod";
import { receiverUrl, sortedSet } from "../core/check";
import { CONVERC_EVENTS } from "./public-types";

export { CONVERC_EVENTS };

/** Ids are UUIDs in every example; accept any safe path segment so an unusual id still works. */
const ENDPOINT_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Events as a set: order and duplicates never matter. Omitted and `[]` both mean every event, now and
 * later, and are spelled `[]`; a declared list naming the whole catalogue stays that list, sent as
 * declared, since "every event" would also subscribe to events Converc adds later.
 */
export function eventSet(events: readonly string[] | undefined): string[] {
  return sortedSet(events ?? []);
}

/**
 * The events read back, in the terms `known` (what state holds) uses: how Converc shows "every event" on
 * read is not documented, so the whole catalogue read for an endpoint known as `[]` stays `[]`.
 */
export function eventsAsRead(
  wire: readonly string[] | null | undefined,
  known: readonly string[] | undefined,
): string[] {
  const set = eventSet(wire ?? []);
  const wholeCatalogue = CONVERC_EVENTS.every((event) => set.includes(event));
  return wholeCatalogue && known !== undefined && known.length === 0 ? [] : set;
}

/** User-facing inputs of `converc.Webhook`, after check: defaults filled, events a sorted set (`[]` = all). */
export const webhookInputsSchema = z
  .object({
    url: receiverUrl().describe(
      "HTTPS URL Converc delivers events to: `https://` only, at most 2048 characters, no user name or " +
        "password in it. Changing it replaces the endpoint: new id, new secret.",
    ),
    events: z
      .array(
        z.enum(CONVERC_EVENTS, {
          error: (issue) =>
            issue.input === "webhook.test"
              ? "webhook.test is only sent by the test call (verifyDelivery); it cannot be subscribed to"
              : `unknown event ${JSON.stringify(issue.input)}; Converc's events are ${CONVERC_EVENTS.join(", ")}`,
        }),
        { error: "must be a list of event names" },
      )
      .optional()
      .transform(eventSet)
      .describe(
        "Events to deliver, from Converc's catalogue. Omitted or `[]` means every event, including events " +
          "Converc adds later (the output is then `[]`); a list naming every event known today is sent as " +
          "that list. A set: order and duplicates never cause a diff. Changing it replaces the endpoint: new " +
          "id, new secret.",
      ),
    verifyDelivery: z
      .boolean({ error: "must be a boolean" })
      .default(false)
      .describe(
        "After creating the endpoint, send Converc's `webhook.test` event; if the receiver does not accept " +
          "it, the create fails with the receiver's status and Converc's error, and the endpoint (with its " +
          "secret) is kept in state so the next `pulumi up` sends the test again. Changing it later changes " +
          "nothing at Converc.",
      ),
    adopt: z
      .string({ error: "must be a string" })
      .regex(ENDPOINT_ID, { error: "must be a Converc endpoint id (a UUID)" })
      .optional()
      .describe(
        "Id of an existing, active endpoint with exactly this url and events to take over instead of " +
          "creating one. Its secret cannot be read back, so `secret` stays unset (replace the endpoint to " +
          "get one). Only used on create.",
      ),
  })
  .strict();

export type WebhookInputs = z.output<typeof webhookInputsSchema>;

/** An endpoint as Converc returns it (never with the secret); unknown keys are ignored. */
export const endpointWireSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()).nullish(),
  isActive: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
});

export type EndpointWire = z.output<typeof endpointWireSchema>;

/** Create answers with the secret next to the endpoint, not inside it. */
export const createdWireSchema = z.object({ webhook: endpointWireSchema, secret: z.string() });
export const listWireSchema = z.object({ webhooks: z.array(endpointWireSchema) });
export const testResultWireSchema = z.object({
  ok: z.boolean(),
  status: z.number().nullish(),
  error: z.string().nullish(),
});
export type TestResultWire = z.output<typeof testResultWireSchema>;
/** One delivery envelope (contract §3): `data` is the event's own payload, kept as Converc sends it. */
export const eventsWireSchema = z.array(
  z.looseObject({
    id: z.string(),
    type: z.string(),
    createdAt: z.string(),
    organizationId: z.string().optional(),
    data: z.record(z.string(), z.unknown()).nullish(),
  }),
);
export type EventWire = z.output<typeof eventsWireSchema>[number];

/** Outputs of `converc.Webhook`: every input plus what Converc assigns. */
export interface WebhookOutputs extends WebhookInputs {
  /** Known only when this resource created the endpoint. */
  secret?: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** `events` omitted means every event, which is how the `[]` set is sent. */
export function toCreateBody(inputs: Pick<WebhookInputs, "url" | "events">): Record<string, unknown> {
  return inputs.events.length === 0 ? { url: inputs.url } : { url: inputs.url, events: inputs.events };
}

/** The vendor-held fields in output terms. */
export function fromWire(
  endpoint: EndpointWire,
  knownEvents?: readonly string[],
): Pick<WebhookOutputs, "url" | "events" | "active" | "createdAt" | "updatedAt"> {
  return {
    url: endpoint.url,
    events: eventsAsRead(endpoint.events, knownEvents),
    active: endpoint.isActive,
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt ?? endpoint.createdAt,
  };
}

/** Whether an endpoint serves exactly the declared url and events. */
export function sameSubscription(
  endpoint: EndpointWire,
  desired: Pick<WebhookInputs, "url" | "events">,
): boolean {
  const current = fromWire(endpoint, desired.events);
  return current.url === desired.url && current.events.join("\n") === desired.events.join("\n");
}
