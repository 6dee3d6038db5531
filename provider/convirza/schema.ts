import { isDeepStrictEqual } from "node:util";
import * as z from "../core/zod";
import { receiverUrl } from "../core/check";
import { CONVIRZA_FORMATS, CONVIRZA_METHODS } from "./public-types";

export { CONVIRZA_FORMATS, CONVIRZA_METHODS };

const WEBHOOK_ID = /^[1-9][0-9]{0,15}$/;
/** Convirza documents no limits; these keep absurd values out of requests and state (our limits, not Convirza's). */
const MAX_NAME = 255;
const MAX_DESCRIPTION = 1000;

const flag = (what: string) => z.boolean({ error: "must be a boolean" }).default(false).describe(what);

/** User-facing inputs of `convirza.Webhook`, after check: every default filled, so state equals what Convirza stores. */
export const webhookInputsSchema = z
  .object({
    name: z
      .string({ error: "must be a string" })
      .trim()
      .min(1, { error: "must not be empty" })
      .max(MAX_NAME, { error: `must be at most ${MAX_NAME} characters` })
      .describe(
        `Name of the webhook shown in Convirza (\`webhook_name\`): not empty, at most ${MAX_NAME} ` +
          `characters; surrounding spaces are trimmed.`,
      ),
    url: receiverUrl().describe(
      "HTTPS URL Convirza calls (`webhook_endpoint`): `https://` only, at most 2048 characters, no user " +
        "name or password in it.",
    ),
    format: z
      .enum(CONVIRZA_FORMATS, {
        error: (issue) =>
          `unknown format ${JSON.stringify(issue.input)}; Convirza's formats are ${CONVIRZA_FORMATS.join(", ")} (upper case)`,
      })
      .default("JSON")
      .describe("Payload format (`format`), upper case exactly."),
    method: z
      .enum(CONVIRZA_METHODS, {
        error: (issue) =>
          `unknown method ${JSON.stringify(issue.input)}; Convirza's methods are ${CONVIRZA_METHODS.join(", ")} (upper case)`,
      })
      .default("POST")
      .describe("HTTP verb Convirza calls `url` with (`method`), upper case exactly."),
    description: z
      .string({ error: "must be a string" })
      .max(MAX_DESCRIPTION, { error: `must be at most ${MAX_DESCRIPTION} characters` })
      .optional()
      .transform((value) => (value === "" ? undefined : value))
      .describe(
        `Free text shown in Convirza, at most ${MAX_DESCRIPTION} characters; unset and \`""\` are the same.`,
      ),
    includeDataAppend: flag("Add data-append fields to each delivery (`include_data_append`)."),
    includeDniLogs: flag("Add DNI (dynamic number insertion) logs to each delivery (`include_dni_logs`)."),
    includeIndicatorScores: flag("Add indicator scores to each delivery (`include_indicator_scores`)."),
    includeIvrKeypresses: flag("Add IVR keypresses to each delivery (`include_ivr_keypresses`)."),
    active: z
      .boolean({ error: "must be a boolean" })
      .default(true)
      .describe("Whether Convirza delivers (`webhook_status` `active` / `inactive`)."),
    staticParameters: z
      .record(
        z.string(),
        z.string({ error: "must be a string (static parameter values are sent as text)" }),
        {
          error: "must be a map of parameter name to string value",
        },
      )
      .refine((record) => !("" in record), { error: "parameter names must not be empty" })
      .default({})
      .transform(sortedRecord)
      .describe(
        "Fixed fields Convirza adds to every delivery (`static_parameters`), parameter name (not empty) to " +
          "string value; order never causes a diff. Values are often the receiver's API keys: pass them with " +
          "`pulumi.secret` (the whole map or single values) and they stay secret in outputs and state.",
      ),
    adopt: z
      .string({ error: "must be a string" })
      .regex(WEBHOOK_ID, { error: 'must be a Convirza webhook id (a positive integer such as "1042")' })
      .optional()
      .describe(
        'Id of an existing Convirza webhook (e.g. `"1042"`) to take over instead of creating one; it is ' +
          "brought to the declared state in place. Only used on create.",
      ),
  })
  .strict();

