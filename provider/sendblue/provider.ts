import { checkInputs } from "../core/check";
import { defineProvider } from "../core/define-provider";
import { diffBySpec, type ChangeKind } from "../core/diff";
import { mayHaveBeenApplied, operationError, ResourceInitError, WebhookApiError } from "../core/errors";
import type { ApiTarget } from "../core/http";
import * as client from "./client";
import { MAX_WRITES, notKept } from "./confirm";
import { applyEntryChange, matching } from "./entry-writes";
import {
  configurationInputsSchema,
  fromWire,
  SENDBLUE_TYPES,
  toWire,
  webhookCrossField,
  webhookId,
  webhookInputsSchema,
  type ConfigurationDocument,
  type ConfigurationInputs,
  type ConfigurationOutputs,
  type DocumentWire,
  type SendblueType,
  type WebhookInputs,
  type WebhookOutputs,
} from "./schema";

const VENDOR = "Sendblue";

/**
 * Tries a write; an ambiguous failure is left to the read-back that follows. `written` when Sendblue
 * surely accepted it; `failure` is kept so that giving up reports Sendblue's own words.
 */
async function tolerant(write: () => Promise<void>): Promise<{ written: boolean; failure?: unknown }> {
  try {
    await write();
    return { written: true };
  } catch (error) {
    if (!mayHaveBeenApplied(error)) throw error;
    return { written: false, failure: error };
  }
}

/**
 * The read-back after a write. If it fails after a write that may have landed (Sendblue accepted it, or its
 * answer never came), the object may exist: a partial failure keeps it in state (the next `up` calls update,
 * which confirms it again), where a plain failure would leave the engine without it.
 */
async function readBack(api: ApiTarget, mayHaveLanded: boolean, id: string, outs: object): Promise<DocumentWire> {
  try {
    return await client.readDocumentFresh(api);
  } catch (error) {
    throw mayHaveLanded ? new ResourceInitError(id, outs, error) : error;
  }
}

// ---------------------------------------------------------------------------------------------
// sendblue.Webhook
// ---------------------------------------------------------------------------------------------

/** Any change replaces the entry: Sendblue has no entry-level update. `adopt` only matters on create. */
export const WEBHOOK_CHANGES: Record<keyof WebhookInputs, ChangeKind> = { type: "replace", url: "replace", secret: "replace", adopt: "ignore" };

function parseWebhookId(id: string): { type: SendblueType; url: string } {
  const slash = id.indexOf("/");
  const type = id.slice(0, slash) as SendblueType;
  let url: string | undefined;
  try {
    url = decodeURIComponent(id.slice(slash + 1));
  } catch {
    url = undefined;
  }
  if (slash < 0 || !SENDBLUE_TYPES.includes(type) || !url) {
    throw operationError(VENDOR, "read webhook", "WH_INVALID", `${JSON.stringify(id)} is not a Sendblue webhook id (<type>/<url-encoded url>)`);
  }
  return { type, url };
}

function webhookOutputs(type: SendblueType, url: string, secret: string | undefined, adopt: boolean): WebhookOutputs {
  return { type, url, secret, adopt };
}

export const webhookProvider = defineProvider<WebhookInputs, WebhookOutputs>({
  secretValues: (props) => [props.secret],

  async check(_olds, news) {
    return checkInputs(webhookInputsSchema, news, webhookCrossField);
  },

  async diff(_id, olds, news) {
    // The replacement of an entry whose type and url stay has the same identity: the old one must go first.
    return diffBySpec(olds, news, WEBHOOK_CHANGES, { deleteBeforeReplace: (replaced) => !replaced.includes("type") && !replaced.includes("url") });
  },

  async create(inputs) {
    const api = client.sendblueApi();
    await applyEntryChange(api, { kind: "add", type: inputs.type, url: inputs.url, secret: inputs.secret, adopt: inputs.adopt });
    return { id: webhookId(inputs.type, inputs.url), outs: webhookOutputs(inputs.type, inputs.url, inputs.secret, inputs.adopt) };
  },

  async read(id, old) {
    const { type, url } = parseWebhookId(id);
    const [entry] = matching(await client.readDocument(client.sendblueApi()), type, url);
    if (!entry) return { id: "" };
    const outs = webhookOutputs(type, url, entry.secret, old.adopt ?? false);
    return { id, props: outs, inputs: outs };
  },

  async update(_id, _olds, news) {
    // Every declared change replaces, so the engine calls update only to finish a partial failure
    // (or for `adopt`, which changes nothing): make sure the entry is there as declared. It is ours.
    const api = client.sendblueApi();
    await applyEntryChange(api, { kind: "add", type: news.type, url: news.url, secret: news.secret, adopt: true });
    return { outs: webhookOutputs(news.type, news.url, news.secret, news.adopt) };
  },

  async delete(id) {
    const { type, url } = parseWebhookId(id);
    const api = client.sendblueApi();
    await applyEntryChange(api, { kind: "remove", type, url });
  },
});

