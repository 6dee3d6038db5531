import { randomBytes } from "node:crypto";

/** Kazoo's timestamps are Gregorian seconds: Unix seconds plus this. */
export const GREGORIAN_OFFSET = 62167219200;

/** Kazoo 4.3 schema defaults, stored on every write (`use_defaults`). */
export const SCHEMA_DEFAULTS = {
  http_verb: "post",
  retries: 2,
  format: "form-data",
  enabled: true,
  include_internal_legs: true,
} as const;

/** Attempts kept per account [assumed: the last 100]. */
const ATTEMPTS_KEPT = 100;

export const hex32 = (): string => randomBytes(16).toString("hex");

/** A webhook document as Kazoo stores it: public fields plus the private state Kazoo never returns. */
export interface StoredHook {
  id: string;
  accountId: string;
  /** The public document (`pvt_*` and `_*` keys never live here). */
  doc: Record<string, unknown>;
  /** `pvt_disabled_message`: set by the disabler, returned as `disable_reason`. */
  disabledMessage?: string;
  /** `pvt_deleted`: soft-deleted hooks are kept but read as 404. */
  deleted: boolean;
  /** `_rev`, returned as the envelope's `revision`. */
  revision: number;
}

/**
 * Every account's webhooks and delivery attempts. Tests use it directly to act as the portal or the
 * delivery engine: `edit` changes a hook out of band, `autoDisable` runs Kazoo's disabler, `remove`
 * deletes behind Pulumi's back. Everything returned is a copy.
 */
export class ConversantStore {
  private readonly hooks = new Map<string, StoredHook>();
  private readonly attemptLog = new Map<string, Array<Record<string, unknown>>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Live (not soft-deleted) hooks of one account, ordered by id as Kazoo's view is. */
  list(accountId: string): StoredHook[] {
    return [...this.hooks.values()]
      .filter((hook) => hook.accountId === accountId && !hook.deleted)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(copy);
  }

  /** A live hook of `accountId` (another account's or a soft-deleted one is absent). */
  get(id: string, accountId?: string): StoredHook | undefined {
    const hook = this.hooks.get(id);
    if (!hook || hook.deleted || (accountId !== undefined && hook.accountId !== accountId)) return undefined;
    return copy(hook);
  }

  /** Any hook with this id, soft-deleted ones included (ids are never reused). */
  has(id: string): boolean {
    return this.hooks.has(id);
  }

  /** Stores a document as given (plus schema defaults): a hook made in the portal when called from a test. */
  insert(accountId: string, doc: Record<string, unknown>, id: string = hex32()): StoredHook {
    if (this.hooks.has(id)) throw new Error(`hook ${id} already exists`);
    const hook: StoredHook = {
      id,
      accountId,
      doc: { ...SCHEMA_DEFAULTS, ...doc, id },
      deleted: false,
      revision: 1,
    };
    this.hooks.set(id, hook);
    return copy(hook);
  }

  /** Replaces the public document (POST/PATCH after validation); `enabled:true` clears the disable reason. */
  replace(id: string, doc: Record<string, unknown>): StoredHook {
    const hook = this.live(id);
    hook.doc = { ...SCHEMA_DEFAULTS, ...doc, id };
    if (hook.doc.enabled === true) hook.disabledMessage = undefined;
    hook.revision += 1;
    return copy(hook);
  }

  /** Out of band: merges fields into the document (a `null` value removes the key), no validation. */
  edit(id: string, changes: Record<string, unknown>): StoredHook {
    const hook = this.live(id);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete hook.doc[key];
      else hook.doc[key] = value;
    }
    hook.revision += 1;
    return copy(hook);
  }

  /** Soft delete; true when a live hook was deleted. */
  softDelete(id: string): boolean {
    const hook = this.hooks.get(id);
    if (!hook || hook.deleted) return false;
    hook.deleted = true;
    hook.revision += 1;
    return true;
  }

  /** Kazoo's disabler: `failures` failed deliveries are logged, then enabled:false with a reason. */
  autoDisable(id: string, failures = 6, reason = "too many failed attempts"): StoredHook {
    const hook = this.live(id);
    for (let i = 0; i < failures; i++) {
      this.recordAttempt(id, {
        result: "failure",
        reason: "bad response code",
        resp_status_code: "500",
        resp_headers: {},
        resp_body: "",
        retries_left: 0,
      });
    }
    hook.doc.enabled = false;
    hook.disabledMessage = reason;
    hook.revision += 1;
    return copy(hook);
  }

  /** Hooks flipped by the bulk re-enable: only those disabled *with* a reason. */
  reEnable(accountIds: readonly string[]): number {
    let count = 0;
    for (const hook of this.hooks.values()) {
      if (
        hook.deleted ||
        !accountIds.includes(hook.accountId) ||
        hook.doc.enabled !== false ||
        !hook.disabledMessage
      )
        continue;
      hook.doc.enabled = true;
      hook.disabledMessage = undefined;
      hook.revision += 1;
      count += 1;
    }
    return count;
  }

  /** Logs one delivery attempt with the request echo Kazoo records; `fields` override (result, reason, ...). */
  recordAttempt(id: string, fields: Record<string, unknown>): void {
    const hook = this.hooks.get(id);
    if (!hook) throw new Error(`no hook ${id}`);
    const log = this.attemptLog.get(hook.accountId) ?? [];
    log.unshift({
      hook_id: id,
      timestamp: Math.floor(this.now() / 1000) + GREGORIAN_OFFSET,
      try: 1,
      hook_event: hook.doc.hook,
      event_id: hex32(),
      uri: hook.doc.uri,
      method: hook.doc.http_verb,
      req_headers: {},
      req_body: "",
      custom_data: hook.doc.custom_data ?? {},
      ...fields,
    });
    log.splice(ATTEMPTS_KEPT);
    this.attemptLog.set(hook.accountId, log);
  }

  /** Newest first; one hook's when `hookId` is given. */
  attempts(accountId: string, hookId?: string): Array<Record<string, unknown>> {
    const log = this.attemptLog.get(accountId) ?? [];
    return log
      .filter((attempt) => hookId === undefined || attempt.hook_id === hookId)
      .map((attempt) => ({ ...attempt }));
  }

  clear(): void {
    this.hooks.clear();
    this.attemptLog.clear();
  }

  private live(id: string): StoredHook {
    const hook = this.hooks.get(id);
    if (!hook || hook.deleted) throw new Error(`no live hook ${id}`);
    return hook;
  }
}

function copy(hook: StoredHook): StoredHook {
  return { ...hook, doc: structuredClone(hook.doc) };
}

/** The public document: every stored key plus `disable_reason` while a disable reason is set. */
export function publicDoc(hook: StoredHook): Record<string, unknown> {
  return { ...hook.doc, ...(hook.disabledMessage ? { disable_reason: hook.disabledMessage } : {}) };
}

/** What the list view returns: a summary, not the document. */
export function summary(hook: StoredHook): Record<string, unknown> {
  const { name, uri, hook: event, enabled, group } = hook.doc;
  return {
    id: hook.id,
    name,
    uri,
    hook: event,
    enabled: enabled ?? true,
    ...(hook.disabledMessage ? { disable_reason: hook.disabledMessage } : {}),
    ...(group !== undefined ? { group } : {}),
  };
}
