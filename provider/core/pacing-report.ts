/**
 * What the user sees of pacing: a log line while requests wait long on a vendor's limit, and the error when the
 * time budget is spent.
 */
import { WebhookApiError, type VendorErrorInfo } from "./errors";
import type { RateLimit } from "./pacing";
import { RATE_LIMIT_BUDGET } from "./retry-policy";

/** A wait longer than this is reported; shorter ones are the ordinary pace of a large deployment's first seconds. */
export const REPORTED_WAIT_MS = 3_000;
/** At most one line per account in this time, however many requests wait. */
const REPORT_EVERY_MS = 10_000;

/**
 * Through Pulumi's logging: the dynamic-provider host has no engine connection, so `pulumi.log` writes to its
 * output, which the CLI shows as the provider's diagnostics. Used directly (without Pulumi), the same line goes to
 * the console.
 */
function logInfo(text: string): void {
  try {
    (require("@pulumi/pulumi") as typeof import("@pulumi/pulumi")).log.info(text);
  } catch {
    process.stderr.write(`${text}\n`);
  }
}

/**
 * Reports, at most every few seconds per account, that its requests wait on the vendor's limit: once the account has
 * been held at its limit for a few seconds (each request may wait little, but every operation goes at the limit's pace).
 */
export function waitReporter(
  vendor: string,
  limit: RateLimit | undefined,
): (queued: number, heldMs: number) => void {
  let lastAt = -Infinity;
  return (queued, heldMs) => {
    const now = Date.now();
    if (heldMs < REPORTED_WAIT_MS || now - lastAt < REPORT_EVERY_MS) return;
    lastAt = now;
    const what = limit ? `its rate limit (${limit.description})` : "its rate limit (it answered 429)";
    logInfo(
      `${vendor}: waiting on ${what} for ${seconds(heldMs)} now, ${queued} request${queued === 1 ? "" : "s"} queued; they are paced, not failed.`,
    );
  };
}

export function seconds(ms: number): string {
  // Rounded in tenths first, so 9,950 ms is "10 s", not "9.9 s" (binary floating point) or "10.0 s".
  const tenths = Math.round(ms / 100);
  if (tenths < 100) return `${(tenths / 10).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  return total < 60 ? `${total} s` : `${Math.floor(total / 60)} min ${total % 60} s`;
}

export interface BudgetSpent {
  vendor: string;
  operation: string;
  limit: RateLimit | undefined;
  waitedMs: number;
  /** The last answer, when it was a 429; absent when the request never left the queue. */
  refusal?: { statusCode: number; vendorError: VendorErrorInfo };
}

/** The request waited on the vendor's limit for the whole budget: how long, what the limit is, what can help. */
export function budgetSpentError(spent: BudgetSpent): WebhookApiError {
  const limit = spent.limit
    ? `${spent.vendor}'s rate limit (${spent.limit.description})`
    : `${spent.vendor}'s rate limit`;
  return new WebhookApiError({
    code: "WH_RATE_LIMITED",
    vendor: spent.vendor,
    operation: spent.operation,
    statusCode: spent.refusal?.statusCode,
    vendorError: spent.refusal?.vendorError,
    cause: `waited ${seconds(spent.waitedMs)} on ${limit}; the request was not applied`,
    hint: `allow a longer wait with ${RATE_LIMIT_BUDGET.configKey} / ${RATE_LIMIT_BUDGET.envVar} (milliseconds), or, if other clients use this account, run again when they are quieter`,
  });
}
