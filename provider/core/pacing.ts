/**
 * Pacing of requests to one vendor account, shared by every operation in the process: a request waits for a token of
 * the vendor's documented limit instead of being sent to be refused, and a refusal (429) slows every caller of the
 * account, not only the one refused. Waits are timers that keep the process alive: an operation in flight is never
 * dropped by an event loop that looks idle.
 */
import { createHash } from "node:crypto";
import { serverRequestedDelay } from "./retry-policy";

/** A vendor's documented request limit for one account (or key). */
export interface RateLimit {
  /** The limit in words, for errors and log lines: "100 requests at once, refilled at 10 per second, per account". */
  description: string;
  /** A token bucket: `capacity` requests at once, refilled continuously at `refillPerSecond`. */
  bucket?: { capacity: number; refillPerSecond: number };
  /** Sliding windows, each checked on its own: at most `requests` in any `perMs`. */
  windows?: Array<{ requests: number; perMs: number }>;
  /**
   * A response header in which the vendor reports the first window's size for this account (a plan with other
   * limits than the documented ones). The other windows are assumed to scale with it; a 429 corrects that.
   */
  reportedBy?: string;
}

/** Waiting on the limit ran past the time budget. */
export class PaceBudgetSpent extends Error {
  constructor(readonly waitedMs: number) {
    super(`waited ${waitedMs} ms`);
  }
}

/** A token taken: report when the request is answered. */
export interface Permit {
  /** How long this request waited for its token. */
  waitedMs: number;
  /** When it was let go. */
  grantedAt: number;
  /** The answer arrived: a window counts the request from now (the vendor counted it some time after it was sent). */
  answered(): void;
}

interface Waiter {
  since: number;
  deadline: number;
  resolve(permit: Permit): void;
  reject(error: Error): void;
}

/** Consecutive 429s with neither Retry-After nor a documented limit back off from here, doubling. */
const UNDECLARED_BACKOFF_MS = 500;
/**
 * The share of the rate kept after a 429, and what each answered request gives back. The vendor does not charge a
 * refused request, so a little over its limit costs a round trip while a little under it costs throughput: the
 * rate is lowered gently, at most once a second.
 */
const SLOWDOWN_ON_REFUSAL = 0.85;
const LOWER_AT_MOST_EVERY_MS = 1_000;
const RECOVERY_PER_ANSWER = 0.02;
const SLOWEST = 0.05;
/**
 * The bucket kept this much smaller than the vendor's: the vendor takes a token when a request arrives, later than
 * it left, and by different delays (the first requests open connections). Five in a hundred absorb that, so a
 * request sent on a token is not refused.
 */
const BUCKET_HEADROOM = 0.05;

/** One vendor account's pace. Exported for its tests; callers go through `paceFor`. */
export class AccountPace {
  private tokens: number;
  private refilledAt: number;
  /** When each request of the windows was counted, oldest first (mostly). */
  private readonly counted: Array<{ at: number }> = [];
  private pausedUntil = 0;
  /** Share of the declared rate in use: below 1 after 429s that named no wait (another client uses the account). */
  private share = 1;
  /** Reported window size over the documented one. */
  private scale = 1;
  private refusalsInARow = 0;
  /** When the rate was last lowered: refusals of requests sent before then are answers to the old rate. */
  private loweredAt = -Infinity;
  private readonly waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Since when every request has had to wait (the account is held at its limit); undefined while one goes at once. */
  private heldSince: number | undefined;

  constructor(
    readonly limit: RateLimit | undefined,
    /** Told, while requests wait, how many do and since how long the account is held at its limit. */
    private readonly onWaiting: (queued: number, heldMs: number) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = this.capacity;
    this.refilledAt = now();
  }

