/**
 * How the reliability suite drives each vendor: one entry per resource type, each starting its emulator and saying
 * what N declared resources look like and whether a vendor object matches its declaration. A vendor joins the
 * suite (tests and `npm run test:reliability`) by adding an entry to RELIABILITY_BY_RESOURCE, one per resource of
 * the manifest. A resource that is the
 * account's one document (sendblue.WebhookConfiguration) is run as one resource owning the N objects instead.
 */
import type { ResourceName, VendorId } from "../../provider/manifest";
import { webhookId } from "../../provider/sendblue/schema";
import { CONVIRZA_TEST_TOKEN, startConvirzaEmulator } from "../emulators/convirza";
import type { FaultInjector, LoggedRequest } from "../emulators/core";
import { CONVERC_DEFAULT_ORG, CONVERC_TEST_KEY, startConvercEmulator } from "../emulators/converc";
import {
  CONVERSANT_TEST_ACCOUNT,
  CONVERSANT_TEST_TOKEN,
  startConversantEmulator,
} from "../emulators/conversant";
import { ERZYCALL_DEFAULT_ORG, ERZYCALL_TEST_KEY, startErzycallEmulator } from "../emulators/erzycall";
import {
  SENDBLUE_DEFAULT_ACCOUNT,
  SENDBLUE_TEST_KEY_ID,
  SENDBLUE_TEST_SECRET_KEY,
  startSendblueEmulator,
  urlOf,
  WEBHOOK_TYPES,
  type WebhookType,
} from "../emulators/sendblue";
import type { StackConfig } from "../harness";
import {
  convercHeld,
  convirzaHeld,
  erzycallHeld,
  sendblueHeld,
  type HeldById,
} from "../lifecycle/sentinel-credentials";

/** One object at the vendor, reduced to what the suite compares. */
export interface VendorObject {
  id: string;
  /** What identifies the declared resource it belongs to and never changes across generations (e.g. its url). */
  key: string;
}

export interface VendorRun {
  /** Stack config that points the provider at the emulator. */
  config: StackConfig;
  faults: FaultInjector;
  requests(): readonly Readonly<LoggedRequest>[];
  /** Everything at the vendor now, read from the emulator's store (no HTTP, no faults). */
  objects(): VendorObject[];
  /** Every credential in `config`, and every vendor-issued secret the vendor holds now: none may leak. */
  sentinels(): string[];
  /** The credentials in `config`: a failing vendor may echo them in any error. */
  credentials: string[];
  /** What each object holds now, by the id requests name it with: a failing request about it may echo that. */
  held(): HeldById;
  /** True when the vendor object with this id is what resource `index` declares in `generation`. */
  matches(id: string, index: number, generation: number): boolean;
  /**
   * For a resource that owns many vendor objects (`onePerAccount`): the ids of the objects resource `index`
   * declares in `generation`. Objects outside them are orphans, and each of them is a mismatch unless `matches`.
   * Without it a resource owns one object: the id in state.
   */
  owns?(index: number, generation: number): string[];
  close(): Promise<void>;
}

export interface VendorUnderTest {
  /** "erzycall", also the SDK namespace. */
  vendor: VendorId;
  /** The SDK class in that namespace. */
  resource: string;
  /**
   * The args of resource `index` in `generation` (1 on create; 2 after the update step, which must change something).
   * `n` is the run's size: a `onePerAccount` resource declares that many objects.
   */
  args(index: number, generation: number, n: number): Record<string, unknown>;
  /** Inputs a user passes as secrets (`pulumi.secret`, `config --secret`): the engine holds them secret in state. */
  secretInputs?: string[];
  /**
   * The resource is the account's one document and owns every object in it, and a stack has one account (its
   * credentials come from stack config): the run declares one resource with n objects, not n resources, which
   * would overwrite each other.
   */
  onePerAccount?: boolean;
  start(n: number): Promise<VendorRun>;
}

