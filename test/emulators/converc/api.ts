import {
  Router,
  jsonResponse,
  bodyNotDeclaredJson,
  type EmulatorHandler,
  type EmulatorRequest,
  type EmulatorResponse,
} from "../core";
import { deliver, type Delivery, type DeliveryOptions } from "./delivery";
import { type ConvercStore, type StoredEndpoint, toWire } from "./store";

/** The documented catalogue; `webhook.test` may be subscribed to but only the test call produces it. */
export const EVENT_CATALOGUE = [
  "call.requested",
  "call.accepted",
  "call.canceled",
  "call.missed",
  "call.ended",
  "call.transcript_ready",
  "call.recording_ready",
  "webhook.test",
] as const;

export interface ConvercRules {
  getById: boolean;
  maxEndpoints: number;
  /** The status of a successful create (documented: none; default 201). */
  createStatus: 200 | 201;
  /** The list leaves disabled endpoints out (default: listed with `isActive: false`). */
  listHidesDisabled: boolean;
  /** How an endpoint subscribed to every event shows `events` on read (default `[]`). */
  allEventsShownAs: "empty" | "omitted" | "null" | "catalogue";
  /** A DELETE of an endpoint already disabled answers this status (default: 200, the same body). */
  repeatDeleteStatus: 400 | 404 | 409 | undefined;
  /** A create whose url an active endpoint already has answers this status (default: a second endpoint). */
  duplicateUrlStatus: 400 | 409 | undefined;
  /** The error body: `{error}` (default), `{message}`, or the bare text. */
  errorBodyAs: "error" | "message" | "text";
  /** The list shows each endpoint's `secret` too (default: only the create answer does). */
  listShowsSecret: boolean;
}

/** Every event except the test one: what "all" may be expanded to on read. */
const SUBSCRIBABLE = EVENT_CATALOGUE.filter((event) => event !== "webhook.test");

/** An endpoint on the wire, as the rules show it. */
function shown(endpoint: StoredEndpoint, rules: ConvercRules, withSecret = false): Record<string, unknown> {
  const wire = toWire(endpoint);
  if (endpoint.events.length === 0) {
    if (rules.allEventsShownAs === "omitted") delete wire.events;
    if (rules.allEventsShownAs === "null") wire.events = null;
    if (rules.allEventsShownAs === "catalogue") wire.events = [...SUBSCRIBABLE];
  }
  return withSecret ? { ...wire, secret: endpoint.secret } : wire;
}

/** Converc's error body in the shape the rules give it. */
function reshapeError(response: EmulatorResponse, rules: ConvercRules): EmulatorResponse {
  if (response.status < 400 || rules.errorBodyAs === "error" || response.body === undefined) return response;
  const message = (JSON.parse(response.body) as { error?: string }).error ?? "";
  if (rules.errorBodyAs === "message") return jsonResponse(response.status, { message }, response.headers);
  return {
    status: response.status,
    headers: { ...response.headers, "content-type": "text/plain; charset=utf-8" },
    body: message,
  };
}

export interface ConvercApiParts {
  store: ConvercStore;
  /** API key → org. */
  keys: Map<string, string>;
  rules: ConvercRules;
  delivery: DeliveryOptions;
  /** Every delivery made, oldest first (the test call and the events poll read it). */
  deliveries: Delivery[];
}

interface Caller {
  request: EmulatorRequest;
  org: string;
}

const MAX_URL = 2048;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);

/** Converc's error body (undocumented; contract §6). */
export function convercError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return jsonResponse(status, { error: message }, headers);
}

const notFound = () => convercError(404, "Not found");

/** Order of checks: bearer key (401) → route (404) → body validation (400) → handler. */
export function convercHandler(parts: ConvercApiParts): EmulatorHandler {
  const router = buildRouter(parts);
  return async (request) => reshapeError(await handle(request), parts.rules);
  async function handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    const org = bearer === undefined ? undefined : parts.keys.get(bearer);
    if (org === undefined) return convercError(401, "Unauthorized");
    // "Requests with a body send Content-Type: application/json" (contract §1).
    if (bodyNotDeclaredJson(request)) return convercError(400, "Content-Type must be application/json");
    const route = router.match(request.method, request.path);
    return route ? route.handler({ request, org }, route.params) : notFound();
  }
}

