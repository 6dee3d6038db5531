import { startEmulatorServer, type FaultInjector, type LoggedRequest } from "../core";
import { convirzaError, convirzaHandler, type ConvirzaRules, type TokenUser } from "./api";
import { ConvirzaStore } from "./store";

export { ConvirzaStore, toWire, DEFAULTS, type StoredWebhook, type InsertFields, type WritableFields } from "./store";
export { FORMATS, METHODS, STATUSES } from "./validation";
export type { ConvirzaRules, TokenUser } from "./api";

/** The default access token, for user 4242 in org unit 1001. */
export const CONVIRZA_TEST_TOKEN = "cvz-emulator-access-token-0001";
export const CONVIRZA_TEST_USER: TokenUser = { user_id: 4242, org_unit_id: 1001 };

export interface ConvirzaEmulatorOptions extends Partial<ConvirzaRules> {
  /** Fixed port for the sandbox; 0 (default) picks a free one. */
  port?: number;
  /** Clock for created_at / updated_at / envelope timestamps. */
  now?: () => number;
}

export interface ConvirzaEmulator {
  /** Origin, e.g. http://127.0.0.1:43121; the API lives under `${url}/v3`. */
  readonly url: string;
  readonly apiUrl: string;
  readonly port: number;
  readonly store: ConvirzaStore;
  /** Switches, changeable while running. */
  readonly rules: ConvirzaRules;
  readonly requests: readonly Readonly<LoggedRequest>[];
  clearRequests(): void;
  /** TCP connections accepted so far (keep-alive checks). */
  readonly connectionsOpened: number;
  readonly faults: FaultInjector;
  /** Adds a valid access token for a user. */
  addToken(token: string, user: TokenUser): void;
  /** Makes a token invalid at once (revoked or expired). */
  revokeToken(token: string): void;
  close(): Promise<void>;
}

export async function startConvirzaEmulator(options: ConvirzaEmulatorOptions = {}): Promise<ConvirzaEmulator> {
  const now = options.now ?? Date.now;
  const store = new ConvirzaStore(now);
  const tokens = new Map<string, TokenUser>([[CONVIRZA_TEST_TOKEN, CONVIRZA_TEST_USER]]);
  const rules: ConvirzaRules = {
    pascalCase: options.pascalCase ?? false,
    wrapDetail: options.wrapDetail ?? false,
    showDeleted: options.showDeleted ?? false,
    outOfScope401: options.outOfScope401 ?? false,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
  };
  const server = await startEmulatorServer({
    port: options.port,
    now,
    handler: convirzaHandler({ store, tokens, rules, now }),
    // Profile-injected statuses carry Convirza's envelope.
    profileFaultBody: (status) => convirzaError(now, status, status === 429 ? "Too many requests" : "Service temporarily unavailable"),
  });
  return {
    url: server.url,
    apiUrl: `${server.url}/v3`,
    port: server.port,
    store,
    rules,
    get requests() {
      return server.requests;
    },
    clearRequests: () => server.clearRequests(),
    get connectionsOpened() {
      return server.connectionsOpened;
    },
    faults: server.faults,
    addToken: (token, user) => void tokens.set(token, user),
    revokeToken: (token) => void tokens.delete(token),
    close: () => server.close(),
  };
}