const erzycallWebhook: VendorUnderTest = {
  vendor: "erzycall",
  resource: "Webhook",
  args: (index, generation) => ({
    url: `https://hooks.example.com/reliability/${index}`,
    events: generation === 1 ? ["call.ended"] : ["call.ended", "call.failed"],
    description: `reliability ${index} generation ${generation}`,
  }),
  async start(n) {
    // The real cap is 5 per organization and 60 requests a minute; the suite needs room for n (and would see any duplicate).
    const emulator = await startErzycallEmulator({
      maxEndpoints: n * 3,
      rateLimit: { perMinute: 1_000_000, perHour: 1_000_000 },
    });
    return {
      config: { "erzycall:apiKey": { __secret: ERZYCALL_TEST_KEY }, "erzycall:baseUrl": emulator.url },
      faults: emulator.faults,
      requests: () => emulator.requests,
      objects: () =>
        emulator.store.list(ERZYCALL_DEFAULT_ORG).map((endpoint) => ({ id: endpoint.id, key: endpoint.url })),
      sentinels: () => [
        ERZYCALL_TEST_KEY,
        ...emulator.store.list(ERZYCALL_DEFAULT_ORG).map((endpoint) => endpoint.secret),
      ],
      credentials: [ERZYCALL_TEST_KEY],
      held: () => erzycallHeld(emulator),
      matches(id, index, generation) {
        const endpoint = emulator.store.get(id);
        const declared = erzycallWebhook.args(index, generation, n);
        return (
          endpoint !== undefined &&
          endpoint.url === declared.url &&
          JSON.stringify([...endpoint.events].sort()) === JSON.stringify(declared.events) &&
          endpoint.description === declared.description &&
          endpoint.isActive
        );
      },
      close: () => emulator.close(),
    };
  },
};

const convirzaWebhook: VendorUnderTest = {
  vendor: "convirza",
  resource: "Webhook",
  args: (index, generation) => ({
    name: `reliability ${index}`,
    url: `https://hooks.example.com/reliability/${index}`,
    format: generation === 1 ? "JSON" : "XML",
    description: `reliability ${index} generation ${generation}`,
    staticParameters: { generation: String(generation) },
  }),
  async start(n) {
    const emulator = await startConvirzaEmulator();
    const live = () => emulator.store.list().filter((webhook) => webhook.webhook_status !== "deleted");
    return {
      config: { "convirza:token": { __secret: CONVIRZA_TEST_TOKEN }, "convirza:baseUrl": emulator.url },
      faults: emulator.faults,
      requests: () => emulator.requests,
      objects: () =>
        live().map((webhook) => ({ id: String(webhook.webhook_id), key: webhook.webhook_endpoint })),
      // Convirza issues no secrets; the token is the one credential.
      sentinels: () => [CONVIRZA_TEST_TOKEN],
      credentials: [CONVIRZA_TEST_TOKEN],
      held: () => convirzaHeld(emulator),
      matches(id, index, generation) {
        const webhook = live().find((candidate) => String(candidate.webhook_id) === id);
        const declared = convirzaWebhook.args(index, generation, n);
        return (
          webhook !== undefined &&
          webhook.webhook_name === declared.name &&
          webhook.webhook_endpoint === declared.url &&
          webhook.format === declared.format &&
          webhook.description === declared.description &&
          JSON.stringify(webhook.static_parameters) ===
            JSON.stringify([{ field_name: "generation", field_value: String(generation) }]) &&
          webhook.webhook_status === "active"
        );
      },
      close: () => emulator.close(),
    };
  },
};

