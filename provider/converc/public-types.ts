/**
 * Converc's documented values, kept free of zod: the SDK's public declarations name these types, and a
 * `.d.ts` that reached zod would not compile in a user's project (`skipLibCheck` off, no `esModuleInterop`).
 * The zod schemas validate against the same tuples, so the types and the checks cannot drift apart.
 */

/** Converc's event catalogue (note `call.canceled`, one "l"); `webhook.test` is only sent by the test call. */
export const CONVERC_EVENTS = [
  "call.accepted",
  "call.canceled",
  "call.ended",
  "call.missed",
  "call.recording_ready",
  "call.requested",
  "call.transcript_ready",
] as const;

/** One event of Converc's catalogue. */
export type ConvercEvent = (typeof CONVERC_EVENTS)[number];
