import { defineProvider } from "../core/define-provider";
import type { ChangeKind } from "../core/diff";
import {
  mayHaveBeenApplied,
  operationError,
  ResourceInitError,
  WebhookApiError,
  withHint,
  withoutHint,
} from "../core/errors";
import type { ApiTarget } from "../core/http";
import { createMatching, type ListAndMatch } from "../core/create-once";
import * as client from "./client";
import {
  changedFields,
  declaredFields,
  fromWire,
  toWire,
  updatePlan,
  webhookInputsSchema,
  type WebhookFields,
  type WebhookInputs,
  type WebhookOutputs,
  type WebhookWire,
} from "./schema";

const VENDOR = "Convirza";

/** Every field updates in place; `adopt` only matters on create. */
export const CHANGE_KINDS: Record<keyof WebhookInputs, ChangeKind> = {
  name: "update",
  url: "update",
  format: "update",
  method: "update",
  description: "update",
  includeDataAppend: "update",
  includeDniLogs: "update",
  includeIndicatorScores: "update",
  includeIvrKeypresses: "update",
  active: "update",
  staticParameters: "update",
  adopt: "ignore",
};

/**
 * Static parameter values are often the receiver's API keys, and the host hands them over without their secret
 * marker: every value is treated as a secret for redaction.
 */
function parameterValues(values: { staticParameters?: unknown }): unknown[] {
  const parameters = values.staticParameters;
  return parameters && typeof parameters === "object" ? Object.values(parameters) : [];
}

function outputsOf(webhook: WebhookWire, adopt: string | undefined): WebhookOutputs {
  const { createdAt, createdBy, ...fields } = fromWire(webhook);
  return { ...declaredFields(fields), adopt, createdAt, createdBy };
}

/** The inputs that reproduce `outputs` exactly, so refresh and adoption leave no spurious diff. */
function inputsOf(outputs: WebhookOutputs): WebhookInputs {
  return { ...declaredFields(outputs), adopt: outputs.adopt };
}

/** Convirza answers writes with the id only, so every write is followed by a read of the stored state. */
async function readBack(
  api: ApiTarget,
  id: string,
  adopt: string | undefined,
  operation: string,
): Promise<WebhookOutputs> {
  // The detail path is only assumed (contract §6.3): a webhook it does not show is looked for in the list.
  const webhook = (await client.getWebhook(api, id)) ?? (await client.findListed(api, id));
  if (!webhook)
    throw operationError(
      VENDOR,
      operation,
      "WH_NOT_FOUND",
      `webhook ${id} was gone right after ${operation}; run \`pulumi refresh\``,
    );
  return outputsOf(webhook, adopt);
}

/** POSTs per create, each after a look-up found the previous one was not applied. */
const CREATE_ATTEMPTS = 3;

/** Ids of the webhooks with every declared field as `fields` has it. */
function matching(webhooks: WebhookWire[], fields: WebhookFields): string[] {
  return webhooks
    .filter((webhook) => changedFields(fromWire(webhook), fields).length === 0)
    .map((webhook) => webhook.webhook_id);
}

/**
 * Convirza's duplicate-create protection, all of it but the fallback below: Convirza has no idempotency key, so a
 * create whose answer was lost is resolved by looking (core/create-once): a webhook with every declared field that
 * was not there before is what it made. Convirza issues no secret, so what a lost answer made is as good as a new
 * one: keep one, delete any other. None: the POST was not applied, send it again. When Convirza cannot even be
 * listed, the create ends unconfirmed (core/unconfirmed-create), and what it made is deleted.
 * (`created_at` cannot narrow it down: its format and the clocks involved are not documented.)
 */
const listAndMatch: ListAndMatch<WebhookFields, string, ApiTarget> = {
  api: () => client.convirzaApi(),
  attempts: CREATE_ATTEMPTS,
  request: (fields) => toWire(fields),
  matchingBefore: async (api, fields) => matching(await client.webhooksBeforeCreate(api), fields),
  post: (api, fields) => client.createWebhook(api, toWire(fields)),
  idOf: (id) => id,
  matchingIds: async (api, fields) => matching(await client.listWebhooks(api), fields),
  existing: (ids, fields) =>
    operationError(
      VENDOR,
      "create webhook",
      "WH_CONFLICT",
      `Convirza already has a webhook named "${fields.name}" for ${fields.url} with the declared settings that this run has not seen in the stack's state (${ids.join(", ")}); ` +
        "a `pulumi up` that was interrupted after Convirza made it may have left it, another resource of this program " +
        "may declare the same webhook (keep only one), or the resource that holds it was renamed (give it the option " +
        '`aliases: [{ name: "<its old name>" }]` and Convirza keeps the webhook as it is). ' +
        `Take it over with \`adopt: "${ids[0]}"\`, or delete it in Convirza, then run \`pulumi up\` again. ` +
        "A forced replacement (`pulumi up --replace`) of an unchanged webhook meets this too, since Pulumi does not say which webhook it replaces: give that resource the `deleteBeforeReplace` option",
    ),
  recover: async (api, [made, ...others], fields) => {
    for (const id of others) await listAndMatch.remove(api, id, fields);
    return made;
  },
  remove: async (api, id) => void (await client.deleteWebhook(api, id)),
};

