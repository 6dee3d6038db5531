import { createHash, randomUUID } from "node:crypto";

/**
 * Idempotency-Key for a create. With the resource's identity (project, stack, type, name, parent,
 * sent by the SDK), the key is the same for every attempt to create the same resource with the same
 * body, in this run and in the next one: a create whose answer was lost, even past every retry of
 * this run, replays on the next `pulumi up` instead of making a second webhook. The body is part of
 * the key, so a changed body is a new request rather than a vendor "key reused" conflict. Without
 * an identity (a resource registered by an older SDK), one random key still covers this call's retries.
 */
export function createIdempotencyKey(identity: string | undefined, operation: string, body: unknown): string {
  if (identity === undefined) return `pulumi-webhooks-${randomUUID()}`;
  const digest = createHash("sha256")
    .update(`${identity}\n${operation}\n${canonicalJson(body)}`)
    .digest("hex");
  return `pulumi-webhooks-${digest.slice(0, 48)}`;
}

/** A fresh key for when a stable one replayed an object that no longer exists. */
export function freshIdempotencyKey(): string {
  return `pulumi-webhooks-${randomUUID()}`;
}

/**
 * Vendors replay without saying so. A fresh create's object is seconds old when the answer is sent
 * (both clocks have 1 s resolution); an object older than this was made by an earlier request.
 * A replay within this window of the original create (create, destroy and up again in 5 s) goes
 * unnoticed until the next refresh reads the object as gone.
 */
const REPLAY_AGE_MS = 5_000;

export function looksReplayed(createdAt: string, responseDate: string | string[] | undefined): boolean {
  const created = Date.parse(createdAt);
  const sent = typeof responseDate === "string" ? Date.parse(responseDate) : Number.NaN;
  if (Number.isNaN(created) || Number.isNaN(sent)) return false;
  return sent - created > REPLAY_AGE_MS;
}

/** JSON with object keys sorted, so equal bodies give equal keys whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
