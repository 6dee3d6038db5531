import {
  Router,
  jsonResponse,
  type EmulatorHandler,
  type EmulatorRequest,
  type EmulatorResponse,
  type RouteHandler,
} from "../core";
import type { Accounts } from "./accounts";
import { hex32, publicDoc, summary, type ConversantStore, type StoredHook } from "./store";
import { HOOK_CATALOGUE, HOOKS, validateHook, type ValidationErrors } from "./validation";

export interface ConversantApiParts {
  store: ConversantStore;
  accounts: Accounts;
  /** Crossbar's token bucket; undefined = off (the default). */
  rateLimit?: { take(accountId: string): boolean };
  /** Hooks installed beyond Kazoo 4.3's, as an operator may add; the `hook` enum is built from all of them. */
  extraHooks: readonly { id: string; description: string }[];
  /** Whether a client-chosen `data.id` on create becomes the id (the contract's reading) or is ignored. */
  clientIds: "honoured" | "ignored";
  /** Test-only: page `/v1` lists too, this many a page, as v2 does (§7: a build whose v1 paginates). */
  pagedV1?: number;
}

type Version = "v1" | "v2";

interface Caller {
  request: EmulatorRequest;
  version: Version;
  /** The request's envelope `data`, when the body has one. */
  data: unknown;
  /** The token's account; every account route is checked against it. */
  accountId: string;
  token: string;
}

const VERBS = ["GET", "PUT", "POST", "PATCH", "DELETE"];
const HEX32 = /^[0-9a-f]{32}$/;
const ENVELOPE_META = { node: "emulator-node", version: "4.3.0" };

/** Crossbar's success envelope. */
export function kazooOk(
  data: unknown,
  extra: Record<string, unknown> = {},
  status = 200,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return jsonResponse(
    status,
    {
      data,
      status: "success",
      request_id: hex32(),
      revision: hex32(),
      timestamp: new Date().toISOString(),
      ...ENVELOPE_META,
      ...extra,
    },
    headers,
  );
}

/** Crossbar's error envelope: `error` is the status as a string, `message` the short code. */
export function kazooError(
  status: number,
  message: string,
  data: unknown,
  extra: Record<string, unknown> = {},
): EmulatorResponse {
  return jsonResponse(status, {
    status: "error",
    error: String(status),
    message,
    data,
    request_id: hex32(),
    ...ENVELOPE_META,
    ...extra,
  });
}

/** System errors carry a bare string on v1 and an object on v2 (validation errors keep their shape on both). */
const systemError = (version: Version, status: number, message: string, text: string, cause?: string) =>
  kazooError(
    status,
    message,
    version === "v1" ? text : { message: text, ...(cause !== undefined ? { cause } : {}) },
  );
const unauthorized = (version: Version) =>
  systemError(version, 401, "invalid_credentials", "invalid credentials");
const notFound = (version: Version, id: string) =>
  systemError(version, 404, "bad_identifier", "bad identifier", id);
const validationError = (errors: ValidationErrors) => kazooError(400, "validation error", errors);
const idMismatch = (named: unknown, id: string) =>
  validationError({
    id: { enum: { message: "Value must be the id in the path", target: [id], value: named } },
  });

/**
 * Order: version prefix (404) → verb tunnel → unauthenticated routes → token (401) → rate limit (429)
 * → route (404/405) → account ancestry (403) → handler.
 */
export function conversantHandler(parts: ConversantApiParts): EmulatorHandler {
  const router = buildRouter(parts);
  return async (request) => {
    const [, version, ...rest] = request.path.split("/");
    if (version !== "v1" && version !== "v2") return kazooError(404, "not_found", "not found");
    const path = `/${rest.join("/")}`;
    if (request.invalidJson) return kazooError(400, "invalid json", "request body is not valid JSON");
    const envelope = isObject(request.body) ? request.body : {};
    // Verb tunnelling for clients that cannot send PUT/PATCH/DELETE: the envelope's `verb` wins over ?verb=.
    const tunnelled = request.method === "POST" ? (envelope.verb ?? request.query.verb) : undefined;
    const method = typeof tunnelled === "string" ? tunnelled.toUpperCase() : request.method;

    const open = openRoute(parts, version, method, path, envelope);
    if (open) return open;

    const token =
      request.headers["x-auth-token"] ??
      request.query.auth_token ??
      (typeof envelope.auth_token === "string" ? envelope.auth_token : undefined) ??
      bearer(request.headers.authorization);
    const session = token === undefined ? undefined : parts.accounts.session(token);
    if (!session || token === undefined) return unauthorized(version);
    if (path === "/token_auth") {
      if (method === "GET") return kazooOk({ account_id: session.accountId }, { auth_token: token });
      if (method === "DELETE") {
        parts.accounts.revoke(token);
        return kazooOk({}, {});
      }
    }
    if (parts.rateLimit && !parts.rateLimit.take(session.accountId))
      return kazooError(
        429,
        "too many requests",
        version === "v1" ? "too many requests" : { message: "too many requests" },
      );

    const route = router.match(method, path);
    if (!route) {
      const known = VERBS.some((verb) => router.match(verb, path));
      return known
        ? systemError(version, 405, "method_not_allowed", "method not allowed")
        : systemError(version, 404, "bad_identifier", "bad identifier", path);
    }
    const target = route.params.account ?? "";
    if (!parts.accounts.canManage(session.accountId, target))
      return systemError(version, 403, "forbidden", "forbidden");
    const response = await route.handler(
      { request, version, data: envelope.data, accountId: session.accountId, token },
      route.params,
    );
    return withAuthToken(response, token);
  };
}

