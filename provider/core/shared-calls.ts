/**
 * Shares one in-flight (and, for `ttlMs`, one just-finished) call among concurrent callers with
 * the same key: the engine reads many resources at once, and a vendor list call answers them all.
 *
 * Every write that changes what the shared call answers runs through `write`, which drops the shared
 * answer both before the write is sent and after it settles: a read that started while the write was on its
 * way (and so may show the state from before it) is never handed to a caller that comes after the write.
 */
export class SharedCalls<T> {
  private readonly entries = new Map<string, { promise: Promise<T>; expires: number }>();

  /** `ttlMs` defaults to PULUMI_WEBHOOKS_LIST_CACHE_MS (5000), the README's one setting for every list cache. */
  constructor(private readonly ttlMs: number = Number(process.env.PULUMI_WEBHOOKS_LIST_CACHE_MS ?? 5000)) {}

  run(key: string, call: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.expires > now) return entry.promise;
    const promise = call();
    const record = { promise, expires: Number.POSITIVE_INFINITY };
    this.entries.set(key, record);
    promise.then(
      () => {
        record.expires = Date.now() + this.ttlMs;
      },
      () => {
        if (this.entries.get(key) === record) this.entries.delete(key);
      },
    );
    return promise;
  }

  /** `run`, but never joining a call that started before this one: for a caller that must see the latest. */
  fresh(key: string, call: () => Promise<T>): Promise<T> {
    this.invalidate(key);
    return this.run(key, call);
  }

  /** Runs a write that changes what `key` answers; whether it succeeds or fails, no later caller sees the answer from before. */
  async write<R>(key: string, write: () => Promise<R>): Promise<R> {
    this.invalidate(key);
    try {
      return await write();
    } finally {
      this.invalidate(key);
    }
  }

  /** Drops the shared answer for `key`, so the next `run` calls anew. */
  invalidate(key: string): void {
    this.entries.delete(key);
  }
}
