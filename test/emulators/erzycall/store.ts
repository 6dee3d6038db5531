import { randomBytes } from "node:crypto";

/** An endpoint as the emulator holds it: the wire fields plus its org and current secret. */
export interface StoredEndpoint {
  id: string;
  org: string;
  url: string;
  events: string[];
  description: string | null;
  isActive: boolean;
  /** ISO-8601 with seconds and Z, e.g. 2026-01-02T03:04:05Z */
  createdAt: string;
  secret: string;
}

export type EndpointFields = Pick<StoredEndpoint, "url" | "events"> &
  Partial<Omit<StoredEndpoint, "org" | "url" | "events">>;
export type EndpointChanges = Partial<Pick<StoredEndpoint, "url" | "events" | "description" | "isActive">>;

export function newEndpointId(): string {
  return `wh_${randomBytes(12).toString("hex")}`;
}

export function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

export function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * In-memory endpoints of every org. Tests use it directly to simulate the dashboard and drift:
 * `insert` bypasses validation and the cap, like an endpoint registered in the Erzycall UI.
 * Everything returned is a copy, so a test cannot change state by accident.
 */
export class ErzycallStore {
  private readonly endpoints = new Map<string, StoredEndpoint & { sequence: number }>();
  private sequence = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Endpoints of one org in createdAt order (ties in insertion order), inactive ones included. */
  list(org: string): StoredEndpoint[] {
    return [...this.endpoints.values()]
      .filter((endpoint) => endpoint.org === org)
      .sort((a, b) =>
        a.createdAt === b.createdAt ? a.sequence - b.sequence : a.createdAt < b.createdAt ? -1 : 1,
      )
      .map(copy);
  }

  count(org: string): number {
    return this.list(org).length;
  }

  /** By id; with `org`, only if that org owns it (another org's endpoint is "not found"). */
  get(id: string, org?: string): StoredEndpoint | undefined {
    const endpoint = this.endpoints.get(id);
    return endpoint && (org === undefined || endpoint.org === org) ? copy(endpoint) : undefined;
  }

  insert(org: string, fields: EndpointFields): StoredEndpoint {
    const endpoint: StoredEndpoint = {
      id: fields.id ?? newEndpointId(),
      org,
      url: fields.url,
      events: [...fields.events],
      description: fields.description ?? null,
      isActive: fields.isActive ?? true,
      createdAt: fields.createdAt ?? isoSeconds(this.now()),
      secret: fields.secret ?? newSecret(),
    };
    if (this.endpoints.has(endpoint.id)) throw new Error(`endpoint ${endpoint.id} already exists`);
    this.endpoints.set(endpoint.id, { ...endpoint, sequence: this.sequence++ });
    return copy(endpoint);
  }

  /** Applies only the given fields; an out-of-band change when called from a test. */
  update(id: string, changes: EndpointChanges): StoredEndpoint {
    const endpoint = this.endpoints.get(id);
    if (!endpoint) throw new Error(`no endpoint ${id}`);
    if (changes.url !== undefined) endpoint.url = changes.url;
    if (changes.events !== undefined) endpoint.events = [...changes.events];
    if (changes.description !== undefined) endpoint.description = changes.description;
    if (changes.isActive !== undefined) endpoint.isActive = changes.isActive;
    return copy(endpoint);
  }

  setActive(id: string, isActive: boolean): StoredEndpoint {
    return this.update(id, { isActive });
  }

  /** Replaces the secret; the previous one stops working at once (no overlap window). */
  rotateSecret(id: string): string {
    const endpoint = this.endpoints.get(id);
    if (!endpoint) throw new Error(`no endpoint ${id}`);
    endpoint.secret = newSecret();
    return endpoint.secret;
  }

  /** True when something was deleted. */
  delete(id: string): boolean {
    return this.endpoints.delete(id);
  }

  clear(): void {
    this.endpoints.clear();
  }
}

function copy(endpoint: StoredEndpoint): StoredEndpoint {
  const { id, org, url, events, description, isActive, createdAt, secret } = endpoint;
  return { id, org, url, events: [...events], description, isActive, createdAt, secret };
}

/** Wire shape, in the field order of the documented example; the secret only where the API shows it. */
export function toWire(endpoint: StoredEndpoint, withSecret = false): Record<string, unknown> {
  const { id, url, events, isActive, description, createdAt, secret } = endpoint;
  return withSecret
    ? { id, url, events, secret, isActive, description, createdAt }
    : { id, url, events, isActive, description, createdAt };
}
