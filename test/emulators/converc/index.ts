import { startEmulatorServer, withControls, type EmulatorServer } from "../core";
import { convercError, convercHandler } from "./api";
import type { Delivery, ReceiverBehaviour } from "./delivery";
import { ConvercStore } from "./store";

export { EVENT_CATALOGUE } from "./api";
export {
  signature,
  verifySignature,
  type Delivery,
  type DeliveryResult,
  type ReceiverBehaviour,
} from "./delivery";
export {
  ConvercStore,
  toWire,
  type StoredEndpoint,
  type EndpointFields,
  type EndpointChanges,
} from "./store";

/** The emulator's default key and the org it belongs to (key format is undocumented: any opaque string). */
export const CONVERC_TEST_KEY = "cvk_test_emulator_default_key_0001";
export const CONVERC_DEFAULT_ORG = "org_default";

export interface ConvercEmulatorOptions {
  /** Fixed port for the sandbox; 0 (default) picks a free one. */
  port?: number;
  /** Serve the undocumented `GET /integrations/webhooks/{id}` (off: clients must not need it). */
  getById?: boolean;
  /** Endpoints per org, disabled ones included (default: unlimited, as documented). */
  maxEndpoints?: number;
  /** POST test events to the receiver for real (sandbox); by default receivers are simulated (`setReceiver`). */
  deliverOverHttp?: boolean;
  /** Clock for createdAt/updatedAt and signatures. */
  now?: () => number;
  /** The status of a successful create (default 201; the document states none). */
  createStatus?: 200 | 201;
  /** The list leaves disabled endpoints out (default: listed with `isActive: false`). */
  listHidesDisabled?: boolean;
  /** How an endpoint subscribed to every event shows `events` on read (default `"empty"`: `[]`). */
  allEventsShownAs?: "empty" | "omitted" | "null" | "catalogue";
  /** A DELETE of an endpoint already disabled answers this status (default: 200 and the same body). */
  repeatDeleteStatus?: 400 | 404 | 409;
  /** A create whose url an active endpoint already has answers this status (default: a second endpoint). */
  duplicateUrlStatus?: 400 | 409;
  /** Error bodies as `{error}` (default), `{message}`, or the bare text. */
  errorBodyAs?: "error" | "message" | "text";
  /** The list shows each endpoint's `secret` too (default: only the create answer does). */
  listShowsSecret?: boolean;
}

/** The Converc emulator; `url` is the value for converc:baseUrl / CONVERC_BASE_URL. */
export interface ConvercEmulator extends EmulatorServer {
  readonly store: ConvercStore;
  /** Every test delivery made, oldest first, with the exact signed bytes. */
  readonly deliveries: readonly Readonly<Delivery>[];
  addKey(key: string, org: string): void;
  /** How the simulated receiver at `url` answers (default `{ status: 200 }`). */
  setReceiver(url: string, behaviour: ReceiverBehaviour): void;
}

export async function startConvercEmulator(options: ConvercEmulatorOptions = {}): Promise<ConvercEmulator> {
  const now = options.now ?? Date.now;
  const store = new ConvercStore(now);
  const keys = new Map([[CONVERC_TEST_KEY, CONVERC_DEFAULT_ORG]]);
  const receivers = new Map<string, ReceiverBehaviour>();
  const deliveries: Delivery[] = [];

  const server = await startEmulatorServer({
    port: options.port,
    now,
    handler: convercHandler({
      store,
      keys,
      rules: {
        getById: options.getById ?? false,
        maxEndpoints: options.maxEndpoints ?? Infinity,
        createStatus: options.createStatus ?? 201,
        listHidesDisabled: options.listHidesDisabled ?? false,
        allEventsShownAs: options.allEventsShownAs ?? "empty",
        repeatDeleteStatus: options.repeatDeleteStatus,
        duplicateUrlStatus: options.duplicateUrlStatus,
        errorBodyAs: options.errorBodyAs ?? "error",
        listShowsSecret: options.listShowsSecret ?? false,
      },
      delivery: {
        now,
        overHttp: options.deliverOverHttp ?? false,
        behaviourFor: (url) => receivers.get(url) ?? { status: 200 },
      },
      deliveries,
    }),
    profileFaultBody: (status) =>
      status === 429 ? convercError(429, "Too many requests") : convercError(status, "Internal error"),
    vendorError: (status, message) => convercError(status, message),
  });

  return withControls<ConvercEmulator>(server, {
    store,
    deliveries,
    addKey: (key, org) => keys.set(key, org),
    setReceiver: (url, behaviour) => receivers.set(url, behaviour),
  });
}
