import { createHash, randomBytes } from "node:crypto";
import * as z from "../core/zod";
import { readCredential, readSetting, resolveBaseUrl } from "../core/credentials";
import { declareVendor } from "../core/vendor-manifest";
import { conversantManifest } from "./manifest";
import {
  configError,
  operationError,
  unrecognizedBody,
  WebhookApiError,
  type VendorErrorInfo,
} from "../core/errors";
import { apiPath, callApi, type ApiCall, type ApiTarget } from "../core/http";
import type { RateLimit } from "../core/pacing";
import { createIdempotencyKey } from "../core/idempotency";
import { registerSecret } from "../core/redact";
import { SharedCalls } from "../core/shared-calls";
import { attemptFromWire, webhookWireSchema, type WebhookAttempt, type WebhookWire } from "./schema";

const VENDOR = conversantManifest.displayName;
/** Every setting this vendor reads, declared at load so a misspelt key under `conversant:` is reported. */
const {
  authToken: AUTH_TOKEN,
  apiKey: API_KEY,
  baseUrl: BASE_URL,
  accountId: ACCOUNT_ID,
} = declareVendor(conversantManifest);

/** Kazoo's wire field names as the user's property names, for validation messages. */
const PROPERTY_OF: Record<string, string> = {
  uri: "url",
  http_verb: "httpVerb",
  custom_data: "customData",
  include_subaccounts: "includeSubaccounts",
  include_internal_legs: "includeInternalLegs",
};

export function propertyName(wireField: string): string {
  const [head, ...rest] = wireField.split(".");
  return [PROPERTY_OF[head] ?? head, ...rest].join(".");
}

const errorEnvelope = z.object({
  error: z.union([z.string(), z.number()]).optional(),
  message: z.string().optional(),
  data: z.unknown().optional(),
  request_id: z.string().optional(),
});

/** Kazoo's error envelope; a 400's `data` is keyed by field, then by failed rule. */
function parseError(body: unknown): VendorErrorInfo {
  const parsed = errorEnvelope.safeParse(body);
  if (!parsed.success) return unrecognizedBody();
  const { message, data, request_id } = parsed.data;
  const details: string[] = [];
  if (data && typeof data === "object" && !Array.isArray(data)) {
    for (const [field, rules] of Object.entries(data as Record<string, unknown>)) {
      if (rules && typeof rules === "object") {
        for (const [rule, info] of Object.entries(rules as Record<string, unknown>)) {
          const text =
            info && typeof info === "object" && "message" in info
              ? String((info as { message: unknown }).message)
              : String(info);
          const target =
            info && typeof info === "object" ? (info as { target?: unknown; value?: unknown }) : {};
          // An enum failure names the refused value and what this system allows (for `hook`: its installed hooks).
          const allowed =
            rule === "enum" && Array.isArray(target.target)
              ? `: ${JSON.stringify(target.value)} is not one of ${target.target.join(", ")}`
              : "";
          details.push(`${propertyName(field)}: ${text} (${rule})${allowed}`);
        }
      } else if (field === "message" && typeof rules === "string" && rules !== message) {
        details.push(rules);
      }
    }
  }
  return {
    code: message,
    message: typeof data === "string" ? data : undefined,
    requestId: request_id,
    details: details.length ? details : undefined,
  };
}

export const DEFAULT_BASE_URL = "https://c-api.conversant.co.nz";
/** Crossbar's default token bucket, per client and account (conversant.md §5). */
export const RATE_LIMIT: RateLimit = {
  description: "100 requests at once, refilled at 10 per second, per account",
  bucket: { capacity: 100, refillPerSecond: 10 },
};

/** What to do about a failure; `conversant:authToken`, the contract's credential, is always named first. */
function hintFor(usingApiKey: boolean) {
  return (status: number): string | undefined => {
    if (status === 401) {
      return usingApiKey
        ? "check conversant:authToken / CONVERSANT_AUTH_TOKEN, or the API key the provider logs in with (conversant:apiKey / CONVERSANT_API_KEY)"
        : "check conversant:authToken / CONVERSANT_AUTH_TOKEN (Conversant tokens expire after a day; set conversant:apiKey / CONVERSANT_API_KEY instead to have the provider log in for fresh ones)";
    }
    if (status === 403)
      return "the credential cannot manage this account (only its own and its sub-accounts); check accountId / conversant:accountId";
    return undefined;
  };
}

const authResponse = z.object({ auth_token: z.string() });

/** Tokens got for an API key, by base URL and key. */
const tokens = new Map<string, Promise<string>>();

