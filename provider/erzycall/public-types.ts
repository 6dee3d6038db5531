/**
 * Erzycall's documented values, kept free of zod: the SDK's public declarations name these types, and a
 * `.d.ts` that reached zod would not compile in a user's project (`skipLibCheck` off, no `esModuleInterop`).
 * The zod schemas validate against the same tuples, so the types and the checks cannot drift apart.
 */

/** Erzycall's event catalogue (note `call.cancelled`, two "l"s). */
export const ERZYCALL_EVENTS = [
  "call.cancelled",
  "call.ended",
  "call.failed",
  "call.scheduled",
  "call.started",
  "contact.created",
  "contact.deleted",
  "contact.updated",
] as const;

/** One event of Erzycall's catalogue. */
export type ErzycallEvent = (typeof ERZYCALL_EVENTS)[number];