export type WebhookInputs = z.output<typeof webhookInputsSchema>;
export type WebhookFields = Omit<WebhookInputs, "adopt">;

/** Outputs of `convirza.Webhook`: every input plus what Convirza records (absent when it does not return them). */
export interface WebhookOutputs extends WebhookInputs {
  createdAt?: string;
  createdBy?: number | string;
}

/** Keys in name order, so the map never diffs on order and the wire list order is stable. */
export function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// ---- Wire ---------------------------------------------------------------------------------------

/**
 * Booleans as Convirza might send them on read (contract §4: "coerce booleans"); true/false, 1/0, "true"/"false".
 * Absent means the documented default, false.
 */
const wireFlag = z
  .union([z.boolean(), z.number(), z.string()])
  .nullish()
  .transform(
    (value) =>
      value === true ||
      value === 1 ||
      value === "1" ||
      (typeof value === "string" && value.toLowerCase() === "true"),
  );

const wireText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined || value === "" ? undefined : String(value)));

const wireParameter = z
  .object({
    field_name: z.unknown(),
    field_Name: z.unknown(),
    field_value: z.unknown(),
    field_Value: z.unknown(),
  })
  .partial()
  .transform((item) => ({
    name: String(item.field_name ?? item.field_Name ?? ""),
    value: String(item.field_value ?? item.field_Value ?? ""),
  }));

/**
 * One webhook as Convirza returns it, after merging spellings: the snake_case name wins, the
 * deprecated PascalCase one is the fallback (contract §4). Unknown keys are ignored.
 */
export const webhookWireSchema = z
  .looseObject({})
  .transform(
    (raw: Record<string, unknown>): Record<string, unknown> => ({
      webhook_id: raw.webhook_id ?? raw.webhookId ?? raw.webhook_Id ?? raw.id,
      webhook_name: raw.webhook_name ?? raw.webhook_Name,
      webhook_endpoint: raw.webhook_endpoint ?? raw.webhook_Endpoint,
      format: raw.format ?? raw.Format,
      method: raw.method ?? raw.Method,
      description: raw.description ?? raw.Description,
      include_data_append: raw.include_data_append ?? raw.include_Data_Append,
      include_dni_logs: raw.include_dni_logs ?? raw.include_DNI_Logs,
      include_indicator_scores: raw.include_indicator_scores ?? raw.include_Indicator_Scores,
      include_ivr_keypresses: raw.include_ivr_keypresses ?? raw.include_IVR_Keypresses,
      webhook_status: raw.webhook_status ?? raw.webhook_Status,
      static_parameters: raw.static_parameters ?? raw.static_Parameter ?? raw.static_Parameters,
      created_at: raw.created_at ?? raw.created_At,
      created_by: raw.created_by ?? raw.created_By,
    }),
  )
  .pipe(
    z.object({
      webhook_id: z.union([z.number(), z.string()]).transform(String),
      webhook_name: z.string(),
      webhook_endpoint: z.string(),
      format: z.string().transform((value) => value.toUpperCase()),
      method: z.string().transform((value) => value.toUpperCase()),
      description: wireText,
      include_data_append: wireFlag,
      include_dni_logs: wireFlag,
      include_indicator_scores: wireFlag,
      include_ivr_keypresses: wireFlag,
      webhook_status: z
        .string()
        .nullish()
        .transform((value) => (value ?? "active").toLowerCase()),
      static_parameters: z
        .array(wireParameter)
        .nullish()
        .transform((items) => items ?? []),
      created_at: wireText,
      created_by: z
        .union([z.number(), z.string()])
        .nullish()
        .transform((value) =>
          typeof value === "string" && /^\d+$/.test(value) ? Number(value) : (value ?? undefined),
        ),
    }),
  );

export type WebhookWire = z.output<typeof webhookWireSchema>;

