import * as z from "../core/zod";
import { receiverUrl } from "../core/check";
import type { CheckFailure } from "../core/check";
import { SENDBLUE_TYPES, type SendblueType } from "./public-types";

export { SENDBLUE_TYPES, type SendblueType };

const typeName = z.enum(SENDBLUE_TYPES, {
  error: (issue) =>
    `unknown type ${JSON.stringify(issue.input)}; Sendblue's types are ${SENDBLUE_TYPES.join(", ")}`,
});

/** Undocumented at Sendblue; a bound keeps a pasted file or a runaway value out of the document and the state. */
export const MAX_SECRET_LENGTH = 1024;

/** A secret of an entry or the account: optional; `""` is the same as unset. */
const secretValue = z
  .string({ error: "must be a string" })
  .max(MAX_SECRET_LENGTH, { error: `must be at most ${MAX_SECRET_LENGTH} characters` })
  .optional()
  .transform((value) => (value === "" ? undefined : value));

// ---------------------------------------------------------------------------------------------
// sendblue.Webhook: one (type, url) entry
// ---------------------------------------------------------------------------------------------

export const webhookInputsSchema = z
  .object({
    type: typeName.describe(
      "Which events the entry receives: `receive` (inbound messages), `outbound` (sent messages and their " +
        "status), `typing_indicator`, `call_log`, `line_blocked`, `line_assigned` or `contact_created`. " +
        "Changing it replaces the entry.",
    ),
    url: receiverUrl().describe(
      "HTTPS URL Sendblue delivers to (`https://` only, at most 2048 characters, no user name or password " +
        "in it); with `type` it identifies the entry. Changing it replaces the entry.",
    ),
    secret: secretValue.describe(
      "Sent verbatim to the receiver in the `sb-signing-secret` header (not an HMAC), at most 1024 " +
        'characters; not allowed for `contact_created`; unset and `""` are the same. A secret output. ' +
        "Changing it deletes the entry and adds it again.",
    ),
    adopt: z
      .boolean({ error: "must be a boolean" })
      .default(false)
      .describe(
        "If an entry with this type and url already exists (added by hand or by another program), take it " +
          "over instead of failing; if none exists, add it as usual. Only used on create.",
      ),
  })
  .strict();

export type WebhookInputs = z.output<typeof webhookInputsSchema>;
/** Outputs of `sendblue.Webhook` are exactly its inputs: Sendblue assigns nothing to an entry. */
export type WebhookOutputs = WebhookInputs;

export function webhookCrossField(inputs: WebhookInputs): CheckFailure[] {
  if (inputs.type === "contact_created" && inputs.secret !== undefined) {
    return [
      {
        property: "secret",
        reason: "secret: not allowed for type contact_created (Sendblue takes URL strings only there)",
      },
    ];
  }
  return [];
}

/** `<type>/<url-encoded url>`: Sendblue entries have no ids of their own. */
export function webhookId(type: string, url: string): string {
  return `${type}/${encodeURIComponent(url)}`;
}

// ---------------------------------------------------------------------------------------------
// The account document on the wire
// ---------------------------------------------------------------------------------------------

export const entryWireSchema = z.union([
  z.string(),
  z.object({
    url: z.string(),
    secret: z.string().optional(),
    sendblue_numbers: z.array(z.string()).optional(),
  }),
]);
export type EntryWire = z.output<typeof entryWireSchema>;

const listWire = z
  .array(entryWireSchema)
  .nullish()
  .transform((list) => list ?? []);

/** GET's `webhooks`; absent keys read as empty lists, unknown keys are ignored. */
export const documentWireSchema = z.object({
  receive: listWire,
  outbound: listWire,
  typing_indicator: listWire,
  call_log: listWire,
  line_blocked: listWire,
  line_assigned: listWire,
  contact_created: listWire,
  globalSecret: z.string().nullish(),
  secret: z.string().nullish(),
});
export type DocumentWire = z.output<typeof documentWireSchema>;

