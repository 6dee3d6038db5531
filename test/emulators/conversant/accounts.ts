import { randomBytes } from "node:crypto";

/** The account every emulator starts with, its API key (64 hex) and a token already issued for it. */
export const CONVERSANT_TEST_ACCOUNT = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
export const CONVERSANT_TEST_API_KEY = "5eed".repeat(16);
export const CONVERSANT_TEST_TOKEN = "7e57".repeat(8);

interface Session {
  accountId: string;
  expiresAt: number;
}

/**
 * Accounts (with their parent, for Crossbar's ancestry rule), API keys and auth tokens. Tokens live
 * `tokenTtlMs` from issue [assumed: absolute, 24 h by default]; an expired or revoked token gets 401.
 */
export class Accounts {
  private readonly parents = new Map<string, string | undefined>();
  private readonly apiKeys = new Map<string, string>();
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly now: () => number,
    private readonly tokenTtlMs: number,
  ) {}

  /** Adds an account, optionally as a sub-account of `parent`; returns its API key. */
  add(accountId: string, options: { parent?: string; apiKey?: string } = {}): string {
    this.parents.set(accountId, options.parent);
    const apiKey = options.apiKey ?? randomBytes(32).toString("hex");
    this.apiKeys.set(apiKey, accountId);
    return apiKey;
  }

  /** `PUT /api_auth`: a new token for the key's account. */
  login(apiKey: string): { accountId: string; token: string } | undefined {
    const accountId = this.apiKeys.get(apiKey);
    return accountId === undefined ? undefined : { accountId, token: this.issue(accountId) };
  }

  /** Issues a token directly (what a user pastes as `conversant:authToken`). */
  issue(accountId: string, token: string = randomBytes(16).toString("hex")): string {
    if (!this.parents.has(accountId)) throw new Error(`no account ${accountId}`);
    this.sessions.set(token, { accountId, expiresAt: this.now() + this.tokenTtlMs });
    return token;
  }

  session(token: string): Session | undefined {
    const session = this.sessions.get(token);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(token);
      return undefined;
    }
    return session;
  }

  revoke(token: string): void {
    this.sessions.delete(token);
  }

  /** Every token stops working, as at expiry. */
  expireAll(): void {
    this.sessions.clear();
  }

  /** The caller's own account or a descendant of it. */
  canManage(caller: string, target: string): boolean {
    for (
      let account: string | undefined = target;
      account !== undefined;
      account = this.parents.get(account)
    ) {
      if (account === caller) return true;
      if (!this.parents.has(account)) return false;
    }
    return false;
  }
}

/** Crossbar's token bucket per account: `capacity` requests, refilled at `refillPerSecond`. */
export class TokenBucket {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly now: () => number,
  ) {}

  take(key: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(
      this.capacity,
      bucket.tokens + ((now - bucket.at) / 1000) * this.refillPerSecond,
    );
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
