import type { EndpointChanges } from "./store";

export const EVENT_CATALOGUE = [
  "call.started",
  "call.ended",
  "call.failed",
  "call.scheduled",
  "call.cancelled",
  "contact.created",
  "contact.updated",
  "contact.deleted",
] as const;

export interface FieldProblem {
  field: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; details: FieldProblem[] };

export interface ValidationOptions {
  allowHttpLocalhost: boolean;
}

const MAX_URL = 2048;
const MAX_DESCRIPTION = 500;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);

/** The documented request models (contract §5.2, §5.4); a key outside them is refused, so a client never relies on one. */
const CREATE_KEYS = new Set(["url", "events", "description"]);
const PATCH_KEYS = new Set(["url", "events", "description", "isActive"]);

function checkKeys(body: Record<string, unknown>, allowed: Set<string>, details: FieldProblem[]): void {
  for (const key of Object.keys(body))
    if (!allowed.has(key)) details.push({ field: key, message: "Unknown field" });
}

export function validateCreate(
  body: unknown,
  options: ValidationOptions,
): Validated<{ url: string; events: string[]; description: string | null }> {
  if (!isObject(body)) return { ok: false, details: [{ field: "body", message: "Expected a JSON object" }] };
  const details: FieldProblem[] = [];
  checkKeys(body, CREATE_KEYS, details);
  if (body.url === undefined) details.push({ field: "url", message: "Required" });
  else checkUrl(body.url, options, details);
  if (body.events === undefined) details.push({ field: "events", message: "Required" });
  else checkEvents(body.events, details);
  checkDescription(body.description, details);
  if (details.length > 0) return { ok: false, details };
  return {
    ok: true,
    value: {
      url: body.url as string,
      events: body.events as string[],
      description: normalizeDescription(body.description),
    },
  };
}

/** Only supplied fields change; an empty body is a no-op [assumed]. Unknown fields are refused. */
export function validatePatch(body: unknown, options: ValidationOptions): Validated<EndpointChanges> {
  if (body === undefined) return { ok: true, value: {} };
  if (!isObject(body)) return { ok: false, details: [{ field: "body", message: "Expected a JSON object" }] };
  const details: FieldProblem[] = [];
  checkKeys(body, PATCH_KEYS, details);
  const changes: EndpointChanges = {};
  if (body.url !== undefined && checkUrl(body.url, options, details)) changes.url = body.url as string;
  if (body.events !== undefined && checkEvents(body.events, details))
    changes.events = body.events as string[];
  if ("description" in body && checkDescription(body.description, details))
    changes.description = normalizeDescription(body.description);
  if (body.isActive !== undefined) {
    if (typeof body.isActive === "boolean") changes.isActive = body.isActive;
    else details.push({ field: "isActive", message: "Expected a boolean" });
  }
  return details.length > 0 ? { ok: false, details } : { ok: true, value: changes };
}

function checkUrl(url: unknown, options: ValidationOptions, details: FieldProblem[]): boolean {
  if (typeof url !== "string") return fail(details, "url", "Expected a string");
  if (url.length > MAX_URL) return fail(details, "url", `Must be at most ${MAX_URL} characters`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail(details, "url", "Must be a valid URL");
  }
  if (parsed.protocol === "https:") return true;
  if (options.allowHttpLocalhost && parsed.protocol === "http:" && LOCAL_HOSTS.has(parsed.hostname))
    return true;
  return fail(details, "url", "URL must use HTTPS");
}

/** 1-10 names from the catalogue; duplicates are accepted and stored as sent [assumed]. */
function checkEvents(events: unknown, details: FieldProblem[]): boolean {
  if (!Array.isArray(events)) return fail(details, "events", "Expected an array of event names");
  if (events.length < 1 || events.length > 10)
    return fail(details, "events", "Must contain between 1 and 10 events");
  const before = details.length;
  events.forEach((event, index) => {
    if (typeof event !== "string" || !(EVENT_CATALOGUE as readonly string[]).includes(event)) {
      details.push({ field: `events[${index}]`, message: `Unknown event: ${String(event)}` });
    }
  });
  return details.length === before;
}

/** The document types description as a string: `null` is refused, `""` clears it. */
function checkDescription(description: unknown, details: FieldProblem[]): boolean {
  if (description === undefined) return true;
  if (typeof description !== "string") return fail(details, "description", "Expected a string");
  if (description.length > MAX_DESCRIPTION)
    return fail(details, "description", `Must be at most ${MAX_DESCRIPTION} characters`);
  return true;
}

/** `""` and absent both mean "no description", read back as `null` [assumed]. */
function normalizeDescription(description: unknown): string | null {
  return typeof description === "string" && description !== "" ? description : null;
}

function fail(details: FieldProblem[], field: string, message: string): false {
  details.push({ field, message });
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