/** An entry as the provider compares it: a bare string is the same as `{url}`. */
export interface Entry {
  url: string;
  secret?: string;
}

export function entryFromWire(entry: EntryWire): Entry {
  if (typeof entry === "string") return { url: entry };
  return entry.secret ? { url: entry.url, secret: entry.secret } : { url: entry.url };
}

/** A string when there is no secret (the only form contact_created takes), else `{url, secret}`. */
export function entryToWire(entry: Entry): EntryWire {
  return entry.secret === undefined ? entry.url : { url: entry.url, secret: entry.secret };
}

export function entriesOf(document: DocumentWire, type: SendblueType): Entry[] {
  return document[type].map(entryFromWire);
}

// ---------------------------------------------------------------------------------------------
// sendblue.WebhookConfiguration: the whole document
// ---------------------------------------------------------------------------------------------

/** `string | {url, secret?}` as users write it; normalized to a string when there is no secret. */
export type ConfigEntry = string | Entry;

const configEntry = z.union([z.string(), z.object({ url: z.string(), secret: secretValue }).strict()], {
  error: "must be a URL string or an object { url, secret? }",
});

const urlOnlyEntry = z.string({ error: "must be a URL string (this type takes no objects)" });

/**
 * Entries as a set: sorted by url, an entry without secret as a plain string; a url twice is an error.
 * Generic in the item so that a URL-only list's input type says so too.
 */
function entryList<Item extends typeof configEntry | typeof urlOnlyEntry>(item: Item) {
  return z
    .array(item, { error: "must be a list of entries" })
    .default([])
    .superRefine((list: ConfigEntry[], ctx) => {
      const seen = new Map<string, string | undefined>();
      list.forEach((item, index) => {
        const entry: Entry = typeof item === "string" ? { url: item } : item;
        const url = receiverUrl().safeParse(entry.url);
        if (!url.success) {
          for (const issue of url.error.issues)
            ctx.addIssue({
              code: "custom",
              message: issue.message,
              path: typeof item === "string" ? [index] : [index, "url"],
            });
          return;
        }
        if (seen.has(entry.url) && seen.get(entry.url) !== entry.secret) {
          ctx.addIssue({
            code: "custom",
            message: `${entry.url} is listed twice with different secrets`,
            path: [index],
          });
        }
        seen.set(entry.url, entry.secret);
      });
    })
    .transform((list: ConfigEntry[]) =>
      normalizeEntries(list.map((item) => (typeof item === "string" ? { url: item } : item))),
    );
}

/** Sorted by url, each entry in its wire form; declared lists also drop exact duplicates. */
export function normalizeEntries(entries: readonly Entry[], dropDuplicates = true): ConfigEntry[] {
  const unique = new Map<string, Entry>();
  if (dropDuplicates)
    for (const entry of entries) unique.set(JSON.stringify([entry.url, entry.secret ?? null]), entry);
  return [...(dropDuplicates ? unique.values() : entries)]
    .sort((left, right) =>
      left.url === right.url
        ? (left.secret ?? "").localeCompare(right.secret ?? "")
        : left.url < right.url
          ? -1
          : 1,
    )
    .map((entry) => entryToWire(entry) as ConfigEntry);
}

/** A type list that takes what `receive` takes. */
const entriesLike = (what: string) =>
  entryList(configEntry).describe(`Entries for ${what}, as in \`receive\`. Unset is \`[]\`.`);

