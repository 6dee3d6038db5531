/**
 * A Conversant (2600Hz Kazoo 4.3 crossbar) emulator on the shared emulator core. See README.md and
 * ../shared/vendors/conversant.md.
 */
import { startEmulatorServer, withControls, type EmulatorServer } from "../core";
import {
  Accounts,
  CONVERSANT_TEST_ACCOUNT,
  CONVERSANT_TEST_API_KEY,
  CONVERSANT_TEST_TOKEN,
  TokenBucket,
} from "./accounts";
import { conversantHandler, kazooError } from "./api";
import { ConversantStore } from "./store";

export { CONVERSANT_TEST_ACCOUNT, CONVERSANT_TEST_API_KEY, CONVERSANT_TEST_TOKEN } from "./accounts";
export { ConversantStore, GREGORIAN_OFFSET, publicDoc, summary, type StoredHook } from "./store";
export { HOOKS, HOOK_CATALOGUE } from "./validation";

export interface ConversantEmulatorOptions {
  /** Fixed port for the sandbox; 0 (default) picks a free one. */
  port?: number;
  /** Token lifetime from issue (default 24 h, Conversant's day). */
  tokenTtlMs?: number;
  /** Crossbar's token bucket per account; off by default (the real default is 100 tokens, 10/s). */
  rateLimit?: { capacity: number; refillPerSecond: number };
  /** Clock for token expiry, attempt timestamps, rate buckets and the Date header. */
  now?: () => number;
  /** Hooks this system has installed beyond Kazoo 4.3's (listed by GET /v1/webhooks and accepted as `hook`). */
  extraHooks?: readonly { id: string; description: string }[];
  /** `ignored`: a client-chosen `data.id` on create is dropped and Kazoo assigns its own (default `honoured`). */
  clientIds?: "honoured" | "ignored";
  /** Test-only: page `/v1` lists too (this many a page, `next_start_key`), as a build whose v1 paginates would. */
  pagedV1?: number;
}

/** The Conversant emulator; its API lives under `${url}/v1` (and `/v2`). */
export interface ConversantEmulator extends EmulatorServer {
  /** The default account, API key and pre-issued token. */
  readonly accountId: string;
  readonly apiKey: string;
  readonly authToken: string;
  readonly store: ConversantStore;
  /** Adds an account (a sub-account with `parent`); returns its API key. */
  addAccount(accountId: string, options?: { parent?: string; apiKey?: string }): string;
  /** Issues a token for an account, as a login would. */
  issueToken(accountId?: string): string;
  /** Every token stops working (401), as at expiry. */
  expireTokens(): void;
}

export async function startConversantEmulator(
  options: ConversantEmulatorOptions = {},
): Promise<ConversantEmulator> {
  const now = options.now ?? Date.now;
  const store = new ConversantStore(now);
  const accounts = new Accounts(now, options.tokenTtlMs ?? 24 * 3_600_000);
  accounts.add(CONVERSANT_TEST_ACCOUNT, { apiKey: CONVERSANT_TEST_API_KEY });
  accounts.issue(CONVERSANT_TEST_ACCOUNT, CONVERSANT_TEST_TOKEN);
  const rate =
    options.rateLimit && new TokenBucket(options.rateLimit.capacity, options.rateLimit.refillPerSecond, now);

  const server: EmulatorServer = await startEmulatorServer({
    port: options.port,
    now,
    handler: conversantHandler({
      store,
      accounts,
      rateLimit: rate,
      extraHooks: options.extraHooks ?? [],
      clientIds: options.clientIds ?? "honoured",
      pagedV1: options.pagedV1,
    }),
    // Profile-injected statuses look like Crossbar's own error envelope.
    profileFaultBody: (status) =>
      status === 429
        ? kazooError(429, "too many requests", "too many requests")
        : kazooError(status, "datastore_fault", "datastore fault"),
    // A system error as v1 sends it: the short code in `message`, the text in `data`.
    vendorError: (status, message) =>
      kazooError(status, status === 401 ? "invalid_credentials" : "datastore_fault", message),
  });

  return withControls<ConversantEmulator>(server, {
    accountId: CONVERSANT_TEST_ACCOUNT,
    apiKey: CONVERSANT_TEST_API_KEY,
    authToken: CONVERSANT_TEST_TOKEN,
    store,
    addAccount: (accountId, accountOptions) => accounts.add(accountId, accountOptions),
    issueToken: (accountId = CONVERSANT_TEST_ACCOUNT) => accounts.issue(accountId),
    expireTokens: () => accounts.expireAll(),
  });
}