function buildRouter({ store, rules, delivery, deliveries }: ConvercApiParts): Router<Caller> {
  const router = new Router<Caller>()
    .on("GET", "/integrations/webhooks", ({ org }) =>
      jsonResponse(200, {
        webhooks: store
          .list(org)
          .filter((endpoint) => endpoint.isActive || !rules.listHidesDisabled)
          .map((endpoint) => shown(endpoint, rules, rules.listShowsSecret)),
      }),
    )
    .on("POST", "/integrations/webhooks", ({ request, org }) => {
      const input = validateCreate(request);
      if (typeof input === "string") return convercError(400, input);
      if (store.list(org).length >= rules.maxEndpoints)
        return convercError(400, `Endpoint limit of ${rules.maxEndpoints} reached`);
      const taken = store.list(org).find((endpoint) => endpoint.isActive && endpoint.url === input.url);
      if (taken && rules.duplicateUrlStatus !== undefined)
        return convercError(rules.duplicateUrlStatus, `A webhook for ${input.url} already exists`);
      const endpoint = store.insert(org, input); // Idempotency-Key is ignored (contract §5.1)
      return jsonResponse(rules.createStatus, { webhook: shown(endpoint, rules), secret: endpoint.secret });
    })
    .on("DELETE", "/integrations/webhooks/:id", ({ org }, { id }) => {
      const found = id ? store.get(id, org) : undefined;
      if (!found) return notFound();
      if (!found.isActive && rules.repeatDeleteStatus !== undefined)
        return convercError(rules.repeatDeleteStatus, "Webhook is already disabled");
      if (found.isActive) store.disable(found.id); // a repeat answers the same and changes nothing
      return jsonResponse(200, { ok: true, webhookId: found.id, isActive: false });
    })
    .on("POST", "/integrations/webhooks/test", async ({ request, org }) => {
      if (request.invalidJson) return convercError(400, "Invalid JSON body");
      const body = (request.body ?? {}) as Record<string, unknown>;
      const unknownKey = Object.keys(body).find((key) => key !== "webhookId");
      if (unknownKey !== undefined) return convercError(400, `Unknown field: ${unknownKey}`);
      const webhookId = body.webhookId;
      if (typeof webhookId !== "string" || webhookId === "")
        return convercError(400, "webhookId is required");
      const found = store.get(webhookId, org);
      if (!found) return notFound();
      // Sent even to a disabled endpoint, whatever its event filter (contract §5.6, §3).
      const sent = await deliver(found, "webhook.test", {}, delivery);
      deliveries.push(sent);
      return jsonResponse(200, sent.result);
    })
    .on("GET", "/webhooks/events", ({ request, org }) => {
      const display = Math.min(Math.max(Number.parseInt(request.query.display ?? "10", 10) || 10, 1), 100);
      const events = deliveries
        .filter(
          (sent) =>
            sent.envelope.organizationId === org &&
            (!request.query.eventType || sent.envelope.type === request.query.eventType),
        )
        .map((sent) => sent.envelope)
        .reverse()
        .slice(0, display);
      return jsonResponse(200, events);
    });
  if (rules.getById) {
    router.on("GET", "/integrations/webhooks/:id", ({ org }, { id }) => {
      const found = id ? store.get(id, org) : undefined;
      return found ? jsonResponse(200, { webhook: shown(found, rules) }) : notFound();
    });
  }
  return router;
}

/** A create body, or the error message Converc would give. Duplicate events are dropped, order kept. */
function validateCreate(request: EmulatorRequest): { url: string; events: string[] } | string {
  if (request.invalidJson) return "Invalid JSON body";
  const body = request.body;
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return "Request body must be a JSON object";
  // The documented request is {url, events?} (contract §5.1): nothing else is accepted.
  const unknownKey = Object.keys(body).find((key) => key !== "url" && key !== "events");
  if (unknownKey !== undefined) return `Unknown field: ${unknownKey}`;
  const { url, events } = body as { url?: unknown; events?: unknown };
  if (url === undefined) return "url is required";
  if (typeof url !== "string" || !validUrl(url)) return "url must be a valid https URL";
  if (url.length > MAX_URL) return `url must be at most ${MAX_URL} characters`;
  if (events === undefined) return { url, events: [] };
  if (!Array.isArray(events) || events.some((event) => typeof event !== "string"))
    return "events must be an array of event types";
  // Only an omitted `events` is documented to mean every event (contract §3); `[]` is not, so a client must omit it.
  if (events.length === 0) return "events must name at least one event type; omit it for every event";
  const unknown = events.find((event) => !(EVENT_CATALOGUE as readonly string[]).includes(event as string));
  if (unknown !== undefined) return `Unknown event type: ${String(unknown)}`;
  return { url, events: [...new Set(events as string[])] };
}

function validUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname));
  } catch {
    return false;
  }
}
