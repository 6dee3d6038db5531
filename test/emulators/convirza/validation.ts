import { DEFAULTS, PASCAL_ALIASES, type WritableFields } from "./store";

export const FORMATS = ["JSON", "XML", "XML_CQM", "FORM_DATA"] as const;
export const METHODS = ["GET", "POST", "PUT", "PATCH"] as const;
export const STATUSES = ["active", "inactive", "deleted"] as const;

export interface FieldProblem {
  field: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldProblem[] };

const REQUIRED = ["webhook_name", "webhook_endpoint", "format", "method"] as const;

/**
 * Reads either spelling; when both are sent, snake_case wins [assumed, contract §4]. Returns the
 * snake_case fields that were given, validated.
 */
/** The create page's model (§4): each writable field in either spelling; nothing else is accepted. */
const WRITABLE = [
  "webhook_name",
  "webhook_endpoint",
  "format",
  "method",
  "description",
  "include_data_append",
  "include_dni_logs",
  "include_indicator_scores",
  "include_ivr_keypresses",
  "webhook_status",
  "static_parameters",
];
const KNOWN_KEYS = new Set([
  ...WRITABLE,
  ...WRITABLE.map((key) => PASCAL_ALIASES[key]).filter((key): key is string => key !== undefined),
]);
const PARAMETER_KEYS = new Set(["field_name", "field_value", "field_Name", "field_Value"]);

function readFields(body: Record<string, unknown>): Validated<Partial<WritableFields>> {
  const errors: FieldProblem[] = [];
  for (const key of Object.keys(body))
    if (!KNOWN_KEYS.has(key)) errors.push({ field: key, message: "is not a webhook field" });
  const given: Record<string, unknown> = {};
  for (const key of WRITABLE) {
    const pascal = PASCAL_ALIASES[key];
    const value = key in body ? body[key] : pascal && pascal in body ? body[pascal] : undefined;
    if (value !== undefined) given[key] = value;
  }
  const fields: Partial<WritableFields> = {};
  const text = (key: "webhook_name" | "webhook_endpoint") => {
    const value = given[key];
    if (value === undefined) return;
    if (typeof value !== "string" || value.trim() === "")
      errors.push({ field: key, message: "must be a non-empty string" });
    else fields[key] = value;
  };
  text("webhook_name");
  text("webhook_endpoint");
  if (fields.webhook_endpoint !== undefined && !isHttpsUrl(fields.webhook_endpoint)) {
    errors.push({ field: "webhook_endpoint", message: "must be a valid HTTPS URL" });
    delete fields.webhook_endpoint;
  }
  const oneOf = <K extends "format" | "method" | "webhook_status">(key: K, allowed: readonly string[]) => {
    const value = given[key];
    if (value === undefined) return;
    if (typeof value === "string" && allowed.includes(value)) fields[key] = value as WritableFields[K];
    else errors.push({ field: key, message: `must be one of ${allowed.join(", ")}` });
  };
  oneOf("format", FORMATS);
  oneOf("method", METHODS);
  oneOf("webhook_status", STATUSES);
  if ("description" in given) {
    // A string, as documented: `null` is refused; "" stores no description.
    if (typeof given.description === "string")
      fields.description = given.description === "" ? null : given.description;
    else errors.push({ field: "description", message: "must be a string" });
  }
  for (const key of [
    "include_data_append",
    "include_dni_logs",
    "include_indicator_scores",
    "include_ivr_keypresses",
  ] as const) {
    if (given[key] === undefined) continue;
    if (typeof given[key] === "boolean") fields[key] = given[key];
    else errors.push({ field: key, message: "must be a boolean" });
  }
  if (given.static_parameters !== undefined) {
    const parameters = readParameters(given.static_parameters, errors);
    if (parameters) fields.static_parameters = parameters;
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: fields };
}

function readParameters(
  value: unknown,
  errors: FieldProblem[],
): WritableFields["static_parameters"] | undefined {
  if (!Array.isArray(value)) {
    errors.push({ field: "static_parameters", message: "must be an array of {field_name, field_value}" });
    return undefined;
  }
  const before = errors.length;
  const items = value.map((item, index) => {
    const record = isObject(item) ? item : {};
    for (const key of Object.keys(record))
      if (!PARAMETER_KEYS.has(key))
        errors.push({
          field: `static_parameters[${index}].${key}`,
          message: "is not a static parameter field",
        });
    const name = record.field_name ?? record.field_Name;
    const fieldValue = record.field_value ?? record.field_Value ?? "";
    if (typeof name !== "string" || name === "")
      errors.push({ field: `static_parameters[${index}].field_name`, message: "is required" });
    if (typeof fieldValue !== "string")
      errors.push({ field: `static_parameters[${index}].field_value`, message: "must be a string" });
    return { field_name: String(name), field_value: String(fieldValue) };
  });
  return errors.length === before ? items : undefined;
}

/** Create and PUT: the four required fields, optional ones reset to their defaults when left out. */
export function validateFull(body: unknown): Validated<WritableFields> {
  if (!isObject(body)) return { ok: false, errors: [{ field: "body", message: "must be a JSON object" }] };
  const read = readFields(body);
  if (!read.ok) return read;
  const missing = REQUIRED.filter((key) => read.value[key] === undefined).map((field) => ({
    field,
    message: "is required",
  }));
  if (missing.length) return { ok: false, errors: missing };
  return { ok: true, value: { ...DEFAULTS, static_parameters: [], ...read.value } as WritableFields };
}

/** PATCH: any non-empty subset; a given `static_parameters` replaces the whole list. */
export function validatePartial(body: unknown): Validated<Partial<WritableFields>> {
  if (!isObject(body)) return { ok: false, errors: [{ field: "body", message: "must be a JSON object" }] };
  const read = readFields(body);
  if (read.ok && Object.keys(read.value).length === 0)
    return { ok: false, errors: [{ field: "body", message: "must contain at least one field to update" }] };
  return read;
}

/** The create page describes the endpoint as the HTTPS target: http:// is refused. */
function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:";
  } catch {
    return false;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
