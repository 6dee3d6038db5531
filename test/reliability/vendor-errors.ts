/**
 * Every documented error of a vendor, and the undocumented shapes real APIs produce (5xx with and without a body,
 * malformed JSON, HTML error pages, empty bodies), injected in front of one create: the provider must turn each
 * into one readable line with the vendor's own code and message, and no secret. timeouts.test.ts drives the same
 * suites (one create per vendor, pointed at its emulator) with requests that never get an answer.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CONVIRZA_TEST_TOKEN, startConvirzaEmulator } from "../emulators/convirza";
import type { FaultInjector } from "../emulators/core";
import { CONVERC_DEFAULT_ORG, CONVERC_TEST_KEY, startConvercEmulator } from "../emulators/converc";
import { ERZYCALL_DEFAULT_ORG, ERZYCALL_TEST_KEY, startErzycallEmulator } from "../emulators/erzycall";
import { webhookProvider as convirzaWebhook } from "../../provider/convirza/provider";
import { webhookProvider as convercWebhook } from "../../provider/converc/provider";
import {
  CONVERSANT_TEST_ACCOUNT,
  CONVERSANT_TEST_TOKEN,
  startConversantEmulator,
} from "../emulators/conversant";
import { webhookProvider as conversantWebhook } from "../../provider/conversant/provider";
import { webhookProvider as erzycallWebhook } from "../../provider/erzycall/provider";
import {
  SENDBLUE_DEFAULT_ACCOUNT,
  SENDBLUE_TEST_KEY_ID,
  SENDBLUE_TEST_SECRET_KEY,
  startSendblueEmulator,
} from "../emulators/sendblue";
import { webhookProvider as sendblueWebhook } from "../../provider/sendblue/provider";
import { MANIFEST, type VendorId } from "../../provider/manifest";
import { settingsEnv } from "../support/settings";

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
  /** "Erzycall": how the line starts (the manifest's display name). */
  vendor: string;
  /** The operation words the line carries, e.g. "create webhook". */
  operation: string;
  /** Path and method of the create request the error replaces. */
  method: string;
  path: string | RegExp;
  cases: ErrorCase[];
  /** Starts the emulator and points the provider at it through the environment; returns what the suite needs. */
  start(): Promise<SuiteRun>;
}

export interface SuiteRun {
  faults: FaultInjector;
  provider: pulumi.dynamic.ResourceProvider;
  /** The inputs of every create, checked, with the identity the SDK adds: the same resource every time. */
  inputs: Record<string, unknown>;
  /** One create of `inputs`, as the engine sends it. */
  create(): Promise<{ id: string }>;
  /** Ids of the vendor's live objects, read from the emulator's store. */
  objects(): string[];
  secrets: string[];
  close(): Promise<void>;
}

/** The hidden identity input the SDK sends, the same for every create of a suite (as across `pulumi up` runs). */
const identity = { __identity: "reliability::test::errors" };

/** A suite's run, its create made from its provider and inputs. */
function suiteRun(run: Omit<SuiteRun, "create">): SuiteRun {
  return { ...run, create: () => run.provider.create!(run.inputs) };
}

const json = (value: unknown) => JSON.stringify(value);

/** Cases every vendor faces whatever its envelope. */
export function commonCases(): ErrorCase[] {
  return [
    { name: "500 without a body", status: 500, body: "", expect: /HTTP 500 .*empty response body/ },
    {
      name: "502 HTML error page",
      status: 502,
      body: "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
      contentType: "text/html",
      expect: /HTTP 502 .*HTML error page: 502 Bad Gateway/,
    },
    {
      name: "503 malformed JSON",
      status: 503,
      body: '{"error": {"code": "UNAVAIL',
      expect: /HTTP 503 .*unreadable response body \(\d+ bytes, not JSON\)/,
    },
    { name: "504 empty", status: 504, body: "", expect: /HTTP 504 .*empty response body/ },
  ];
}

