import {
  Router,
  jsonResponse,
  emptyResponse,
  withHeaders,
  bodyNotDeclaredJson,
  type EmulatorHandler,
  type EmulatorRequest,
  type EmulatorResponse,
  type RouteHandler,
} from "../core";
import type { IdempotencyStore } from "./idempotency";
import { hasScope, type KeyRing } from "./keys";
import type { RateLimiter } from "./rate-limiter";
import { type ErzycallStore, toWire } from "./store";
import { listPage } from "./listing";
import { validateCreate, validatePatch, type FieldProblem } from "./validation";

export interface ErzycallRules {
  allowHttpLocalhost: boolean;
  getById: boolean;
  maxEndpoints: number;
  /** Test-only: page the list as the document describes for other lists (§9); undefined = one page. */
  listPageSize: number | undefined;
}

export interface ErzycallApiParts {
  store: ErzycallStore;
  keys: KeyRing;
  limiter: RateLimiter;
  idempotency: IdempotencyStore;
  rules: ErzycallRules;
  /** Resolves when held writes may proceed (see `holdWrites` in index.ts). */
  writeGate: () => Promise<void>;
}

interface Caller {
  request: EmulatorRequest;
  org: string;
  scopes: readonly string[];
}

const API_PREFIX = "/api/v1";
const VALID_ID = /^[A-Za-z0-9_-]+$/;

export function erzycallError(
  status: number,
  code: string,
  message: string,
  details?: FieldProblem[],
  headers?: Record<string, string>,
): EmulatorResponse {
  return jsonResponse(status, { error: details ? { code, message, details } : { code, message } }, headers);
}

/** Order of checks: route prefix → key (401) → rate limit (429) → route (404) → scope (403) → idempotency → handler. */
export function erzycallHandler(parts: ErzycallApiParts): EmulatorHandler {
  const router = buildRouter(parts);
  return async (request) => {
    if (request.path !== API_PREFIX && !request.path.startsWith(`${API_PREFIX}/`)) {
      return erzycallError(404, "NOT_FOUND", "Route not found", undefined, parts.limiter.untouched());
    }
    const auth = parts.keys.check(request.headers["x-api-key"]);
    if (!auth.ok) return erzycallError(401, auth.code, auth.message, undefined, parts.limiter.untouched());
    const rate = parts.limiter.take(auth.key);
    if (!rate.allowed) {
      const seconds = rate.retryAfterSeconds;
      return erzycallError(429, "RATE_LIMITED", `Rate limit exceeded. Retry after ${seconds}s`, undefined, {
        ...rate.headers,
        "retry-after": String(seconds),
      });
    }
    const route = router.match(request.method, request.path.slice(API_PREFIX.length));
    const response = route
      ? await route.handler({ request, org: auth.org, scopes: auth.scopes }, route.params)
      : erzycallError(404, "NOT_FOUND", "Route not found");
    // Rate headers are added outside the idempotency record so a replay stays verbatim otherwise.
    return withHeaders(response, rate.headers);
  };
}

