import * as z from "../core/zod";
import type { CheckFailure } from "../core/check";
import { receiverUrl } from "../core/check";
import {
  CONVERSANT_FORMATS,
  CONVERSANT_HOOKS,
  CONVERSANT_HTTP_VERBS,
  type WebhookAttempt,
} from "./public-types";

export { CONVERSANT_HOOKS };

export const OBJECT_TYPES = [
  "account",
  "callflow",
  "device",
  "faxbox",
  "media",
  "user",
  "vmbox",
  "fax",
  "mailbox_message",
  "call_recording",
  "all",
];
export const OBJECT_ACTIONS = ["doc_created", "doc_edited", "doc_deleted", "all"];

const ACCOUNT_ID = /^[0-9a-f]{32}$/;
/** Kazoo's hook names are lower-case words joined by `_` (channel_create, call_recording…). */
const HOOK_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const WEBHOOK_ID = /^[0-9a-f]{32}$/;

export const accountIdSchema = z
  .string({ error: "must be a string" })
  .regex(ACCOUNT_ID, { error: "must be a Kazoo account id: 32 lower-case hex characters" });

/** User-facing inputs of `conversant.Webhook`, after check: the server's defaults filled in, so read-back never diffs. */
export const webhookInputsSchema = z
  .object({
    accountId: accountIdSchema
      .optional()
      .describe(
        "Kazoo account that owns the hook: 32 lower-case hex characters. Unset, the provider's " +
          "`conversant:accountId` / `CONVERSANT_ACCOUNT_ID`. A change replaces the hook.",
      ),
    name: z
      .string({ error: "must be a string" })
      .min(1, { error: "must not be empty" })
      .max(256, { error: "must be at most 256 characters" })
      .describe(
        "Display name, not empty, at most 256 characters (a limit of this package; Kazoo sets none); need " +
          "not be unique.",
      ),
    url: receiverUrl({ allowHttp: true }).describe(
      "Receiver URL (`uri`): `http://` or `https://` (Kazoo accepts both), no user name or password in it.",
    ),
    hook: z
      .string({ error: "must be a string" })
      .regex(HOOK_NAME, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not a hook name (lower-case letters, digits and _ . -, at most 64); Kazoo 4.3's hooks are ${CONVERSANT_HOOKS.join(", ")}`,
      })
      .describe(
        "The event hook: Kazoo 4.3's `channel_create`, `channel_answer`, `channel_bridge`, " +
          "`channel_destroy`, `object`, `notifications`, `parking`, `sms`, `mms` or `all`, or any other hook " +
          "the system has installed (lower-case letters, digits, `_`, `.`, `-`). `object` needs " +
          "`customData.type` and `customData.action`; `notifications` needs `customData.type`. Kazoo refuses " +
          "a hook it has not installed with an error naming `hook` and the installed ones.",
      ),
    httpVerb: z
      .enum(CONVERSANT_HTTP_VERBS, { error: "must be get, post or put" })
      .default("post")
      .describe("HTTP method of deliveries (`http_verb`); `get` sends the event as a query string."),
    retries: z
      .number({ error: "must be an integer" })
      .int({ error: "must be an integer" })
      .min(0, { error: "must be between 0 and 4" })
      .max(4, { error: "must be between 0 and 4" })
      .default(2)
      .describe("Delivery retries, 0-4."),
    format: z
      .enum(CONVERSANT_FORMATS, { error: "must be form-data or json" })
      .default("form-data")
      .describe("Body format of `post` and `put` deliveries."),
    enabled: z
      .boolean({ error: "must be a boolean" })
      .default(true)
      .describe("Whether Kazoo delivers; `pulumi up` re-enables a hook Kazoo auto-disabled."),
    customData: z
      .record(z.string(), z.string({ error: "values must be strings" }), {
        error: "must be an object of strings",
      })
      .default({})
      .describe(
        "Static string parameters merged into every event (`custom_data`); holds the modifiers the " +
          "`object` and `notifications` hooks require.",
      ),
    includeSubaccounts: z
      .boolean({ error: "must be a boolean" })
      .default(false)
      .describe("Also deliver events of sub-accounts."),
    includeInternalLegs: z
      .boolean({ error: "must be a boolean" })
      .default(true)
      .describe("Also deliver internal call legs."),
    adopt: z
      .string({ error: "must be a string" })
      .regex(WEBHOOK_ID, { error: "must be a Kazoo webhook id: 32 lower-case hex characters" })
      .optional()
      .describe(
        "Id of an existing webhook in the account to take over instead of creating one. Only used on create.",
      ),
  })
  .strict();

export type WebhookInputs = z.output<typeof webhookInputsSchema>;
/** Inputs after check: the account is always resolved. */
export type CheckedInputs = WebhookInputs & { accountId: string };