export function erzycallCases(): ErrorCase[] {
  const envelope = (code: string, message: string, details?: unknown) =>
    json({ error: { code, message, ...(details ? { details } : {}) } });
  return [
    {
      name: "400 VALIDATION_ERROR with details",
      status: 400,
      body: envelope("VALIDATION_ERROR", "Request validation failed", [
        { field: "url", message: "must be https" },
      ]),
      expect: /HTTP 400 VALIDATION_ERROR "Request validation failed".*url: must be https/,
    },
    {
      name: "400 INVALID_JSON",
      status: 400,
      body: envelope("INVALID_JSON", "Body is not valid JSON"),
      expect: /INVALID_JSON "Body is not valid JSON"/,
    },
    {
      name: "401 UNAUTHORIZED",
      status: 401,
      body: envelope("UNAUTHORIZED", "Invalid API key"),
      expect: /HTTP 401 UNAUTHORIZED "Invalid API key".*erzycall:apiKey \/ ERZYCALL_API_KEY/,
    },
    {
      name: "401 KEY_EXPIRED",
      status: 401,
      body: envelope("KEY_EXPIRED", "API key expired"),
      expect: /KEY_EXPIRED "API key expired".*Create a new API key/,
    },
    {
      name: "401 KEY_REVOKED",
      status: 401,
      body: envelope("KEY_REVOKED", "API key revoked"),
      expect: /KEY_REVOKED "API key revoked".*Create a new API key/,
    },
    {
      name: "403 INSUFFICIENT_SCOPE",
      status: 403,
      body: envelope("INSUFFICIENT_SCOPE", "Missing scope webhooks:write"),
      expect: /HTTP 403 INSUFFICIENT_SCOPE "Missing scope webhooks:write".*webhooks:read and webhooks:write/,
    },
    {
      name: "404 NOT_FOUND",
      status: 404,
      body: envelope("NOT_FOUND", "Not found"),
      expect: /HTTP 404 NOT_FOUND "Not found"/,
    },
    {
      name: "409 CONFLICT",
      status: 409,
      body: envelope("CONFLICT", "Duplicate resource"),
      expect: /HTTP 409 CONFLICT "Duplicate resource"/,
    },
    {
      name: "409 IDEMPOTENCY_MISMATCH",
      status: 409,
      body: envelope("IDEMPOTENCY_MISMATCH", "Key reused with a different body"),
      expect: /IDEMPOTENCY_MISMATCH "Key reused with a different body"/,
    },
    {
      name: "422 MAX_ENDPOINTS",
      status: 422,
      body: envelope("MAX_ENDPOINTS", "Maximum of 5 webhook endpoints per organization reached"),
      expect: /HTTP 422 MAX_ENDPOINTS .*allows 5 endpoints per organization/,
    },
    {
      name: "429 RATE_LIMITED past the time budget",
      status: 429,
      body: envelope("RATE_LIMITED", "Rate limit exceeded. Retry after 0s"),
      expect:
        /HTTP 429 RATE_LIMITED "Rate limit exceeded\. Retry after 0s" waited [\d.]+ s on Erzycall's rate limit \(60 requests a minute and 1,000 an hour, per API key\); the request was not applied\. Allow a longer wait with pulumi-webhooks:rateLimitBudgetMs/,
    },
    {
      name: "500 INTERNAL_ERROR",
      status: 500,
      body: envelope("INTERNAL_ERROR", "Unexpected failure"),
      expect: /HTTP 500 INTERNAL_ERROR "Unexpected failure"/,
    },
    {
      name: "error echoing the API key",
      status: 401,
      body: envelope("UNAUTHORIZED", "Invalid API key ek_test_emulatordefaultkey0001"),
      expect: /UNAUTHORIZED "Invalid API key \[redacted\]"/,
    },
    ...commonCases(),
  ];
}

