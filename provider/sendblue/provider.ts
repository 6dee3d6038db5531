import { checkInputs } from "../core/check";
import { defineProvider } from "../core/define-provider";
import { diffBySpec, type ChangeKind } from "../core/diff";
import { mayHaveBeenApplied, operationError, ResourceInitError, WebhookApiError } from "../core/errors";
import type { ApiTarget } from "../core/http";
import * as client from "./client";
import { MAX_WRITES, notKept } from "./write-attempts";
import { applyEntryChange, matching, noteChecked, noteReplacing } from "./entry-writes";
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
 * The read-back after a write whose answer did not show the result. If it fails after a write that may have landed
 * (Sendblue accepted it, or its answer never came), the object may exist: a partial failure keeps it in state (the
 * next `up` calls update, which confirms it again), where a plain failure would leave the engine without it.
 */
async function readBack(
  api: ApiTarget,
  mayHaveLanded: boolean,
  id: string,
  outs: object,
): Promise<DocumentWire> {
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
export const WEBHOOK_CHANGES: Record<keyof WebhookInputs, ChangeKind> = {
  type: "replace",
  url: "replace",
  secret: "replace",
  adopt: "ignore",
};

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
    throw operationError(
      VENDOR,
      "read webhook",
      "WH_INVALID",
      `${JSON.stringify(id)} is not a Sendblue webhook id (<type>/<url-encoded url>)`,
    );
  }
  return { type, url };
}

function webhookOutputs(
  type: SendblueType,
  url: string,
  secret: string | undefined,
  adopt: boolean,
): WebhookOutputs {
  return { type, url, secret, adopt };
}

