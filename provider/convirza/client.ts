import * as z from "../core/zod";
import { readSetting, requireCredential, resolveBaseUrl } from "../core/credentials";
import { declareVendor } from "../core/vendor-manifest";
import { convirzaManifest } from "./manifest";
import {
  configError,
  isNotFound,
  operationError,
  unrecognizedBody,
  WebhookApiError,
  withHint,
  type VendorErrorInfo,
} from "../core/errors";
import { apiPath, callApi, type ApiTarget } from "../core/http";
import { SharedCalls } from "../core/shared-calls";
import { webhookWireSchema, type WebhookWire } from "./schema";

const VENDOR = convirzaManifest.displayName;
/** Every setting this vendor reads, declared at load so a misspelt key under `convirza:` is reported. */
const {
  token: TOKEN,
  baseUrl: BASE_URL,
  webhooksListPath: WEBHOOKS_LIST_PATH,
} = declareVendor(convirzaManifest);
/** Contract §5 [assumed]: sibling v3 lists allow up to 1000 per page. */
const PAGE_SIZE = 1000;

/**
 * Convirza's v3 envelope `{code, message, data, request_id, timestamp}`; error bodies are assumed to
 * use it too, maybe with `errors: [{field, message}]` (contract §3). The envelope `code` is not
 * shown: it can disagree with the HTTP status, which is the truth.
 */
const errorEnvelope = z.looseObject({
  message: z.string().optional(),
  request_id: z.string().optional(),
  errors: z.array(z.looseObject({ field: z.string().optional(), message: z.string().optional() })).optional(),
  /** OAuth-style bodies (`{error, error_description}`), as a token layer in front of the API may answer. */
  error: z.string().optional(),
  error_description: z.string().optional(),
});

function parseError(body: unknown): VendorErrorInfo {
  const parsed = errorEnvelope.safeParse(body);
  if (!parsed.success) return unrecognizedBody();
  const { message, request_id, errors, error, error_description } = parsed.data;
  if (message === undefined && error_description === undefined && error === undefined)
    return { ...unrecognizedBody(), requestId: request_id };
  return {
    code: message === undefined ? error : undefined,
    message: message ?? error_description,
    requestId: request_id,
    details: errors?.map((e) => [e.field, e.message].filter(Boolean).join(": ")),
  };
}

function hint(status: number): string | undefined {
  if (status === 401) {
    return "check convirza:token / CONVIRZA_TOKEN: the access token may have expired (7 days without use) or been revoked, or the webhook belongs to an org unit this user cannot see";
  }
  if (status === 400) return "Convirza rejected the request; check the webhook's inputs";
  if (status >= 500) return "Convirza failed; retry later";
  return undefined;
}

/** Resolved at call time: stack config first, then the environment. */
export function convirzaApi(): ApiTarget {
  const token = requireCredential(VENDOR, TOKEN);
  const origin = resolveBaseUrl(VENDOR, BASE_URL, "https://platform-api.convirza.com");
  return {
    vendor: VENDOR,
    baseUrl: `${origin.replace(/\/v3$/, "")}/v3`,
    headers: { authorization: `Bearer ${token}` },
    parseError,
    hint,
  };
}

/** Contract §6.2: the list path is not documented (`/webhooks` or `/webhooks/list`), so it is a setting. */
function listPath(): string {
  const path = readSetting(WEBHOOKS_LIST_PATH) ?? "/webhooks";
  if (!/^\/[A-Za-z0-9/_-]*$/.test(path))
    throw configError(
      VENDOR,
      "webhooks list path (from convirza:webhooksListPath / CONVIRZA_WEBHOOKS_LIST_PATH) must be a path such as /webhooks/list",
    );
  return path;
}

/** `data` itself or `data.webhook` (contract §6.3: either is possible). */
function recordOf(body: unknown): unknown {
  const data = (body as { data?: unknown } | undefined)?.data;
  const nested = (data as { webhook?: unknown } | null | undefined)?.webhook;
  return nested !== undefined && nested !== null && typeof nested === "object" ? nested : data;
}

/** The new id from a create/PUT/PATCH answer: `data.webhookId` as documented, or the record's own id. */
function idOf(body: unknown, operation: string): string {
  const record = recordOf(body) as Record<string, unknown> | undefined;
  const id = record?.webhookId ?? record?.webhook_id ?? record?.webhook_Id ?? record?.id;
  if (typeof id === "number" || (typeof id === "string" && id !== "")) return String(id);
  throw operationError(
    VENDOR,
    operation,
    "WH_VENDOR",
    `${operation} answered without a webhook id (expected data.webhookId)`,
  );
}

