import { mayHaveBeenApplied, type WebhookApiError } from "./errors";
import type { ApiTarget } from "./http";

/** Where creates go, as far as ids are compared: one base URL and one credential. */
export type CreateScope = Pick<ApiTarget, "baseUrl" | "headers">;
import { KeyedMutex } from "./keyed-mutex";
import { isHeldId } from "./state-ids";
import { UnconfirmedCreateError } from "./unconfirmed-create";

/**
 * Creating without duplicates on an API that has no idempotency key: remember which objects matched
 * the request before the first POST; when a POST fails in a way that may have been applied (connection
 * lost, timeout, 5xx), look for an object that matches the request and did not exist before, and let
 * the vendor code decide what to do with it before posting again. When even that look-up fails, the
 * create ends unconfirmed (core/unconfirmed-create), so the engine still hears of it.
 */
export interface CreateOnceSteps<T> {
  /** Ids of the objects that match the request before the first attempt (a shared snapshot may serve it). */
  matchingBefore(): Promise<ReadonlySet<string>>;
  /** One create request. */
  post(): Promise<T>;
  /** The vendor id of what `post` returned. */
  idOf(result: T): string;
  /** Ids of objects that exist now and match the request (fresh, not cached). */
  matchingIds(): Promise<string[]>;
  /**
   * What to do with objects a failed attempt left behind: return a usable result, or undefined once
   * they are cleaned up, to post again.
   */
  recover(orphans: string[]): Promise<T | undefined>;
  /**
   * What to throw, before any write, when objects matching the request exist that this process neither made nor
   * saw in the stack's state (core/state-ids): most likely made by a `pulumi up` killed before it heard the
   * answer, possibly made by someone else; the vendor keeps no mark that tells which. Without it a new object is
   * made beside them.
   */
  existing?(ids: string[]): Error;
  /** Attempts in total; default 3. */
  attempts?: number;
  /** Where the creates go: ids are only compared within one API and credential. */
  api: CreateScope;
  /**
   * The create's body. Creates of the same body to the same API run one after another in this process, so one
   * create's "not there before" can never be another's object whose response is still on its way.
   */
  request: unknown;
}

/** One API and credential: ids of two scopes are never compared. */
export const scopeOf = (api: CreateScope) => `${api.baseUrl}\n${JSON.stringify(api.headers)}`;

/**
 * Ids created by this process, by scope and request, so creates of the same request never take each other's
 * object, and an unconfirmed create never counts an earlier one's as its own. (Objects made for another request
 * answer another request, so they never match this one.)
 */
const claimed = new Map<string, Map<string, Set<string>>>();

/** Whether this process created `id` at `api` (and so some resource in this run holds it). */
export function createdHere(api: CreateScope, id: string): boolean {
  return [...(claimed.get(scopeOf(api))?.values() ?? [])].some((ids) => ids.has(id));
}

/**
 * Ids this process removed, by scope: a list shared by creates (taken before the removal, within its few seconds)
 * still shows them, and what is gone is no stranger to refuse a create for.
 */
const removed = new Map<string, Set<string>>();

/** Records that this process removed `id` at `api` (what an unconfirmed create made, deleted before its retry). */
export function noteRemoved(api: CreateScope, id: string): void {
  const ids = removed.get(scopeOf(api)) ?? new Set<string>();
  removed.set(scopeOf(api), ids);
  ids.add(id);
}

function removedHere(api: CreateScope, id: string): boolean {
  return removed.get(scopeOf(api))?.has(id) ?? false;
}

function claimedFor(api: CreateScope, request: string): Set<string> {
  const byRequest = claimed.get(scopeOf(api)) ?? new Map<string, Set<string>>();
  claimed.set(scopeOf(api), byRequest);
  const ids = byRequest.get(request) ?? new Set<string>();
  byRequest.set(request, ids);
  return ids;
}

/** Creates of the same request, one after another. */
const sameRequest = new KeyedMutex();

export function createOnce<T>(steps: CreateOnceSteps<T>): Promise<T> {
  return sameRequest.run(`${scopeOf(steps.api)}\n${JSON.stringify(steps.request)}`, () =>
    attemptCreate(steps),
  );
}

