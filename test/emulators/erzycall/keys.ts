/** API keys of the emulator: each maps explicitly to one org (contract §2: the prefix is only format-checked). */
export const ERZYCALL_TEST_KEY = "ek_test_emulatordefaultkey0001";
export const ERZYCALL_DEFAULT_ORG = "org_default";

export interface KeyOptions {
  org: string;
  /** e.g. ["webhooks:read", "webhooks:write"]; "*" grants everything. */
  scopes: string[];
  expired?: boolean;
  revoked?: boolean;
}

export type KeyCheck =
  | { ok: true; key: string; org: string; scopes: readonly string[] }
  | { ok: false; code: "UNAUTHORIZED" | "KEY_EXPIRED" | "KEY_REVOKED"; message: string };

const KEY_FORMAT = /^ek_(live|test)_[A-Za-z0-9]+$/;

export class KeyRing {
  private readonly keys = new Map<string, KeyOptions>();

  /** Adds or replaces a key. Throws on a malformed key, which no real account could hold. */
  add(key: string, options: KeyOptions): void {
    if (!KEY_FORMAT.test(key))
      throw new Error(`Erzycall keys look like ek_live_… or ek_test_…, got ${JSON.stringify(key)}`);
    this.keys.set(key, { ...options, scopes: [...options.scopes] });
  }

  check(header: string | undefined): KeyCheck {
    const options = header === undefined ? undefined : this.keys.get(header);
    if (header === undefined || !options)
      return { ok: false, code: "UNAUTHORIZED", message: "Missing or invalid API key" };
    if (options.revoked) return { ok: false, code: "KEY_REVOKED", message: "API key has been revoked" };
    if (options.expired) return { ok: false, code: "KEY_EXPIRED", message: "API key has expired" };
    return { ok: true, key: header, org: options.org, scopes: options.scopes };
  }
}

/** `webhooks:write` does not imply `webhooks:read` [assumed in the contract]. */
export function hasScope(scopes: readonly string[], needed: string): boolean {
  return scopes.includes("*") || scopes.includes(needed);
}