const conversantWebhook: VendorUnderTest = {
  vendor: "conversant",
  resource: "Webhook",
  args: (index, generation) => ({
    name: `reliability ${index} generation ${generation}`,
    url: `https://hooks.example.com/reliability/${index}`,
    hook: "channel_destroy",
    retries: generation === 1 ? 2 : 4,
    customData: { generation: String(generation) },
  }),
  async start(n) {
    const emulator = await startConversantEmulator();
    return {
      config: {
        "conversant:authToken": { __secret: CONVERSANT_TEST_TOKEN },
        "conversant:accountId": CONVERSANT_TEST_ACCOUNT,
        "conversant:baseUrl": emulator.url,
      },
      faults: emulator.faults,
      requests: () => emulator.requests,
      objects: () =>
        emulator.store
          .list(CONVERSANT_TEST_ACCOUNT)
          .map((hook) => ({ id: hook.id, key: String(hook.doc.uri) })),
      // Conversant issues no webhook secrets; the token is the one credential.
      sentinels: () => [CONVERSANT_TEST_TOKEN],
      credentials: [CONVERSANT_TEST_TOKEN],
      held: () => ({}),
      matches(id, index, generation) {
        const hook = emulator.store.get(id, CONVERSANT_TEST_ACCOUNT);
        const declared = conversantWebhook.args(index, generation, n);
        return (
          hook !== undefined &&
          hook.doc.uri === declared.url &&
          hook.doc.name === declared.name &&
          hook.doc.retries === declared.retries &&
          JSON.stringify(hook.doc.custom_data) === JSON.stringify(declared.customData) &&
          hook.doc.enabled === true
        );
      },
      close: () => emulator.close(),
    };
  },
};

/**
 * Converc cannot update: generation 2 moves every endpoint to a new url, a replacement (the new endpoint is
 * created, the old one disabled after). Disabled endpoints are Converc's deleted ones and are not reported as objects.
 */
const convercWebhook: VendorUnderTest = {
  vendor: "converc",
  resource: "Webhook",
  args: (index, generation) => ({
    url: `https://hooks.example.com/reliability/${index}${generation > 1 ? `/g${generation}` : ""}`,
    events: ["call.ended", "call.missed"],
    verifyDelivery: true,
  }),
  async start(n) {
    const emulator = await startConvercEmulator();
    const active = () => emulator.store.list(CONVERC_DEFAULT_ORG).filter((endpoint) => endpoint.isActive);
    return {
      config: { "converc:apiKey": { __secret: CONVERC_TEST_KEY }, "converc:baseUrl": emulator.url },
      faults: emulator.faults,
      requests: () => emulator.requests,
      objects: () =>
        active().map((endpoint) => ({ id: endpoint.id, key: endpoint.url.replace(/\/g\d+$/, "") })),
      // Disabled endpoints keep their secret at Converc: theirs must not leak either.
      sentinels: () => [
        CONVERC_TEST_KEY,
        ...emulator.store.list(CONVERC_DEFAULT_ORG).map((endpoint) => endpoint.secret),
      ],
      credentials: [CONVERC_TEST_KEY],
      held: () => convercHeld(emulator),
      matches(id, index, generation) {
        const endpoint = emulator.store.get(id);
        const declared = convercWebhook.args(index, generation, n);
        return (
          endpoint?.isActive === true &&
          endpoint.url === declared.url &&
          JSON.stringify([...endpoint.events].sort()) === JSON.stringify(declared.events)
        );
      },
      close: () => emulator.close(),
    };
  },
};

/** One entry of the account's document, a bare string read as `{url}`. */
interface SendblueEntry {
  type: WebhookType;
  url: string;
  secret?: string;
}

/** The provider's id of an entry (the one sendblue.Webhook keeps in state). */
const sendblueEntryId = (entry: Pick<SendblueEntry, "type" | "url">): string =>
  webhookId(entry.type, entry.url);

