import { randomBytes, randomUUID } from "node:crypto";

/** An endpoint as the emulator holds it: the wire fields plus its org and its secret. */
export interface StoredEndpoint {
  id: string;
  org: string;
  url: string;
  /** `[]` means every event (contract §11.5). */
  events: string[];
  isActive: boolean;
  /** ISO-8601 with seconds and Z. */
  createdAt: string;
  updatedAt: string;
  secret: string;
}

export type EndpointFields = Pick<StoredEndpoint, "url"> & Partial<Omit<StoredEndpoint, "org" | "url">>;
export type EndpointChanges = Partial<Pick<StoredEndpoint, "url" | "events" | "isActive">>;

export function newSecret(): string {
  return randomBytes(32).toString("hex");
}

export function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * In-memory endpoints of every org. Tests use it directly to simulate the dashboard and drift:
 * `insert` bypasses validation, `update` is an out-of-band change. Everything returned is a copy.
 */
export class ConvercStore {
  private readonly endpoints = new Map<string, StoredEndpoint & { sequence: number }>();
  private sequence = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Endpoints of one org, oldest first (ties in insertion order), disabled ones included. */
  list(org: string): StoredEndpoint[] {
    return [...this.endpoints.values()]
      .filter((endpoint) => endpoint.org === org)
      .sort((a, b) =>
        a.createdAt === b.createdAt ? a.sequence - b.sequence : a.createdAt < b.createdAt ? -1 : 1,
      )
      .map(copy);
  }

  /** By id; with `org`, only if that org owns it (another org's endpoint is "not found"). */
  get(id: string, org?: string): StoredEndpoint | undefined {
    const endpoint = this.endpoints.get(id);
    return endpoint && (org === undefined || endpoint.org === org) ? copy(endpoint) : undefined;
  }

  insert(org: string, fields: EndpointFields): StoredEndpoint {
    const createdAt = fields.createdAt ?? isoSeconds(this.now());
    const endpoint: StoredEndpoint = {
      id: fields.id ?? randomUUID(),
      org,
      url: fields.url,
      events: [...(fields.events ?? [])],
      isActive: fields.isActive ?? true,
      createdAt,
      updatedAt: fields.updatedAt ?? createdAt,
      secret: fields.secret ?? newSecret(),
    };
    if (this.endpoints.has(endpoint.id)) throw new Error(`endpoint ${endpoint.id} already exists`);
    this.endpoints.set(endpoint.id, { ...endpoint, sequence: this.sequence++ });
    return copy(endpoint);
  }

  /** Out-of-band change (the API has no update); bumps updatedAt. */
  update(id: string, changes: EndpointChanges): StoredEndpoint {
    const endpoint = this.endpoints.get(id);
    if (!endpoint) throw new Error(`no endpoint ${id}`);
    if (changes.url !== undefined) endpoint.url = changes.url;
    if (changes.events !== undefined) endpoint.events = [...changes.events];
    if (changes.isActive !== undefined) endpoint.isActive = changes.isActive;
    endpoint.updatedAt = isoSeconds(this.now());
    return copy(endpoint);
  }

  /** What DELETE does: the record stays, inactive, with updatedAt bumped. */
  disable(id: string): StoredEndpoint {
    return this.update(id, { isActive: false });
  }

  /** Removes the record entirely (no API call does this; a test can, to model a purge). */
  remove(id: string): boolean {
    return this.endpoints.delete(id);
  }

  clear(): void {
    this.endpoints.clear();
  }
}

function copy(endpoint: StoredEndpoint): StoredEndpoint {
  const { id, org, url, events, isActive, createdAt, updatedAt, secret } = endpoint;
  return { id, org, url, events: [...events], isActive, createdAt, updatedAt, secret };
}

/** Wire shape of the documented example, never with the secret (it is a sibling on create only). */
export function toWire(endpoint: StoredEndpoint): Record<string, unknown> {
  const { id, url, events, isActive, createdAt, updatedAt } = endpoint;
  return { id, url, events, isActive, createdAt, updatedAt };
}
