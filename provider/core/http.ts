import type { Dispatcher } from "undici";
import { baseUrlSettingOf, describeSetting } from "./credentials";
import { codeForStatus, WebhookApiError, type VendorErrorInfo } from "./errors";
import { PaceBudgetSpent, paceFor, type Permit, type RateLimit } from "./pacing";
import { budgetSpentError, waitReporter } from "./pacing-report";
import { registerSecret } from "./redact";
import { loadUndiciParts, type UndiciParts } from "./undici-parts";
import {
  NOT_SENT_ERRORS,
  TLS_HANDSHAKE_ERRORS,
  rateLimitBudgetMs,
  retryDelay,
  retrySettings,
  RETRYABLE_STATUSES,
} from "./retry-policy";

/** One vendor API as seen by the transport: where it is, how to authenticate, how to read its errors. */
export interface ApiTarget {
  /** Display name, e.g. "Erzycall". */
  vendor: string;
  /** Origin plus any fixed prefix, without a trailing slash. */
  baseUrl: string;
  /** Authentication headers; every value is registered for redaction. */
  headers: Record<string, string>;
  /** Reads the vendor's error envelope. */
  parseError(body: unknown): VendorErrorInfo;
  /** Reads an error body that is not JSON, for a vendor whose error bodies are documented as free text. */
  parseText?(text: string): VendorErrorInfo | undefined;
  /** What the user should do about a failure, in the vendor's terms. */
  hint?(status: number, error: VendorErrorInfo): string | undefined;
  /** The vendor's documented request limit per account, which requests are paced to; none when undocumented. */
  rateLimit?: RateLimit;
}

