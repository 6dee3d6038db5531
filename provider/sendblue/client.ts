import * as z from "../core/zod";
import { requireCredential, resolveBaseUrl } from "../core/credentials";
import { declareVendor } from "../core/vendor-manifest";
import { sendblueManifest } from "./manifest";
import { unrecognizedBody, WebhookApiError, withHint, type VendorErrorInfo } from "../core/errors";
import { callApi, type ApiTarget } from "../core/http";
import { registerSecret } from "../core/redact";
import { SharedCalls } from "../core/shared-calls";
import { KeyedMutex } from "../core/keyed-mutex";
import {
  documentWireSchema,
  entryWireSchema,
  secretsOf,
  type DocumentWire,
  type EntryWire,
  type SendblueType,
} from "./schema";
import { requestSent } from "./timeline";

const VENDOR = sendblueManifest.displayName;
/** Every setting this vendor reads, declared at load so a misspelt key under `sendblue:` is reported. */
const {
  apiKeyId: API_KEY_ID,
  apiSecretKey: API_SECRET_KEY,
  baseUrl: BASE_URL,
} = declareVendor(sendblueManifest);
/**
 * The path generation the client uses first (below `${origin}/api`); that Sendblue serves it next to the newer
 * `/api/account/webhooks` is assumed, so a GET it answers 404 is sent once to the newer path, which is then used
 * for that account from there on.
 */
const V2_PATH = "/v2/account/webhooks";
const CURRENT_PATH = "/account/webhooks";
const pathTaken = new Map<string, string>();
const pathOf = (api: ApiTarget): string => pathTaken.get(accountKey(api)) ?? V2_PATH;
const KEY_ID_HEADER = "sb-api-key-id";

const errorEnvelope = z.object({
  status: z.string().optional(),
  message: z.string().optional(),
  error: z.string().optional(),
});

function parseError(body: unknown): VendorErrorInfo {
  const parsed = errorEnvelope.safeParse(body);
  if (!parsed.success) return unrecognizedBody();
  // Sendblue's own CLI reads `error`, falling back to `message`.
  const message = parsed.data.error ?? parsed.data.message;
  return message === undefined ? unrecognizedBody() : { message };
}

function hint(status: number): string | undefined {
  if (status === 401 || status === 403) {
    return "check sendblue:apiKeyId / SENDBLUE_API_KEY_ID and sendblue:apiSecretKey / SENDBLUE_API_SECRET_KEY (a key pair rotated in the dashboard stops working at once)";
  }
  return undefined;
}

/**
 * Sendblue types `status` as "OK" | "ERROR" with an optional message (contract §5.1, §6), whatever the HTTP
 * status: a 2xx whose body says ERROR is Sendblue's refusal, reported with its own words, never taken for success.
 */
function refusedIn2xx(
  operation: string,
  response: { status: number; body: unknown },
): WebhookApiError | undefined {
  const parsed = errorEnvelope.safeParse(response.body);
  if (!parsed.success || parsed.data.status !== "ERROR") return undefined;
  const { message } = parseError(response.body);
  return new WebhookApiError({
    code: "WH_VENDOR",
    vendor: VENDOR,
    operation,
    statusCode: response.status,
    vendorError: { code: "ERROR", message },
  });
}

/** Resolved at call time: stack config first, then the environment. */
export function sendblueApi(): ApiTarget {
  const keyId = requireCredential(VENDOR, API_KEY_ID);
  const secretKey = requireCredential(VENDOR, API_SECRET_KEY);
  const origin = resolveBaseUrl(VENDOR, BASE_URL, "https://api.sendblue.co");
  return {
    vendor: VENDOR,
    baseUrl: `${origin}/api`,
    headers: { [KEY_ID_HEADER]: keyId, "sb-api-secret-key": secretKey },
    parseError,
    hint,
  };
}

/** One account = one document: the origin plus the key id (kept in memory only, never in an output). */
export function accountKey(api: ApiTarget): string {
  return `${api.baseUrl} ${api.headers[KEY_ID_HEADER]}`;
}

/** Reads of many resources in one run share one GET of the document; writes invalidate it. */
const documentReads = new SharedCalls<DocumentWire>();
/** Writes to one account, one at a time within this process. */
const accountWrites = new KeyedMutex();

/** An account that never configured a webhook may answer `{status:"OK"}` alone; anything else must carry the document. */
const getResponse = z.union([
  z.object({ webhooks: documentWireSchema }),
  z.object({ status: z.literal("OK") }).transform(() => ({ webhooks: documentWireSchema.parse({}) })),
]);

/** One GET of the whole document, with every secret in it registered for redaction before anything else sees it. */
async function fetchDocument(api: ApiTarget): Promise<DocumentWire> {
  const response = await getDocument(api);
  const refused = refusedIn2xx("get webhooks", response);
  if (refused) throw refused;
  const parsed = getResponse.safeParse(response.body);
  if (!parsed.success) {
    throw new WebhookApiError({
      code: "WH_VENDOR",
      vendor: VENDOR,
      operation: "get webhooks",
      statusCode: response.status,
      cause: "the response holds no readable `webhooks` document",
    });
  }
  secretsOf(parsed.data.webhooks).forEach(registerSecret);
  return parsed.data.webhooks;
}

/** The GET, on the newer path when the first answers 404 (and from then on); 404 on both names the setting. */
async function getDocument(api: ApiTarget) {
  const get = () => callApi(api, { operation: "get webhooks", method: "GET", path: pathOf(api) });
  try {
    return await get();
  } catch (error) {
    const notServed = error instanceof WebhookApiError && error.statusCode === 404;
    if (!notServed || pathOf(api) === CURRENT_PATH) throw error;
    pathTaken.set(accountKey(api), CURRENT_PATH);
    try {
      return await get();
    } catch (second) {
      if (!(second instanceof WebhookApiError) || second.statusCode !== 404) throw second;
      pathTaken.delete(accountKey(api));
      throw withHint(
        second,
        `neither /api${V2_PATH} nor /api${CURRENT_PATH} is served there: check sendblue:baseUrl / SENDBLUE_BASE_URL`,
      );
    }
  }
}

