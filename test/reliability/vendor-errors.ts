/**
 * Every documented error of a vendor, and the undocumented shapes real APIs produce (5xx with and without a body,
 * malformed JSON, HTML error pages, empty bodies), injected in front of one create: the provider must turn each
 * into one readable line with the vendor's own code and message, and no secret.
 */
import type { FaultInjector } from "../emulators/core";
import { ERZYCALL_TEST_KEY, startErzycallEmulator } from "../emulators/erzycall";
import { webhookProvider as erzycallWebhook } from "../../provider/erzycall/provider";

export interface ErrorCase {
  name: string;
  status: number;
  /** Raw response body; JSON unless `contentType` says otherwise. */
  body?: string;
  contentType?: string;
  /** What the one line must contain, beyond the vendor, the operation and the status. */
  expect: RegExp;
}

export interface ErrorSuite {
  /** "Erzycall": how the line starts. */
  vendor: string;
  /** The operation words the line carries, e.g. "create webhook". */
  operation: string;
  /** Path and method of the create request the error replaces. */
  method: string;
  path: string | RegExp;
  cases: ErrorCase[];
  /** Starts the emulator and points the provider at it through the environment; returns what the suite needs. */
  start(): Promise<{ faults: FaultInjector; create(): Promise<unknown>; secrets: string[]; close(): Promise<void> }>;
}

const json = (value: unknown) => JSON.stringify(value);

/** Cases every vendor faces whatever its envelope. */
export function commonCases(): ErrorCase[] {
  return [
    { name: "500 without a body", status: 500, body: "", expect: /HTTP 500 .*empty response body/ },
    { name: "502 HTML error page", status: 502, body: "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", contentType: "text/html", expect: /HTTP 502 .*HTML error page: 502 Bad Gateway/ },
    { name: "503 malformed JSON", status: 503, body: '{"error": {"code": "UNAVAIL', expect: /HTTP 503 .*unreadable response body \(\d+ bytes, not JSON\)/ },
    { name: "504 empty", status: 504, body: "", expect: /HTTP 504 .*empty response body/ },
  ];
}

export function erzycallCases(): ErrorCase[] {
  const envelope = (code: string, message: string, details?: unknown) => json({ error: { code, message, ...(details ? { details } : {}) } });
  return [
    { name: "400 VALIDATION_ERROR with details", status: 400, body: envelope("VALIDATION_ERROR", "Request validation failed", [{ field: "url", message: "must be https" }]), expect: /HTTP 400 VALIDATION_ERROR "Request validation failed".*url: must be https/ },
    { name: "400 INVALID_JSON", status: 400, body: envelope("INVALID_JSON", "Body is not valid JSON"), expect: /INVALID_JSON "Body is not valid JSON"/ },
    { name: "401 UNAUTHORIZED", status: 401, body: envelope("UNAUTHORIZED", "Invalid API key"), expect: /HTTP 401 UNAUTHORIZED "Invalid API key".*erzycall:apiKey \/ ERZYCALL_API_KEY/ },
    { name: "401 KEY_EXPIRED", status: 401, body: envelope("KEY_EXPIRED", "API key expired"), expect: /KEY_EXPIRED "API key expired".*create a new API key/ },
    { name: "401 KEY_REVOKED", status: 401, body: envelope("KEY_REVOKED", "API key revoked"), expect: /KEY_REVOKED "API key revoked".*create a new API key/ },
    { name: "403 INSUFFICIENT_SCOPE", status: 403, body: envelope("INSUFFICIENT_SCOPE", "Missing scope webhooks:write"), expect: /HTTP 403 INSUFFICIENT_SCOPE "Missing scope webhooks:write".*webhooks:read and webhooks:write/ },
    { name: "404 NOT_FOUND", status: 404, body: envelope("NOT_FOUND", "Not found"), expect: /HTTP 404 NOT_FOUND "Not found"/ },
    { name: "409 CONFLICT", status: 409, body: envelope("CONFLICT", "Duplicate resource"), expect: /HTTP 409 CONFLICT "Duplicate resource"/ },
    { name: "409 IDEMPOTENCY_MISMATCH", status: 409, body: envelope("IDEMPOTENCY_MISMATCH", "Key reused with a different body"), expect: /IDEMPOTENCY_MISMATCH "Key reused with a different body"/ },
    { name: "422 MAX_ENDPOINTS", status: 422, body: envelope("MAX_ENDPOINTS", "Maximum of 5 webhook endpoints per organization reached"), expect: /HTTP 422 MAX_ENDPOINTS .*allows 5 endpoints per organization/ },
    { name: "429 RATE_LIMITED past the retry budget", status: 429, body: envelope("RATE_LIMITED", "Rate limit exceeded. Retry after 0s"), expect: /HTTP 429 RATE_LIMITED "Rate limit exceeded\. Retry after 0s".*60 requests a minute/ },
    { name: "500 INTERNAL_ERROR", status: 500, body: envelope("INTERNAL_ERROR", "Unexpected failure"), expect: /HTTP 500 INTERNAL_ERROR "Unexpected failure"/ },
    { name: "error echoing the API key", status: 401, body: envelope("UNAUTHORIZED", "Invalid API key ek_test_emulatordefaultkey0001"), expect: /UNAUTHORIZED "Invalid API key \[redacted\]"/ },
    ...commonCases(),
  ];
}

export const ERROR_SUITES: ErrorSuite[] = [
  {
    vendor: "Erzycall",
    operation: "create webhook",
    method: "POST",
    path: "/api/v1/webhooks",
    cases: erzycallCases(),
    async start() {
      const emulator = await startErzycallEmulator();
      process.env.ERZYCALL_API_KEY = ERZYCALL_TEST_KEY;
      process.env.ERZYCALL_BASE_URL = emulator.url;
      return {
        faults: emulator.faults,
        create: () => erzycallWebhook.create!({ url: "https://hooks.example.com/errors", events: ["call.ended"], active: true }),
        secrets: [ERZYCALL_TEST_KEY],
        close: () => emulator.close(),
      };
    },
  },
];