function buildRouter({ store, idempotency, rules, writeGate }: ErzycallApiParts): Router<Caller> {
  const reading =
    (handler: RouteHandler<Caller>): RouteHandler<Caller> =>
    (caller, params) =>
      hasScope(caller.scopes, "webhooks:read") ? handler(caller, params) : insufficientScope("webhooks:read");

  const writing =
    (handler: RouteHandler<Caller>): RouteHandler<Caller> =>
    async (caller, params) => {
      if (!hasScope(caller.scopes, "webhooks:write")) return insufficientScope("webhooks:write");
      const { request } = caller;
      // JSON in and out, with the header the create example shows (§1, §5.2).
      if (bodyNotDeclaredJson(request))
        return erzycallError(400, "INVALID_JSON", "Content-Type must be application/json");
      const key = request.headers["idempotency-key"];
      // The document shows the header on create only (§5.2, §7): a client must not count on it elsewhere.
      if (key !== undefined && !(request.method === "POST" && request.path === `${API_PREFIX}/webhooks`)) {
        return validationError([
          { field: "Idempotency-Key", message: "Idempotency-Key is accepted on create only" },
        ]);
      }
      if (!key) {
        await writeGate();
        return handler(caller, params);
      }
      // An unparseable body still has to differ from a parseable one, so compare its raw text.
      const comparable = request.invalidJson ? { invalidJsonBody: request.rawBody } : request.body;
      const start = idempotency.begin(
        { org: caller.org, method: request.method, path: request.path, key },
        comparable,
      );
      if (start.kind === "replay") return start.response;
      if (start.kind === "mismatch")
        return erzycallError(
          409,
          "IDEMPOTENCY_MISMATCH",
          "Idempotency-Key was already used with a different request body",
        );
      if (start.kind === "in-flight")
        return erzycallError(409, "CONFLICT", "A request with this Idempotency-Key is still being processed");
      let response: EmulatorResponse = erzycallError(500, "INTERNAL_ERROR", "Unexpected failure");
      try {
        await writeGate();
        response = await handler(caller, params);
        return response;
      } finally {
        start.finish(response);
      }
    };

  /** Malformed id → 400 INVALID_ID; unknown or another org's → 404 NOT_FOUND (no 403 leak). */
  const withEndpoint = (
    caller: Caller,
    id: string | undefined,
    then: (id: string) => EmulatorResponse,
  ): EmulatorResponse => {
    if (!id || !VALID_ID.test(id)) return erzycallError(400, "INVALID_ID", "Invalid webhook endpoint id");
    if (!store.get(id, caller.org)) return notFound();
    return then(id);
  };

  const router = new Router<Caller>()
    .on(
      "GET",
      "/webhooks",
      reading(({ org, request }) => listPage(store.list(org), request, rules.listPageSize, validationError)),
    )
    .on(
      "POST",
      "/webhooks",
      writing(({ request, org }) => {
        if (request.invalidJson) return invalidJson();
        const input = validateCreate(request.body, rules);
        if (!input.ok) return validationError(input.details);
        if (store.count(org) >= rules.maxEndpoints) {
          return erzycallError(
            422,
            "MAX_ENDPOINTS",
            `Maximum of ${rules.maxEndpoints} webhook endpoints per organization reached`,
          );
        }
        return jsonResponse(201, { data: toWire(store.insert(org, input.value), true) });
      }),
    )
    .on(
      "PATCH",
      "/webhooks/:id",
      writing((caller, { id }) => {
        if (id && VALID_ID.test(id) && caller.request.invalidJson) return invalidJson();
        return withEndpoint(caller, id, (found) => {
          const changes = validatePatch(caller.request.body, rules);
          if (!changes.ok) return validationError(changes.details);
          return jsonResponse(200, { data: toWire(store.update(found, changes.value)) });
        });
      }),
    )
    .on(
      "DELETE",
      "/webhooks/:id",
      writing((caller, { id }) =>
        withEndpoint(caller, id, (found) => {
          if (caller.request.rawBody !== "") return noBodyExpected();
          store.delete(found);
          return emptyResponse(204);
        }),
      ),
    )
    .on(
      "POST",
      "/webhooks/:id/rotate-secret",
      writing((caller, { id }) =>
        withEndpoint(caller, id, (found) => {
          // "No body" (§5.6).
          if (caller.request.rawBody !== "") return noBodyExpected();
          return jsonResponse(200, { data: { secret: store.rotateSecret(found) } });
        }),
      ),
    );
  if (rules.getById) {
    router.on(
      "GET",
      "/webhooks/:id",
      reading((caller, { id }) =>
        withEndpoint(caller, id, (found) => jsonResponse(200, { data: toWire(store.get(found)!) })),
      ),
    );
  }
  return router;
}

const notFound = () => erzycallError(404, "NOT_FOUND", "Webhook endpoint not found");
const noBodyExpected = () =>
  erzycallError(400, "VALIDATION_ERROR", "Request validation failed", [
    { field: "body", message: "This request takes no body" },
  ]);
const invalidJson = () => erzycallError(400, "INVALID_JSON", "Request body is not valid JSON");
const validationError = (details: FieldProblem[]) =>
  erzycallError(400, "VALIDATION_ERROR", "Request validation failed", details);
const insufficientScope = (scope: string) =>
  erzycallError(403, "INSUFFICIENT_SCOPE", `API key lacks required scope: ${scope}`);