export interface ApiCall {
  /** Human words for the error line, e.g. "create webhook". */
  operation: string;
  method: Dispatcher.HttpMethod;
  /** Path below `baseUrl`, already encoded (use `apiPath`). */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Sent as Idempotency-Key; makes a write safe to retry. */
  idempotencyKey?: string;
  /** Statuses returned to the caller instead of thrown (e.g. 404 in a read or delete). */
  accept?: number[];
  /**
   * Sending it twice has the effect of sending it once (a PATCH or POST of absolute values, a full
   * replace), so it may be repeated after a lost response like GET, PUT and DELETE are. `false` says
   * a PUT is not (one that creates and may be given a new id each time): the caller settles it.
   */
  repeatable?: boolean;
  /**
   * The vendor documents a body on a method that usually has none (a DELETE carrying a JSON list), so its
   * server reads that body: keep the connection. undici otherwise closes the connection after such a request,
   * in case the server left the body unread, and every DELETE then costs a new connection.
   */
  bodyReadByServer?: boolean;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const REPEATABLE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
/** What the call says, else what its method and headers say. */
function repeatableOf(
  method: string,
  headers: Record<string, string>,
  declared: boolean | undefined,
): boolean {
  return declared ?? (REPEATABLE_METHODS.has(method) || "idempotency-key" in headers);
}

/** Carries `ApiCall.repeatable` through undici's dispatch options to the retry decision. */
const REPEATABLE_OPTION = "pulumiWebhooksRepeatable";

/**
 * One dispatcher for the whole host process: undici keeps a keep-alive pool per origin, proxies
 * come from HTTPS_PROXY/NO_PROXY, and the retry interceptor replays requests our policy allows.
 */
let sharedDispatcher: Dispatcher | undefined;

/**
 * undici loads with the first request, not with the provider: a host that only checks and diffs (a no-op
 * `pulumi up`, a preview) never pays for it (about 45 ms of every host's first operation, measured), and only the
 * parts this file uses (./undici-parts).
 */
let undiciParts: UndiciParts | undefined;
const undici = (): UndiciParts => (undiciParts ??= loadUndiciParts());

function dispatcher(): Dispatcher {
  if (sharedDispatcher) return sharedDispatcher;
  const connection = { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: 32 };
  const proxied =
    process.env.HTTPS_PROXY || process.env.https_proxy || process.env.HTTP_PROXY || process.env.http_proxy;
  const { Agent, EnvHttpProxyAgent, retry } = undici();
  const base: Dispatcher = proxied ? new (EnvHttpProxyAgent())(connection) : new Agent(connection);
  sharedDispatcher = base.compose(
    retry({
      throwOnError: false,
      statusCodes: RETRYABLE_STATUSES,
      retry(err, { state, opts }, callback) {
        const failure = err as Error & {
          statusCode?: number;
          code?: string;
          headers?: Record<string, string | string[] | undefined>;
        };
        const headers = (opts.headers ?? {}) as Record<string, string>;
        const delay = retryDelay(
          {
            statusCode: failure.statusCode,
            errorCode: failure.statusCode === undefined ? failure.code : undefined,
            headers: failure.headers,
            attempt: state.counter,
            repeatable: repeatableOf(
              opts.method,
              headers,
              (opts as unknown as Record<string, unknown>)[REPEATABLE_OPTION] as boolean | undefined,
            ),
          },
          retrySettings(),
        );
        if (delay === undefined) return callback(err);
        // Not unref'd: a retry pending is an operation in flight, and the process must wait for it.
        setTimeout(() => callback(null), delay);
        return null;
      },
    }),
  );
  return sharedDispatcher;
}

function timeoutMs(): number {
  const raw = Number(process.env.PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS);
  return Number.isFinite(raw) && raw > 0 ? raw : 30_000;
}

/** Encodes each interpolated segment; an empty or missing one is a bug, not a request. */
export function apiPath(
  strings: TemplateStringsArray,
  ...segments: Array<string | number | undefined>
): string {
  return strings.reduce((path, text, index) => {
    if (index === 0) return text;
    const segment = segments[index - 1];
    if (segment === undefined || segment === "")
      throw new Error(`missing path segment in ${strings.join("{}")}`);
    return path + encodeURIComponent(String(segment)) + text;
  }, "");
}

/**
 * Sends one call (with retries), parses JSON, and turns any unaccepted non-2xx into a WebhookApiError. Each attempt
 * waits for a token of the account's pace; a 429 is waited on (the whole account slows) until the time budget for
 * rate limits is spent, whatever the count.
 */
export async function callApi(target: ApiTarget, call: ApiCall): Promise<ApiResponse> {
  const url = new URL(target.baseUrl + call.path);
  for (const [key, value] of Object.entries(call.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  // Auth header values are credentials whatever their source: never let a vendor echo one back.
  Object.values(target.headers).forEach(registerSecret);
  const headers: Record<string, string> = {
    accept: "application/json",
    "user-agent": "pulumi-webhooks",
    ...target.headers,
  };
  let payload: string | undefined;
  if (call.body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(call.body);
  }
  if (call.idempotencyKey) headers["idempotency-key"] = call.idempotencyKey;
  const options = {
    method: call.method,
    headers,
    body: payload,
    dispatcher: dispatcher(),
    headersTimeout: timeoutMs(),
    bodyTimeout: timeoutMs(),
    [REPEATABLE_OPTION]: call.repeatable,
    ...(call.bodyReadByServer && payload !== undefined ? { reset: false } : {}),
  };

  // The account is who the vendor counts requests against: its credential, kept only as a hash.
  const pace = paceFor(target.baseUrl, Object.values(target.headers).join("\n"), target.rateLimit, () =>
    waitReporter(target.vendor, target.rateLimit),
  );
  const started = Date.now();
  const deadline = started + rateLimitBudgetMs();
  let refusal: { statusCode: number; vendorError: VendorErrorInfo } | undefined;
  for (;;) {
    let permit: Permit;
    try {
      permit = await pace.acquire(deadline);
    } catch (error) {
      if (!(error instanceof PaceBudgetSpent)) throw error;
      throw budgetSpentError({
        vendor: target.vendor,
        operation: call.operation,
        limit: target.rateLimit,
        waitedMs: Date.now() - started,
        refusal,
      });
    }
    let response: Dispatcher.ResponseData;
    try {
      response = await undici().request(url, options);
    } catch (error) {
      throw transportError(target, call, error);
    } finally {
      permit.answered();
    }
    const text = await response.body.text();
    const body = parseJson(text);
    const vendorError = () =>
      body === undefined ? (target.parseText?.(text) ?? describeNonJson(text)) : target.parseError(body);
    if (response.statusCode === 429 && !call.accept?.includes(429)) {
      // Refused before it was carried out: safe to send again, for any method.
      pace.refused(response.headers, retrySettings().maxDelayMs, permit.grantedAt);
      refusal = { statusCode: 429, vendorError: vendorError() };
      continue;
    }
    pace.answered(response.headers, retrySettings().maxDelayMs);
    if (
      (response.statusCode >= 200 && response.statusCode < 300) ||
      call.accept?.includes(response.statusCode)
    ) {
      return { status: response.statusCode, headers: response.headers, body };
    }
    const info = vendorError();
    throw new WebhookApiError({
      code: codeForStatus(response.statusCode),
      vendor: target.vendor,
      operation: call.operation,
      statusCode: response.statusCode,
      vendorError: info,
      hint: target.hint?.(response.statusCode, info) ?? foreignAnswerHint(target, response.statusCode, info),
    });
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An HTML error page or a truncated body: say what it was, never dump it. */
function describeNonJson(text: string): VendorErrorInfo {
  if (text.trim() === "") return { message: "empty response body", unreadable: true };
  if (/^\s*</.test(text)) {
    const title = /<title>([^<]{1,120})<\/title>/i.exec(text)?.[1];
    return { message: title ? `HTML error page: ${title.trim()}` : "HTML error page", unreadable: true };
  }
  return { message: `unreadable response body (${text.length} bytes, not JSON)`, unreadable: true };
}

/**
 * "Not found" or "method not allowed" in a body the vendor's format does not explain is what a server other than
 * the vendor's API says (a wrong host, port or path in the base URL): name the setting rather than leave a bare
 * 404. A 404 in the vendor's own words (a webhook that is gone) keeps the vendor's meaning.
 */
function foreignAnswerHint(target: ApiTarget, status: number, info: VendorErrorInfo): string | undefined {
  if ((status !== 404 && status !== 405) || info.unreadable !== true) return undefined;
  const setting = baseUrlSettingOf(target.vendor);
  const where = setting ? ` (${describeSetting(setting)})` : "";
  return `the answer is not in ${target.vendor}'s error format, so it may not come from ${target.vendor}'s API: check the base URL${where}`;
}

function transportError(target: ApiTarget, call: ApiCall, error: unknown): WebhookApiError {
  const failure = error as Error & { code?: string };
  const timedOut = failure.code === "UND_ERR_HEADERS_TIMEOUT" || failure.code === "UND_ERR_BODY_TIMEOUT";
  const origin = new URL(target.baseUrl).origin;
  if (failure.code !== undefined && NOT_SENT_ERRORS.has(failure.code)) {
    // No connection was made: nothing reached the vendor, whatever the method. Most often a wrong base URL.
    const setting = baseUrlSettingOf(target.vendor);
    return new WebhookApiError({
      code: "WH_NETWORK",
      vendor: target.vendor,
      operation: call.operation,
      cause: TLS_HANDSHAKE_ERRORS.has(failure.code)
        ? `could not connect to ${origin} (TLS handshake failed: ${failure.code}); nothing was sent`
        : `could not connect to ${origin} (${failure.code}); nothing was sent`,
      hint: setting
        ? `check the base URL (${describeSetting(setting)}), or whether ${target.vendor} is reachable from here`
        : `check the base URL, or whether ${target.vendor} is reachable from here`,
      nothingSent: true,
    });
  }
  return new WebhookApiError({
    code: timedOut ? "WH_TIMEOUT" : "WH_NETWORK",
    vendor: target.vendor,
    operation: call.operation,
    cause: timedOut
      ? `no response from ${origin} within ${timeoutMs()} ms (PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS)`
      : `could not reach ${origin}: ${failure.code ?? failure.message}`,
    // A write cut off by the timeout may have landed all the same: only a read can promise nothing changed.
    hint:
      call.method === "GET"
        ? "retry later; nothing was changed by this step"
        : "the request may or may not have been applied; run `pulumi refresh` before retrying",
  });
}
