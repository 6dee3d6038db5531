import { randomUUID } from "node:crypto";
import {
  Router,
  jsonResponse,
  bodyNotDeclaredJson,
  type EmulatorHandler,
  type EmulatorRequest,
  type EmulatorResponse,
} from "../core";
import { toWire, type ConvirzaStore, type StoredWebhook } from "./store";
import { validateFull, validatePartial, type FieldProblem } from "./validation";

/** Who a bearer token belongs to (contract §2.1 `user`). */
export interface TokenUser {
  user_id: number;
  org_unit_id: number;
}

export interface ConvirzaRules {
  /** Echo the deprecated PascalCase names next to snake_case on read (contract §9 q2). */
  pascalCase: boolean;
  /** Put the detail record under `data.webhook` instead of directly in `data` (contract §9 q3). */
  wrapDetail: boolean;
  /** GET of a soft-deleted webhook returns it with `webhook_status: deleted` instead of 404 (§6.3). */
  showDeleted: boolean;
  /** Another org unit's webhook answers 401 (as the Groups API does) instead of 404 (§6.3). */
  outOfScope401: boolean;
  /** Requests per token per sliding minute before 429 with Retry-After (§8.9: none documented; 0 = off). */
  rateLimitPerMinute: number;
  /** Where the (undocumented, §6.2) list answers; both by default. Another path is an id read: 400 for a non-integer. */
  listPaths: string[];
  /** The largest `limit` the list accepts (§5 [assumed]: 1000); above it, 400 on `limit`. */
  maxListLimit: number;
  /** The page size when `limit` is not given (§5: 100 on the sibling lists). */
  defaultListLimit: number;
  /** Test-only: the list ignores `offset` and answers every page from the start (a list not paged by offset). */
  ignoreListOffset: boolean;
  /**
   * Which per-webhook calls answer at `/webhooks/{id}` (§6.3-6.6: their paths are only assumed); one left out
   * answers 404 "Route not found", as a Convirza that serves it elsewhere would. All four by default.
   */
  detailRoutes: Array<"GET" | "PUT" | "PATCH" | "DELETE">;
}

export interface ConvirzaApiParts {
  store: ConvirzaStore;
  tokens: Map<string, TokenUser>;
  rules: ConvirzaRules;
  now: () => number;
}

interface Caller {
  request: EmulatorRequest;
  user: TokenUser;
}

const PREFIX = "/v3";

/** The v3 envelope (contract §3); errors use it too, with `code` = HTTP status and `data: null` [assumed]. */
export function envelope(
  now: () => number,
  code: number,
  message: string,
  data: unknown,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    code,
    message,
    data,
    ...extra,
    request_id: randomUUID(),
    timestamp: new Date(now()).toISOString(),
  };
}

export function convirzaError(
  now: () => number,
  status: number,
  message: string,
  errors?: FieldProblem[],
  headers?: Record<string, string>,
): EmulatorResponse {
  return jsonResponse(status, envelope(now, status, message, null, errors ? { errors } : {}), headers);
}

/** Order: `/v3` prefix (404) → bearer token (401) → route (404) → id (400) → scope (404/401) → body (400). */
export function convirzaHandler(parts: ConvirzaApiParts): EmulatorHandler {
  const router = buildRouter(parts);
  const { now, tokens, rules } = parts;
  const seen = new Map<string, number[]>();
  /** Seconds until the token may call again, or 0. */
  const throttle = (token: string): number => {
    if (rules.rateLimitPerMinute <= 0) return 0;
    const times = (seen.get(token) ?? []).filter((time) => time > now() - 60_000);
    seen.set(token, times);
    if (times.length < rules.rateLimitPerMinute) {
      times.push(now());
      return 0;
    }
    return Math.max(1, Math.ceil((times[times.length - rules.rateLimitPerMinute]! + 60_000 - now()) / 1000));
  };
  return async (request) => {
    if (!request.path.startsWith(`${PREFIX}/`)) return convirzaError(now, 404, "Route not found");
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? "")?.[1];
    const user = token === undefined ? undefined : tokens.get(token);
    if (!user)
      return convirzaError(now, 401, "Unauthorized: missing, invalid, expired or revoked access token");
    const wait = throttle(token!);
    if (wait > 0)
      return convirzaError(now, 429, "Too many requests", undefined, { "retry-after": String(wait) });
    const route = router.match(request.method, request.path.slice(PREFIX.length));
    if (!route) return convirzaError(now, 404, "Route not found");
    // JSON request bodies with Content-Type: application/json (contract §1).
    if (bodyNotDeclaredJson(request))
      return convirzaError(now, 400, "Validation failed", [
        { field: "Content-Type", message: "must be application/json" },
      ]);
    return route.handler({ request, user }, route.params);
  };
}