/** A record we cannot make sense of is a one-line vendor error, not a zod dump. */
function parseWebhook(value: unknown, operation: string): WebhookWire {
  const parsed = webhookWireSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join(".") || "(record)"))].join(
    ", ",
  );
  throw new WebhookApiError({
    code: "WH_VENDOR",
    vendor: VENDOR,
    operation,
    cause: `unexpected webhook record (missing or invalid: ${fields})`,
    hint: "the Convirza API may have changed; please report it",
  });
}

/** Undefined when it does not exist or is soft-deleted (`webhook_status: deleted`): both mean gone. */
export async function getWebhook(api: ApiTarget, id: string): Promise<WebhookWire | undefined> {
  const response = await callApi(api, {
    operation: "read webhook",
    method: "GET",
    path: apiPath`/webhooks/${id}`,
    accept: [404],
  });
  if (response.status === 404) return undefined;
  const webhook = parseWebhook(recordOf(response.body), "read webhook");
  return webhook.webhook_status === "deleted" ? undefined : webhook;
}

/**
 * Reads of many webhooks in one run share one walk of the list (in flight, and for a few seconds after) instead
 * of one GET each; this process's writes invalidate it.
 */
const listCalls = new SharedCalls<WebhookWire[]>();

function cacheKey(api: ApiTarget): string {
  return `${api.baseUrl} ${listPath()} ${api.headers.authorization}`;
}

/**
 * The live webhook `id` from the shared list; undefined when the list does not hold it, or cannot be had (the
 * list is only assumed): look it up by id then.
 */
export async function findListed(api: ApiTarget, id: string): Promise<WebhookWire | undefined> {
  try {
    return (await listCalls.run(cacheKey(api), () => listWebhooks(api))).find(
      (webhook) => webhook.webhook_id === id,
    );
  } catch (error) {
    if (listUnavailable(error)) return undefined;
    throw error;
  }
}

/**
 * What exists before a create, for createOnce: overlapping creates (and, for a few seconds, later ones) share one
 * walk of the list, which this process's own writes do not invalidate: a webhook made here either differs in a
 * declared field (so it never matches another create) or is claimed by the create that made it, and creates of the
 * same request run one after another. It can miss an identical webhook made elsewhere within those seconds.
 */
const snapshots = new SharedCalls<WebhookWire[]>();

export function webhooksBeforeCreate(api: ApiTarget): Promise<WebhookWire[]> {
  return snapshots.run(cacheKey(api), () => listWebhooks(api));
}

/** Runs a write of the shared list (core/shared-calls), so no later read sees the list from before it. */
function writing<T>(api: ApiTarget, write: () => Promise<T>): Promise<T> {
  return listCalls.write(cacheKey(api), write);
}

/** A refusal (4xx other than auth and rate limits): the request as sent will not work, whatever the moment. */
function refused(error: unknown): error is WebhookApiError {
  const status = error instanceof WebhookApiError ? (error.statusCode ?? 0) : 0;
  return status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status);
}

/** Lists (by base URL and path) that refused `limit`: later walks leave it out at once. */
const withoutPageSize = new Set<string>();

/**
 * Whether a list failure means the list itself is unavailable (the assumed path or parameters refused), as
 * opposed to a credential, rate or server failure: a create then goes ahead without its look-up.
 */
export function listUnavailable(error: unknown): error is WebhookApiError {
  if (error instanceof WebhookApiError && unreadableLists.has(error)) return true;
  return refused(error) && error.operation === "list webhooks";
}

/** One page; `limit` (contract §5 [assumed]) is left out once Convirza refused it, and then the default page size applies. */
async function listPage(api: ApiTarget, path: string, offset: number): Promise<unknown> {
  const scope = `${api.baseUrl}${path}`;
  const offsetQuery = offset > 0 ? { offset } : {};
  if (!withoutPageSize.has(scope)) {
    try {
      return (
        await callApi(api, {
          operation: "list webhooks",
          method: "GET",
          path,
          query: { limit: PAGE_SIZE, offset },
        })
      ).body;
    } catch (error) {
      if (!refused(error)) throw error;
      withoutPageSize.add(scope);
    }
  }
  return (
    await callApi(api, { operation: "list webhooks", method: "GET", path, query: offsetQuery }).catch(
      (error: unknown) => {
        // Contract §6.2: the list path is a guess. Refused even without a page size, it is a missing route (404, 405)
        // or, read as `/webhooks/{id}`, an invalid id (400): most likely the other path is the list.
        if (refused(error))
          throw withHint(
            error,
            `Convirza may have no list at ${path}: set convirza:webhooksListPath (or CONVIRZA_WEBHOOKS_LIST_PATH) to ${path === "/webhooks/list" ? "/webhooks" : "/webhooks/list"}`,
          );
        throw error;
      },
    )
  ).body;
}