export const webhookProvider = defineProvider<WebhookInputs, WebhookOutputs>({
  secretValues: (props) => [props.secret],
  objectsAt: () => client.sendblueApi(),

  async check(_olds, news) {
    const result = checkInputs(webhookInputsSchema, news, webhookCrossField);
    const { type, url } = result.inputs;
    if (result.failures.length === 0 && typeof type === "string" && typeof url === "string")
      noteChecked(type as SendblueType, url);
    return result;
  },

  async diff(_id, olds, news) {
    // The replacement of an entry whose type and url stay has the same identity: the old one must go first.
    const result = diffBySpec(olds, news, WEBHOOK_CHANGES, {
      deleteBeforeReplace: (replaced) => !replaced.includes("type") && !replaced.includes("url"),
    });
    if (result.deleteBeforeReplace) noteReplacing(news.type, news.url);
    return result;
  },

  async create(inputs) {
    const api = client.sendblueApi();
    const asFound = await applyEntryChange(api, {
      kind: "add",
      type: inputs.type,
      url: inputs.url,
      secret: inputs.secret,
      adopt: inputs.adopt,
    });
    return {
      id: webhookId(inputs.type, inputs.url),
      outs: webhookOutputs(inputs.type, inputs.url, inputs.secret, inputs.adopt),
      // Only `adopt` takes an existing entry over (without it, one already there is refused).
      tookOver: inputs.adopt && asFound,
    };
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
    await applyEntryChange(api, {
      kind: "add",
      type: news.type,
      url: news.url,
      secret: news.secret,
      adopt: true,
    });
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
  legacySecret: "update",
  adopt: "ignore",
};

const EMPTY: ConfigurationDocument = {
  receive: [],
  outbound: [],
  typingIndicator: [],
  callLog: [],
  lineBlocked: [],
  lineAssigned: [],
  contactCreated: [],
  globalSecret: undefined,
  legacySecret: undefined,
};

function documentOf(inputs: ConfigurationInputs): ConfigurationDocument {
  const { adopt: _adopt, ...document } = inputs;
  return document;
}

/** What `desired` manages of `current`: every entry and globalSecret; the legacy secret only when declared. */
function managedPart(current: DocumentWire, desired: ConfigurationDocument): ConfigurationDocument {
  return fromWire(current, desired.legacySecret !== undefined);
}

/** Same entries and globalSecret (and legacy secret, when declared); an undeclared legacy secret is left alone. */
function holds(current: DocumentWire, desired: ConfigurationDocument): boolean {
  // Through the wire form: it rebuilds every entry in one key order, whatever order the host's inputs came in.
  return (
    JSON.stringify(toWire(managedPart(current, desired), current)) ===
    JSON.stringify(toWire(desired, current))
  );
}

/** What create would replace: anything it manages that is there and not as declared (an undeclared legacy secret stays). */
function describeDocument(current: DocumentWire, desired: ConfigurationDocument): string {
  const parts = SENDBLUE_TYPES.filter((type) => current[type].length > 0).map(
    (type) => `${current[type].length} ${type}`,
  );
  if (current.globalSecret) parts.push("a globalSecret");
  if (current.secret && desired.legacySecret !== undefined) parts.push("a legacy secret");
  return parts.join(", ");
}

/**
 * PUTs `desired` until the document shows it: the PUT's answer when it holds the whole document (no extra round
 * trip), else a read-back. A write whose answer was lost is never repeated blindly: the read-back decides. Runs under
 * the account lock.
 */
async function replaceConfirmed(
  api: ApiTarget,
  current: DocumentWire,
  desired: ConfigurationDocument,
  operation: string,
  outs: object,
): Promise<void> {
  let document = current;
  let failure: unknown;
  for (let writes = 0; ; writes++) {
    if (holds(document, desired)) return;
    if (writes === MAX_WRITES) throw failure ?? notKept(operation, "the webhook configuration");
    const body = toWire(desired, document);
    let shown: DocumentWire | undefined;
    let written = false;
    try {
      shown = await client.replaceDocument(api, body);
      written = true;
      failure = undefined;
    } catch (error) {
      if (!mayHaveBeenApplied(error)) throw error;
      failure = error;
    }
    document = shown ?? (await readBack(api, written || failure !== undefined, CONFIGURATION_ID, outs));
    if (written && keptLeftOutGlobalSecret(document, desired)) throw globalSecretKept(operation);
  }
}

/**
 * That a PUT clears a left-out globalSecret is assumed (the contract says only that PUT overwrites the whole
 * configuration), and Sendblue documents no other way to clear it. A Sendblue that keeps it would otherwise be
 * written again and again and reported as another writer's doing.
 */
function keptLeftOutGlobalSecret(document: DocumentWire, desired: ConfigurationDocument): boolean {
  return (
    desired.globalSecret === undefined &&
    Boolean(document.globalSecret) &&
    holds(document, { ...desired, globalSecret: document.globalSecret ?? undefined })
  );
}

function globalSecretKept(operation: string): WebhookApiError {
  return new WebhookApiError({
    code: "WH_VENDOR",
    vendor: VENDOR,
    operation,
    cause:
      "Sendblue kept the account's globalSecret although the PUT left it out " +
      "(every entry was replaced as declared)",
    hint: "Sendblue documents no other way to clear it: remove the global secret in the Sendblue dashboard, then run `pulumi up` again",
  });
}

/** The global secret and every entry secret of a (possibly partial) configuration. */
function configurationSecrets(document: Partial<ConfigurationDocument>): unknown[] {
  const entrySecrets = (
    ["receive", "outbound", "typingIndicator", "callLog", "lineBlocked", "lineAssigned"] as const
  ).flatMap((type) =>
    (Array.isArray(document[type]) ? document[type] : []).map((entry) =>
      typeof entry === "string" ? undefined : entry?.secret,
    ),
  );
  return [document.globalSecret, document.legacySecret, ...entrySecrets];
}

export const webhookConfigurationProvider = defineProvider<ConfigurationInputs, ConfigurationOutputs>({
  secretValues: configurationSecrets,
  objectsAt: () => client.sendblueApi(),

  async check(_olds, news) {
    return checkInputs(configurationInputsSchema, news);
  },

  async diff(_id, olds, news) {
    return diffBySpec(olds, news, CONFIGURATION_CHANGES);
  },

  async create(inputs) {
    const api = client.sendblueApi();
    const desired = documentOf(inputs);
    const tookOver = await client.withAccountLock(api, async () => {
      const current = await client.readDocumentFresh(api);
      const existing = describeDocument(current, desired);
      const asDeclared = holds(current, desired);
      if (!inputs.adopt && existing !== "" && !asDeclared) {
        throw new WebhookApiError({
          code: "WH_CONFLICT",
          vendor: VENDOR,
          operation: "create webhook configuration",
          cause: `the account's webhook configuration is not empty (${existing}), and this resource would replace all of it`,
          hint: "declare those entries and set `adopt: true` to take the configuration over, or manage single entries with sendblue.Webhook instead",
        });
      }
      await replaceConfirmed(api, current, desired, "create webhook configuration", inputs);
      // Entries there already and exactly as declared: taken over, not made.
      return existing !== "" && asDeclared;
    });
    return { id: CONFIGURATION_ID, outs: inputs, tookOver };
  },

  async read(id, old) {
    const current = fromWire(await client.readDocument(client.sendblueApi()), old.legacySecret !== undefined);
    const outs: ConfigurationOutputs = { ...current, adopt: old.adopt ?? false };
    return { id, props: outs, inputs: outs };
  },

  async update(_id, _olds, news) {
    const api = client.sendblueApi();
    await client.withAccountLock(api, async () =>
      replaceConfirmed(
        api,
        await client.readDocumentFresh(api),
        documentOf(news),
        "update webhook configuration",
        news,
      ),
    );
    return { outs: news };
  },

  async delete(_id, olds) {
    const api = client.sendblueApi();
    await client.withAccountLock(api, async () =>
      replaceConfirmed(api, await client.readDocumentFresh(api), EMPTY, "delete webhook configuration", olds),
    );
  },
});
