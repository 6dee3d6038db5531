/**
 * How often a write is sent again while Sendblue's document does not keep it, and the error after the last one.
 * Sendblue has no ETag or version, so a write is confirmed by what the document shows (its answer, or a read
 * back) and repeated up to MAX_WRITES. Shared by the entry batches and the whole-document resource.
 */
import { WebhookApiError } from "../core/errors";

const VENDOR = "Sendblue";
/** Writes per change before giving up when the document does not keep it (another writer). */
export const MAX_WRITES = 3;

export function notKept(operation: string, what: string): WebhookApiError {
  return new WebhookApiError({
    code: "WH_CONFLICT",
    vendor: VENDOR,
    operation,
    cause: `Sendblue did not keep the change to ${what} after ${MAX_WRITES} writes, each confirmed by reading the document back`,
    hint: "another program (or a person in the dashboard) is probably editing the account's webhooks at the same time; run `pulumi refresh`, then `pulumi up` again",
  });
}
