import * as z from "../core/zod";
import { requireCredential, resolveBaseUrl } from "../core/credentials";
import { declareVendor } from "../core/vendor-manifest";
import { convercManifest } from "./manifest";
import { unrecognizedBody, WebhookApiError, type VendorErrorInfo } from "../core/errors";
import { apiPath, callApi, type ApiTarget } from "../core/http";
import { registerSecret } from "../core/redact";
import { SharedCalls } from "../core/shared-calls";
import {
  createdWireSchema,
  eventsWireSchema,
  listWireSchema,
  testResultWireSchema,
  type EndpointWire,
  type EventWire,
  type TestResultWire,
} from "./schema";

const VENDOR = convercManifest.displayName;
/** Every setting this vendor reads, declared at load so a misspelt key under `converc:` is reported. */
const { apiKey: API_KEY, baseUrl: BASE_URL } = declareVendor(convercManifest);

/**
 * Signing secrets are long hex strings (64 characters in every example). A secret the provider never saw
 * (its create response was lost) cannot be registered for redaction, so any long hex run in Converc's
 * error text is scrubbed too.
 */
const HEX_SECRET = /\b[0-9a-fA-F]{32,}\b/g;

/** Converc documents no error format; `{"error": "..."}` (or `{"message": "..."}`) is read when present. */
const errorBody = z.object({ error: z.string() });
const messageBody = z.object({ message: z.string() });

function parseError(body: unknown): VendorErrorInfo {
  const parsed = errorBody.safeParse(body);
  const fallback = messageBody.safeParse(body);
  const message = parsed.success ? parsed.data.error : fallback.success ? fallback.data.message : undefined;
  return message === undefined ? unrecognizedBody() : { message: message.replace(HEX_SECRET, "[redacted]") };
}

/** No error format is documented, and the body is to be read as free text: a short plain line is shown as it is. */
const MAX_TEXT = 200;
function parseText(text: string): VendorErrorInfo | undefined {
  const line = text.replace(/\s+/g, " ").trim();
  // Empty, an HTML page, or broken JSON: the transport's own description says more.
  if (line === "" || /^[<{[]/.test(line) || line.length > MAX_TEXT) return undefined;
  return { message: line.replace(HEX_SECRET, "[redacted]") };
}

function hint(status: number): string | undefined {
  if (status === 401 || status === 403)
    return "check converc:apiKey / CONVERC_API_KEY (keys are minted under Settings → Integrations → API Keys)";
  return undefined;
}

/**
 * Resolved at call time: stack config first, then the environment. Endpoints are managed under
 * `/integrations/webhooks`; the event samples live under `/webhooks` (contract §1).
 */
export function convercApi(
  prefix: "/integrations/webhooks" | "/webhooks" = "/integrations/webhooks",
): ApiTarget {
  const apiKey = requireCredential(VENDOR, API_KEY);
  const origin = resolveBaseUrl(VENDOR, BASE_URL, "https://api.converc.com");
  return {
    vendor: VENDOR,
    baseUrl: `${origin}${prefix}`,
    headers: { authorization: `Bearer ${apiKey}` },
    parseError,
    parseText,
    hint,
  };
}

function cacheKey(api: ApiTarget): string {
  return `${api.baseUrl} ${api.headers.authorization}`;
}

/**
 * Converc has no get-by-id: every read is a list. Reads of many endpoints in one run share one list
 * call (in flight, and for a few seconds after); writes invalidate it.
 */
const listCalls = new SharedCalls<EndpointWire[]>();

async function fetchEndpoints(api: ApiTarget): Promise<EndpointWire[]> {
  const response = await callApi(api, { operation: "list webhooks", method: "GET", path: "" });
  return listWireSchema.parse(response.body).webhooks;
}

export function listEndpoints(api: ApiTarget, options: { fresh?: boolean } = {}): Promise<EndpointWire[]> {
  const list = () => fetchEndpoints(api);
  return options.fresh ? listCalls.fresh(cacheKey(api), list) : listCalls.run(cacheKey(api), list);
}

/**
 * What exists before a create, for createOnce: overlapping creates (and, for a few seconds, later ones) share one
 * list. This process's own creates do not invalidate it, unlike the read cache: an endpoint made here either
 * answers another request (another url or events, so it never matches) or is claimed by the create that made
 * it, and creates of the same request run one after another. What a shared snapshot can miss is an endpoint with
 * the same url and events made elsewhere within those seconds, the window the read cache has too.
 */
const snapshots = new SharedCalls<EndpointWire[]>();

export function endpointsBeforeCreate(api: ApiTarget): Promise<EndpointWire[]> {
  return snapshots.run(cacheKey(api), () => fetchEndpoints(api));
}

export async function findEndpoint(api: ApiTarget, id: string): Promise<EndpointWire | undefined> {
  return (await listEndpoints(api)).find((endpoint) => endpoint.id === id);
}

/** A created endpoint and its signing secret, which Converc shows only in this answer. */
export interface CreatedEndpoint {
  endpoint: EndpointWire;
  secret: string;
}

/** One POST, no retry of an ambiguous failure (Converc has no idempotency key): the caller reconciles. */
export async function createEndpoint(
  api: ApiTarget,
  body: Record<string, unknown>,
): Promise<CreatedEndpoint> {
  const response = await listCalls.write(cacheKey(api), () =>
    callApi(api, { operation: "create webhook", method: "POST", path: "", body }),
  );
  const created = createdWireSchema.parse(response.body);
  registerSecret(created.secret);
  return { endpoint: created.webhook, secret: created.secret };
}

/**
 * Converc's DELETE disables (soft delete). True when it answered, false when the id is unknown (404). That a repeat
 * on a disabled endpoint answers 200 is assumed: a refusal (400, 409, 410, 422) is checked with one fresh list, and
 * an endpoint the list shows disabled, or no longer shows, is what the DELETE wanted.
 */
export async function disableEndpoint(api: ApiTarget, id: string): Promise<boolean> {
  try {
    const response = await listCalls.write(cacheKey(api), () =>
      callApi(api, {
        operation: "disable webhook",
        method: "DELETE",
        path: apiPath`/${id}`,
        accept: [404],
      }),
    );
    return response.status !== 404;
  } catch (error) {
    if (!(error instanceof WebhookApiError) || !REFUSALS.has(error.statusCode ?? 0)) throw error;
    const listed = (await listEndpoints(api, { fresh: true })).find((endpoint) => endpoint.id === id);
    if (listed?.isActive) throw error;
    return true;
  }
}

/** The statuses a DELETE of an endpoint already disabled may plausibly answer. */
const REFUSALS = new Set([400, 409, 410, 422]);

/** The recent event envelopes (contract §5.7: a bare array); `display` is sent only when given. */
export async function recentEvents(eventType: string, display: number | undefined): Promise<EventWire[]> {
  const query: Record<string, string | number> =
    display === undefined ? { eventType } : { eventType, display };
  const response = await callApi(convercApi("/webhooks"), {
    operation: "list recent events",
    method: "GET",
    path: "/events",
    query,
  });
  return eventsWireSchema.parse(response.body);
}

/** Sends one `webhook.test` delivery; the API answers 200 whatever the receiver did, the result says. */
export async function sendTestEvent(api: ApiTarget, id: string): Promise<TestResultWire> {
  // A second test event after a lost answer is harmless, so the call may be repeated like a GET.
  const response = await callApi(api, {
    operation: "send test event",
    method: "POST",
    path: "/test",
    body: { webhookId: id },
    repeatable: true,
  });
  return testResultWireSchema.parse(response.body);
}
