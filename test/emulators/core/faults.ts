import { seededRandom } from "./seeded-random";
import type { EmulatorRequest } from "./server";

/**
 * A status fault's body or message: fixed, or made from the request it answers (a vendor whose error repeats what
 * it was sent, or what it holds about the object the request names).
 */
export type FaultBody = string | ((request: EmulatorRequest) => string);

/** What an injected fault does to one request. */
export type FaultAction =
  /** Wait before anything else happens; stacks with any other fault. */
  | { kind: "latency"; ms: number }
  /**
   * Answer with this status before the handler runs (nothing is written). `message` is sent in the vendor's own
   * error envelope (the emulator's `vendorError`), so the client reads it as it reads the vendor's errors; `body`
   * is sent as it is, and wins over `message`.
   */
  | {
      kind: "status";
      status: number;
      retryAfter?: number | string;
      body?: FaultBody;
      message?: FaultBody;
      contentType?: string;
      headers?: Record<string, string>;
    }
  /** Reset the connection before the handler runs (nothing is written). */
  | { kind: "reset" }
  /** Run the handler (its write is applied), then destroy the socket without a response. */
  | { kind: "lost" }
  /** Never respond; the socket is destroyed when the server closes or the client gives up. */
  | { kind: "hang" }
  /**
   * Run the handler (its write is applied), then never respond, like `hang`. With `thenHang`, every later request
   * hangs too (a vendor that went quiet right after the write), until `clear()`.
   */
  | { kind: "stall"; thenHang?: boolean };

export type FaultKind = FaultAction["kind"];
export type TerminalFault = Exclude<FaultAction, { kind: "latency" }>;

export interface FaultMatch {
  /** Case-insensitive; one method or any of a list; any method when absent. */
  method?: string | readonly string[];
  /** A string must equal the path (without query); a RegExp is tested against it; any path when absent. */
  path?: string | RegExp;
  /** How many matching requests this applies to; default 1, `Infinity` for forever. */
  times?: number;
}

export type FaultRule = FaultAction & FaultMatch;

/** Random faults for fault-profile runs; deterministic for a given seed and request order. */
export interface FaultProfile {
  /** Share of requests answered with 429 (Retry-After 0 or 1), 502, 503 or a reset, before the handler. */
  transientRate: number;
  /** Share of requests whose response is lost after the handler ran. */
  lostRate: number;
  /** Each matching request waits a random 0..latencyMs first. */
  latencyMs: number;
  seed: number;
  /** Restrict the profile to matching paths (a string must equal the path). */
  path?: string | RegExp;
}

export interface FaultHandle {
  /** Matching requests this rule will still affect. */
  readonly remaining: number;
  remove(): void;
}

/** Decision for one request: a delay, then maybe a fault. `fromProfile` lets the server pick a vendor body. */
export interface FaultPlan {
  latencyMs: number;
  action?: TerminalFault;
  fromProfile: boolean;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

const TRANSIENT_CHOICES: TerminalFault[] = [
  { kind: "status", status: 429, retryAfter: 0 },
  { kind: "status", status: 429, retryAfter: 1 },
  { kind: "status", status: 502 },
  { kind: "status", status: 503 },
  { kind: "reset" },
];

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private profile: { config: FaultProfile; random: () => number } | undefined;
  private readonly injected: Record<FaultKind, number> = {
    latency: 0,
    status: 0,
    reset: 0,
    lost: 0,
    hang: 0,
    stall: 0,
  };

  add(rule: FaultRule): FaultHandle {
    const times = rule.times ?? 1;
    if (!(times === Infinity || (Number.isInteger(times) && times > 0)))
      throw new Error(`fault times must be a positive integer or Infinity, got ${times}`);
    const active: ActiveRule = { rule, remaining: times };
    this.rules.push(active);
    return {
      get remaining() {
        return active.remaining;
      },
      remove: () => {
        this.rules = this.rules.filter((candidate) => candidate !== active);
      },
    };
  }

  /** Replaces any earlier profile and restarts its random sequence; undefined turns it off. */
  setProfile(profile: FaultProfile | undefined): void {
    if (
      profile &&
      (profile.transientRate < 0 || profile.lostRate < 0 || profile.transientRate + profile.lostRate > 1)
    ) {
      throw new Error("fault profile rates must be >= 0 and sum to at most 1");
    }
    this.profile = profile && { config: profile, random: seededRandom(profile.seed) };
  }

  /** Removes every rule and the profile; counts are kept. */
  clear(): void {
    this.rules = [];
    this.profile = undefined;
  }

  /** Faults injected so far, per kind. */
  get counts(): Readonly<Record<FaultKind, number>> {
    return { ...this.injected };
  }

  get total(): number {
    return Object.values(this.injected).reduce((sum, count) => sum + count, 0);
  }

  /** Called once per request by the server: consumes matching rules, then the profile. */
  plan(method: string, path: string): FaultPlan {
    let latencyMs = 0;
    let action: TerminalFault | undefined;
    for (const active of this.rules) {
      if (!matches(active.rule, method, path)) continue;
      if (active.rule.kind === "latency") {
        latencyMs += active.rule.ms;
      } else if (!action) {
        action = toAction(active.rule);
      } else {
        continue;
      }
      active.remaining -= 1;
    }
    this.rules = this.rules.filter((active) => active.remaining > 0);
    let fromProfile = false;
    if (!action && this.profile && matches({ path: this.profile.config.path }, method, path)) {
      const { config, random } = this.profile;
      // Always three draws per request, so one request's outcome never shifts the next one's.
      const [delay, roll, choice] = [random(), random(), random()];
      latencyMs += Math.round(delay * config.latencyMs);
      if (roll < config.transientRate)
        action = TRANSIENT_CHOICES[Math.floor(choice * TRANSIENT_CHOICES.length)];
      else if (roll < config.transientRate + config.lostRate) action = { kind: "lost" };
      fromProfile = action !== undefined;
    }
    if (action?.kind === "stall" && action.thenHang)
      this.rules.push({ rule: { kind: "hang" }, remaining: Infinity });
    if (latencyMs > 0) this.injected.latency += 1;
    if (action) this.injected[action.kind] += 1;
    return { latencyMs, action, fromProfile };
  }
}

function matches(match: FaultMatch, method: string, path: string): boolean {
  if (match.method !== undefined) {
    const methods = typeof match.method === "string" ? [match.method] : match.method;
    if (!methods.some((candidate) => candidate.toUpperCase() === method.toUpperCase())) return false;
  }
  if (typeof match.path === "string") return match.path === path;
  if (match.path) {
    match.path.lastIndex = 0; // a /g regex would otherwise alternate between match and miss
    if (!match.path.test(path)) return false;
  }
  return true;
}

function toAction(rule: FaultRule): TerminalFault {
  switch (rule.kind) {
    case "status":
      return {
        kind: "status",
        status: rule.status,
        retryAfter: rule.retryAfter,
        body: rule.body,
        message: rule.message,
        contentType: rule.contentType,
        headers: rule.headers,
      };
    case "reset":
    case "lost":
    case "hang":
      return { kind: rule.kind };
    case "stall":
      return { kind: rule.kind, thenHang: rule.thenHang };
    case "latency":
      throw new Error("latency is not a terminal fault");
  }
}
