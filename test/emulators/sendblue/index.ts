import { setTimeout as sleep } from "node:timers/promises";
import { startEmulatorServer, withControls, type EmulatorServer } from "../core";
import { WriteGate, type WriteHold } from "../core/write-hold";
import { sendblueError, sendblueHandler } from "./api";
import { SendblueStore, type StoredDocument } from "./store";

export {
  SendblueStore,
  toWire,
  emptyDocument,
  urlOf,
  WEBHOOK_TYPES,
  type StoredDocument,
  type StoredEntry,
  type WebhookType,
} from "./store";
export { WEBHOOK_PATHS } from "./api";

export const SENDBLUE_TEST_KEY_ID = "sbk_test_emulator_key_id_0001";
export const SENDBLUE_TEST_SECRET_KEY = "sbs_test_emulator_secret_key_0001";
export const SENDBLUE_DEFAULT_ACCOUNT = "acct_default";

export interface SendblueEmulatorOptions {
  /** Fixed port for the sandbox; 0 (default) picks a free one. */
  port?: number;
  /**
   * Apply each POST, PUT and DELETE as a read-modify-write of the whole document with a gap between
   * the read and the write, so concurrent writes to one account lose each other's changes
   * (contract §9 "assumed risk"). Default false: writes are atomic.
   */
  nonAtomicWrites?: boolean;
  /** The gap of a non-atomic write, in ms (default 2). */
  rmwGapMs?: number;
  /** Store http:// receiver URLs as https:// instead of rejecting them with 400. */
  upgradeHttp?: boolean;
  /** Accept objects under contact_created (the newest SDK types). */
  objectsInContactCreated?: boolean;
  /** The `/api/v2/...` path takes only the v2 reference model: no `typing_indicator` there (contract §3). */
  strictV2Model?: boolean;
  /** A PUT that leaves out the legacy `secret` keeps it (default: cleared, like every left-out key). */
  putKeepsLegacySecret?: boolean;
  /** POST and PUT answer without `webhooks` (documented as possibly partial): confirmation needs a read-back. */
  writeAnswersWithoutLists?: boolean;
  /** POST of a url its type already lists replaces that entry in place (default: appends a second copy). */
  postDeduplicates?: boolean;
  /** POST's answer shows only the entries it appended under its type (default: the type's whole list). */
  postAnswerShowsOnlyAdded?: boolean;
  /** DELETE removes only the first entry of each url (default: every duplicate). */
  deleteRemovesFirstOnly?: boolean;
  /** DELETE naming a url that is not listed answers this status and removes nothing (default: 200 no-op). */
  deleteAbsentStatus?: 400 | 404;
  /** PUT keeps the types, globalSecret and legacy secret its body leaves out (default: cleared). */
  putKeepsLeftOut?: boolean;
  /** The write answers' `message` texts differ from the documented ones. */
  otherMessages?: boolean;
  /** GET shows string entries as `{url}` objects (default: the form stored). */
  readsStringsAsObjects?: boolean;
  /** GET leaves out the types with no entries (default: all seven keys, empty ones included). */
  getOmitsEmptyTypes?: boolean;
  /** Which path generations are served: both (default), only `/api/account/webhooks`, or only `/api/v2/...`. */
  servedPaths?: "both" | "current" | "v2";
}

export type { WriteHold } from "../core/write-hold";

/** The Sendblue emulator; its API lives under `${url}/api/account/webhooks` and `${url}/api/v2/account/webhooks`. */
export interface SendblueEmulator extends EmulatorServer {
  readonly store: SendblueStore;
  /** Adds a key pair for an account. */
  addKey(keyId: string, secretKey: string, account: string): void;
  /**
   * The next `count` writes answer 200 but change nothing, as if another writer overwrote them at once; their answer
   * shows the document as it stays.
   */
  loseNextWrites(count: number): void;
  /**
   * Calls `listener` after each write is applied (or lost): lets a test change the world between a write and its
   * read-back. Returns a function that stops it.
   */
  onWrite(listener: () => void): () => void;
  /** Non-atomic writes wait after their read until released: makes a lost update happen without timing. */
  holdWrites(): WriteHold;
}

export async function startSendblueEmulator(
  options: SendblueEmulatorOptions = {},
): Promise<SendblueEmulator> {
  const store = new SendblueStore();
  const keys = new Map([
    [SENDBLUE_TEST_KEY_ID, { secretKey: SENDBLUE_TEST_SECRET_KEY, account: SENDBLUE_DEFAULT_ACCOUNT }],
  ]);
  let writesToLose = 0;
  const writeGate = new WriteGate();
  const writeListeners: Array<() => void> = [];

  async function mutate(
    account: string,
    change: (document: StoredDocument) => void,
  ): Promise<StoredDocument> {
    const document = store.document(account);
    if (options.nonAtomicWrites) {
      await writeGate.pass();
      await sleep(options.rmwGapMs ?? 2);
    }
    change(document);
    const lost = writesToLose > 0;
    if (lost) writesToLose -= 1;
    // A lost write changes nothing, and its answer shows the document as it stays.
    const result = lost ? store.document(account) : store.replace(account, document);
    writeListeners.forEach((listener) => listener());
    return result;
  }

  const server: EmulatorServer = await startEmulatorServer({
    port: options.port,
    handler: sendblueHandler({
      store,
      keys,
      rules: {
        upgradeHttp: options.upgradeHttp ?? false,
        objectsInContactCreated: options.objectsInContactCreated ?? false,
        strictV2Model: options.strictV2Model ?? false,
        putKeepsLegacySecret: options.putKeepsLegacySecret ?? false,
        writeAnswersWithoutLists: options.writeAnswersWithoutLists ?? false,
        postDeduplicates: options.postDeduplicates ?? false,
        postAnswerShowsOnlyAdded: options.postAnswerShowsOnlyAdded ?? false,
        deleteRemovesFirstOnly: options.deleteRemovesFirstOnly ?? false,
        deleteAbsentStatus: options.deleteAbsentStatus,
        putKeepsLeftOut: options.putKeepsLeftOut ?? false,
        otherMessages: options.otherMessages ?? false,
        readsStringsAsObjects: options.readsStringsAsObjects ?? false,
        getOmitsEmptyTypes: options.getOmitsEmptyTypes ?? false,
        servedPaths: options.servedPaths ?? "both",
      },
      mutate,
    }),
    profileFaultBody: (status, retryAfter) =>
      status === 429
        ? sendblueError(429, `Too many requests. Retry after ${retryAfter ?? 1}s`)
        : sendblueError(status, "Internal server error"),
    vendorError: (status, message) => sendblueError(status, message),
  });

  const closeServer = server.close;
  return withControls<SendblueEmulator>(server, {
    store,
    addKey: (keyId, secretKey, account) => keys.set(keyId, { secretKey, account }),
    loseNextWrites: (count) => {
      writesToLose = count;
    },
    onWrite: (listener) => {
      writeListeners.push(listener);
      return () => void writeListeners.splice(writeListeners.indexOf(listener) >>> 0, 1);
    },
    holdWrites: () => writeGate.hold(),
    close: () => {
      writeGate.releaseAll();
      return closeServer();
    },
  });
}
