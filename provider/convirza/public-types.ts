/**
 * Convirza's documented values, kept free of zod: the SDK's public declarations name these types, and a
 * `.d.ts` that reached zod would not compile in a user's project (`skipLibCheck` off, no `esModuleInterop`).
 * The zod schemas validate against the same tuples, so the types and the checks cannot drift apart.
 */

/** The body formats Convirza delivers in. */
export const CONVIRZA_FORMATS = ["JSON", "XML", "XML_CQM", "FORM_DATA"] as const;
/** The HTTP methods Convirza delivers with. */
export const CONVIRZA_METHODS = ["GET", "POST", "PUT", "PATCH"] as const;

/** A delivery body format. */
export type ConvirzaFormat = (typeof CONVIRZA_FORMATS)[number];
/** A delivery HTTP method. */
export type ConvirzaMethod = (typeof CONVIRZA_METHODS)[number];