/** Routes that need no token: the auth calls and the hook catalogue. */
function openRoute(
  parts: ConversantApiParts,
  version: Version,
  method: string,
  path: string,
  envelope: Record<string, unknown>,
): EmulatorResponse | undefined {
  if (method === "GET" && path === "/webhooks") return kazooOk([...HOOK_CATALOGUE, ...parts.extraHooks]);
  if (method === "PUT" && path === "/api_auth") {
    const key = isObject(envelope.data) ? envelope.data.api_key : undefined;
    const login = typeof key === "string" ? parts.accounts.login(key) : undefined;
    if (!login) return unauthorized(version);
    return kazooOk(
      {
        account_id: login.accountId,
        owner_id: hex32(),
        reseller_id: hex32(),
        is_reseller: false,
        language: "en-us",
        apps: [],
      },
      { auth_token: login.token },
      201,
    );
  }
  return undefined;
}

function buildRouter({ store, extraHooks, clientIds, pagedV1 }: ConversantApiParts): Router<Caller> {
  const installed = [...HOOKS, ...extraHooks.map((hook) => hook.id)];
  /** The hook in the path, live and in the path's account (4.3 does not scope; the emulator does [assumed]). */
  const withHook =
    (
      handler: (caller: Caller, hook: StoredHook, account: string) => EmulatorResponse,
    ): RouteHandler<Caller> =>
    (caller, { account, id }) => {
      const hook = store.get(id ?? "", account);
      return hook ? handler(caller, hook, account!) : notFound(caller.version, id ?? "");
    };
  const documentOf = (caller: Caller): Record<string, unknown> =>
    isObject(caller.data) ? stripPrivate(caller.data) : {};

  return new Router<Caller>()
    .on("GET", "/accounts/:account/webhooks", (caller, { account }) =>
      list(caller, store.list(account!).map(summary), pagedV1),
    )
    .on("PUT", "/accounts/:account/webhooks", (caller, { account }) => {
      const { id: requested, ...doc } = documentOf(caller);
      const id = clientIds === "honoured" ? requested : undefined;
      if (id !== undefined && (typeof id !== "string" || !HEX32.test(id))) {
        return validationError({
          id: {
            pattern: { message: "Failed to match pattern [0-9a-f]{32}", target: "^[0-9a-f]{32}$", value: id },
          },
        });
      }
      const errors = validateHook(doc, installed);
      if (errors) return validationError(errors);
      if (typeof id === "string" && store.has(id))
        return systemError(caller.version, 409, "datastore_conflict", "conflict", id);
      const created = store.insert(account!, doc, typeof id === "string" ? id : undefined);
      return kazooOk(publicDoc(created), { revision: `${created.revision}-${created.id}` }, 201, {
        location: `/${caller.version}/accounts/${account}/webhooks/${created.id}`,
      });
    })
    .on("PATCH", "/accounts/:account/webhooks", (caller, { account }) => reEnable(caller, [account!]))
    .on("PATCH", "/accounts/:account/descendants/webhooks", (caller, { account }) =>
      reEnable(caller, [account!]),
    )
    .on("GET", "/accounts/:account/webhooks/attempts", (caller, { account }) =>
      kazooOk(attemptsIn(caller, store.attempts(account!))),
    )
    .on(
      "GET",
      "/accounts/:account/webhooks/:id",
      withHook((_caller, hook) => kazooOk(publicDoc(hook), { revision: `${hook.revision}-${hook.id}` })),
    )
    .on(
      "POST",
      "/accounts/:account/webhooks/:id",
      withHook((caller, hook) => {
        // A full replace: omitted optional fields are dropped, then the schema defaults apply again.
        const { id: named, ...doc } = documentOf(caller);
        // Another id in the body is undefined behaviour (contract §6.5): refused, so no client counts on it.
        if (named !== undefined && named !== hook.id) return idMismatch(named, hook.id);
        const errors = validateHook(doc, installed);
        if (errors) return validationError(errors);
        const saved = store.replace(hook.id, doc);
        return kazooOk(publicDoc(saved), { revision: `${saved.revision}-${saved.id}` });
      }),
    )
    .on(
      "PATCH",
      "/accounts/:account/webhooks/:id",
      withHook((caller, hook) => {
        // A shallow merge over the stored doc; `null` removes a key [assumed].
        const { id: named, ...changes } = documentOf(caller);
        if (named !== undefined && named !== hook.id) return idMismatch(named, hook.id);
        const merged = Object.fromEntries(
          Object.entries({ ...hook.doc, ...changes }).filter(
            ([key, value]) => value !== null && key !== "id",
          ),
        );
        const errors = validateHook(merged, installed);
        if (errors) return validationError(errors);
        const saved = store.replace(hook.id, merged);
        return kazooOk(publicDoc(saved), { revision: `${saved.revision}-${saved.id}` });
      }),
    )
    .on(
      "DELETE",
      "/accounts/:account/webhooks/:id",
      withHook((_caller, hook) => {
        store.softDelete(hook.id);
        return kazooOk({ ...publicDoc(hook), _read_only: { deleted: true } });
      }),
    )
    .on(
      "GET",
      "/accounts/:account/webhooks/:id/attempts",
      withHook((caller, hook, account) => kazooOk(attemptsIn(caller, store.attempts(account, hook.id)))),
    );

  function reEnable(caller: Caller, accounts: string[]): EmulatorResponse {
    const data = isObject(caller.data) ? caller.data : {};
    if (!("re-enable" in data))
      return validationError({
        "re-enable": { required: { message: "re-enable is required to patch collections" } },
      });
    if (data["re-enable"] !== true)
      return validationError({
        "re-enable": {
          enum: {
            message: "Value not found in enumerated list of values",
            target: [true],
            value: data["re-enable"],
          },
        },
      });
    store.reEnable(accounts);
    return kazooOk("hooks updated");
  }
}