function buildRouter({ store, rules, now }: ConvirzaApiParts): Router<Caller> {
  const ok = (status: number, data: unknown) => jsonResponse(status, envelope(now, 200, "Success", data));
  const fail = (status: number, message: string, errors?: FieldProblem[]) =>
    convirzaError(now, status, message, errors);
  const invalid = (errors: FieldProblem[]) => fail(400, "Validation failed", errors);

  /** Non-integer id → 400; unknown, another org unit's or soft-deleted → 404 (or per switches). */
  const withWebhook = (
    caller: Caller,
    rawId: string | undefined,
    then: (webhook: StoredWebhook) => EmulatorResponse,
    allowDeleted = false,
  ): EmulatorResponse => {
    if (!rawId || !/^\d+$/.test(rawId)) return fail(400, "Invalid webhook id");
    const webhook = store.get(Number(rawId));
    if (webhook && webhook.org_unit_id !== caller.user.org_unit_id) {
      return rules.outOfScope401
        ? fail(401, "Unauthorized: org unit is outside your scope")
        : fail(404, "Webhook not found");
    }
    if (!webhook || (webhook.webhook_status === "deleted" && !allowDeleted))
      return fail(404, "Webhook not found");
    return then(webhook);
  };
  /** Undefined when this per-webhook call is served here, else the 404 of a route Convirza does not have. */
  const served = (method: ConvirzaRules["detailRoutes"][number]) =>
    rules.detailRoutes.includes(method) ? undefined : fail(404, "Route not found");
  const bodyOf = (request: EmulatorRequest) => (request.invalidJson ? "invalid" : request.body);

  const list = ({ request, user }: Caller): EmulatorResponse => {
    const limit = request.query.limit === undefined ? rules.defaultListLimit : Number(request.query.limit);
    const offset = request.query.offset === undefined ? 0 : Number(request.query.offset);
    if (!Number.isInteger(limit) || limit < 1 || limit > rules.maxListLimit)
      return invalid([{ field: "limit", message: `must be an integer from 1 to ${rules.maxListLimit}` }]);
    if (!Number.isInteger(offset) || offset < 0)
      return invalid([{ field: "offset", message: "must be a non-negative integer" }]);
    const orgUnit =
      request.query.org_unit_id === undefined ? user.org_unit_id : Number(request.query.org_unit_id);
    const status = request.query.webhook_status;
    const matching = store
      .list(orgUnit)
      .filter((webhook) =>
        status === undefined ? webhook.webhook_status !== "deleted" : webhook.webhook_status === status,
      );
    return ok(200, {
      webhooks: matching
        .slice(rules.ignoreListOffset ? 0 : offset, (rules.ignoreListOffset ? 0 : offset) + limit)
        .map((webhook) => toWire(webhook, rules.pascalCase)),
      total: matching.length,
    });
  };

  /** PUT (full, omitted optional fields reset) and PATCH (given fields only) differ only in validation. */
  const write = (
    caller: Caller,
    id: string | undefined,
    validate: (body: unknown) => ReturnType<typeof validatePartial>,
  ) =>
    withWebhook(caller, id, (webhook) => {
      const input = validate(bodyOf(caller.request));
      if (!input.ok) return invalid(input.errors);
      store.update(webhook.webhook_id, input.value);
      return ok(200, { webhookId: webhook.webhook_id });
    });

  return new Router<Caller>()
    .on("GET", "/webhooks", (caller) =>
      rules.listPaths.includes("/webhooks") ? list(caller) : fail(405, "Method not allowed"),
    )
    .on("GET", "/webhooks/list", (caller) =>
      rules.listPaths.includes("/webhooks/list") ? list(caller) : fail(400, "Invalid webhook id"),
    )
    .on("POST", "/webhooks", ({ request, user }) => {
      const input = validateFull(bodyOf(request));
      if (!input.ok) return invalid(input.errors);
      const created = store.insert({
        ...input.value,
        org_unit_id: user.org_unit_id,
        created_by: user.user_id,
      });
      // Quirk §8.1-2: HTTP 201, `code: 200`, and only the id, camelCase.
      return ok(201, { webhookId: created.webhook_id });
    })
    .on(
      "GET",
      "/webhooks/:id",
      (caller, { id }) =>
        served("GET") ??
        withWebhook(
          caller,
          id,
          (webhook) => {
            const wire = toWire(webhook, rules.pascalCase);
            return ok(200, rules.wrapDetail ? { webhook: wire } : wire);
          },
          rules.showDeleted,
        ),
    )
    .on("PUT", "/webhooks/:id", (caller, { id }) => served("PUT") ?? write(caller, id, validateFull))
    .on("PATCH", "/webhooks/:id", (caller, { id }) => served("PATCH") ?? write(caller, id, validatePartial))
    .on(
      "DELETE",
      "/webhooks/:id",
      (caller, { id }) =>
        served("DELETE") ??
        withWebhook(caller, id, (webhook) => {
          store.delete(webhook.webhook_id);
          return ok(200, { webhookId: webhook.webhook_id });
        }),
    );
}