async function tokenFor(baseUrl: string, apiKey: string, fresh: boolean): Promise<string> {
  const key = `${baseUrl} ${apiKey}`;
  if (fresh) tokens.delete(key);
  let token = tokens.get(key);
  if (!token) {
    token = (async () => {
      const response = await callApi(
        { vendor: VENDOR, baseUrl, headers: {}, parseError, hint: hintFor(true), rateLimit: RATE_LIMIT },
        {
          operation: "log in (api_auth)",
          method: "PUT",
          path: "/api_auth",
          body: { data: { api_key: apiKey } },
        },
      );
      const got = authResponse.parse(response.body).auth_token;
      registerSecret(got);
      return got;
    })();
    tokens.set(key, token);
    token.catch(() => tokens.delete(key));
  }
  return token;
}

export interface Session {
  baseUrl: string;
  /** The credential, as a create scope (core/create-once): ids are only compared within one. */
  headers: Record<string, string>;
  call(call: ApiCall): ReturnType<typeof callApi>;
}

/**
 * Resolved at call time: stack config first, then the environment. `conversant:authToken` is sent
 * as X-Auth-Token; only when it is unset, `conversant:apiKey` is exchanged for tokens (PUT
 * /api_auth), logging in again once on a 401.
 */
export function conversantApi(): Session {
  const origin = resolveBaseUrl(VENDOR, BASE_URL, DEFAULT_BASE_URL);
  // The origin, or the base URL as Conversant's pages write it (`.../v1`): the same API.
  const baseUrl = `${origin.replace(/\/v1$/, "")}/v1`;
  const authToken = readCredential(AUTH_TOKEN);
  if (authToken !== undefined) {
    const target: ApiTarget = {
      vendor: VENDOR,
      baseUrl,
      headers: { "x-auth-token": authToken },
      parseError,
      hint: hintFor(false),
      rateLimit: RATE_LIMIT,
    };
    return { baseUrl, headers: target.headers, call: (call) => callApi(target, call) };
  }
  const apiKey = readCredential(API_KEY);
  if (apiKey === undefined) {
    throw configError(
      VENDOR,
      `missing credential: set \`pulumi config set --secret ${AUTH_TOKEN.configKey} <token>\` or the environment variable ${AUTH_TOKEN.envVar} (or an API key the provider logs in with: ${API_KEY.configKey} / ${API_KEY.envVar})`,
    );
  }
  return {
    baseUrl,
    headers: { "x-api-key": apiKey },
    async call(call) {
      const attempt = async (fresh: boolean) =>
        callApi(
          {
            vendor: VENDOR,
            baseUrl,
            headers: { "x-auth-token": await tokenFor(baseUrl, apiKey, fresh) },
            parseError,
            hint: hintFor(true),
            rateLimit: RATE_LIMIT,
          },
          call,
        );
      try {
        return await attempt(false);
      } catch (error) {
        // Tokens expire (1 day at Conversant, 1 h by Kazoo default): log in again once.
        if (error instanceof WebhookApiError && error.statusCode === 401) return attempt(true);
        throw error;
      }
    },
  };
}

/** The account: the declared one, else `conversant:accountId` / CONVERSANT_ACCOUNT_ID. */
export function resolveAccountId(declared: string | undefined): string | undefined {
  return declared ?? readSetting(ACCOUNT_ID);
}

export function requireAccountId(declared: string | undefined): string {
  const accountId = resolveAccountId(declared);
  if (accountId === undefined) {
    throw configError(
      VENDOR,
      "no account: set `accountId`, `pulumi config set conversant:accountId <32-hex id>` or CONVERSANT_ACCOUNT_ID",
    );
  }
  return accountId;
}

/** Built once: zod compiles an object schema on its first parse, so one built per call costs that every time. */
const webhookResponse = z.object({ data: webhookWireSchema });
const attemptsResponse = z.object({ data: z.array(z.record(z.string(), z.unknown())) });
/** The list carries summaries only (contract §6.2): id, name, uri, hook, enabled, and disable_reason or group when set. */
const summariesResponse = z.object({
  data: z.array(z.looseObject({ id: z.string(), name: z.string(), uri: z.string(), hook: z.string() })),
  // Only v2 lists page (contract §7); present on /v1, a build that pages it: follow it.
  next_start_key: z.string().nullish(),
});

export type WebhookSummary = z.output<typeof summariesResponse>["data"][number];

/** Far more pages than an account fills; past it the list is not ending, whatever it says. */
const MAX_LIST_PAGES = 1_000;

/**
 * Every live hook of the account, as summaries. On /v1 the list is not paginated (contract §7), but should a
 * build page it anyway, the envelope's `next_start_key` is followed with `start_key` (the documented v2
 * mechanism), so no hook is missed; a key that does not advance is an error, never a shorter list.
 */
