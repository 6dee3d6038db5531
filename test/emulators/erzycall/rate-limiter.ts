/**
 * Per-key sliding windows, one per minute and one per hour, checked independently (contract §8).
 * Rejected requests are not counted, so a client that waits Retry-After gets in.
 */
export interface RateLimits {
  perMinute: number;
  perHour: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the blocking window frees a slot; only when not allowed. */
  retryAfterSeconds: number;
  /** X-RateLimit-* headers, describing the per-minute window [assumed]. */
  headers: Record<string, string>;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

export class RateLimiter {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number,
  ) {}

  /** Counts one request for `key` if the windows allow it. */
  take(key: string): RateDecision {
    const now = this.now();
    const times = (this.seen.get(key) ?? []).filter((time) => time > now - HOUR);
    this.seen.set(key, times);
    const inMinute = times.filter((time) => time > now - MINUTE);
    let waitMs = 0;
    if (inMinute.length >= this.limits.perMinute)
      waitMs = Math.max(waitMs, inMinute[inMinute.length - this.limits.perMinute]! + MINUTE - now);
    if (times.length >= this.limits.perHour)
      waitMs = Math.max(waitMs, times[times.length - this.limits.perHour]! + HOUR - now);
    const allowed = waitMs === 0;
    if (allowed) {
      times.push(now);
      inMinute.push(now);
    }
    return {
      allowed,
      retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      headers: this.headersFor(inMinute, now),
    };
  }

  /** Headers for a response that no key can be charged for (e.g. 401). */
  untouched(): Record<string, string> {
    return this.headersFor([], this.now());
  }

  private headersFor(inMinute: number[], now: number): Record<string, string> {
    const oldest = inMinute[0] ?? now;
    return {
      "x-ratelimit-limit": String(this.limits.perMinute),
      "x-ratelimit-remaining": String(Math.max(0, this.limits.perMinute - inMinute.length)),
      "x-ratelimit-reset": String(Math.ceil((oldest + MINUTE) / 1000)),
    };
  }
}
