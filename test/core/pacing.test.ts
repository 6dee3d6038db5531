import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AccountPace, PaceBudgetSpent, type Permit, type RateLimit } from "../../provider/core/pacing";

const BUCKET: RateLimit = { description: "bucket", bucket: { capacity: 20, refillPerSecond: 10 } };
const WINDOWS: RateLimit = {
  description: "windows",
  windows: [
    { requests: 2, perMs: 1_000 },
    { requests: 3, perMs: 10_000 },
  ],
  reportedBy: "x-ratelimit-limit",
};
const FAR = Number.MAX_SAFE_INTEGER;

/** Starts `count` acquisitions and records when (fake ms since start) each was let go. */
function acquireMany(pace: AccountPace, count: number, deadline = FAR) {
  const start = Date.now();
  const times: number[] = [];
  const permits: Permit[] = [];
  const errors: unknown[] = [];
  for (let index = 0; index < count; index++) {
    pace.acquire(deadline).then(
      (permit) => {
        times[index] = Date.now() - start;
        permits[index] = permit;
      },
      (error: unknown) => (errors[index] = error),
    );
  }
  return { times, permits, errors };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_700_000_000_000);
});
afterEach(() => vi.useRealTimers());

describe("core › pacing", () => {
  it("lets a bucket's burst go at once (less 5% headroom for the vendor's later count), then one request per refill interval, in order", async () => {
    const pace = new AccountPace(BUCKET);
    const { times } = acquireMany(pace, 22);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(times).toEqual([...Array(19).fill(0), 100, 200, 300]);
  });

  it("counts a window's request from its answer, and holds the next until the window has room", async () => {
    const pace = new AccountPace(WINDOWS);
    const { times, permits } = acquireMany(pace, 3);
    await vi.advanceTimersByTimeAsync(0);
    expect(times).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(200);
    permits[0]!.answered(); // answered at 200: the vendor counted it late, so does the window
    permits[1]!.answered();
    await vi.advanceTimersByTimeAsync(999);
    expect(times[2]).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(times[2]).toBe(1_200);
    // The hour-like window (3 per 10 s) holds the fourth until the first leaves it.
    const later = acquireMany(pace, 1);
    await vi.advanceTimersByTimeAsync(8_999);
    expect(later.times[0]).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(later.times[0]).toBe(9_000);
  });

  it("adopts the window size the vendor reports for this account", async () => {
    const pace = new AccountPace(WINDOWS);
    pace.answered({ "x-ratelimit-limit": "4" }, 30_000);
    const { times } = acquireMany(pace, 5);
    await vi.advanceTimersByTimeAsync(0);
    // Twice the documented 2 per second, and the 3 per 10 s scaled alike to 6.
    expect(times).toEqual([0, 0, 0, 0]);
  });

  it("on a 429 with Retry-After, holds every caller of the account until then", async () => {
    const pace = new AccountPace(undefined);
    pace.refused({ "retry-after": "2" }, 30_000);
    const { times } = acquireMany(pace, 3);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(times).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(times).toEqual([2_000, 2_000, 2_000]);
  });

  it("caps a Retry-After at the retry delay cap, so a long one is asked again rather than slept through", async () => {
    const pace = new AccountPace(undefined);
    pace.refused({ "retry-after": "3600" }, 5_000);
    const { times } = acquireMany(pace, 1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(times).toEqual([5_000]);
  });

  it("lowers the rate once for a round of refusals: those of requests sent before it was lowered do not lower it again", async () => {
    const pace = new AccountPace(BUCKET);
    const sent = Date.now();
    acquireMany(pace, 19);
    await vi.advanceTimersByTimeAsync(10);
    for (let index = 0; index < 5; index++) pace.refused({}, 30_000, sent);
    const slowed = acquireMany(pace, 1);
    await vi.advanceTimersByTimeAsync(1_000);
    // 8.5 per second (one lowering), not 10 x 0.85^5 = 4.4.
    expect(slowed.times).toEqual([118]);
  });

  it("on a 429 without Retry-After, empties the bucket and slows its refill for everyone, then recovers with answers", async () => {
    const pace = new AccountPace(BUCKET);
    acquireMany(pace, 19);
    await vi.advanceTimersByTimeAsync(0);
    pace.refused({}, 30_000);
    const slowed = acquireMany(pace, 2);
    await vi.advanceTimersByTimeAsync(1_000);
    // 10 per second slowed to 8.5: a token every ~118 ms instead of 100.
    expect(slowed.times).toEqual([118, 236]);
    for (let index = 0; index < 15; index++) pace.answered({}, 30_000);
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.advanceTimersByTimeAsync(60_000);
    const recovered = acquireMany(pace, 21);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(recovered.times.slice(19)).toEqual([100, 200]);
  });

  it("waits for a window spent elsewhere (X-RateLimit-Remaining 0) instead of sending into a 429", async () => {
    const pace = new AccountPace(WINDOWS);
    pace.answered(
      { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Date.now() / 1000 + 3) },
      30_000,
    );
    const { times } = acquireMany(pace, 1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(times).toEqual([3_000]);
  });

  it("turns a waiter away when its wait would pass its deadline, saying how long it waited", async () => {
    const pace = new AccountPace(BUCKET);
    const { times, errors } = acquireMany(pace, 21, Date.now() + 150);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(times).toEqual([...Array(19).fill(0), 100]);
    expect(errors[20]).toBeInstanceOf(PaceBudgetSpent);
    expect((errors[20] as PaceBudgetSpent).waitedMs).toBe(150);
  });

  it("keeps the process alive while requests wait (its timer is not unref'd)", async () => {
    vi.useRealTimers();
    const pace = new AccountPace(undefined);
    pace.refused({ "retry-after": "1" }, 30_000);
    const spy = vi.spyOn(globalThis, "setTimeout");
    const waiting = pace.acquire(FAR);
    const timer = spy.mock.results.at(-1)?.value as NodeJS.Timeout;
    spy.mockRestore();
    expect(timer.hasRef()).toBe(true);
    await waiting;
  });
});
