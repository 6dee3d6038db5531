/**
 * When a batch of an account's writes leaves (provider/sendblue/arrivals.ts): it waits while the engine's next
 * operations keep arriving, until as many are back as were seen at once, and not for creates that would need a look
 * of their own.
 */
import { describe, expect, it } from "vitest";
import * as arrivals from "../../provider/sendblue/arrivals";

let accounts = 0;
/** An account of its own per test; its writes take long, so a batch may wait long for the rest to arrive. */
function slowAccount(): string {
  const key = `test account ${++accounts}`;
  arrivals.wroteIn(key, 10_000);
  return key;
}

/** Three operations at once, then done: the account has seen three at once. */
function seenThreeAtOnce(key: string): void {
  const closers = [1, 2, 3].map(() => arrivals.opened(key));
  for (const close of closers) close();
}

/** Three arrivals, one per event-loop turn, as the engine's next operations come in one by one; counts them. */
function arriveOneByOne(key: string): { count: () => number; done: Promise<void> } {
  let arrived = 0;
  const done = (async () => {
    for (; arrived < 3; arrived++) {
      await new Promise((resolve) => setImmediate(resolve));
      arrivals.opened(key);
      arrivals.queued(key);
    }
  })();
  return { count: () => arrived, done };
}

describe("sendblue writes › when a batch leaves", () => {
  it("waits until as many operations are back as the account saw at once", async () => {
    const key = slowAccount();
    seenThreeAtOnce(key);
    const arriving = arriveOneByOne(key);
    await arrivals.gather(key, () => true);
    expect(arriving.count()).toBe(3);
    await arriving.done;
  });

  it("leaves at once while a create that needs a look of its own waits", async () => {
    const key = slowAccount();
    seenThreeAtOnce(key);
    const arriving = arriveOneByOne(key);
    await arrivals.gather(key, () => false);
    expect(arriving.count()).toBeLessThan(3);
    await arriving.done;
  });
});
