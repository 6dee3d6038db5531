import type { EmulatorResponse } from "../core";

/**
 * Idempotency-Key records [assumed in contract §7]: scoped to org + method + path, kept 24 h, only
 * 2xx responses stored and replayed verbatim, bodies compared as parsed JSON (key order ignored).
 */
const RETENTION_MS = 24 * 3_600_000;

interface StoredRecord {
  bodyFingerprint: string;
  response: EmulatorResponse;
  expiresAt: number;
}

export type IdempotencyStart =
  | { kind: "replay"; response: EmulatorResponse }
  | { kind: "mismatch" }
  | { kind: "in-flight" }
  | { kind: "started"; finish(response: EmulatorResponse): void };

export class IdempotencyStore {
  private readonly records = new Map<string, StoredRecord>();
  private readonly running = new Set<string>();

  constructor(private readonly now: () => number) {}

  begin(scope: { org: string; method: string; path: string; key: string }, body: unknown): IdempotencyStart {
    const id = JSON.stringify([scope.org, scope.method, scope.path, scope.key]);
    if (this.running.has(id)) return { kind: "in-flight" };
    const fingerprint = canonicalJson(body);
    const record = this.records.get(id);
    if (record && record.expiresAt > this.now()) {
      return record.bodyFingerprint === fingerprint
        ? { kind: "replay", response: record.response }
        : { kind: "mismatch" };
    }
    this.records.delete(id);
    this.running.add(id);
    return {
      kind: "started",
      finish: (response) => {
        this.running.delete(id);
        if (response.status >= 200 && response.status < 300) {
          this.records.set(id, {
            bodyFingerprint: fingerprint,
            response,
            expiresAt: this.now() + RETENTION_MS,
          });
        }
      },
    };
  }

  get size(): number {
    return this.records.size;
  }
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