/** Far more pages than any account fills; past it the list is not ending, whatever it says. */
const MAX_LIST_PAGES = 1_000;

/** List failures that mean the list cannot be read to its end (it does not page as assumed). */
const unreadableLists = new WeakSet<WebhookApiError>();

/**
 * Every live webhook the token can see, paging with limit/offset until `total` is reached or a page is empty.
 * A list that refuses `limit` is asked again without it. Offset paging is only assumed (contract §5, from the
 * sibling lists): a page that brings nothing new (a list that ignores `offset`) is an error that says so, never
 * a list of repeats or a walk without end.
 */
export async function listWebhooks(api: ApiTarget): Promise<WebhookWire[]> {
  const path = listPath();
  const found = new Map<string, WebhookWire>();
  for (let offset = 0, pages = 1; ; pages++) {
    const body = await listPage(api, path, offset);
    const data = (body as { data?: { webhooks?: unknown[]; total?: unknown } } | undefined)?.data;
    const page = (Array.isArray(data?.webhooks) ? data.webhooks : []).map((item) =>
      parseWebhook(item, "list webhooks"),
    );
    const total = typeof data?.total === "number" ? data.total : undefined;
    if (page.length === 0) break;
    if (page.every((webhook) => found.has(webhook.webhook_id)))
      throw unreadableList(`the page at offset ${offset} repeats webhooks already listed`);
    for (const webhook of page) found.set(webhook.webhook_id, webhook);
    offset += page.length;
    if (total !== undefined && offset >= total) break;
    if (pages >= MAX_LIST_PAGES) throw unreadableList(`it still has more after ${MAX_LIST_PAGES} pages`);
  }
  return [...found.values()].filter((webhook) => webhook.webhook_status !== "deleted");
}

function unreadableList(what: string): WebhookApiError {
  const error = operationError(
    VENDOR,
    "list webhooks",
    "WH_VENDOR",
    `${what}: Convirza does not page its webhook list by limit and offset as assumed, so it cannot be read to its end`,
  );
  unreadableLists.add(error);
  return error;
}

/** HTTP 201 with `code: 200` in the body and only the id (contract §8.1-2). */
export async function createWebhook(api: ApiTarget, body: Record<string, unknown>): Promise<string> {
  const response = await writing(api, () =>
    callApi(api, { operation: "create webhook", method: "POST", path: "/webhooks", body }),
  );
  return idOf(response.body, "create webhook");
}

/**
 * Whether the list (fresh, not shared) still shows webhook `id`; false when the list cannot be had, since then
 * nothing contradicts a 404.
 */
async function stillListed(api: ApiTarget, id: string): Promise<boolean> {
  try {
    return (await listWebhooks(api)).some((webhook) => webhook.webhook_id === id);
  } catch (error) {
    if (listUnavailable(error)) return false;
    throw error;
  }
}

/**
 * A 404 from a per-webhook call whose path is only assumed (contract §6.3-6.6: the pages were not readable)
 * while the list still shows the webhook: the path is what is missing, not the webhook.
 */
function routeNotServed(operation: string, method: string, id: string, outcome: string): WebhookApiError {
  return operationError(
    VENDOR,
    operation,
    "WH_VENDOR",
    `Convirza answered 404 to ${method} /webhooks/${id} although its list shows webhook ${id}: ` +
      `the path of this call is not in Convirza's documents and this Convirza does not serve it there; ${outcome}`,
  );
}

/** PATCH (changed fields) or PUT (the full object); the answer carries no record, so callers read it back. */
export async function updateWebhook(
  api: ApiTarget,
  id: string,
  method: "PATCH" | "PUT",
  body: Record<string, unknown>,
): Promise<void> {
  const operation = method === "PUT" ? "replace webhook" : "update webhook";
  // Absolute values: sending it twice has the effect of sending it once, so a lost answer may be retried.
  await writing(api, () =>
    callApi(api, { operation, method, path: apiPath`/webhooks/${id}`, body, repeatable: true }),
  ).catch(async (error: unknown) => {
    if (isNotFound(error) && (await stillListed(api, id)))
      throw routeNotServed(operation, method, id, "the webhook was not changed");
    throw error;
  });
}

/** True when it was deleted now, false when it was already gone (404, and the list does not show it either). */
export async function deleteWebhook(api: ApiTarget, id: string): Promise<boolean> {
  const response = await writing(api, () =>
    callApi(api, {
      operation: "delete webhook",
      method: "DELETE",
      path: apiPath`/webhooks/${id}`,
      accept: [404],
    }),
  );
  if (response.status !== 404) return true;
  // A delete that reports success while the webhook stays would leave it behind unseen.
  if (await stillListed(api, id))
    throw routeNotServed("delete webhook", "DELETE", id, "the webhook was not deleted");
  return false;
}