async function attemptCreate<T>(steps: CreateOnceSteps<T>): Promise<T> {
  const before = new Set([...(await steps.matchingBefore())].filter((id) => !removedHere(steps.api, id)));
  // What this process made (for any request in this scope) or the engine showed as held is not a stranger.
  const unknown = [...before].filter((id) => !createdHere(steps.api, id) && !isHeldId(id));
  if (unknown.length > 0 && steps.existing) throw steps.existing(unknown);
  const attempts = steps.attempts ?? 3;
  const mine = claimedFor(steps.api, JSON.stringify(steps.request));
  const claim = (id: string) => void mine.add(id);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await steps.post();
      claim(steps.idOf(result));
      return result;
    } catch (error) {
      if (!mayHaveBeenApplied(error)) throw error;
      // Look before posting again, and after the last attempt too, so nothing is left behind unseen.
      let matching: string[];
      try {
        matching = await steps.matchingIds();
      } catch {
        throw new UnconfirmedCreateError(error as WebhookApiError, [...new Set([...before, ...mine])]);
      }
      const orphans = matching.filter((id) => !before.has(id) && !mine.has(id));
      orphans.forEach(claim);
      const recovered = orphans.length > 0 ? await steps.recover(orphans) : undefined;
      if (recovered !== undefined) return recovered;
      if (attempt >= attempts) throw error;
    }
  }
}

/**
 * A vendor's protection against duplicate creates on an API without idempotency keys, declared once and given to
 * `defineProvider` (as `listAndMatch`): every create of the resource goes through it (`createMatching`, built on
 * createOnce), and it removes what a create that ended unconfirmed made (core/unconfirmed-create). `Api` is the
 * vendor's call target, resolved once per operation.
 */
export interface ListAndMatch<Inputs, Created, Api extends CreateScope = CreateScope> {
  /** The API and credential creates go to, resolved at call time. */
  api(): Api;
  /** What identifies a create of `inputs` (its body): creates of the same request run one after another. */
  request(inputs: Inputs): unknown;
  /** Ids of the objects matching a create of `inputs` before it (a list shared by overlapping creates may serve). */
  matchingBefore(api: Api, inputs: Inputs): Promise<string[]>;
  /** One create request; `identity` as defineProvider's CreateContext has it. */
  post(api: Api, inputs: Inputs, identity: string | undefined): Promise<Created>;
  /** The vendor id of what `post` returned. */
  idOf(created: Created): string;
  /** Ids of the objects matching a create of `inputs`, from a list taken now. */
  matchingIds(api: Api, inputs: Inputs): Promise<string[]>;
  /** What to do with what failed attempts made (see CreateOnceSteps.recover). */
  recover(api: Api, orphans: string[], inputs: Inputs): Promise<Created | undefined>;
  /** What to throw when matching objects exist that nobody here knows (see CreateOnceSteps.existing). */
  existing?(ids: string[], inputs: Inputs): Error;
  /** Deletes (or disables, where that is the vendor's delete) one object; one already gone is no error. */
  remove(api: Api, id: string, inputs: Inputs): Promise<void>;
  /** Attempts in total; default 3. */
  attempts?: number;
}

/** A create of `inputs` through the vendor's list-and-match protection. */
export function createMatching<Inputs, Created, Api extends CreateScope>(
  guard: ListAndMatch<Inputs, Created, Api>,
  api: Api,
  inputs: Inputs,
  identity?: string,
): Promise<Created> {
  const { existing } = guard;
  return createOnce({
    api,
    request: guard.request(inputs),
    attempts: guard.attempts,
    matchingBefore: async () => new Set(await guard.matchingBefore(api, inputs)),
    post: () => guard.post(api, inputs, identity),
    idOf: (created) => guard.idOf(created),
    matchingIds: () => guard.matchingIds(api, inputs),
    recover: (orphans) => guard.recover(api, orphans, inputs),
    existing: existing && ((ids) => existing.call(guard, ids, inputs)),
  });
}
