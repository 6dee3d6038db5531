import { startEmulatorServer, withControls, type EmulatorServer } from "../core";
import { convirzaError, convirzaHandler, type ConvirzaRules, type TokenUser } from "./api";
import { ConvirzaStore } from "./store";

export {
  ConvirzaStore,
  toWire,
  DEFAULTS,
  type StoredWebhook,
  type InsertFields,
  type WritableFields,
} from "./store";
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

/** The Convirza emulator; its API lives under `${url}/v3` (`apiUrl`). */
export interface ConvirzaEmulator extends EmulatorServer {
  readonly apiUrl: string;
  readonly store: ConvirzaStore;
  /** Switches, changeable while running. */
  readonly rules: ConvirzaRules;
  /** Adds a valid access token for a user. */
  addToken(token: string, user: TokenUser): void;
  /** Makes a token invalid at once (revoked or expired). */
  revokeToken(token: string): void;
}

export async function startConvirzaEmulator(
  options: ConvirzaEmulatorOptions = {},
): Promise<ConvirzaEmulator> {
  const now = options.now ?? Date.now;
  const store = new ConvirzaStore(now);
  const tokens = new Map<string, TokenUser>([[CONVIRZA_TEST_TOKEN, CONVIRZA_TEST_USER]]);
  const rules: ConvirzaRules = {
    pascalCase: options.pascalCase ?? false,
    wrapDetail: options.wrapDetail ?? false,
    showDeleted: options.showDeleted ?? false,
    outOfScope401: options.outOfScope401 ?? false,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
    listPaths: options.listPaths ?? ["/webhooks", "/webhooks/list"],
    maxListLimit: options.maxListLimit ?? 1000,
    defaultListLimit: options.defaultListLimit ?? 100,
    ignoreListOffset: options.ignoreListOffset ?? false,
    detailRoutes: options.detailRoutes ?? ["GET", "PUT", "PATCH", "DELETE"],
  };
  const server = await startEmulatorServer({
    port: options.port,
    now,
    handler: convirzaHandler({ store, tokens, rules, now }),
    // Profile-injected statuses carry Convirza's envelope.
    profileFaultBody: (status) =>
      convirzaError(now, status, status === 429 ? "Too many requests" : "Service temporarily unavailable"),
    vendorError: (status, message) => convirzaError(now, status, message),
  });
  return withControls<ConvirzaEmulator>(server, {
    apiUrl: `${server.url}/v3`,
    store,
    rules,
    addToken: (token, user) => void tokens.set(token, user),
    revokeToken: (token) => void tokens.delete(token),
  });
}
