/**
 * When a batch of an account's entry writes should leave. The engine runs a fixed number of operations at once (16
 * by default) and starts the next ones only as operations end, so the changes that follow a batch's end reach the
 * provider spread over a few milliseconds (one gRPC call each, and the engine's Check of each new resource). A batch
 * that left at once would carry the first of them and leave the rest a whole write behind it, and the batches would
 * alternate between few entries and many. So a batch waits while changes keep coming: until as many operations as
 * were recently seen at once are back in the provider, or none arrived for a short gap, and never longer than a
 * fraction of one write's round trip.
 */

/** The gap and the cap, as shares of the account's recent write round trip. */
const GAP_SHARE = 0.2;
const CAP_SHARE = 0.5;
/** Bounds of the gap, in ms (before any write was timed, the gap is the minimum and so is the cap). */
const MIN_GAP_MS = 2;
const MAX_GAP_MS = 25;
/** How long the most operations seen at once is remembered, in ms (the engine's parallelism does not change within a run). */
const PEAK_KEPT_MS = 2_000;
/** Weight of the newest round trip in the running average. */
const ROUND_TRIP_WEIGHT = 0.3;

interface Account {
  /** Changes submitted and not settled yet: the engine's operations now in the provider. */
  outstanding: number;
  peak: number;
  peakAt: number;
  /** Running average of a write's round trip, in ms; undefined before the first. */
  roundTripMs?: number;
  /** Called at every arrival (a batch waiting for more). */
  listeners: Set<() => void>;
}

const accounts = new Map<string, Account>();

function accountOf(key: string): Account {
  let account = accounts.get(key);
  if (!account) {
    account = { outstanding: 0, peak: 0, peakAt: 0, listeners: new Set() };
    accounts.set(key, account);
  }
  return account;
}

/** An operation's change reached the provider; call the returned function once the operation is settled. */
export function opened(key: string): () => void {
  const account = accountOf(key);
  account.outstanding++;
  const now = performance.now();
  if (account.outstanding >= account.peak || now - account.peakAt > PEAK_KEPT_MS) {
    account.peak = account.outstanding;
    account.peakAt = now;
  }
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    account.outstanding--;
  };
}

/** A change was queued for the account (a new one, or one going again): a batch waiting for more may take it. */
export function queued(key: string): void {
  for (const listener of [...accountOf(key).listeners]) listener();
}

/** One write to the account took `ms` from sending to its answer. */
export function wroteIn(key: string, ms: number): void {
  const account = accountOf(key);
  account.roundTripMs =
    account.roundTripMs === undefined
      ? ms
      : account.roundTripMs + ROUND_TRIP_WEIGHT * (ms - account.roundTripMs);
}

/** How long a batch may wait for changes at most, in ms. */
export function waitCapMs(key: string): number {
  const roundTrip = accountOf(key).roundTripMs;
  return roundTrip === undefined ? MIN_GAP_MS : Math.max(MIN_GAP_MS, roundTrip * CAP_SHARE);
}

function gapMs(key: string): number {
  const roundTrip = accountOf(key).roundTripMs;
  return roundTrip === undefined
    ? MIN_GAP_MS
    : Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, roundTrip * GAP_SHARE));
}

/** Resolves true at the next arrival for the account, or false after `ms`. */
export function nextArrival(key: string, ms: number): Promise<boolean> {
  const account = accountOf(key);
  return new Promise((resolve) => {
    const done = (arrivedInTime: boolean) => {
      clearTimeout(timer);
      account.listeners.delete(onArrival);
      resolve(arrivedInTime);
    };
    const onArrival = () => done(true);
    const timer = setTimeout(() => done(false), Math.max(0, ms));
    account.listeners.add(onArrival);
  });
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Waits before a batch takes its entries: one event-loop turn (the engine's operations sent together arrive
 * together), then while changes keep coming, as the file's comment says, and `worthWaiting` holds. Returns the ms
 * waited.
 */
export async function gather(key: string, worthWaiting: () => boolean): Promise<number> {
  const started = performance.now();
  await nextTurn();
  const account = accountOf(key);
  const cap = waitCapMs(key);
  const gap = gapMs(key);
  for (;;) {
    if (account.outstanding >= account.peak || !worthWaiting()) break;
    const left = cap - (performance.now() - started);
    if (left <= 0 || !(await nextArrival(key, Math.min(gap, left)))) break;
  }
  return performance.now() - started;
}
