/**
 * Runs async sections one at a time per key (first come, first served), while
 * sections with different keys run freely. The engine calls many resources of one host process at
 * once; when they share one remote object (an account-wide document) their writes must not
 * interleave. A failed section releases the key like a successful one.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, section: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    try {
      return await section();
    } finally {
      release();
      // The last holder leaves no entry behind, so keys do not accumulate.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Whether a section for `key` is running or waiting. */
  busy(key: string): boolean {
    return this.tails.has(key);
  }
}
