/**
 * Shares one in-flight (and, for `ttlMs`, one just-finished) call among concurrent callers with
 * the same key: the engine reads many resources at once, and a vendor list call answers them all.
 * Writers invalidate the key so a read after a write in this process never sees stale data.
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

  invalidate(key: string): void {
    this.entries.delete(key);
  }
}
