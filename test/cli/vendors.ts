/**
 * Each vendor as the real-CLI suite drives it: its emulator with fresh credentials handed to the CLI as
 * environment variables (as the GitOps recipe does, so no credential can reach the state), what lives there
 * now, the secrets it holds, and the out-of-band edit and delete a dashboard user would make.
 */
import type { VendorId } from "../../provider/manifest";
import { CONVERC_DEFAULT_ORG, startConvercEmulator, type ConvercEmulator } from "../emulators/converc";
import {
  CONVERSANT_TEST_ACCOUNT,
  startConversantEmulator,
  type ConversantEmulator,
} from "../emulators/conversant";
import { startConvirzaEmulator, type ConvirzaEmulator } from "../emulators/convirza";
import { ERZYCALL_DEFAULT_ORG, startErzycallEmulator, type ErzycallEmulator } from "../emulators/erzycall";
import {
  SENDBLUE_DEFAULT_ACCOUNT,
  startSendblueEmulator,
  urlOf,
  WEBHOOK_TYPES,
  type SendblueEmulator,
} from "../emulators/sendblue";
import type { StackConfig } from "../harness";
import { envVarOfConfigKey } from "../support/settings";
import {
  convercHeld,
  erzycallHeld,
  sendblueHeld,
  SENTINEL_CREDENTIALS,
  type SentinelCredentials,
} from "../lifecycle/sentinel-credentials";

export type { VendorId };

/** One live object at the vendor: its id and the url it delivers to. */
export interface LiveObject {
  id: string;
  url: string;
}

export interface CliVendorRun {
  vendor: VendorId;
  /** The environment a deploy job gets: credentials and base URL. */
  env: Record<string, string>;
  /** Credentials and every vendor-issued secret held now: none may appear in clear. */
  sentinels(): string[];
  /** How many requests the emulator has answered so far. */
  requests(): number;
  /** How many of them were writes (anything but GET). */
  writes(): number;
  /** Every object that delivers now (disabled or deleted ones left out). */
  live(): LiveObject[];
  /** A dashboard edit of one object that refresh must show as drift. */
  edit(object: LiveObject): void;
  /** A dashboard delete of one object. */
  remove(object: LiveObject): void;
  close(): Promise<void>;
}

/** Stack config keys as environment variables, from the manifest (`erzycall:apiKey` -> ERZYCALL_API_KEY). */
export function asEnvironment(config: StackConfig): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => {
      const name = envVarOfConfigKey(key);
      if (!name) throw new Error(`no environment variable is known for ${key}`);
      return [name, typeof value === "string" ? value : value.__secret];
    }),
  );
}

function run<E extends { close(): Promise<void>; requests: ReadonlyArray<{ method: string }> }>(
  vendor: VendorId,
  emulator: E,
  credentials: SentinelCredentials,
  parts: {
    held(): Record<string, string[]>;
    live(): LiveObject[];
    edit(object: LiveObject): void;
    remove(object: LiveObject): void;
  },
): CliVendorRun {
  return {
    vendor,
    env: asEnvironment(credentials.config),
    sentinels: () => [...credentials.sentinels, ...Object.values(parts.held()).flat()],
    requests: () => emulator.requests.length,
    writes: () => emulator.requests.filter((request) => request.method !== "GET").length,
    live: parts.live,
    edit: parts.edit,
    remove: parts.remove,
    close: () => emulator.close(),
  };
}

const START: Record<VendorId, () => Promise<CliVendorRun>> = {
  async erzycall() {
    const emulator: ErzycallEmulator = await startErzycallEmulator();
    return run("erzycall", emulator, SENTINEL_CREDENTIALS.erzycall(emulator), {
      held: () => erzycallHeld(emulator),
      live: () => emulator.store.list(ERZYCALL_DEFAULT_ORG).map(({ id, url }) => ({ id, url })),
      edit: ({ id }) => void emulator.store.update(id, { events: ["call.ended"] }),
      remove: ({ id }) => void emulator.store.delete(id),
    });
  },
  async converc() {
    const emulator: ConvercEmulator = await startConvercEmulator();
    const live = () => emulator.store.list(CONVERC_DEFAULT_ORG).filter((endpoint) => endpoint.isActive);
    return run("converc", emulator, SENTINEL_CREDENTIALS.converc(emulator), {
      held: () => convercHeld(emulator),
      live: () => live().map(({ id, url }) => ({ id, url })),
      // Converc endpoints cannot be edited, only disabled: that is the one dashboard change there is.
      edit: ({ id }) => void emulator.store.disable(id),
      remove: ({ id }) => void emulator.store.disable(id),
    });
  },
  async convirza() {
    const emulator: ConvirzaEmulator = await startConvirzaEmulator();
    return run("convirza", emulator, SENTINEL_CREDENTIALS.convirza(emulator), {
      // Static parameter values are secret only where the program says so (its own secrets are the test's sentinels).
      held: () => ({}),
      live: () =>
        emulator.store
          .list()
          .filter((webhook) => webhook.webhook_status !== "deleted")
          .map((webhook) => ({ id: String(webhook.webhook_id), url: webhook.webhook_endpoint })),
      edit: ({ id }) => {
        const status = emulator.store.get(Number(id))?.webhook_status === "active" ? "inactive" : "active";
        emulator.store.update(Number(id), { webhook_status: status });
      },
      remove: ({ id }) => void emulator.store.delete(Number(id)),
    });
  },
  async conversant() {
    const emulator: ConversantEmulator = await startConversantEmulator();
    return run("conversant", emulator, SENTINEL_CREDENTIALS.conversant(emulator), {
      held: () => ({}),
      live: () =>
        emulator.store
          .list(CONVERSANT_TEST_ACCOUNT)
          .map((hook) => ({ id: hook.id, url: String(hook.doc.uri) })),
      edit: ({ id }) => void emulator.store.autoDisable(id),
      remove: ({ id }) => void emulator.store.softDelete(id),
    });
  },
  async sendblue() {
    const emulator: SendblueEmulator = await startSendblueEmulator();
    const entries = () => {
      const document = emulator.store.document(SENDBLUE_DEFAULT_ACCOUNT);
      return WEBHOOK_TYPES.flatMap((type) => document[type].map((entry) => ({ type, url: urlOf(entry) })));
    };
    // A Sendblue entry is named by its type and url; the suite's id is both.
    const split = (id: string) => {
      const [type, ...url] = id.split(" ");
      return { type: type as (typeof WEBHOOK_TYPES)[number], url: url.join(" ") };
    };
    return run("sendblue", emulator, SENTINEL_CREDENTIALS.sendblue(emulator), {
      held: () => sendblueHeld(emulator),
      live: () => entries().map(({ type, url }) => ({ id: `${type} ${url}`, url })),
      // A new secret for an entry is the dashboard edit that leaves the url (the entry's name) as it was.
      edit: ({ id }) => {
        const { type, url } = split(id);
        emulator.store.remove(SENDBLUE_DEFAULT_ACCOUNT, type, [url]);
        emulator.store.append(SENDBLUE_DEFAULT_ACCOUNT, type, [{ url, secret: `edited-${Date.now()}` }]);
      },
      remove: ({ id }) => {
        const { type, url } = split(id);
        emulator.store.remove(SENDBLUE_DEFAULT_ACCOUNT, type, [url]);
      },
    });
  },
};

export function startVendor(vendor: VendorId): Promise<CliVendorRun> {
  return START[vendor]();
}