/** For reads: concurrent callers (and, briefly, later ones) share one GET. */
export function readDocument(api: ApiTarget): Promise<DocumentWire> {
  return documentReads.run(accountKey(api), () => fetchDocument(api));
}

/** For writers confirming a change, and one-off reads: a GET of its own that starts now, never shared and never cached. */
export function readDocumentFresh(api: ApiTarget): Promise<DocumentWire> {
  documentReads.invalidate(accountKey(api));
  return fetchDocument(api);
}

/**
 * Runs `section` while no other write to the same account runs in this process. Sendblue has no
 * ETag or version, and whether its append and remove are atomic is unknown, so the sections never
 * overlap and each one confirms its change by reading the document back.
 */
export function withAccountLock<T>(api: ApiTarget, section: () => Promise<T>): Promise<T> {
  return withAccountKeyLock(accountKey(api), section);
}

/** The same lock, by `accountKey`. */
export function withAccountKeyLock<T>(key: string, section: () => Promise<T>): Promise<T> {
  return accountWrites.run(key, section);
}

/** Writes sent per account by this process (counted when sent), so a document read earlier can tell whether it is still the latest. */
const writesSent = new Map<string, number>();
/** Writes of this process on their way, per account: a read sent meanwhile may or may not show them. */
const writesInFlight = new Map<string, number>();

export function writeCount(api: ApiTarget): number {
  return writesSent.get(accountKey(api)) ?? 0;
}

export function writingNow(api: ApiTarget): boolean {
  return (writesInFlight.get(accountKey(api)) ?? 0) > 0;
}

async function write(
  api: ApiTarget,
  operation: string,
  method: "POST" | "PUT" | "DELETE",
  body: { webhooks: unknown; type?: SendblueType },
): Promise<unknown> {
  const key = accountKey(api);
  writesSent.set(key, writeCount(api) + 1);
  writesInFlight.set(key, (writesInFlight.get(key) ?? 0) + 1);
  requestSent(Array.isArray(body.webhooks) ? `${method} ${body.webhooks.length}` : method);
  try {
    // A DELETE of what is not there may be a 404; the read-back that follows decides.
    // Sendblue's DELETE takes a JSON body by contract, so its server reads it: the connection can stay open.
    const response = await documentReads.write(key, () =>
      callApi(api, {
        operation,
        method,
        path: pathOf(api),
        body,
        accept: method === "DELETE" ? [404] : undefined,
        bodyReadByServer: true,
      }),
    );
    const refused = response.status === 404 ? undefined : refusedIn2xx(operation, response);
    if (refused) throw refused;
    return response.body;
  } finally {
    writesInFlight.set(key, (writesInFlight.get(key) ?? 1) - 1);
  }
}

/**
 * What a write's answer shows of one type's list, when it shows it: Sendblue answers POST and PUT with the document
 * (documented as possibly partial), so a list that is absent or unreadable shows nothing. Its secrets are registered
 * for redaction, like those of a GET.
 */
function listShown(answer: unknown, type: SendblueType): EntryWire[] | undefined {
  const parsed = z.object({ webhooks: z.record(z.string(), z.unknown()) }).safeParse(answer);
  if (!parsed.success || !(type in parsed.data.webhooks)) return undefined;
  const list = z.array(entryWireSchema).safeParse(parsed.data.webhooks[type]);
  if (!list.success) return undefined;
  for (const entry of list.data) if (typeof entry !== "string" && entry.secret) registerSecret(entry.secret);
  return list.data;
}

/**
 * POST: appends `entries` to the list of `type`, leaving every other entry alone. Never carries globalSecret.
 * Returns that type's list as the answer shows it after the append, or undefined when the answer does not show it.
 */
export async function appendEntries(
  api: ApiTarget,
  type: SendblueType,
  entries: EntryWire[],
): Promise<EntryWire[] | undefined> {
  const answer = await write(
    api,
    entries.length === 1 ? "add webhook" : `add ${entries.length} webhooks (one request)`,
    "POST",
    { type, webhooks: entries },
  );
  return listShown(answer, type);
}

/** DELETE: removes every entry of `type` with one of these urls (string or object), leaving every other entry alone. Its answer shows no list. */
export async function removeEntries(api: ApiTarget, type: SendblueType, urls: string[]): Promise<void> {
  await write(
    api,
    urls.length === 1 ? "delete webhook" : `delete ${urls.length} webhooks (one request)`,
    "DELETE",
    { type, webhooks: urls },
  );
}

/**
 * PUT: replaces the whole document. Only `sendblue.WebhookConfiguration` uses it. Returns the document as the answer
 * shows it when the answer holds every key the PUT sent (a partial answer shows nothing), else undefined.
 */
export async function replaceDocument(
  api: ApiTarget,
  document: Record<string, unknown>,
): Promise<DocumentWire | undefined> {
  const answer = await write(api, "replace webhook configuration", "PUT", { webhooks: document });
  const parsed = z.object({ webhooks: z.record(z.string(), z.unknown()) }).safeParse(answer);
  if (!parsed.success || !Object.keys(document).every((key) => key in parsed.data.webhooks)) return undefined;
  const shown = documentWireSchema.safeParse(parsed.data.webhooks);
  if (!shown.success) return undefined;
  secretsOf(shown.data).forEach(registerSecret);
  return shown.data;
}
