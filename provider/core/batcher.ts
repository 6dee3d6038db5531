/**
 * Coalesces writes to one shared remote object (an account-wide document): items submitted for a key while a
 * batch for that key is in flight wait, and the next batch takes all of them, so N concurrent writers cost one
 * round of requests per batch instead of N rounds one after another. Batches of one key never overlap (they run
 * under `lock`), and every item settles on its own: `run` resolves or rejects each one it is given.
 */
export interface Waiting<T, R> {
  readonly item: T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export interface BatcherOptions<T, R> {
  /** Runs `section` while no other section of `key` runs (sections of one key run one after another, in order). */
  lock(key: string, section: () => Promise<void>): Promise<void>;
  /** Items with the same target never share a batch: a later one waits for the next batch, in order. */
  target(item: T): string;
  /**
   * Which of the queued items (in order) the next batch takes; the others wait for a later batch. When it accepts none,
   * the batch takes them all, so every item is taken in the end. Default: all.
   */
  select?(key: string, queued: readonly T[]): (item: T) => boolean;
  /** Sends one batch; must settle every item (one left unsettled is rejected, never left hanging). */
  run(key: string, batch: Waiting<T, R>[]): Promise<void>;
}

export class KeyedBatcher<T, R> {
  private readonly queues = new Map<string, Waiting<T, R>[]>();

  constructor(private readonly options: BatcherOptions<T, R>) {}

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.queues.get(key) ?? [];
      this.queues.set(key, queue);
      queue.push({ item, resolve, reject });
      // One section per item, each taking one batch: every queued item has a section still to come, and a
      // section of another kind waiting on the same lock gets its turn between batches.
      void this.options.lock(key, () => this.runOne(key)).catch(reject);
    });
  }

  /** Items of `key` waiting for a batch (those `which` accepts, when given). */
  waiting(key: string, which?: (item: T) => boolean): number {
    const queue = this.queues.get(key) ?? [];
    return which ? queue.filter((waiting) => which(waiting.item)).length : queue.length;
  }

  /**
   * Takes the waiting items of `key` that `accept` lets in, at most one per target (the first of each, in order); the
   * others keep waiting. A batch takes all it can; a running batch may take more, and settles them as `run` does.
   */
  takeWhere(key: string, accept: (item: T) => boolean): Waiting<T, R>[] {
    const queue = this.queues.get(key) ?? [];
    const targets = new Set<string>();
    const taken: Waiting<T, R>[] = [];
    const kept: Waiting<T, R>[] = [];
    for (const waiting of queue) {
      const target = this.options.target(waiting.item);
      (!targets.has(target) && accept(waiting.item) ? taken : kept).push(waiting);
      targets.add(target);
    }
    if (kept.length > 0) this.queues.set(key, kept);
    else this.queues.delete(key);
    return taken;
  }

  private async runOne(key: string): Promise<void> {
    const queued = (this.queues.get(key) ?? []).map((waiting) => waiting.item);
    const accept = this.options.select?.(key, queued) ?? (() => true);
    let batch = this.takeWhere(key, accept);
    if (batch.length === 0) batch = this.takeWhere(key, () => true);
    if (batch.length === 0) return;
    try {
      await this.options.run(key, batch);
    } catch (error) {
      batch.forEach((waiting) => waiting.reject(error));
    }
    // A settled promise ignores this: only an item `run` forgot would see it.
    batch.forEach((waiting) =>
      waiting.reject(new Error("internal error: a batched write ended without a result for this item")),
    );
  }
}
