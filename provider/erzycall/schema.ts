import * as z from "../core/zod";
import { receiverUrl, sortedSet } from "../core/check";
import { ERZYCALL_EVENTS } from "./public-types";

export { ERZYCALL_EVENTS };

const ENDPOINT_ID = /^[A-Za-z0-9_-]+$/;

/** User-facing inputs of `erzycall.Webhook`, after check: defaults filled, events a sorted set. */
export const webhookInputsSchema = z
  .object({
    url: receiverUrl().describe(
      "HTTPS URL Erzycall delivers events to: `https://` only, at most 2048 characters, no user name or " +
        "password in it.",
    ),
    events: z
      .array(
        z.enum(ERZYCALL_EVENTS, {
          error: (issue) =>
            `unknown event ${JSON.stringify(issue.input)}; Erzycall's events are ${ERZYCALL_EVENTS.join(", ")}`,
        }),
        {
          error: "must be a list of event names",
        },
      )
      .transform(sortedSet)
      .pipe(
        z
          .array(z.string())
          .min(1, { error: "must name at least 1 event" })
          .max(10, { error: "must name at most 10 distinct events" }),
      )
      .describe(
        "Events to deliver: 1-10 distinct names from Erzycall's catalogue. A set: order and duplicates " +
          "never cause a diff.",
      ),
    description: z
      .string({ error: "must be a string" })
      .max(500, { error: "must be at most 500 characters" })
      .optional()
      .transform((value) => (value === "" ? undefined : value))
      .describe(
        'Free text shown in the Erzycall dashboard, at most 500 characters; unset and `""` are the same.',
      ),
    active: z
      .boolean({ error: "must be a boolean" })
      .default(true)
      .describe("Whether Erzycall delivers to the endpoint (`isActive`)."),
    secretVersion: z
      .union(
        [
          z
            .string()
            .min(1, { error: "must not be empty" })
            .max(200, { error: "must be at most 200 characters" }),
          z.number(),
        ],
        { error: "must be a string or a number" },
      )
      .optional()
      .transform((value) => (value === undefined ? undefined : String(value)))
      .describe(
        "Change it to rotate the signing secret in place (setting it for the first time rotates too; " +
          'removing it does not). A number, or a string of at most 200 characters; `1` and `"1"` are the ' +
          "same version.",
      ),
    adopt: z
      .string({ error: "must be a string" })
      .max(128, { error: "must be at most 128 characters" })
      .regex(ENDPOINT_ID, { error: "must be an Erzycall endpoint id such as wh_001" })
      .optional()
      .describe(
        "Id of an existing endpoint (e.g. `wh_001`) to take over instead of creating one. Its secret " +
          "cannot be read back: `secret` stays unset until the next rotation. Only used on create.",
      ),
  })
  .strict();

export type WebhookInputs = z.output<typeof webhookInputsSchema>;

/** An endpoint as Erzycall returns it; unknown keys are ignored. */
export const endpointWireSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullish(),
  isActive: z.boolean(),
  createdAt: z.string(),
  secret: z.string().optional(),
});

export type EndpointWire = z.output<typeof endpointWireSchema>;

/** Outputs of `erzycall.Webhook`: every input plus what Erzycall assigns. */
export interface WebhookOutputs extends WebhookInputs {
  secret?: string;
  createdAt: string;
}

export function toCreateBody(inputs: WebhookInputs): Record<string, unknown> {
  return {
    url: inputs.url,
    events: inputs.events,
    ...(inputs.description === undefined ? {} : { description: inputs.description }),
  };
}

/** The declared fields as Erzycall stores them, for comparing with what it has. */
export function fromWire(
  endpoint: EndpointWire,
): Pick<WebhookInputs, "url" | "events" | "description" | "active"> & { createdAt: string } {
  return {
    url: endpoint.url,
    events: sortedSet(endpoint.events),
    description: endpoint.description ? endpoint.description : undefined,
    active: endpoint.isActive,
    createdAt: endpoint.createdAt,
  };
}

/** The PATCH body that brings `current` to `desired`: only what differs. */
export function patchBody(
  current: Omit<WebhookInputs, "secretVersion" | "adopt">,
  desired: WebhookInputs,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (current.url !== desired.url) patch.url = desired.url;
  if (current.events.join("\n") !== desired.events.join("\n")) patch.events = desired.events;
  // The document types description as a string (no null): "" removes it, and reads back as unset.
  if ((current.description ?? "") !== (desired.description ?? ""))
    patch.description = desired.description ?? "";
  if (current.active !== desired.active) patch.isActive = desired.active;
  return patch;
}
