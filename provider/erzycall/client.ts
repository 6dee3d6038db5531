import { createIdempotencyKey, freshIdempotencyKey, looksReplayed } from "../core/idempotency";
import * as z from "../core/zod";
import { requireCredential, resolveBaseUrl } from "../core/credentials";
import { declareVendor } from "../core/vendor-manifest";
import { erzycallManifest } from "./manifest";
import {
  mayHaveBeenApplied,
  operationError,
  unrecognizedBody,
  WebhookApiError,
  withHint,
  type VendorErrorInfo,
} from "../core/errors";
import { apiPath, callApi, type ApiTarget } from "../core/http";
import type { RateLimit } from "../core/pacing";
import { registerSecret } from "../core/redact";
import { SharedCalls } from "../core/shared-calls";
import { endpointWireSchema, type EndpointWire } from "./schema";

const VENDOR = erzycallManifest.displayName;
/** Every setting this vendor reads, declared at load so a misspelt key under `erzycall:` is reported. */
const { apiKey: API_KEY, baseUrl: BASE_URL } = declareVendor(erzycallManifest);
const MAX_ENDPOINTS = 5;
/** Per API key, two sliding windows (erzycall.md §8); X-RateLimit-Limit reports the minute's for this key. */
const RATE_LIMIT: RateLimit = {
  description: "60 requests a minute and 1,000 an hour, per API key",
  windows: [
    { requests: 60, perMs: 60_000 },
    { requests: 1_000, perMs: 3_600_000 },
  ],
  reportedBy: "x-ratelimit-limit",
};

const errorEnvelope = z.object({
  error: z.object({
    code: z.string().optional(),
    message: z.string().optional(),
    details: z.array(z.object({ field: z.string().optional(), message: z.string().optional() })).optional(),
  }),
});

function parseError(body: unknown): VendorErrorInfo {
  const parsed = errorEnvelope.safeParse(body);
  if (!parsed.success) return unrecognizedBody();
  const { code, message, details } = parsed.data.error;
  return { code, message, details: details?.map((d) => [d.field, d.message].filter(Boolean).join(": ")) };
}

function hint(status: number, error: VendorErrorInfo): string | undefined {
  switch (error.code) {
    case "MAX_ENDPOINTS":
      return `Erzycall allows ${MAX_ENDPOINTS} endpoints per organization, dashboard-made ones included; delete one, or take an existing one over with \`adopt\``;
    case "INSUFFICIENT_SCOPE":
      return "give the API key the webhooks:read and webhooks:write scopes";
    case "KEY_EXPIRED":
    case "KEY_REVOKED":
      return "create a new API key and set it with `pulumi config set --secret erzycall:apiKey` or ERZYCALL_API_KEY";
    case "IDEMPOTENCY_MISMATCH":
      return "the same Idempotency-Key was reused with a different body; run the update again";
  }
  if (status === 401) return "check erzycall:apiKey / ERZYCALL_API_KEY";
  return undefined;
}

/** Resolved at call time: stack config first, then the environment. */
export function erzycallApi(): ApiTarget {
  const apiKey = requireCredential(VENDOR, API_KEY);
  const origin = resolveBaseUrl(VENDOR, BASE_URL, "https://app.erzycall.com");
  return {
    vendor: VENDOR,
    // The origin, or the base URL as Erzycall's document writes it (`.../api/v1`, §1): the same API.
    baseUrl: `${origin.replace(/\/api\/v1$/, "")}/api/v1`,
    headers: { "x-api-key": apiKey },
    parseError,
    hint,
    rateLimit: RATE_LIMIT,
  };
}

/** What a write whose answer never came says, in place of the transport's "run `pulumi refresh`". */
const CREATE_IN_DOUBT =
  "the create may have been applied: the next `pulumi up` sends it again with the same Idempotency-Key " +
  "(while the inputs are unchanged), which lets Erzycall answer with the endpoint already made instead of " +
  "making a second; how long Erzycall keeps a key is not documented, so run it soon";

const ROTATION_IN_DOUBT =
  "the secret may have been rotated, so the one in state may no longer verify deliveries; " +
  "the next `pulumi up` rotates it again and records the new one";

/** Built once: zod compiles an object schema on its first parse, so one built per call costs that every time. */
const listResponse = z.object({
  data: z.array(endpointWireSchema),
  // Erzycall's other lists page with a cursor (erzycall.md §9); the webhook list shows none today.
  pagination: z.object({ cursor: z.string().nullish(), hasMore: z.boolean().optional() }).nullish(),
});
const endpointResponse = z.object({ data: endpointWireSchema });
const secretResponse = z.object({ data: z.object({ secret: z.string() }) });

function cacheKey(api: ApiTarget): string {
  return `${api.baseUrl} ${api.headers["x-api-key"]}`;
}

/** Reads of many endpoints in one run share one list call; every write invalidates it around itself. */
const listCalls = new SharedCalls<EndpointWire[]>();

/**
 * Far more pages than an organization can fill (5 endpoints, §12) at the smallest documented page size (1, §9):
 * past it the list is not ending, whatever the cursors say.
 */