export async function listWebhooks(api: Session, accountId: string): Promise<WebhookSummary[]> {
  const hooks: WebhookSummary[] = [];
  const seen = new Set<string>();
  let startKey: string | undefined;
  for (let page = 1; ; page++) {
    const response = await api.call({
      operation: "list webhooks",
      method: "GET",
      path: apiPath`/accounts/${accountId}/webhooks`,
      query: { start_key: startKey },
    });
    const { data, next_start_key: next } = summariesResponse.parse(response.body);
    hooks.push(...data);
    if (!next) return hooks;
    const stuck = seen.has(next)
      ? "repeats a next_start_key it already gave"
      : page >= MAX_LIST_PAGES
        ? `still has more after ${MAX_LIST_PAGES} pages`
        : undefined;
    if (stuck) {
      throw operationError(
        VENDOR,
        "list webhooks",
        "WH_VENDOR",
        `page ${page} of account ${accountId}'s webhook list ${stuck}, so the list cannot be read to its end`,
      );
    }
    seen.add(next);
    startKey = next;
  }
}

/**
 * What exists before a create, for createOnce: overlapping creates (and, for a few seconds, later ones) in an
 * account share one list, which this process's own creates do not invalidate: a hook made here is claimed by
 * the create that made it, and creates of the same request run one after another (as for Convirza and Converc).
 */
const snapshots = new SharedCalls<WebhookSummary[]>();

export function webhooksBeforeCreate(api: Session, accountId: string): Promise<WebhookSummary[]> {
  return snapshots.run(`${api.baseUrl} ${accountId} ${JSON.stringify(api.headers)}`, () =>
    listWebhooks(api, accountId),
  );
}

export async function getWebhook(
  api: Session,
  accountId: string,
  id: string,
): Promise<WebhookWire | undefined> {
  const response = await api.call({
    operation: "read webhook",
    method: "GET",
    path: apiPath`/accounts/${accountId}/webhooks/${id}`,
    accept: [404],
  });
  if (response.status === 404) return undefined;
  return webhookResponse.parse(response.body).data;
}

/**
 * PUT creates, asking for an id chosen here: derived from the resource identity, the account and the
 * body, so every retry of this create (in this run or the next `up`) asks for the same id. A 409
 * means the id is taken: by an earlier attempt whose answer was lost (then that hook is the result),
 * or by a hook deleted since (Kazoo keeps soft-deleted documents), and then a random id is used.
 * The document does not promise that Kazoo keeps a client-chosen id, so the result's id is always
 * the one in the answer, and the caller settles a lost answer by listing (see the provider's create).
 */
export async function createWebhook(
  api: Session,
  accountId: string,
  doc: Record<string, unknown>,
  identity: string | undefined,
): Promise<WebhookWire> {
  const path = apiPath`/accounts/${accountId}/webhooks`;
  // Not repeated after a lost answer: a Kazoo that assigns its own id would make a second hook. createOnce settles it.
  const put = (id: string, accept: number[] = []) =>
    api.call({
      operation: "create webhook",
      method: "PUT",
      path,
      body: { data: { ...doc, id } },
      accept,
      repeatable: false,
    });
  const chosen = hookIdFor(identity, accountId, doc);
  let response = await put(chosen, [409]);
  if (response.status === 409) {
    const earlier = await getWebhook(api, accountId, chosen);
    if (earlier) return earlier;
    response = await put(randomBytes(16).toString("hex"));
  }
  return webhookResponse.parse(response.body).data;
}

/** 32 hex, as Kazoo's own ids. */
export function hookIdFor(
  identity: string | undefined,
  accountId: string,
  doc: Record<string, unknown>,
): string {
  const key = createIdempotencyKey(identity, `create webhook in ${accountId}`, doc);
  return createHash("sha256").update(key).digest("hex").slice(0, 32);
}

/**
 * POST replaces the whole document (and, with enabled:true, re-enables an auto-disabled hook).
 * Sending the same whole document twice leaves the same document, so it is safe to repeat after a
 * lost response.
 */
export async function replaceWebhook(
  api: Session,
  accountId: string,
  id: string,
  doc: Record<string, unknown>,
): Promise<WebhookWire> {
  const response = await api.call({
    operation: "update webhook",
    method: "POST",
    path: apiPath`/accounts/${accountId}/webhooks/${id}`,
    body: { data: doc },
    repeatable: true,
  });
  return webhookResponse.parse(response.body).data;
}

/** True when it was deleted now, false when it was already gone (Kazoo deletes are soft; a repeat is 404). */
export async function deleteWebhook(api: Session, accountId: string, id: string): Promise<boolean> {
  const response = await api.call({
    operation: "delete webhook",
    method: "DELETE",
    path: apiPath`/accounts/${accountId}/webhooks/${id}`,
    accept: [404],
  });
  return response.status !== 404;
}

export async function listAttempts(
  api: Session,
  accountId: string,
  webhookId?: string,
): Promise<WebhookAttempt[]> {
  const path =
    webhookId === undefined
      ? apiPath`/accounts/${accountId}/webhooks/attempts`
      : apiPath`/accounts/${accountId}/webhooks/${webhookId}/attempts`;
  const response = await api.call({ operation: "list webhook attempts", method: "GET", path });
  return attemptsResponse.parse(response.body).data.map(attemptFromWire);
}
