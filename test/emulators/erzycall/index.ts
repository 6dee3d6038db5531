import { startEmulatorServer, withControls, type EmulatorServer } from "../core";
import { erzycallError, erzycallHandler } from "./api";
import { IdempotencyStore } from "./idempotency";
import { ERZYCALL_DEFAULT_ORG, ERZYCALL_TEST_KEY, KeyRing, type KeyOptions } from "./keys";
import { RateLimiter, type RateLimits } from "./rate-limiter";
import { ErzycallStore } from "./store";

export { ERZYCALL_DEFAULT_ORG, ERZYCALL_TEST_KEY, type KeyOptions } from "./keys";
export {
  ErzycallStore,
  toWire,
  type StoredEndpoint,
  type EndpointFields,
  type EndpointChanges,
} from "./store";
export { EVENT_CATALOGUE } from "./validation";

export interface ErzycallEmulatorOptions {
  /** Fixed port for the sandbox; 0 (default) picks a free one. */
  port?: number;
  /** The documented limits by default (60/min, 1 000/h, per key); a test that needs more raises them explicitly. */
  rateLimit?: Partial<RateLimits>;
  /** Test-only: accept http://localhost and http://127.0.0.1 receiver URLs. */
  allowHttpLocalhost?: boolean;
  /** Serve the undocumented GET /api/v1/webhooks/{id}. */
  getById?: boolean;
  /**
   * Test-only: page `GET /webhooks` as the document describes for Erzycall's other lists (§9): `limit` 1-100,
   * default this size, `cursor`, and `pagination: {cursor, hasMore, pageSize}`. Unset (the default): one page,
   * no `pagination`, as the webhook list is documented (§5.1).
   */
  listPageSize?: number;
  /** Endpoints per org, inactive ones included (default 5, as documented). */
  maxEndpoints?: number;
  /** Clock for createdAt, rate windows and idempotency retention; lets tests move time without sleeping. */
  now?: () => number;
}

/** While held, writes (create, update, delete, rotate) wait after taking their idempotency slot. */
export interface WriteHold {
  /** Writes currently waiting. */
  readonly waiting: number;
  release(): void;
}

/** The Erzycall emulator; its API lives under `${url}/api/v1` (`apiUrl`). */
export interface ErzycallEmulator extends EmulatorServer {
  readonly apiUrl: string;
  readonly store: ErzycallStore;
  addKey(key: string, options: KeyOptions): void;
  /** Holds writes until released, so a test can make "a request with this key is still running" happen. */
  holdWrites(): WriteHold;
}

export async function startErzycallEmulator(
  options: ErzycallEmulatorOptions = {},
): Promise<ErzycallEmulator> {
  const now = options.now ?? Date.now;
  const store = new ErzycallStore(now);
  const keys = new KeyRing();
  keys.add(ERZYCALL_TEST_KEY, { org: ERZYCALL_DEFAULT_ORG, scopes: ["*"] });
  const limiter = new RateLimiter(
    { perMinute: options.rateLimit?.perMinute ?? 60, perHour: options.rateLimit?.perHour ?? 1_000 },
    now,
  );

  let hold: { gate: Promise<void>; release: () => void; waiting: number } | undefined;
  const writeGate = async () => {
    const current = hold;
    if (!current) return;
    current.waiting += 1;
    await current.gate;
    current.waiting -= 1;
  };

  const server: EmulatorServer = await startEmulatorServer({
    port: options.port,
    handler: erzycallHandler({
      store,
      keys,
      limiter,
      idempotency: new IdempotencyStore(now),
      rules: {
        allowHttpLocalhost: options.allowHttpLocalhost ?? false,
        getById: options.getById ?? false,
        maxEndpoints: options.maxEndpoints ?? 5,
        listPageSize: options.listPageSize,
      },
      writeGate,
    }),
    // Profile-injected statuses look like Erzycall's own: the error envelope, 429 with its message.
    now,
    profileFaultBody: (status, retryAfter) =>
      status === 429
        ? erzycallError(429, "RATE_LIMITED", `Rate limit exceeded. Retry after ${retryAfter ?? 1}s`)
        : erzycallError(status, "INTERNAL_ERROR", "Service temporarily unavailable"),
    vendorError: (status, message) =>
      erzycallError(status, status === 401 ? "UNAUTHORIZED" : "INTERNAL_ERROR", message),
  });

  const closeServer = server.close;
  return withControls<ErzycallEmulator>(server, {
    apiUrl: `${server.url}/api/v1`,
    store,
    addKey: (key, keyOptions) => keys.add(key, keyOptions),
    holdWrites() {
      if (hold) return holdView(hold);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const current = { gate, waiting: 0, release: () => {} };
      current.release = () => {
        if (hold === current) hold = undefined;
        release();
      };
      hold = current;
      return holdView(current);
    },
    close: () => {
      hold?.release();
      return closeServer();
    },
  });
}

function holdView(current: { waiting: number; release: () => void }): WriteHold {
  return {
    get waiting() {
      return current.waiting;
    },
    release: () => current.release(),
  };
}
