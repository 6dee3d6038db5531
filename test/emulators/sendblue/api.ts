import {
  jsonResponse,
  Router,
  type EmulatorHandler,
  type EmulatorRequest,
  type EmulatorResponse,
} from "../core";
import {
  type SendblueStore,
  toWire,
  urlOf,
  WEBHOOK_TYPES,
  type StoredDocument,
  type StoredEntry,
  type WebhookType,
} from "./store";

export interface SendblueRules {
  /** Store http:// URLs as https:// instead of rejecting them (the security page's "upgraded automatically"). */
  upgradeHttp: boolean;
  /** Accept objects under contact_created (the newest SDK types). */
  objectsInContactCreated: boolean;
  /**
   * The `/api/v2/...` path takes only the v2 reference model: `typing_indicator` is an unknown type there (400 as a
   * PUT key or a POST/DELETE type) and GET leaves it out.
   */
  strictV2Model: boolean;
  /** A PUT that leaves out the legacy `secret` keeps it instead of clearing it. */
  putKeepsLegacySecret: boolean;
  /** POST and PUT answer `{status, message}` only: the `webhooks` the answers carry is documented as possibly partial. */
  writeAnswersWithoutLists: boolean;
  /** POST of a url its type already lists replaces that entry in place instead of appending a second copy. */
  postDeduplicates: boolean;
  /** POST's answer `webhooks` shows only the entries it just appended (another reading of "partial"). */
  postAnswerShowsOnlyAdded: boolean;
  /** DELETE removes only the first entry of each listed url, leaving its duplicates. */
  deleteRemovesFirstOnly: boolean;
  /** DELETE naming a url its type does not list answers this status and removes nothing (default: 200 no-op). */
  deleteAbsentStatus: 400 | 404 | undefined;
  /** PUT keeps what its body leaves out (types, globalSecret, legacy secret) instead of clearing it. */
  putKeepsLeftOut: boolean;
  /** The write answers carry other `message` texts than the documented ones. */
  otherMessages: boolean;
  /** GET shows every string entry as an object `{url}` (a stored form upgraded on read). */
  readsStringsAsObjects: boolean;
  /** GET leaves out the types with no entries (as the API-reference examples do; default: all seven keys). */
  getOmitsEmptyTypes: boolean;
  /** Which path generations are served (default both; the other answers 404 "Not found"). */
  servedPaths: "both" | "current" | "v2";
}

const MESSAGES = {
  added: ["Webhooks added successfully", "Webhook(s) created"],
  updated: ["Webhooks updated successfully", "Configuration saved"],
  deleted: ["Webhooks deleted successfully", "Removed 1 webhook(s)"],
} as const;

function message(rules: SendblueRules, kind: keyof typeof MESSAGES): string {
  return MESSAGES[kind][rules.otherMessages ? 1 : 0];
}

export interface SendblueApiParts {
  store: SendblueStore;
  /** key id → { secret key, account } */
  keys: Map<string, { secretKey: string; account: string }>;
  rules: SendblueRules;
  /**
   * Applies one change to an account's document: atomically, or as a read-modify-write with a gap
   * between the read and the write (see `nonAtomicWrites` in index.ts).
   */
  mutate: (account: string, change: (document: StoredDocument) => void) => Promise<StoredDocument>;
}

/** Both documented path generations serve the same state (contract §1). */
export const WEBHOOK_PATHS = ["/api/account/webhooks", "/api/v2/account/webhooks"] as const;

export function sendblueError(
  status: number,
  message: string,
  headers?: Record<string, string>,
): EmulatorResponse {
  return jsonResponse(status, { status: "ERROR", message, error: message }, headers);
}

interface Caller {
  request: EmulatorRequest;
  account: string;
}

const V2_ONLY_EXCLUDED: WebhookType = "typing_indicator";

/** The types this path knows (contract §3, §10.2). */
function typesOf(request: EmulatorRequest, rules: SendblueRules): readonly WebhookType[] {
  return rules.strictV2Model && request.path.startsWith("/api/v2/")
    ? WEBHOOK_TYPES.filter((type) => type !== V2_ONLY_EXCLUDED)
    : WEBHOOK_TYPES;
}

/** The body's keys beyond the documented ones: refused, as the closed models of contract §5 say. */
function unknownKey(
  body: Record<string, unknown> | undefined,
  allowed: readonly string[],
): EmulatorResponse | undefined {
  const extra = Object.keys(body ?? {}).find((key) => !allowed.includes(key));
  return extra === undefined ? undefined : sendblueError(400, `Unknown field: ${extra}`);
}