/** Convirza's v3 envelope `{code, message, data: null, request_id}`, `errors` on validation [assumed for errors]. */
export function convirzaCases(): ErrorCase[] {
  const envelope = (code: number, message: string, extra: Record<string, unknown> = {}) =>
    json({
      code,
      message,
      data: null,
      ...extra,
      request_id: "550e8400-e29b-41d4-a716-446655440000",
      timestamp: "2026-01-20T12:34:56.789Z",
    });
  const request = /\(request 550e8400-e29b-41d4-a716-446655440000\)/;
  return [
    {
      name: "400 validation with field errors",
      status: 400,
      body: envelope(400, "Validation failed", {
        errors: [{ field: "format", message: "must be one of JSON, XML" }],
      }),
      expect:
        /HTTP 400 "Validation failed" \[format: must be one of JSON, XML\] \(request 550e8400-.*check the webhook's inputs/,
    },
    {
      name: "400 without field errors",
      status: 400,
      body: envelope(400, "Bad request"),
      expect: /HTTP 400 "Bad request" \(request 550e8400-/,
    },
    {
      name: "401 expired token",
      status: 401,
      body: envelope(401, "Unauthorized"),
      expect: /HTTP 401 "Unauthorized" \(request 550e8400-.*\)\. Check convirza:token \/ CONVIRZA_TOKEN/,
    },
    {
      name: "401 OAuth-style body",
      status: 401,
      body: json({ error: "invalid_token", error_description: "The access token expired" }),
      expect: /HTTP 401 invalid_token "The access token expired"\. Check convirza:token/,
    },
    {
      name: "400 JSON that is no envelope",
      status: 400,
      body: json({ ok: false }),
      expect: /HTTP 400 "unrecognized error body"/,
    },
    { name: "403 forbidden", status: 403, body: envelope(403, "Forbidden"), expect: request },
    {
      name: "404 route",
      status: 404,
      body: envelope(404, "Route not found"),
      expect: /HTTP 404 "Route not found"/,
    },
    { name: "409 conflict", status: 409, body: envelope(409, "Conflict"), expect: /HTTP 409 "Conflict"/ },
    {
      name: "422 (never documented)",
      status: 422,
      body: envelope(422, "Unprocessable"),
      expect: /HTTP 422 "Unprocessable"/,
    },
    {
      name: "429 past the time budget",
      status: 429,
      body: envelope(429, "Too many requests"),
      expect:
        /HTTP 429 "Too many requests" .*waited [\d.]+ s on Convirza's rate limit; the request was not applied/,
    },
    {
      name: "500 with the envelope",
      status: 500,
      body: envelope(500, "Internal server error"),
      expect: /HTTP 500 "Internal server error" \(request 550e8400-.*retry later/,
    },
    {
      name: "body code disagreeing with the status",
      status: 400,
      body: envelope(200, "Success"),
      expect: /HTTP 400 "Success"/,
    },
    {
      name: "error echoing the token",
      status: 401,
      body: envelope(401, `Invalid token ${CONVIRZA_TEST_TOKEN}`),
      expect: /HTTP 401 "Invalid token \[redacted\]"/,
    },
    ...commonCases(),
  ];
}

/** Converc documents no error format: `{"error": "..."}` is what the emulator assumes; the line carries the text. */
export function convercCases(): ErrorCase[] {
  const envelope = (message: string) => json({ error: message });
  return [
    {
      name: "400 missing url",
      status: 400,
      body: envelope("url is required"),
      expect: /HTTP 400 "url is required"$/,
    },
    {
      name: "400 unknown event",
      status: 400,
      body: envelope("Unknown event type: call.cancelled"),
      expect: /HTTP 400 "Unknown event type: call\.cancelled"$/,
    },
    {
      name: "401 Unauthorized",
      status: 401,
      body: envelope("Unauthorized"),
      expect: /HTTP 401 "Unauthorized"\. Check converc:apiKey \/ CONVERC_API_KEY/,
    },
    {
      name: "403 without a documented body",
      status: 403,
      body: json({ message: "Forbidden" }),
      expect: /HTTP 403 "Forbidden"\. Check converc:apiKey/,
    },
    { name: "404 Not found", status: 404, body: envelope("Not found"), expect: /HTTP 404 "Not found"$/ },
    {
      name: "429 past the time budget",
      status: 429,
      body: envelope("Too many requests"),
      expect:
        /HTTP 429 "Too many requests" waited [\d.]+ s on Converc's rate limit; the request was not applied/,
    },
    {
      name: "500 Internal error, after looking before each re-post",
      status: 500,
      body: envelope("Internal error"),
      expect: /HTTP 500 "Internal error"\. No answer to 3 attempts/,
    },
    {
      name: "an unrecognized JSON body",
      status: 400,
      body: json({ errors: [{ detail: "bad" }] }),
      expect: /HTTP 400 "unrecognized error body"$/,
    },
    {
      name: "error echoing the API key",
      status: 401,
      body: envelope(`Invalid API key ${CONVERC_TEST_KEY}`),
      expect: /"Invalid API key \[redacted\]"/,
    },
    {
      name: "error echoing a signing secret the provider never saw",
      status: 500,
      body: envelope(`bad secret ${"0a1b".repeat(16)}`),
      expect: /"bad secret \[redacted\]"/,
    },
    ...commonCases(),
  ];
}

/** Sendblue documents no error body; `{status:"ERROR", message, error}` is what its SDKs and CLI read. */
export function sendblueCases(): ErrorCase[] {
  const envelope = (message: string) => json({ status: "ERROR", message, error: message });
  return [
    {
      name: "400 with the error envelope",
      status: 400,
      body: envelope("Webhook URLs must use HTTPS"),
      expect: /HTTP 400 "Webhook URLs must use HTTPS"$/,
    },
    {
      name: "400 with only a message",
      status: 400,
      body: json({ status: "ERROR", message: "Invalid webhook type: nope" }),
      expect: /HTTP 400 "Invalid webhook type: nope"$/,
    },
    {
      name: "401",
      status: 401,
      body: envelope("Invalid API credentials"),
      expect:
        /HTTP 401 "Invalid API credentials".*sendblue:apiKeyId \/ SENDBLUE_API_KEY_ID and sendblue:apiSecretKey/,
    },
    {
      name: "403",
      status: 403,
      body: envelope("Forbidden"),
      expect: /HTTP 403 "Forbidden".*sendblue:apiSecretKey/,
    },
    {
      name: "429 past the time budget",
      status: 429,
      body: envelope("Too many requests"),
      expect:
        /HTTP 429 "Too many requests" waited [\d.]+ s on Sendblue's rate limit; the request was not applied/,
    },
    {
      name: "500 with the error envelope, after three writes confirmed missing",
      status: 500,
      body: envelope("Internal server error"),
      expect: /HTTP 500 "Internal server error"/,
    },
    {
      name: "error echoing the secret key",
      status: 401,
      body: envelope(`Invalid secret ${SENDBLUE_TEST_SECRET_KEY}`),
      expect: /"Invalid secret \[redacted\]"/,
    },
    ...commonCases(),
  ];
}

export function conversantCases(): ErrorCase[] {
  const envelope = (status: number, message: string, data: unknown) =>
    json({
      status: "error",
      error: String(status),
      message,
      data,
      request_id: "req-1",
      auth_token: CONVERSANT_TEST_TOKEN,
    });
  return [
    {
      name: "400 validation error keyed by field and rule",
      status: 400,
      body: envelope(400, "validation error", {
        retries: { maximum: { message: "Value must be at most 4", target: 4, value: 9 } },
      }),
      expect: /HTTP 400 validation error \[retries: Value must be at most 4 \(maximum\)\] \(request req-1\)$/,
    },
    {
      name: "400 missing hook modifier, named as the property",
      status: 400,
      body: envelope(400, "validation error", {
        "custom_data.type": { required: { message: "missing required modifier" } },
      }),
      expect: /\[customData\.type: missing required modifier \(required\)\]/,
    },
    {
      name: "400 invalid client URL",
      status: 400,
      body: envelope(400, "validation error", { uri: { format: { message: "invalid client URL" } } }),
      expect: /\[url: invalid client URL \(format\)\]/,
    },
    {
      name: "400 older invalid data shape",
      status: 400,
      body: envelope(400, "invalid data", {
        name: { required: { message: "Field is required but missing" } },
      }),
      expect: /HTTP 400 invalid data \[name: Field is required but missing \(required\)\]/,
    },
    {
      name: "401 v1 bare string",
      status: 401,
      body: envelope(401, "invalid_credentials", "invalid credentials"),
      expect:
        /HTTP 401 invalid_credentials "invalid credentials" \(request req-1\)\. Check conversant:authToken \/ CONVERSANT_AUTH_TOKEN/,
    },
    {
      name: "401 v2 object",
      status: 401,
      body: envelope(401, "invalid_credentials", { message: "invalid credentials" }),
      expect: /HTTP 401 invalid_credentials \[invalid credentials\].*conversant:authToken/,
    },
    {
      name: "403 forbidden",
      status: 403,
      body: envelope(403, "forbidden", "forbidden"),
      expect: /HTTP 403 forbidden "forbidden".*only its own and its sub-accounts/,
    },
    {
      name: "404 bad_identifier",
      status: 404,
      body: envelope(404, "bad_identifier", { cause: "x", message: "bad identifier" }),
      expect: /HTTP 404 bad_identifier \[bad identifier\]/,
    },
    {
      name: "405 method_not_allowed",
      status: 405,
      body: envelope(405, "method_not_allowed", "method not allowed"),
      expect: /HTTP 405 method_not_allowed "method not allowed"/,
    },
    {
      name: "409 datastore_conflict on every id",
      status: 409,
      body: envelope(409, "datastore_conflict", "conflict"),
      expect: /HTTP 409 datastore_conflict "conflict"/,
    },
    {
      name: "429 past the time budget",
      status: 429,
      body: envelope(429, "too many requests", "too many requests"),
      expect:
        /HTTP 429 too many requests .*waited [\d.]+ s on Conversant's rate limit \(100 requests at once, refilled at 10 per second, per account\)/,
    },
    {
      name: "500 datastore_fault",
      status: 500,
      body: envelope(500, "datastore_fault", "datastore fault"),
      expect: /HTTP 500 datastore_fault "datastore fault"/,
    },
    {
      name: "error echoing the token",
      status: 401,
      body: envelope(401, "invalid_credentials", `invalid credentials ${CONVERSANT_TEST_TOKEN}`),
      expect: /invalid_credentials "invalid credentials \[redacted\]"/,
    },
    ...commonCases(),
  ];
}

/** One suite per vendor of the manifest: its create, failing in every way the vendor documents. */
const SUITES_BY_VENDOR: Record<VendorId, Omit<ErrorSuite, "vendor">> = {
  convirza: {
    operation: "create webhook",
    method: "POST",
    path: "/v3/webhooks",
    cases: convirzaCases(),
    async start() {
      const emulator = await startConvirzaEmulator();
      Object.assign(
        process.env,
        settingsEnv("convirza", { token: CONVIRZA_TEST_TOKEN, baseUrl: emulator.url }),
      );
      const inputs = {
        ...(await convirzaWebhook.check!({}, { name: "errors", url: "https://hooks.example.com/errors" }))
          .inputs,
        ...identity,
      };
      return suiteRun({
        faults: emulator.faults,
        provider: convirzaWebhook,
        inputs,
        objects: () =>
          emulator.store
            .list()
            .filter((webhook) => webhook.webhook_status !== "deleted")
            .map((webhook) => String(webhook.webhook_id)),
        secrets: [CONVIRZA_TEST_TOKEN],
        close: () => emulator.close(),
      });
    },
  },
  converc: {
    operation: "create webhook",
    method: "POST",
    path: "/integrations/webhooks",
    cases: convercCases(),
    async start() {
      const emulator = await startConvercEmulator();
      Object.assign(process.env, settingsEnv("converc", { apiKey: CONVERC_TEST_KEY, baseUrl: emulator.url }));
      return suiteRun({
        faults: emulator.faults,
        provider: convercWebhook,
        inputs: {
          url: "https://hooks.example.com/errors",
          events: ["call.ended"],
          verifyDelivery: false,
          ...identity,
        },
        objects: () =>
          emulator.store
            .list(CONVERC_DEFAULT_ORG)
            .filter((endpoint) => endpoint.isActive)
            .map((endpoint) => endpoint.id),
        secrets: [CONVERC_TEST_KEY],
        close: () => emulator.close(),
      });
    },
  },
  erzycall: {
    operation: "create webhook",
    method: "POST",
    path: "/api/v1/webhooks",
    cases: erzycallCases(),
    async start() {
      const emulator = await startErzycallEmulator();
      Object.assign(
        process.env,
        settingsEnv("erzycall", { apiKey: ERZYCALL_TEST_KEY, baseUrl: emulator.url }),
      );
      return suiteRun({
        faults: emulator.faults,
        provider: erzycallWebhook,
        inputs: {
          url: "https://hooks.example.com/errors",
          events: ["call.ended"],
          active: true,
          ...identity,
        },
        objects: () => emulator.store.list(ERZYCALL_DEFAULT_ORG).map((endpoint) => endpoint.id),
        secrets: [ERZYCALL_TEST_KEY],
        close: () => emulator.close(),
      });
    },
  },
  sendblue: {
    operation: "add webhook",
    method: "POST",
    path: "/api/v2/account/webhooks",
    cases: sendblueCases(),
    async start() {
      const emulator = await startSendblueEmulator();
      Object.assign(
        process.env,
        settingsEnv("sendblue", {
          apiKeyId: SENDBLUE_TEST_KEY_ID,
          apiSecretKey: SENDBLUE_TEST_SECRET_KEY,
          baseUrl: emulator.url,
        }),
      );
      return suiteRun({
        faults: emulator.faults,
        provider: sendblueWebhook,
        inputs: {
          type: "receive",
          url: "https://hooks.example.com/errors",
          secret: "entry-secret-errors",
          adopt: false,
          ...identity,
        },
        objects: () =>
          emulator.store
            .urls(SENDBLUE_DEFAULT_ACCOUNT, "receive")
            .map((url) => `receive/${encodeURIComponent(url)}`),
        secrets: [SENDBLUE_TEST_KEY_ID, SENDBLUE_TEST_SECRET_KEY, "entry-secret-errors"],
        close: () => emulator.close(),
      });
    },
  },
  conversant: {
    operation: "create webhook",
    method: "PUT",
    path: `/v1/accounts/${CONVERSANT_TEST_ACCOUNT}/webhooks`,
    cases: conversantCases(),
    async start() {
      const emulator = await startConversantEmulator();
      Object.assign(
        process.env,
        settingsEnv("conversant", {
          authToken: CONVERSANT_TEST_TOKEN,
          accountId: CONVERSANT_TEST_ACCOUNT,
          baseUrl: emulator.url,
        }),
      );
      const inputs = {
        accountId: CONVERSANT_TEST_ACCOUNT,
        name: "errors",
        url: "https://hooks.example.com/errors",
        hook: "channel_create",
        httpVerb: "post",
        retries: 2,
        format: "form-data",
        enabled: true,
        customData: {},
        includeSubaccounts: false,
        includeInternalLegs: true,
      };
      return suiteRun({
        faults: emulator.faults,
        provider: conversantWebhook,
        inputs: { ...inputs, ...identity },
        objects: () => emulator.store.list(CONVERSANT_TEST_ACCOUNT).map((hook) => hook.id),
        secrets: [CONVERSANT_TEST_TOKEN],
        close: () => emulator.close(),
      });
    },
  },
};

export const ERROR_SUITES: ErrorSuite[] = Object.entries(SUITES_BY_VENDOR).map(([vendor, suite]) => ({
  vendor: MANIFEST[vendor as VendorId].displayName,
  ...suite,
}));
