/**
 * Conversant's documented values and the shapes its public functions return, kept free of zod: the SDK's
 * public declarations name these types, and a `.d.ts` that reached zod would not compile in a user's project
 * (`skipLibCheck` off, no `esModuleInterop`). The zod schemas validate against the same tuples, so the types
 * and the checks cannot drift apart.
 */

/** Kazoo 4.3's installed hooks plus `all` (the operator may install fewer). */
export const CONVERSANT_HOOKS = [
  "all",
  "channel_answer",
  "channel_bridge",
  "channel_create",
  "channel_destroy",
  "mms",
  "notifications",
  "object",
  "parking",
  "sms",
] as const;

/** One of the hooks Kazoo 4.3 installs (or `all`). */
export type ConversantHook = (typeof CONVERSANT_HOOKS)[number];

/** The delivery methods Kazoo offers (`http_verb`). */
export const CONVERSANT_HTTP_VERBS = ["get", "post", "put"] as const;
/** The body formats of post/put deliveries. */
export const CONVERSANT_FORMATS = ["form-data", "json"] as const;

/** One delivery attempt, camelCase, as Kazoo gives it; a field Kazoo left out is absent. */
export interface WebhookAttempt {
  /** The webhook the attempt was for (`hook_id`). */
  hookId?: string;
  /** `success` or `failure`. */
  result?: string;
  /** Unix seconds (Kazoo's Gregorian seconds minus 62167219200). */
  timestamp?: number;
  /** Why a failed attempt failed: `bad response code` or `kazoo http client error`. */
  reason?: string;
  /** The receiver's HTTP status (a string), on `bad response code`. */
  responseCode?: string;
  /** The receiver's response body, on `bad response code`. */
  responseBody?: string;
  /** The transport error (e.g. `nxdomain`), on `kazoo http client error`. */
  clientError?: string;
  /** Retries left: an integer, or `"retries exceeded"`. */
  retriesLeft?: number | string;
  /** Which try of the delivery this was. */
  try?: number;
  /** The hook event delivered. */
  hookEvent?: string;
  /** Kazoo's id of the event. */
  eventId?: string;
  /** The URL delivered to. */
  uri?: string;
  /** The HTTP method delivered with. */
  method?: string;
}
