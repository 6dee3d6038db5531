/**
 * A Conversant (Kazoo 4.3 crossbar) emulator, standalone on node:http until the shared emulator
 * core lands: api_auth tokens and X-Auth-Token, `{data}` envelopes, Kazoo validation errors keyed
 * by field and rule, PUT/POST/PATCH/DELETE semantics, soft delete, list summaries, attempts log,
 * and auto-disable after failures on demand. See README.md.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const HOOKS = ["all", "channel_answer", "channel_bridge", "channel_create", "channel_destroy", "mms", "notifications", "object", "parking", "sms"];
const DEFAULTS = { http_verb: "post", retries: 2, format: "form-data", enabled: true, include_internal_legs: true };
const GREGORIAN_OFFSET = 62167219200;

export interface StoredHook {
  doc: Record<string, unknown>;
  accountId: string;
  deleted: boolean;
  disabledMessage?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const hex32 = () => randomBytes(16).toString("hex");

export class ConversantEmulator {
  readonly apiKey = randomBytes(32).toString("hex");
  readonly accountId = hex32();
  readonly hooks = new Map<string, StoredHook>();
  readonly attempts: Array<Record<string, unknown>> = [];
  readonly requests: RecordedRequest[] = [];
  readonly tokens = new Set<string>();
  private server?: Server;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Requests to the webhooks API (auth calls excluded). */
  webhookRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes("/webhooks"));
  }

  /** Revokes every token (as an expiry would). */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** Kazoo's disabler: six failed deliveries, then enabled:false with a reason. */
  autoDisable(id: string, failures = 6): void {
    const hook = this.hooks.get(id);
    if (!hook) throw new Error(`no hook ${id}`);
    for (let i = 0; i < failures; i++) this.recordAttempt(id, { result: "failure", reason: "bad response code", resp_status_code: "500", resp_body: "oops", retries_left: 0 });
    hook.doc.enabled = false;
    hook.disabledMessage = "too many failed attempts";
  }

  recordAttempt(id: string, fields: Record<string, unknown>): void {
    const hook = this.hooks.get(id)!;
    this.attempts.unshift({
      hook_id: id,
      timestamp: Math.floor(Date.now() / 1000) + GREGORIAN_OFFSET,
      try: 1,
      hook_event: hook.doc.hook,
      event_id: hex32(),
      uri: hook.doc.uri,
      method: hook.doc.http_verb,
      ...fields,
    });
    this.attempts.splice(100);
  }

  /** Out-of-band edit, as someone in the portal would do. */
  edit(id: string, changes: Record<string, unknown>): void {
    Object.assign(this.hooks.get(id)!.doc, changes);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return this.send(res, 400, this.error(400, "invalid json", "invalid request body"));
    }
    const url = new URL(req.url ?? "/", "http://x");
    this.requests.push({ method: req.method ?? "", path: url.pathname, headers: req.headers, body });
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts[0] !== "v1" && parts[0] !== "v2") return this.send(res, 404, this.error(404, "not_found", "not found"));
    const route = parts.slice(1);
    const method = req.method ?? "GET";

    if (route[0] === "api_auth" && method === "PUT") {
      const key = (body as { data?: { api_key?: string } })?.data?.api_key;
      if (key !== this.apiKey) return this.send(res, 401, this.error(401, "invalid_credentials", "invalid credentials"));
      const token = hex32();
      this.tokens.add(token);
      return this.send(res, 201, { ...this.ok({ account_id: this.accountId }), auth_token: token });
    }
    if (route[0] === "webhooks" && route.length === 1 && method === "GET") {
      return this.send(res, 200, this.ok(HOOKS.map((id) => ({ id, name: id, description: id }))));
    }
    const token = req.headers["x-auth-token"];
    if (typeof token !== "string" || !this.tokens.has(token)) return this.send(res, 401, this.error(401, "invalid_credentials", "invalid credentials"));
    if (route[0] !== "accounts" || route[2] !== "webhooks") return this.send(res, 404, this.error(404, "bad_identifier", "bad identifier"));
    if (route[1] !== this.accountId) return this.send(res, 403, this.error(403, "forbidden", "forbidden"));
    const [, , , id, sub] = route;
    const data = (body as { data?: Record<string, unknown> })?.data;

    if (id === "attempts" || sub === "attempts") {
      if (method !== "GET") return this.send(res, 405, this.error(405, "method_not_allowed", "method not allowed"));
      return this.send(res, 200, this.ok(this.attempts.filter((a) => id === "attempts" || a.hook_id === id)));
    }
    if (id === undefined) {
      if (method === "GET") {
        const summaries = [...this.hooks.entries()]
          .filter(([, h]) => !h.deleted && h.accountId === this.accountId)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([hid, h]) => this.summary(hid, h));
        return this.send(res, 200, this.ok(summaries));
      }
      if (method === "PUT") {
        const errors = validate(data);
        if (errors) return this.send(res, 400, this.error(400, "validation error", errors));
        const newId = typeof data!.id === "string" ? data!.id : hex32();
        if (this.hooks.has(newId)) return this.send(res, 409, this.error(409, "datastore_conflict", "conflict"));
        const doc = { ...DEFAULTS, ...data!, id: newId };
        this.hooks.set(newId, { doc, accountId: this.accountId, deleted: false });
        res.setHeader("location", `/v1/accounts/${this.accountId}/webhooks/${newId}`);
        return this.send(res, 201, this.ok(this.publicDoc(this.hooks.get(newId)!)));
      }
      return this.send(res, 405, this.error(405, "method_not_allowed", "method not allowed"));
    }
    const hook = this.hooks.get(id);
    if (!hook || hook.deleted || hook.accountId !== this.accountId) return this.send(res, 404, this.error(404, "bad_identifier", "bad identifier"));
    if (method === "GET") return this.send(res, 200, this.ok(this.publicDoc(hook)));
    if (method === "POST" || method === "PATCH") {
      const merged: Record<string, unknown> =
        method === "POST" ? { ...data } : Object.fromEntries(Object.entries({ ...hook.doc, ...data }).filter(([, v]) => v !== null));
      const errors = validate(merged);
      if (errors) return this.send(res, 400, this.error(400, "validation error", errors));
      hook.doc = { ...DEFAULTS, ...merged, id };
      if (hook.doc.enabled === true) hook.disabledMessage = undefined;
      return this.send(res, 200, this.ok(this.publicDoc(hook)));
    }
    if (method === "DELETE") {
      hook.deleted = true;
      return this.send(res, 200, this.ok({ ...this.publicDoc(hook), _read_only: { deleted: true } }));
    }
    return this.send(res, 405, this.error(405, "method_not_allowed", "method not allowed"));
  }

  private summary(id: string, hook: StoredHook): Record<string, unknown> {
    const { name, uri, hook: h, enabled, group } = hook.doc;
    return { id, name, uri, hook: h, enabled: enabled ?? true, ...(hook.disabledMessage ? { disable_reason: hook.disabledMessage } : {}), ...(group ? { group } : {}) };
  }

  private publicDoc(hook: StoredHook): Record<string, unknown> {
    return { ...hook.doc, ...(hook.disabledMessage ? { disable_reason: hook.disabledMessage } : {}) };
  }

  private ok(data: unknown): Record<string, unknown> {
    return { data, status: "success", request_id: hex32(), revision: hex32(), version: "4.3.0", node: "emulator" };
  }

  private error(code: number, message: string, data: unknown): Record<string, unknown> {
    return { status: "error", error: String(code), message, data, request_id: hex32() };
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }
}

