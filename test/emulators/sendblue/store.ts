/** Sendblue's webhook types, in the order GET lists them. */
export const WEBHOOK_TYPES = [
  "receive",
  "outbound",
  "typing_indicator",
  "call_log",
  "line_blocked",
  "line_assigned",
  "contact_created",
] as const;
export type WebhookType = (typeof WEBHOOK_TYPES)[number];

/** An entry exactly as it was stored: a string, or an object (contract §4: read back in the same form). */
export type StoredEntry = string | { url: string; secret?: string; sendblue_numbers?: string[] };

/** One account's configuration document. */
export type StoredDocument = Record<WebhookType, StoredEntry[]> & { globalSecret?: string; secret?: string };

export function emptyDocument(): StoredDocument {
  return {
    receive: [],
    outbound: [],
    typing_indicator: [],
    call_log: [],
    line_blocked: [],
    line_assigned: [],
    contact_created: [],
  };
}

export function urlOf(entry: StoredEntry): string {
  return typeof entry === "string" ? entry : entry.url;
}

function copyEntry(entry: StoredEntry): StoredEntry {
  if (typeof entry === "string") return entry;
  return { ...entry, ...(entry.sendblue_numbers ? { sendblue_numbers: [...entry.sendblue_numbers] } : {}) };
}

export function copyDocument(document: StoredDocument): StoredDocument {
  const copy = emptyDocument();
  for (const type of WEBHOOK_TYPES) copy[type] = (document[type] ?? []).map(copyEntry);
  if (document.globalSecret !== undefined) copy.globalSecret = document.globalSecret;
  if (document.secret !== undefined) copy.secret = document.secret;
  return copy;
}

/**
 * Every account's document. Tests use it directly to play the dashboard or another program
 * (drift, hand-added entries, out-of-band deletes). Everything returned is a copy.
 */
export class SendblueStore {
  private readonly documents = new Map<string, StoredDocument>();

  document(account: string): StoredDocument {
    return copyDocument(this.documents.get(account) ?? emptyDocument());
  }

  /** Replaces the whole document, like PUT. */
  replace(account: string, document: Partial<StoredDocument>): StoredDocument {
    const next = copyDocument({ ...emptyDocument(), ...document });
    this.documents.set(account, next);
    return copyDocument(next);
  }

  /** Appends without deduplication, like POST. */
  append(account: string, type: WebhookType, entries: StoredEntry[]): void {
    const document = this.document(account);
    document[type].push(...entries.map(copyEntry));
    this.documents.set(account, document);
  }

  /** Removes every entry of `type` whose url is listed; returns how many went. */
  remove(account: string, type: WebhookType, urls: string[]): number {
    const document = this.document(account);
    const before = document[type].length;
    document[type] = document[type].filter((entry) => !urls.includes(urlOf(entry)));
    this.documents.set(account, document);
    return before - document[type].length;
  }

  setGlobalSecret(account: string, value: string | undefined): void {
    const document = this.document(account);
    if (value === undefined) delete document.globalSecret;
    else document.globalSecret = value;
    this.documents.set(account, document);
  }

  /** The urls of one type, in stored order: handy for assertions. */
  urls(account: string, type: WebhookType): string[] {
    return this.document(account)[type].map(urlOf);
  }

  clear(): void {
    this.documents.clear();
  }
}

/** GET's `webhooks`: all seven type keys, `globalSecret` and `secret` only when set. */
export function toWire(document: StoredDocument): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const type of WEBHOOK_TYPES) wire[type] = document[type].map(copyEntry);
  if (document.globalSecret !== undefined) wire.globalSecret = document.globalSecret;
  if (document.secret !== undefined) wire.secret = document.secret;
  return wire;
}