/** The declared fields as Convirza stores them, plus what it records about the webhook. */
export function fromWire(
  webhook: WebhookWire,
): WebhookFields & Pick<WebhookOutputs, "createdAt" | "createdBy"> {
  return {
    name: webhook.webhook_name,
    url: webhook.webhook_endpoint,
    format: webhook.format as WebhookInputs["format"],
    method: webhook.method as WebhookInputs["method"],
    description: webhook.description,
    includeDataAppend: webhook.include_data_append,
    includeDniLogs: webhook.include_dni_logs,
    includeIndicatorScores: webhook.include_indicator_scores,
    includeIvrKeypresses: webhook.include_ivr_keypresses,
    active: webhook.webhook_status !== "inactive",
    staticParameters: parameterMap(webhook.static_parameters),
    createdAt: webhook.created_at,
    createdBy: webhook.created_by,
  };
}

/**
 * The list as a map. A name Convirza holds twice (an edit outside Pulumi) cannot be declared, so the
 * repeat shows up as `name#2`: visible drift that the next update's full list replaces.
 */
function parameterMap(items: Array<{ name: string; value: string }>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const { name, value } of items) {
    let key = name;
    for (let n = 2; key in map; n++) key = `${name}#${n}`;
    map[key] = value;
  }
  return sortedRecord(map);
}

/** Wire body of one writable field; only snake_case names are ever sent (PascalCase goes away in v4). */
const TO_WIRE: { [K in keyof WebhookFields]-?: (value: WebhookFields[K]) => [string, unknown] } = {
  name: (value) => ["webhook_name", value],
  url: (value) => ["webhook_endpoint", value],
  format: (value) => ["format", value],
  method: (value) => ["method", value],
  description: (value) => ["description", value ?? null],
  includeDataAppend: (value) => ["include_data_append", value],
  includeDniLogs: (value) => ["include_dni_logs", value],
  includeIndicatorScores: (value) => ["include_indicator_scores", value],
  includeIvrKeypresses: (value) => ["include_ivr_keypresses", value],
  active: (value) => ["webhook_status", value ? "active" : "inactive"],
  staticParameters: (value) => [
    "static_parameters",
    Object.entries(value).map(([field_name, field_value]) => ({ field_name, field_value })),
  ],
};

const FIELDS = Object.keys(TO_WIRE) as Array<keyof WebhookFields>;

function wireField<K extends keyof WebhookFields>(fields: WebhookFields, key: K): [string, unknown] {
  return (TO_WIRE[key] as (value: WebhookFields[K]) => [string, unknown])(fields[key]);
}

/** The full object for create and PUT: every field explicit (Convirza's defaults are assumed), no description when unset. */
export function toWire(fields: WebhookFields): Record<string, unknown> {
  return Object.fromEntries(
    FIELDS.filter((key) => key !== "description" || fields.description !== undefined).map((key) =>
      wireField(fields, key),
    ),
  );
}

/** Fields whose declared value differs from `current`. */
export function changedFields(current: WebhookFields, desired: WebhookFields): Array<keyof WebhookFields> {
  return FIELDS.filter((key) => !isDeepStrictEqual(current[key] ?? null, desired[key] ?? null));
}

/**
 * How to bring `current` to `desired`: nothing, a PATCH of the changed fields, or a full PUT when
 * the description must be cleared (contract §6.4: PUT resets omitted optional fields; PATCH has no
 * documented way to unset one).
 */
export function updatePlan(
  current: WebhookFields,
  desired: WebhookFields,
): { method: "PATCH" | "PUT"; body: Record<string, unknown> } | undefined {
  const changed = changedFields(current, desired);
  if (changed.length === 0) return undefined;
  if (changed.includes("description") && desired.description === undefined)
    return { method: "PUT", body: toWire(desired) };
  return { method: "PATCH", body: Object.fromEntries(changed.map((key) => wireField(desired, key))) };
}

/** Just the declared fields of an inputs or outputs object. */
export function declaredFields(values: WebhookFields): WebhookFields {
  const {
    name,
    url,
    format,
    method,
    description,
    includeDataAppend,
    includeDniLogs,
    includeIndicatorScores,
    includeIvrKeypresses,
    active,
    staticParameters,
  } = values;
  return {
    name,
    url,
    format,
    method,
    description,
    includeDataAppend,
    includeDniLogs,
    includeIndicatorScores,
    includeIvrKeypresses,
    active,
    staticParameters,
  };
}
