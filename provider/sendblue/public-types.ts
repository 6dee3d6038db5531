/**
 * Sendblue's documented values, kept free of zod: the SDK's public declarations name these types, and a
 * `.d.ts` that reached zod would not compile in a user's project (`skipLibCheck` off, no `esModuleInterop`).
 * The zod schemas validate against the same tuples, so the types and the checks cannot drift apart.
 */

/** Sendblue's webhook types, as the keys of the account document. */
export const SENDBLUE_TYPES = [
  "receive",
  "outbound",
  "typing_indicator",
  "call_log",
  "line_blocked",
  "line_assigned",
  "contact_created",
] as const;

/** One of Sendblue's webhook types. */
export type SendblueType = (typeof SENDBLUE_TYPES)[number];