  /** Resolves when the request may be sent; rejects with PaceBudgetSpent if that would be after `deadline`. */
  acquire(deadline: number): Promise<Permit> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ since: this.now(), deadline, resolve, reject });
      this.pump();
    });
  }

  /**
   * A 429: wait what the vendor asks (up to `maxPauseMs`), else slow every caller of the account. `sentAt` is when the
   * refused request was let go: the rate is lowered once per round of requests sent, not once per refusal among them.
   */
  refused(
    headers: Record<string, string | string[] | undefined>,
    maxPauseMs: number,
    sentAt: number = this.now(),
  ): void {
    const now = this.now();
    this.refusalsInARow++;
    const requested = serverRequestedDelay(headers, now);
    if (requested !== undefined) {
      this.pauseUntil(now + Math.min(requested, maxPauseMs));
    } else if (this.limit?.bucket || this.limit?.windows) {
      // The vendor's bucket is empty although ours was not: another client spends it too. Both slow down.
      this.refill(now);
      if (sentAt >= this.loweredAt && now - this.loweredAt >= LOWER_AT_MOST_EVERY_MS) {
        this.share = Math.max(SLOWEST, this.share * SLOWDOWN_ON_REFUSAL);
        this.loweredAt = now;
      }
      this.tokens = Math.min(this.tokens, 0);
    } else {
      const step = Math.min(UNDECLARED_BACKOFF_MS * 2 ** (this.refusalsInARow - 1), maxPauseMs);
      this.pauseUntil(now + step / 2 + Math.random() * (step / 2));
    }
    this.pump();
  }

  /** Any answer but a 429: recover gradually, learn the account's limit from the vendor's headers. */
  answered(headers: Record<string, string | string[] | undefined>, maxPauseMs: number): void {
    this.refusalsInARow = 0;
    this.share = Math.min(1, this.share + RECOVERY_PER_ANSWER);
    const reported =
      this.limit?.reportedBy === undefined ? undefined : Number(first(headers[this.limit.reportedBy]));
    const documented = this.limit?.windows?.[0]?.requests;
    if (reported !== undefined && Number.isFinite(reported) && reported > 0 && documented)
      this.scale = reported / documented;
    // A window already spent (by this process or another): wait for its reset rather than collect a 429.
    if (first(headers["x-ratelimit-remaining"]) === "0") {
      const reset = serverRequestedDelay(headers, this.now());
      if (reset !== undefined) this.pauseUntil(this.now() + Math.min(reset, maxPauseMs));
    }
    this.pump();
  }

  private pauseUntil(at: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, at);
  }

  private get capacity(): number {
    const capacity = this.limit?.bucket?.capacity ?? 0;
    return Math.max(1, capacity - Math.ceil(capacity * BUCKET_HEADROOM));
  }

  private refill(now: number): void {
    const bucket = this.limit?.bucket;
    if (!bucket) return;
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.refilledAt) / 1000) * bucket.refillPerSecond * this.share,
    );
    this.refilledAt = now;
  }

  /** Milliseconds until a request may go; 0 when it may go now. */
  private waitFor(now: number): number {
    let wait = Math.max(0, this.pausedUntil - now);
    const bucket = this.limit?.bucket;
    if (bucket) {
      this.refill(now);
      if (this.tokens < 1)
        wait = Math.max(wait, ((1 - this.tokens) / (bucket.refillPerSecond * this.share)) * 1000);
    }
    for (const window of this.limit?.windows ?? []) {
      const allowed = Math.max(1, Math.floor(window.requests * this.scale * this.share));
      const since = now - window.perMs;
      // Counted first, listed only when full: every request of the longest window is in `counted`.
      let count = 0;
      for (const entry of this.counted) if (entry.at > since) count++;
      if (count >= allowed) {
        const inWindow = this.counted.filter((entry) => entry.at > since).map((entry) => entry.at);
        inWindow.sort((a, b) => a - b);
        wait = Math.max(wait, inWindow[inWindow.length - allowed]! + window.perMs - now);
      }
    }
    return Math.ceil(wait);
  }

  private take(now: number): { at: number } {
    if (this.limit?.bucket) this.tokens -= 1;
    const entry = { at: now };
    if (this.limit?.windows?.length) {
      const longest = Math.max(...this.limit.windows.map((window) => window.perMs));
      while (this.counted.length > 0 && this.counted[0]!.at <= now - longest) this.counted.shift();
      this.counted.push(entry);
    }
    return entry;
  }

  /** Lets waiters go while tokens last, turns away those past their deadline, and sleeps until the next event. */
  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.now();
    for (let index = this.waiting.length - 1; index >= 0; index--) {
      const waiter = this.waiting[index]!;
      if (waiter.deadline <= now) {
        this.waiting.splice(index, 1);
        waiter.reject(new PaceBudgetSpent(now - waiter.since));
      }
    }
    while (this.waiting.length > 0) {
      const wait = this.waitFor(now);
      if (wait > 0) {
        this.heldSince ??= this.waiting[0]!.since;
        this.onWaiting(this.waiting.length, now - this.heldSince);
        const nextDeadline = Math.min(...this.waiting.map((waiter) => waiter.deadline));
        // Not unref'd: the wait is an operation in flight, and the process must stay up until it ends.
        this.timer = setTimeout(() => this.pump(), Math.max(1, Math.min(wait, nextDeadline - now)));
        return;
      }
      const entry = this.take(now);
      const waiter = this.waiting.shift()!;
      if (waiter.since === now) this.heldSince = undefined;
      waiter.resolve({
        waitedMs: now - waiter.since,
        grantedAt: now,
        answered: () => (entry.at = Math.max(entry.at, this.now())),
      });
    }
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const paces = new Map<string, AccountPace>();

/**
 * The pace of one account: the base URL and a hash of what identifies the account to the vendor (its credential),
 * so the credential itself is never kept as a key.
 */
export function paceFor(
  baseUrl: string,
  account: string,
  limit: RateLimit | undefined,
  makeReporter: () => (queued: number, heldMs: number) => void,
): AccountPace {
  const key = `${baseUrl} ${createHash("sha256").update(account).digest("hex")}`;
  let pace = paces.get(key);
  if (!pace) {
    pace = new AccountPace(limit, makeReporter());
    paces.set(key, pace);
  }
  return pace;
}