/** Order: key pair (401) → route (404) → JSON (400) → validation (400) → handler. */
export function sendblueHandler(parts: SendblueApiParts): EmulatorHandler {
  const router = buildRouter(parts);
  return async (request) => {
    const keyId = request.headers["sb-api-key-id"] ?? request.headers["x-sb-api-key-id"];
    const secretKey = request.headers["sb-api-secret-key"] ?? request.headers["x-sb-api-secret-key"];
    const key = keyId === undefined ? undefined : parts.keys.get(keyId);
    if (!key || secretKey !== key.secretKey) return sendblueError(401, "Invalid API credentials");
    const route = router.match(request.method, request.path);
    if (!route) return sendblueError(404, "Not found");
    if (request.invalidJson) return sendblueError(400, "Request body is not valid JSON");
    return route.handler({ request, account: key.account }, route.params);
  };
}

function buildRouter({ store, rules, mutate }: SendblueApiParts): Router<Caller> {
  const router = new Router<Caller>();
  const served = WEBHOOK_PATHS.filter(
    (path) => rules.servedPaths === "both" || (rules.servedPaths === "v2") === path.startsWith("/api/v2/"),
  );
  for (const path of served) {
    router
      .on("GET", path, ({ request, account }) => {
        const webhooks = toWire(store.document(account));
        if (rules.getOmitsEmptyTypes)
          for (const type of WEBHOOK_TYPES)
            if ((webhooks[type] as unknown[]).length === 0) delete webhooks[type];
        if (rules.readsStringsAsObjects)
          for (const type of WEBHOOK_TYPES)
            webhooks[type] = (webhooks[type] as StoredEntry[]).map((entry) =>
              typeof entry === "string" ? { url: entry } : entry,
            );
        if (!typesOf(request, rules).includes(V2_ONLY_EXCLUDED)) delete webhooks[V2_ONLY_EXCLUDED];
        return jsonResponse(200, { status: "OK", webhooks });
      })
      .on("POST", path, async ({ request, account }) => {
        const body = asObject(request.body);
        const extra = unknownKey(body, ["webhooks", "type", "globalSecret"]);
        if (extra) return extra;
        const type = parseType(body?.type, typesOf(request, rules));
        if (typeof type !== "string") return type;
        if (!Array.isArray(body?.webhooks) || body.webhooks.length === 0)
          return sendblueError(400, "webhooks must be a non-empty array");
        const entries = parseEntries(body.webhooks, type, rules);
        if (!Array.isArray(entries)) return entries;
        if (body.globalSecret !== undefined && typeof body.globalSecret !== "string")
          return sendblueError(400, "globalSecret must be a string");
        const globalSecret = body.globalSecret as string | undefined;
        const document = await mutate(account, (current) => {
          for (const entry of entries) {
            const at = rules.postDeduplicates
              ? current[type].findIndex((stored) => urlOf(stored) === urlOf(entry))
              : -1;
            if (at >= 0) current[type][at] = entry;
            else current[type].push(entry);
          }
          if (globalSecret !== undefined) current.globalSecret = globalSecret;
        });
        // Documented as a partial configuration: only the list that changed.
        if (rules.writeAnswersWithoutLists)
          return jsonResponse(200, { status: "OK", message: message(rules, "added") });
        const shown = rules.postAnswerShowsOnlyAdded ? entries : toWire(document)[type];
        return jsonResponse(200, {
          status: "OK",
          message: message(rules, "added"),
          webhooks: { [type]: shown },
        });
      })
      .on("PUT", path, async ({ request, account }) => {
        const extra = unknownKey(asObject(request.body), ["webhooks"]);
        if (extra) return extra;
        const given = asObject(asObject(request.body)?.webhooks);
        if (!given) return sendblueError(400, "webhooks must be an object");
        const next: Partial<StoredDocument> = {};
        for (const [key, value] of Object.entries(given)) {
          if (key === "globalSecret" || key === "secret") {
            if (typeof value !== "string") return sendblueError(400, `${key} must be a string`);
            next[key] = value;
            continue;
          }
          if (!(typesOf(request, rules) as readonly string[]).includes(key))
            return sendblueError(400, `Invalid webhook type: ${key}`);
          if (!Array.isArray(value)) return sendblueError(400, `${key} must be an array`);
          const entries = parseEntries(value, key as WebhookType, rules);
          if (!Array.isArray(entries)) return entries;
          next[key as WebhookType] = entries;
        }
        // Types and secrets left out are cleared [assumed]; the legacy secret is kept in `putKeepsLegacySecret` mode.
        const document = await mutate(account, (current) => {
          if (rules.putKeepsLeftOut) return void Object.assign(current, next);
          const kept = rules.putKeepsLegacySecret && next.secret === undefined ? current.secret : undefined;
          for (const key of Object.keys(current) as Array<keyof StoredDocument>) delete current[key];
          if (kept !== undefined) current.secret = kept;
          Object.assign(
            current,
            {
              receive: [],
              outbound: [],
              typing_indicator: [],
              call_log: [],
              line_blocked: [],
              line_assigned: [],
              contact_created: [],
            },
            next,
          );
        });
        if (rules.writeAnswersWithoutLists)
          return jsonResponse(200, { status: "OK", message: message(rules, "updated") });
        return jsonResponse(200, {
          status: "OK",
          message: message(rules, "updated"),
          webhooks: toWire(document),
        });
      })
      .on("DELETE", path, async ({ request, account }) => {
        const body = asObject(request.body);
        const extra = unknownKey(body, ["webhooks", "type"]);
        if (extra) return extra;
        const type = parseType(body?.type, typesOf(request, rules));
        if (typeof type !== "string") return type;
        const urls = body?.webhooks;
        if (!Array.isArray(urls) || urls.length === 0)
          return sendblueError(400, "webhooks must be a non-empty array of URLs");
        if (!urls.every((url) => typeof url === "string"))
          return sendblueError(400, "webhooks must contain URL strings only");
        const absentStatus = rules.deleteAbsentStatus;
        if (absentStatus !== undefined) {
          const listed = store.document(account)[type].map(urlOf);
          const absent = urls.find((url) => !listed.includes(url));
          if (absent !== undefined) return sendblueError(absentStatus, `Webhook not found: ${absent}`);
        }
        await mutate(account, (current) => {
          if (rules.deleteRemovesFirstOnly) {
            for (const url of urls) {
              const at = current[type].findIndex((entry) => urlOf(entry) === url);
              if (at >= 0) current[type].splice(at, 1);
            }
            return;
          }
          current[type] = current[type].filter((entry) => !urls.includes(urlOf(entry)));
        });
        return jsonResponse(200, { status: "OK", message: message(rules, "deleted") });
      });
  }
  return router;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** An omitted type means `receive` [doc:TSH]. */
function parseType(value: unknown, known: readonly WebhookType[]): WebhookType | EmulatorResponse {
  if (value === undefined) return "receive";
  if (typeof value === "string" && (known as readonly string[]).includes(value)) return value as WebhookType;
  return sendblueError(400, `Invalid webhook type: ${String(value)}`);
}

const E164 = /^\+[1-9]\d{6,14}$/;

function parseEntries(
  values: unknown[],
  type: WebhookType,
  rules: SendblueRules,
): StoredEntry[] | EmulatorResponse {
  const entries: StoredEntry[] = [];
  for (const value of values) {
    if (typeof value === "string") {
      const url = checkUrl(value, rules);
      if (typeof url !== "string") return url;
      entries.push(url);
      continue;
    }
    const object = asObject(value);
    if (!object || typeof object.url !== "string")
      return sendblueError(400, "Each webhook must be a URL string or an object with a url");
    const extra = unknownKey(object, ["url", "secret", "sendblue_numbers"]);
    if (extra) return extra;
    if (type === "contact_created" && !rules.objectsInContactCreated)
      return sendblueError(400, "contact_created webhooks must be URL strings");
    const url = checkUrl(object.url, rules);
    if (typeof url !== "string") return url;
    if (object.secret !== undefined && typeof object.secret !== "string")
      return sendblueError(400, "secret must be a string");
    const numbers = object.sendblue_numbers;
    if (numbers !== undefined) {
      if (type !== "receive")
        return sendblueError(400, "sendblue_numbers is only allowed on receive webhooks");
      if (
        !Array.isArray(numbers) ||
        !numbers.every((number) => typeof number === "string" && E164.test(number))
      ) {
        return sendblueError(400, "sendblue_numbers must be E.164 phone numbers");
      }
    }
    entries.push({
      url,
      ...(object.secret === undefined ? {} : { secret: object.secret as string }),
      ...(numbers === undefined ? {} : { sendblue_numbers: [...(numbers as string[])] }),
    });
  }
  return entries;
}

function checkUrl(value: string, rules: SendblueRules): string | EmulatorResponse {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return sendblueError(400, `Invalid webhook URL: ${value}`);
  }
  if (url.protocol === "https:") return value;
  if (url.protocol === "http:" && rules.upgradeHttp) return `https://${value.slice("http://".length)}`;
  return sendblueError(400, "Webhook URLs must use HTTPS");
}
