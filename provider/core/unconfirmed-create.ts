import { withoutHint, type WebhookApiError } from "./errors";

/**
 * A create on an API without idempotency keys whose request may have landed, after which the vendor answered
 * nothing, not even the look-up that would find what it made. Forgetting it would let the next `pulumi up` make a
 * second object beside an unseen first; so the engine is told of a half-made resource with a placeholder id, which
 * `defineProvider` treats apart: its diff asks for a delete-before-replace, its delete removes every object matching
 * the request that did not exist before the attempt, and its read keeps it as it is.
 *
 * The placeholder carries the ids of matching objects that existed before (usually none), so that delete never
 * touches them: `unconfirmed-create` or `unconfirmed-create:except=<id>,<id>`.
 */
const PREFIX = "unconfirmed-create";
const EXCEPT = ":except=";

/** Thrown by a vendor's create (see core/create-once); `defineProvider` turns it into the partial failure. */
export class UnconfirmedCreateError extends Error {
  constructor(
    /** Why nothing could be confirmed: the failed request's error. */
    readonly reason: WebhookApiError,
    /** Ids of objects that matched the request before the first attempt: never the attempt's. */
    readonly preexisting: readonly string[],
  ) {
    super(reason.message);
    this.name = "UnconfirmedCreateError";
  }
}

export function placeholderId(preexisting: readonly string[]): string {
  return preexisting.length === 0 ? PREFIX : `${PREFIX}${EXCEPT}${[...preexisting].sort().join(",")}`;
}

/** The ids a placeholder must leave alone, or undefined when `id` is a real vendor id. */
export function preexistingOf(id: string): string[] | undefined {
  if (id === PREFIX) return [];
  if (!id.startsWith(PREFIX + EXCEPT)) return undefined;
  return id
    .slice(PREFIX.length + EXCEPT.length)
    .split(",")
    .filter(Boolean);
}

/** What the user reads: what happened, what state now holds, what the next runs do. */
export function unconfirmedMessage(error: UnconfirmedCreateError, id: string): string {
  return `${withoutHint(error.reason)}. The create may have been applied and could not be confirmed, so the resource is kept in state as ${id}: the next \`pulumi up\` removes whatever that attempt made and creates it again; \`pulumi destroy\` just removes it`;
}