/** What both Sendblue resources share: the emulator, the account's entries, and every secret the account holds. */
async function startSendblue(options: { transientAfterWrite?: boolean } = {}): Promise<{
  run: Omit<VendorRun, "objects" | "matches">;
  entries: () => SendblueEntry[];
  globalSecret: () => string | undefined;
}> {
  // Sendblue does not say whether its append and remove are atomic: the emulator makes every write a read-modify-write
  // of the document, so any overlap of this process's writes would lose entries and show here.
  const emulator = await startSendblueEmulator({ nonAtomicWrites: true });
  // One resource makes few requests per step (update and delete: a GET, and a PUT its answer confirms), so the seeded
  // profile alone may leave a step without a fault: the GET after each write also meets a 503 (the transport retries it).
  if (options.transientAfterWrite)
    emulator.onWrite(
      () => void emulator.faults.add({ kind: "status", status: 503, method: "GET", times: 1 }),
    );
  const document = () => emulator.store.document(SENDBLUE_DEFAULT_ACCOUNT);
  const entries = () => {
    const current = document();
    return WEBHOOK_TYPES.flatMap((type) =>
      current[type].map(
        (entry): SendblueEntry =>
          typeof entry === "string" || !entry.secret
            ? { type, url: urlOf(entry) }
            : { type, url: entry.url, secret: entry.secret },
      ),
    );
  };
  return {
    run: {
      config: {
        "sendblue:apiKeyId": { __secret: SENDBLUE_TEST_KEY_ID },
        "sendblue:apiSecretKey": { __secret: SENDBLUE_TEST_SECRET_KEY },
        "sendblue:baseUrl": emulator.url,
      },
      faults: emulator.faults,
      requests: () => emulator.requests,
      sentinels: () => {
        const { globalSecret, secret } = document();
        return [
          SENDBLUE_TEST_KEY_ID,
          SENDBLUE_TEST_SECRET_KEY,
          ...entries().flatMap((entry) => (entry.secret ? [entry.secret] : [])),
          ...[globalSecret, secret].filter((value): value is string => !!value),
        ];
      },
      credentials: [SENDBLUE_TEST_KEY_ID, SENDBLUE_TEST_SECRET_KEY],
      held: () => sendblueHeld(emulator),
      close: () => emulator.close(),
    },
    entries,
    globalSecret: () => document().globalSecret,
  };
}

/**
 * Every entry lives in one account document, so all N resources write the same document. Sendblue cannot update
 * an entry: the update step replaces every one. Even indexes change only their secret (same id: the provider asks
 * for delete-before-replace); odd ones move to a new url (a new id: created first, the old one deleted after).
 */
const sendblueWebhook: VendorUnderTest = {
  vendor: "sendblue",
  resource: "Webhook",
  secretInputs: ["secret"],
  args: (index, generation) => ({
    type: index % 2 === 0 ? "receive" : "outbound",
    url: `https://hooks.example.com/reliability/${index}${index % 2 === 1 && generation > 1 ? `/g${generation}` : ""}`,
    secret: `sendblue-entry-secret-${index}-generation-${generation}`,
  }),
  async start(n) {
    const { run, entries } = await startSendblue();
    return {
      ...run,
      objects: () =>
        entries().map((entry) => ({ id: sendblueEntryId(entry), key: entry.url.replace(/\/g\d+$/, "") })),
      matches(id, index, generation) {
        const declared = sendblueWebhook.args(index, generation, n);
        const found = entries().filter((entry) => sendblueEntryId(entry) === id);
        return (
          found.length === 1 &&
          found[0]!.type === declared.type &&
          found[0]!.url === declared.url &&
          found[0]!.secret === declared.secret
        );
      },
    };
  },
};

/** The input of sendblue.WebhookConfiguration that holds each type's list. */
const CONFIGURATION_LISTS: Record<WebhookType, string> = {
  receive: "receive",
  outbound: "outbound",
  typing_indicator: "typingIndicator",
  call_log: "callLog",
  line_blocked: "lineBlocked",
  line_assigned: "lineAssigned",
  contact_created: "contactCreated",
};

/** The lists of sendblue.WebhookConfiguration whose entries may carry a secret (contact_created takes URLs only). */
export const CONFIGURATION_SECRET_LISTS = (Object.keys(CONFIGURATION_LISTS) as WebhookType[])
  .filter((type) => type !== "contact_created")
  .map((type) => CONFIGURATION_LISTS[type]);

/** The object id `objects()` gives the account's globalSecret: one value the configuration declares, like an entry. */
const GLOBAL_SECRET_ID = "globalSecret";

/**
 * The n entries the configuration declares in `generation`, spread over the seven types in turn; two in three carry
 * a secret (contact_created takes none). After generation 1 every tenth is gone, every tenth (plus one) moved to a
 * new url, every tenth (plus two) gained or lost its secret, the remaining secrets are new, and n / 10 entries added.
 */