// ---------------------------------------------------------------------------------------------
// sendblue.WebhookConfiguration
// ---------------------------------------------------------------------------------------------

/** There is one document per account and it has no id of its own. */
export const CONFIGURATION_ID = "account";

export const CONFIGURATION_CHANGES: Record<keyof ConfigurationInputs, ChangeKind> = {
  receive: "update",
  outbound: "update",
  typingIndicator: "update",
  callLog: "update",
  lineBlocked: "update",
  lineAssigned: "update",
  contactCreated: "update",
  globalSecret: "update",
  adopt: "ignore",
};

const EMPTY: ConfigurationDocument = { receive: [], outbound: [], typingIndicator: [], callLog: [], lineBlocked: [], lineAssigned: [], contactCreated: [], globalSecret: undefined };

function documentOf(inputs: ConfigurationInputs): ConfigurationDocument {
  const { adopt: _adopt, ...document } = inputs;
  return document;
}

/** Same entries and globalSecret, and no legacy secret (which a PUT removes and no input declares). */
function holds(current: DocumentWire, desired: ConfigurationDocument): boolean {
  return !current.secret && JSON.stringify(toWire(fromWire(current))) === JSON.stringify(toWire(desired));
}

function describeDocument(current: DocumentWire): string {
  const parts = SENDBLUE_TYPES.filter((type) => current[type].length > 0).map((type) => `${current[type].length} ${type}`);
  if (current.globalSecret) parts.push("a globalSecret");
  if (current.secret) parts.push("a legacy secret");
  return parts.join(", ");
}

/** PUTs `desired` until a read-back shows it. Runs under the account lock. */
async function replaceConfirmed(api: ApiTarget, current: DocumentWire, desired: ConfigurationDocument, operation: string, outs: object): Promise<void> {
  let document = current;
  let last: { written: boolean; failure?: unknown } = { written: false };
  for (let writes = 0; ; writes++) {
    if (holds(document, desired)) return;
    if (writes === MAX_WRITES) throw last.failure ?? notKept(operation, "the webhook configuration");
    last = await tolerant(() => client.replaceDocument(api, toWire(desired)));
    // tolerant() keeps only failures that may have been applied.
    document = await readBack(api, last.written || last.failure !== undefined, CONFIGURATION_ID, outs);
  }
}

/** The global secret and every entry secret of a (possibly partial) configuration. */
function configurationSecrets(document: Partial<ConfigurationDocument>): unknown[] {
  const entrySecrets = (["receive", "outbound", "typingIndicator", "callLog", "lineBlocked", "lineAssigned"] as const).flatMap((type) =>
    (Array.isArray(document[type]) ? document[type] : []).map((entry) => (typeof entry === "string" ? undefined : entry?.secret)),
  );
  return [document.globalSecret, ...entrySecrets];
}

export const webhookConfigurationProvider = defineProvider<ConfigurationInputs, ConfigurationOutputs>({
  secretValues: configurationSecrets,

  async check(_olds, news) {
    return checkInputs(configurationInputsSchema, news);
  },

  async diff(_id, olds, news) {
    return diffBySpec(olds, news, CONFIGURATION_CHANGES);
  },

  async create(inputs) {
    const api = client.sendblueApi();
    const desired = documentOf(inputs);
    await client.withAccountLock(api, async () => {
      const current = await client.readDocumentFresh(api);
      if (!inputs.adopt && !holds(current, EMPTY) && !holds(current, desired)) {
        throw new WebhookApiError({
          code: "WH_CONFLICT",
          vendor: VENDOR,
          operation: "create webhook configuration",
          cause: `the account's webhook configuration is not empty (${describeDocument(current)}), and this resource would replace all of it`,
          hint: "declare those entries and set `adopt: true` to take the configuration over, or manage single entries with sendblue.Webhook instead",
        });
      }
      await replaceConfirmed(api, current, desired, "create webhook configuration", inputs);
    });
    return { id: CONFIGURATION_ID, outs: inputs };
  },

  async read(id, old) {
    const current = fromWire(await client.readDocument(client.sendblueApi()));
    const outs: ConfigurationOutputs = { ...current, adopt: old.adopt ?? false };
    return { id, props: outs, inputs: outs };
  },

  async update(_id, _olds, news) {
    const api = client.sendblueApi();
    await client.withAccountLock(api, async () => replaceConfirmed(api, await client.readDocumentFresh(api), documentOf(news), "update webhook configuration", news));
    return { outs: news };
  },

  async delete(_id, olds) {
    const api = client.sendblueApi();
    await client.withAccountLock(api, async () => replaceConfirmed(api, await client.readDocumentFresh(api), EMPTY, "delete webhook configuration", olds));
  },
});
