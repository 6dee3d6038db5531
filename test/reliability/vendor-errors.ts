/**
 * Every documented error of a vendor, and the undocumented shapes real APIs produce (5xx with and without a body,
 * malformed JSON, HTML error pages, empty bodies), injected in front of one create: the provider must turn each
 * into one readable line with the vendor's own code and message, and no secret.
 */
import type { FaultInjector } from "../emulators/core";
import { CONVERSANT_TEST_ACCOUNT, CONVERSANT_TEST_TOKEN, startConversantEmulator } from "../emulators/conversant";
import { ERZYCALL_TEST_KEY, startErzycallEmulator } from "../emulators/erzycall";
import { webhookProvider as conversantWebhook } from "../../provider/conversant/provider";
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

export function conversantCases(): ErrorCase[] {
  const envelope = (status: number, message: string, data: unknown) => json({ status: "error", error: String(status), message, data, request_id: "req-1", auth_token: CONVERSANT_TEST_TOKEN });
  return [
    { name: "400 validation error keyed by field and rule", status: 400, body: envelope(400, "validation error", { retries: { maximum: { message: "Value must be at most 4", target: 4, value: 9 } } }), expect: /HTTP 400 validation error \[retries: Value must be at most 4 \(maximum\)\] \(request req-1\)$/ },
    { name: "400 missing hook modifier, named as the property", status: 400, body: envelope(400, "validation error", { "custom_data.type": { required: { message: "missing required modifier" } } }), expect: /\[customData\.type: missing required modifier \(required\)\]/ },
    { name: "400 invalid client URL", status: 400, body: envelope(400, "validation error", { uri: { format: { message: "invalid client URL" } } }), expect: /\[url: invalid client URL \(format\)\]/ },
    { name: "400 older invalid data shape", status: 400, body: envelope(400, "invalid data", { name: { required: { message: "Field is required but missing" } } }), expect: /HTTP 400 invalid data \[name: Field is required but missing \(required\)\]/ },
    { name: "401 v1 bare string", status: 401, body: envelope(401, "invalid_credentials", "invalid credentials"), expect: /HTTP 401 invalid_credentials "invalid credentials" \(request req-1\)\. check conversant:authToken \/ CONVERSANT_AUTH_TOKEN/ },
    { name: "401 v2 object", status: 401, body: envelope(401, "invalid_credentials", { message: "invalid credentials" }), expect: /HTTP 401 invalid_credentials \[invalid credentials\].*conversant:authToken/ },
    { name: "403 forbidden", status: 403, body: envelope(403, "forbidden", "forbidden"), expect: /HTTP 403 forbidden "forbidden".*only its own and its sub-accounts/ },
    { name: "404 bad_identifier", status: 404, body: envelope(404, "bad_identifier", { cause: "x", message: "bad identifier" }), expect: /HTTP 404 bad_identifier \[bad identifier\]/ },
    { name: "405 method_not_allowed", status: 405, body: envelope(405, "method_not_allowed", "method not allowed"), expect: /HTTP 405 method_not_allowed "method not allowed"/ },
    { name: "409 datastore_conflict on every id", status: 409, body: envelope(409, "datastore_conflict", "conflict"), expect: /HTTP 409 datastore_conflict "conflict"/ },
    { name: "429 past the retry budget", status: 429, body: envelope(429, "too many requests", "too many requests"), expect: /HTTP 429 too many requests .*Kazoo's rate limit was hit/ },
    { name: "500 datastore_fault", status: 500, body: envelope(500, "datastore_fault", "datastore fault"), expect: /HTTP 500 datastore_fault "datastore fault"/ },
    { name: "error echoing the token", status: 401, body: envelope(401, "invalid_credentials", `invalid credentials ${CONVERSANT_TEST_TOKEN}`), expect: /invalid_credentials "invalid credentials \[redacted\]"/ },
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
  {
    vendor: "Conversant",
    operation: "create webhook",
    method: "PUT",
    path: `/v1/accounts/${CONVERSANT_TEST_ACCOUNT}/webhooks`,
    cases: conversantCases(),
    async start() {
      const emulator = await startConversantEmulator();
      process.env.CONVERSANT_AUTH_TOKEN = CONVERSANT_TEST_TOKEN;
      process.env.CONVERSANT_ACCOUNT_ID = CONVERSANT_TEST_ACCOUNT;
      process.env.CONVERSANT_BASE_URL = emulator.url;
      const inputs = { accountId: CONVERSANT_TEST_ACCOUNT, name: "errors", url: "https://hooks.example.com/errors", hook: "channel_create", httpVerb: "post", retries: 2, format: "form-data", enabled: true, customData: {}, includeSubaccounts: false, includeInternalLegs: true };
      return {
        faults: emulator.faults,
        create: () => conversantWebhook.create!(inputs),
        secrets: [CONVERSANT_TEST_TOKEN],
        close: () => emulator.close(),
      };
    },
  },
];