/** Kazoo's validation: `data` keyed by field, then by failed rule. */
function validate(doc: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const errors: Record<string, Record<string, unknown>> = {};
  const add = (field: string, rule: string, info: Record<string, unknown>) => ((errors[field] ??= {})[rule] = info);
  const d = doc ?? {};
  for (const field of ["name", "uri", "hook"]) if (d[field] === undefined) add(field, "required", { message: "Field is required but missing" });
  if (typeof d.uri === "string" && !/^https?:\/\//.test(d.uri)) add("uri", "format", { message: "invalid client URL" });
  if (d.hook !== undefined && !HOOKS.includes(String(d.hook))) add("hook", "enum", { message: "Value not found in enumerated list of values", target: HOOKS, value: d.hook });
  if (d.http_verb !== undefined && !["get", "post", "put"].includes(String(d.http_verb))) add("http_verb", "enum", { message: "Value not found in enumerated list of values", value: d.http_verb });
  if (d.format !== undefined && !["form-data", "json"].includes(String(d.format))) add("format", "enum", { message: "Value not found in enumerated list of values", value: d.format });
  if (typeof d.retries === "number" && d.retries > 4) add("retries", "maximum", { message: "Value must be at most 4", target: 4, value: d.retries });
  if (typeof d.retries === "number" && d.retries < 0) add("retries", "minimum", { message: "Value must be at least 0", target: 0, value: d.retries });
  const custom = (d.custom_data ?? {}) as Record<string, unknown>;
  if (d.hook === "object" || d.hook === "notifications") {
    if (custom.type === undefined) add("custom_data.type", "required", { message: "missing required modifier" });
    if (d.hook === "object" && custom.action === undefined) add("custom_data.action", "required", { message: "missing required modifier" });
  }
  return Object.keys(errors).length ? errors : undefined;
}
