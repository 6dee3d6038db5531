import { mayHaveBeenApplied } from "./errors";
import { KeyedMutex } from "./keyed-mutex";

/**
 * Creating without duplicates on an API that has no idempotency key: remember which objects existed
 * before the first POST; when a POST fails in a way that may have been applied (connection lost,
 * timeout, 5xx), look for an object that exists now, did not before, and matches the request, and let
 * the vendor code decide what to do with it before posting again.
 */
export interface CreateOnceSteps<T> {
  /** Ids of the objects that exist before the first attempt. */
  existingIds(): Promise<ReadonlySet<string>>;
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
  /** Attempts in total; default 3. */
  attempts?: number;
  /**
   * Creates with the same key (same API, same request) run one after another in this process, so one
   * create's "not there before" can never be another's endpoint whose response is still on its way.
   */
  sameRequestKey: string;
}

/** Ids created by this process, so concurrent creates of the same request never take each other's object. */
const claimed = new Set<string>();

/** Creates of the same request, one after another. */
const sameRequest = new KeyedMutex();

export function createOnce<T>(steps: CreateOnceSteps<T>): Promise<T> {
  return sameRequest.run(steps.sameRequestKey, () => attemptCreate(steps));
}

async function attemptCreate<T>(steps: CreateOnceSteps<T>): Promise<T> {
  const before = await steps.existingIds();
  const attempts = steps.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await steps.post();
      claimed.add(steps.idOf(result));
      return result;
    } catch (error) {
      if (!mayHaveBeenApplied(error)) throw error;
      // Look before posting again, and after the last attempt too, so nothing is left behind unseen.
      const orphans = (await steps.matchingIds()).filter((id) => !before.has(id) && !claimed.has(id));
      orphans.forEach((id) => claimed.add(id));
      const recovered = orphans.length > 0 ? await steps.recover(orphans) : undefined;
      if (recovered !== undefined) return recovered;
      if (attempt >= attempts) throw error;
    }
  }
}
