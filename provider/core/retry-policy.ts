/**
 * When and how long to wait before retrying, for undici's retry interceptor. Separate from the
 * transport so it can be tested as a table.
 */
import { readSetting } from "./credentials";

/**
 * Statuses that mean "try again later" because the gateway failed. A 429 is not among them: it is waited on by the
 * account's pace (pacing.ts), bounded by time, not by a count.
 */
export const RETRYABLE_STATUSES = [502, 503, 504];
/** Statuses safe to retry even for a write that is not idempotent: nothing was applied. */
const NOT_APPLIED_STATUSES = new Set([503]);
/**
 * TLS failures that only a handshake raises: certificate checks (OpenSSL's verify results and Node's host name
 * check) and the handshake's own errors, e.g. `https://` to a port that speaks plain HTTP
 * (ERR_SSL_WRONG_VERSION_NUMBER).
 */
export const TLS_HANDSHAKE_ERRORS: ReadonlySet<string> = new Set([
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "HOSTNAME_MISMATCH",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "CERT_SIGNATURE_FAILURE",
  "CERT_CHAIN_TOO_LONG",
  "INVALID_CA",
  "INVALID_PURPOSE",
  "PATH_LENGTH_EXCEEDED",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ERR_SSL_PACKET_LENGTH_TOO_LONG",
  "ERR_SSL_UNSUPPORTED_PROTOCOL",
  "ERR_SSL_NO_PROTOCOLS_AVAILABLE",
  "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION",
  "ERR_SSL_TLSV1_ALERT_UNRECOGNIZED_NAME",
  "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
]);

/**
 * Connection failures where the request never reached the server, each with how many quick retries it gets. A
 * refused connection or an unknown host is almost always a wrong base URL or a vendor that is down, which no
 * back-off mends: the user should hear it at once, not after a quarter of a minute.
 */
export const NOT_SENT_ERRORS: ReadonlyMap<string, number> = new Map([
  // The name does not exist: asking again gets the same answer.
  ["ENOTFOUND", 0],
  // Nothing listens there (or no route): one retry covers a server or a link that was restarting.
  ["ECONNREFUSED", 1],
  ["EHOSTUNREACH", 1],
  ["ENETUNREACH", 1],
  // undici's connect timeout: the TCP connection never completed, so no byte of the request left.
  ["UND_ERR_CONNECT_TIMEOUT", 1],
  // The resolver did not answer in time: transient by definition.
  ["EAI_AGAIN", 2],
  // The TLS handshake failed: undici writes a request only once the handshake is done, so none left. Asking again
  // meets the same server and the same certificate.
  ...[...TLS_HANDSHAKE_ERRORS].map((code): [string, number] => [code, 0]),
]);
/** Connection failures after which the request may or may not have been applied. */
const AMBIGUOUS_ERRORS = new Set([
  "ECONNRESET",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);

export interface RetrySettings {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** Read at call time, so a test or a user can tune them without restarting anything. */
export function retrySettings(): RetrySettings {
  return {
    maxRetries: envNumber("PULUMI_WEBHOOKS_MAX_RETRIES", 5),
    baseDelayMs: envNumber("PULUMI_WEBHOOKS_RETRY_BASE_MS", 500),
    maxDelayMs: envNumber("PULUMI_WEBHOOKS_RETRY_MAX_MS", 30_000),
  };
}

/** Where the time budget for waiting on a vendor's rate limit is set. */
export const RATE_LIMIT_BUDGET = {
  configKey: "pulumi-webhooks:rateLimitBudgetMs",
  envVar: "PULUMI_WEBHOOKS_RATE_LIMIT_BUDGET_MS",
};

/** How long one request may wait on its vendor's rate limit (default 10 minutes), read at call time. */
export function rateLimitBudgetMs(): number {
  const raw = readSetting(RATE_LIMIT_BUDGET);
  const value = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : 600_000;
}

export interface FailedAttempt {
  /** HTTP status, when a response arrived. */
  statusCode?: number;
  /** Error code (ECONNRESET, UND_ERR_SOCKET, ...), when none did. */
  errorCode?: string;
  headers?: Record<string, string | string[] | undefined>;
  /** 1 for the first retry. */
  attempt: number;
  /** Whether repeating the request cannot apply it twice (safe method, or an idempotency key). */
  repeatable: boolean;
}

/** Milliseconds to wait before the next attempt, or undefined to give up. */
export function retryDelay(
  failure: FailedAttempt,
  settings: RetrySettings,
  random: () => number = Math.random,
): number | undefined {
  if (failure.attempt > settings.maxRetries) return undefined;
  const notSentRetries = notSentRetriesOf(failure);
  if (notSentRetries !== undefined) {
    if (failure.attempt > notSentRetries) return undefined;
    // Quick and flat: these retries only cover a blip, and the next attempt connects or fails at once.
    const step = Math.min(settings.baseDelayMs, settings.maxDelayMs);
    return Math.round(step / 2 + random() * (step / 2));
  }
  if (!isRetryable(failure)) return undefined;
  const requested = serverRequestedDelay(failure.headers);
  if (requested !== undefined) return Math.min(requested, settings.maxDelayMs);
  // Exponential backoff with "equal jitter": never less than half the step, so retries spread out.
  const step = Math.min(settings.baseDelayMs * 2 ** (failure.attempt - 1), settings.maxDelayMs);
  return Math.round(step / 2 + random() * (step / 2));
}

function isRetryable(failure: FailedAttempt): boolean {
  if (failure.statusCode !== undefined) {
    if (!RETRYABLE_STATUSES.includes(failure.statusCode)) return false;
    return failure.repeatable || NOT_APPLIED_STATUSES.has(failure.statusCode);
  }
  if (failure.errorCode === undefined) return false;
  return failure.repeatable && AMBIGUOUS_ERRORS.has(failure.errorCode);
}

function notSentRetriesOf(failure: FailedAttempt): number | undefined {
  if (failure.statusCode !== undefined || failure.errorCode === undefined) return undefined;
  return NOT_SENT_ERRORS.get(failure.errorCode);
}

function header(headers: FailedAttempt["headers"], name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Retry-After (seconds or an HTTP date), else a rate-limit reset time when the window is exhausted. */
export function serverRequestedDelay(
  headers: FailedAttempt["headers"],
  now: number = Date.now(),
): number | undefined {
  const retryAfter = header(headers, "retry-after");
  if (retryAfter !== undefined && retryAfter.trim() !== "") {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  if (header(headers, "x-ratelimit-remaining") === "0") {
    const reset = Number(header(headers, "x-ratelimit-reset"));
    if (Number.isFinite(reset) && reset > 0) {
      // Unix seconds, or (some vendors) seconds until reset.
      const ms = reset > 1e9 ? reset * 1000 - now : reset * 1000;
      return Math.max(0, ms);
    }
  }
  return undefined;
}