/** The required `custom_data` modifiers of `object` and `notifications` hooks. */
export function modifierFailures(inputs: WebhookInputs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const need = (key: string, allowed?: string[]) => {
    const value = inputs.customData[key];
    if (value === undefined) {
      failures.push({
        property: "customData",
        reason: `customData.${key}: required by the ${inputs.hook} hook (a missing modifier)`,
      });
    } else if (allowed && !allowed.includes(value)) {
      failures.push({
        property: "customData",
        reason: `customData.${key}: must be one of ${allowed.join(", ")}`,
      });
    }
  };
  if (inputs.hook === "object") {
    need("type", OBJECT_TYPES);
    need("action", OBJECT_ACTIONS);
  }
  if (inputs.hook === "notifications") need("type");
  return failures;
}

/** A webhook document as Kazoo returns it; keys the resource does not model are kept (see `unmanagedFields`). */
export const webhookWireSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  uri: z.string(),
  hook: z.string(),
  http_verb: z.string().optional(),
  retries: z.number().optional(),
  format: z.string().optional(),
  enabled: z.boolean().optional(),
  include_subaccounts: z.boolean().optional(),
  include_internal_legs: z.boolean().optional(),
  custom_data: z.record(z.string(), z.unknown()).nullish(),
  disable_reason: z.string().optional(),
});

export type WebhookWire = z.output<typeof webhookWireSchema>;

/** Outputs of `conversant.Webhook`: every input plus what Kazoo reports. */
export interface WebhookOutputs extends CheckedInputs {
  disableReason?: string;
}

/** The whole document (PUT and POST): every declared field, so a full replace drops nothing declared. */
export function toWire(inputs: WebhookInputs): Record<string, unknown> {
  return {
    name: inputs.name,
    uri: inputs.url,
    hook: inputs.hook,
    http_verb: inputs.httpVerb,
    retries: inputs.retries,
    format: inputs.format,
    enabled: inputs.enabled,
    include_subaccounts: inputs.includeSubaccounts,
    include_internal_legs: inputs.includeInternalLegs,
    ...(Object.keys(inputs.customData).length ? { custom_data: inputs.customData } : {}),
  };
}

/** What toWire writes, plus what Kazoo adds: never carried over from a read into a write. */
const MANAGED_WIRE_KEYS = new Set([
  "id",
  "name",
  "uri",
  "hook",
  "http_verb",
  "retries",
  "format",
  "enabled",
  "include_subaccounts",
  "include_internal_legs",
  "custom_data",
  "disable_reason",
  "_read_only",
]);

/**
 * Keys of a stored document the resource does not model (`group`, newer builds' `custom_request_headers`
 * or `security_settings`, anything set in the portal). A POST replaces the whole document, so an
 * update carries these over unchanged: the resource owns its declared fields, not the rest.
 */
export function unmanagedFields(doc: WebhookWire): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !MANAGED_WIRE_KEYS.has(key)));
}

/** Kazoo's document in input terms, with its schema defaults for anything absent. */
export function fromWire(doc: WebhookWire): Omit<WebhookOutputs, "accountId" | "adopt"> {
  return {
    name: doc.name,
    url: doc.uri,
    hook: doc.hook as WebhookInputs["hook"],
    httpVerb: (doc.http_verb ?? "post") as WebhookInputs["httpVerb"],
    retries: doc.retries ?? 2,
    format: (doc.format ?? "form-data") as WebhookInputs["format"],
    enabled: doc.enabled ?? true,
    customData: Object.fromEntries(Object.entries(doc.custom_data ?? {}).map(([k, v]) => [k, String(v)])),
    includeSubaccounts: doc.include_subaccounts ?? false,
    includeInternalLegs: doc.include_internal_legs ?? true,
    disableReason: doc.enabled === false && doc.disable_reason ? doc.disable_reason : undefined,
  };
}

export type { WebhookAttempt };

const GREGORIAN_OFFSET = 62167219200;

export function attemptFromWire(raw: Record<string, unknown>): WebhookAttempt {
  const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  const attempt: WebhookAttempt = {
    hookId: str(raw.hook_id),
    result: str(raw.result),
    timestamp: typeof raw.timestamp === "number" ? raw.timestamp - GREGORIAN_OFFSET : undefined,
    reason: str(raw.reason),
    responseCode: str(raw.resp_status_code ?? raw.response_code),
    responseBody: str(raw.resp_body ?? raw.response_body),
    clientError: str(raw.client_error),
    retriesLeft: (raw.retries_left ?? raw["retries left"]) as number | string | undefined,
    try: typeof raw.try === "number" ? raw.try : undefined,
    hookEvent: str(raw.hook_event),
    eventId: str(raw.event_id),
    uri: str(raw.uri),
    method: str(raw.method),
  };
  return Object.fromEntries(Object.entries(attempt).filter(([, v]) => v !== undefined)) as WebhookAttempt;
}