export const configurationInputsSchema = z
  .object({
    receive: entryList(configEntry).describe(
      "Entries for inbound messages: https URLs, or `{ url, secret }` for an entry with its own secret; a " +
        "url at most once (or repeated identically). A set: sorted by url, exact duplicates dropped. Unset " +
        "is `[]`.",
    ),
    outbound: entriesLike("sent messages and their status (`outbound`)"),
    typingIndicator: entriesLike("typing indicators (`typing_indicator`)"),
    callLog: entriesLike("call logs (`call_log`)"),
    lineBlocked: entriesLike("blocked lines (`line_blocked`)"),
    lineAssigned: entriesLike("assigned lines (`line_assigned`)"),
    contactCreated: entryList(urlOnlyEntry).describe(
      "https URLs for created contacts (`contact_created`); Sendblue takes no objects there, so no secrets.",
    ),
    globalSecret: secretValue.describe(
      "Account-wide secret sent in `sb-signing-secret` to entries without their own, at most 1024 " +
        "characters. Unset removes it. A secret output.",
    ),
    legacySecret: secretValue.describe(
      "Sendblue's legacy account-level `secret`, at most 1024 characters. Declared, it is written and read " +
        "back like `globalSecret` (a secret output); unset, the resource leaves it alone and never shows it.",
    ),
    adopt: z
      .boolean({ error: "must be a boolean" })
      .default(false)
      .describe(
        "Take over an account whose configuration is not empty (its entries are replaced): without it, " +
          "create fails rather than replace entries nobody declared. Only used on create.",
      ),
  })
  .strict();

export type ConfigurationInputs = z.output<typeof configurationInputsSchema>;
export type ConfigurationOutputs = ConfigurationInputs;
/** The declared document, without `adopt`. */
export type ConfigurationDocument = Omit<ConfigurationInputs, "adopt">;

const configList = (list: readonly ConfigEntry[]): EntryWire[] =>
  list.map((item) => entryToWire(typeof item === "string" ? { url: item } : item));
/** What Sendblue holds, duplicates kept: Sendblue delivers to each copy, so they are drift to remove. */
const fromList = (list: readonly EntryWire[]): ConfigEntry[] =>
  normalizeEntries(list.map(entryFromWire), false);

/**
 * PUT's `webhooks`: the six types of the documented v2 model always (an omitted one may be kept or cleared);
 * `typing_indicator`, outside that model, only when declared or when `current` shows the account has such entries
 * to clear; `globalSecret` and the legacy `secret` only when declared.
 */
export function toWire(document: ConfigurationDocument, current: DocumentWire): Record<string, unknown> {
  const typing = document.typingIndicator.length > 0 || current.typing_indicator.length > 0;
  return {
    receive: configList(document.receive),
    outbound: configList(document.outbound),
    ...(typing ? { typing_indicator: configList(document.typingIndicator) } : {}),
    call_log: configList(document.callLog),
    line_blocked: configList(document.lineBlocked),
    line_assigned: configList(document.lineAssigned),
    contact_created: document.contactCreated.map((entry) => (typeof entry === "string" ? entry : entry.url)),
    ...(document.globalSecret === undefined ? {} : { globalSecret: document.globalSecret }),
    ...(document.legacySecret === undefined ? {} : { secret: document.legacySecret }),
  };
}

/**
 * The document as the resource's outputs show it. The legacy `secret` only when the resource manages it
 * (`withLegacySecret`): otherwise it is left alone, and showing it would be a diff nothing settles.
 */
export function fromWire(document: DocumentWire, withLegacySecret: boolean): ConfigurationDocument {
  return {
    receive: fromList(document.receive),
    outbound: fromList(document.outbound),
    typingIndicator: fromList(document.typing_indicator),
    callLog: fromList(document.call_log),
    lineBlocked: fromList(document.line_blocked),
    lineAssigned: fromList(document.line_assigned),
    contactCreated: fromList(document.contact_created),
    globalSecret: document.globalSecret ? document.globalSecret : undefined,
    legacySecret: withLegacySecret && document.secret ? document.secret : undefined,
  };
}

/** Every secret a document holds, for redaction. */
export function secretsOf(document: DocumentWire): string[] {
  const secrets: string[] = [];
  for (const type of SENDBLUE_TYPES) {
    for (const entry of document[type])
      if (typeof entry !== "string" && entry.secret) secrets.push(entry.secret);
  }
  if (document.globalSecret) secrets.push(document.globalSecret);
  if (document.secret) secrets.push(document.secret);
  return secrets;
}