const MAX_LIST_PAGES = 100;

/**
 * Every endpoint of the organization. The list shows no pagination today (§5.1), but "clients should still
 * follow `cursor` if `hasMore` is ever `true`" (§9): each such page is followed with the `cursor` query
 * parameter only (`limit` is documented for other lists, not this one), until a page says no more.
 */
export function listEndpoints(api: ApiTarget): Promise<EndpointWire[]> {
  return listCalls.run(cacheKey(api), async () => {
    const endpoints: EndpointWire[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 1; ; page++) {
      const response = await callApi(api, {
        operation: "list webhooks",
        method: "GET",
        path: "/webhooks",
        query: { cursor },
      });
      const { data, pagination } = listResponse.parse(response.body);
      endpoints.push(...data);
      if (pagination?.hasMore !== true) return endpoints;
      const next = pagination.cursor ?? undefined;
      const stuck = !next
        ? "says it has more but gives no cursor"
        : seen.has(next)
          ? "repeats a cursor it already gave"
          : page >= MAX_LIST_PAGES
            ? `still has more after ${MAX_LIST_PAGES} pages`
            : undefined;
      if (stuck) throw listNotEnding(page, stuck);
      seen.add(next!);
      cursor = next;
    }
  });
}

function listNotEnding(page: number, what: string) {
  return operationError(
    VENDOR,
    "list webhooks",
    "WH_VENDOR",
    `page ${page} of Erzycall's webhook list ${what}, so the list cannot be read to its end`,
  );
}

export async function findEndpoint(api: ApiTarget, id: string): Promise<EndpointWire | undefined> {
  return (await listEndpoints(api)).find((endpoint) => endpoint.id === id);
}

/**
 * Creates with an Idempotency-Key derived from the resource and the body, reused by every retry, so
 * a lost response or a reset connection (in this run or a later one) replays the first result,
 * secret included, instead of creating a second endpoint. Erzycall keeps keys for a day, so a key
 * can also replay an endpoint deleted since (destroy, then up): that replay is recognized by its age,
 * checked against the list, and the create is sent again under a fresh key.
 */
export async function createEndpoint(
  api: ApiTarget,
  body: Record<string, unknown>,
  identity: string | undefined,
): Promise<EndpointWire> {
  const post = async (idempotencyKey: string) => {
    const response = await listCalls.write(cacheKey(api), () =>
      callApi(api, {
        operation: "create webhook",
        method: "POST",
        path: "/webhooks",
        body,
        idempotencyKey,
      }),
    );
    const endpoint = endpointResponse.parse(response.body).data;
    registerSecret(endpoint.secret);
    return { endpoint, replayed: looksReplayed(endpoint.createdAt, response.headers.date) };
  };
  const first = await post(createIdempotencyKey(identity, "create webhook", body)).catch((error: unknown) => {
    // A refresh cannot find what the engine never learned of; the repeated key is what settles it.
    if (error instanceof WebhookApiError && mayHaveBeenApplied(error)) throw withHint(error, CREATE_IN_DOUBT);
    throw error;
  });
  if (!first.replayed || (await findEndpoint(api, first.endpoint.id))) return first.endpoint;
  return (await post(freshIdempotencyKey())).endpoint;
}

export async function updateEndpoint(
  api: ApiTarget,
  id: string,
  patch: Record<string, unknown>,
): Promise<EndpointWire> {
  // A PATCH of absolute values: repeating it after a lost response changes nothing more.
  const response = await listCalls.write(cacheKey(api), () =>
    callApi(api, {
      operation: "update webhook",
      method: "PATCH",
      path: apiPath`/webhooks/${id}`,
      body: patch,
      repeatable: true,
    }),
  );
  return endpointResponse.parse(response.body).data;
}

/**
 * Not a write of the shared list: reads take the secret from state, never from the list. Sent without an
 * Idempotency-Key, which the document shows on create only (erzycall.md §5.2, §7). Rotating again after a lost
 * answer is safe all the same: each rotation retires the secret before it at once (§5.6), so the secret of the
 * answer that arrives is the one that works, whatever the lost ones made.
 */
export async function rotateSecret(api: ApiTarget, id: string): Promise<string> {
  const response = await callApi(api, {
    operation: "rotate webhook secret",
    method: "POST",
    path: apiPath`/webhooks/${id}/rotate-secret`,
    repeatable: true,
  }).catch((error: unknown) => {
    // A refresh cannot help here: the list never shows a secret (§5.1).
    if (error instanceof WebhookApiError && mayHaveBeenApplied(error))
      throw withHint(error, ROTATION_IN_DOUBT);
    throw error;
  });
  const secret = secretResponse.parse(response.body).data.secret;
  registerSecret(secret);
  return secret;
}

/** True when it was deleted now, false when it was already gone. */
export async function deleteEndpoint(api: ApiTarget, id: string): Promise<boolean> {
  const response = await listCalls.write(cacheKey(api), () =>
    callApi(api, {
      operation: "delete webhook",
      method: "DELETE",
      path: apiPath`/webhooks/${id}`,
      accept: [404],
    }),
  );
  return response.status !== 404;
}