/**
 * A create through Convirza's list and match, or, when the list (only assumed, contract §6.2) is refused, the
 * documented create without the look-up that protects it from duplicates.
 */
async function createWebhook(api: ApiTarget, fields: WebhookFields): Promise<string> {
  try {
    return await createMatching(listAndMatch, api, fields);
  } catch (error) {
    if (!client.listUnavailable(error)) throw error;
    return createWithoutLookUp(api, toWire(fields), error);
  }
}

/**
 * One documented POST. Should it fail in a way that may have been applied, nothing can look for what it made,
 * and the error says so instead of leaving the user to guess.
 */
async function createWithoutLookUp(
  api: ApiTarget,
  body: Record<string, unknown>,
  listError: WebhookApiError,
): Promise<string> {
  try {
    return await client.createWebhook(api, body);
  } catch (error) {
    if (!(error instanceof WebhookApiError) || !mayHaveBeenApplied(error)) throw error;
    throw withHint(
      error,
      `the create may have been applied, and the duplicate check is unavailable because the list failed (${withoutHint(listError)}${listError.hint === undefined ? "" : `; ${listError.hint}`}): look for a webhook named ${JSON.stringify(body.webhook_name)} in Convirza before the next \`pulumi up\` and adopt or delete it`,
    );
  }
}

async function adopt(
  api: ApiTarget,
  inputs: WebhookInputs & { adopt: string },
): Promise<{ id: string; outs: WebhookOutputs; tookOver?: true }> {
  const existing = await client.getWebhook(api, inputs.adopt);
  if (!existing) {
    throw operationError(
      VENDOR,
      "adopt webhook",
      "WH_NOT_FOUND",
      `cannot adopt webhook ${inputs.adopt}: no such webhook, or it was deleted (check the id in Convirza, or remove \`adopt\` to create a new webhook)`,
    );
  }
  const id = existing.webhook_id;
  const plan = updatePlan(fromWire(existing), inputs);
  if (!plan) return { id, outs: outputsOf(existing, inputs.adopt), tookOver: true };
  await client.updateWebhook(api, id, plan.method, plan.body);
  try {
    return { id, outs: await readBack(api, id, inputs.adopt, "adoption") };
  } catch (error) {
    throw new ResourceInitError(id, { ...inputs }, error);
  }
}

export const webhookProvider = defineProvider<WebhookInputs, WebhookOutputs>({
  secretValues: parameterValues,
  deletedOutsidePulumi: { where: () => `at ${VENDOR}` },

  objectsAt: () => client.convirzaApi(),
  listAndMatch,

  check: webhookInputsSchema,
  diff: CHANGE_KINDS,

  async create(inputs) {
    const api = client.convirzaApi();
    if (inputs.adopt !== undefined) return adopt(api, { ...inputs, adopt: inputs.adopt });

    const id = await createWebhook(api, declaredFields(inputs));
    try {
      return { id, outs: await readBack(api, id, undefined, "create") };
    } catch (error) {
      // The webhook exists; the engine must keep it even though its stored state is unknown.
      throw new ResourceInitError(id, { ...inputs }, error);
    }
  },

  async read(id, old) {
    const api = client.convirzaApi();
    // The shared list answers most reads; one it does not hold (another org unit, or just gone) is asked for by id.
    const webhook = (await client.findListed(api, id)) ?? (await client.getWebhook(api, id));
    if (!webhook) return { id: "" };
    const outs = outputsOf(webhook, old.adopt);
    return { id, props: outs, inputs: inputsOf(outs) };
  },

  async update(id, olds, news) {
    const plan = updatePlan(declaredFields(olds), declaredFields(news));
    const unchanged: WebhookOutputs = { ...news, createdAt: olds.createdAt, createdBy: olds.createdBy };
    if (!plan) return { outs: unchanged };
    const api = client.convirzaApi();
    await client.updateWebhook(api, id, plan.method, plan.body);
    try {
      return { outs: await readBack(api, id, news.adopt, "update") };
    } catch (error) {
      throw new ResourceInitError(id, unchanged, error);
    }
  },

  async delete(id) {
    await client.deleteWebhook(client.convirzaApi(), id);
  },
});