function configurationEntries(generation: number, n: number): SendblueEntry[] {
  const later = generation > 1;
  const added = later ? Math.ceil(n / 10) : 0;
  return Array.from({ length: n + added }, (_, i) => i).flatMap((i): SendblueEntry[] => {
    if (later && i < n && i % 10 === 0) return [];
    const type = WEBHOOK_TYPES[i % WEBHOOK_TYPES.length]!;
    const url = `https://hooks.example.com/reliability/${i}${later && i % 10 === 1 ? `/g${generation}` : ""}`;
    const secret = type !== "contact_created" && (i % 3 !== 0) !== (later && i % 10 === 2);
    return [
      secret ? { type, url, secret: `sendblue-config-secret-${i}-generation-${generation}` } : { type, url },
    ];
  });
}

const configurationGlobalSecret = (generation: number): string =>
  `sendblue-global-secret-generation-${generation}`;

/**
 * sendblue.WebhookConfiguration is the account's whole document, so the run has one resource owning all n entries
 * and the globalSecret. The update step changes the document in place (one PUT): entries removed, added, moved and
 * given other secrets, and a new globalSecret. An entry without secret is written half as a string and half as
 * `{url}` (both are the same entry), and each list out of url order, so normalization is part of what is judged.
 */
const sendblueConfiguration: VendorUnderTest = {
  vendor: "sendblue",
  resource: "WebhookConfiguration",
  onePerAccount: true,
  // A program passes the entry secrets (nested in the lists) and globalSecret as secrets.
  secretInputs: [...CONFIGURATION_SECRET_LISTS, "globalSecret"],
  args: (_index, generation, n) => {
    const entries = configurationEntries(generation, n);
    const lists = WEBHOOK_TYPES.map((type) => {
      const list = entries
        .filter((entry) => entry.type === type)
        .reverse()
        .map((entry, position) =>
          entry.secret !== undefined
            ? { url: entry.url, secret: entry.secret }
            : type === "contact_created" || position % 2 === 0
              ? entry.url
              : { url: entry.url },
        );
      return [CONFIGURATION_LISTS[type], list];
    });
    return { ...Object.fromEntries(lists), globalSecret: configurationGlobalSecret(generation) };
  },
  async start(n) {
    const { run, entries, globalSecret } = await startSendblue({ transientAfterWrite: true });
    const declared = (generation: number) =>
      new Map(configurationEntries(generation, n).map((entry) => [sendblueEntryId(entry), entry]));
    return {
      ...run,
      // Two entries of one type with the same url are a duplicate whatever their secrets.
      objects: () => [
        ...entries().map((entry) => ({ id: sendblueEntryId(entry), key: `${entry.type} ${entry.url}` })),
        ...(globalSecret() ? [{ id: GLOBAL_SECRET_ID, key: GLOBAL_SECRET_ID }] : []),
      ],
      owns: (_index, generation) => [...declared(generation).keys(), GLOBAL_SECRET_ID],
      matches(id, _index, generation) {
        if (id === GLOBAL_SECRET_ID) return globalSecret() === configurationGlobalSecret(generation);
        const entry = declared(generation).get(id);
        const found = entries().filter((candidate) => sendblueEntryId(candidate) === id);
        return entry !== undefined && found.length === 1 && found[0]!.secret === entry.secret;
      },
    };
  },
};

/** Every resource of the manifest, by name, as the suite drives it. */
export const RELIABILITY_BY_RESOURCE = {
  "converc.Webhook": convercWebhook,
  "conversant.Webhook": conversantWebhook,
  "convirza.Webhook": convirzaWebhook,
  "erzycall.Webhook": erzycallWebhook,
  "sendblue.Webhook": sendblueWebhook,
  "sendblue.WebhookConfiguration": sendblueConfiguration,
} satisfies Record<ResourceName, VendorUnderTest>;

export const RELIABILITY_VENDORS: VendorUnderTest[] = Object.values(RELIABILITY_BY_RESOURCE);