/** v1 is unpaged; v2 pages by `page_size` (default 50) and `start_key` (base64url of the first id) unless `paginate=false`. */
function list(caller: Caller, items: Array<Record<string, unknown>>, pagedV1?: number): EmulatorResponse {
  const { query } = caller.request;
  if ((caller.version === "v1" && pagedV1 === undefined) || query.paginate === "false") return kazooOk(items);
  const defaultSize = caller.version === "v1" && pagedV1 !== undefined ? pagedV1 : 50;
  const pageSize = Math.max(1, Number.parseInt(query.page_size ?? String(defaultSize), 10) || defaultSize);
  const startId = query.start_key ? Buffer.from(query.start_key, "base64url").toString("utf8") : undefined;
  const from =
    startId === undefined
      ? 0
      : Math.max(
          0,
          items.findIndex((item) => String(item.id) >= startId),
        );
  const page =
    startId !== undefined && items.every((item) => String(item.id) < startId)
      ? []
      : items.slice(from, from + pageSize);
  const next = items[from + pageSize];
  return kazooOk(page, {
    page_size: page.length,
    ...(query.start_key ? { start_key: query.start_key } : {}),
    ...(next ? { next_start_key: Buffer.from(String(next.id)).toString("base64url") } : {}),
  });
}

/** `created_from` / `created_to` in Gregorian seconds. */
function attemptsIn(
  caller: Caller,
  attempts: Array<Record<string, unknown>>,
): Array<Record<string, unknown>> {
  const from = Number(caller.request.query.created_from ?? Number.NEGATIVE_INFINITY);
  const to = Number(caller.request.query.created_to ?? Number.POSITIVE_INFINITY);
  return attempts.filter((attempt) => Number(attempt.timestamp) >= from && Number(attempt.timestamp) <= to);
}

/** Crossbar echoes the caller's token in every authenticated response envelope. */
function withAuthToken(response: EmulatorResponse, token: string): EmulatorResponse {
  if (!response.body) return response;
  const parsed = JSON.parse(response.body) as Record<string, unknown>;
  return { ...response, body: JSON.stringify({ ...parsed, auth_token: token }) };
}

/** `pvt_*` and `_*` keys are private and never stored from a request. */
function stripPrivate(doc: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(doc).filter(([key]) => !key.startsWith("pvt_") && !key.startsWith("_")),
  );
}

function bearer(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
