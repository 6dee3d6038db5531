import { checkInputs, containsUnknown } from "../core/check";
import { createdHere, createMatching, type ListAndMatch } from "../core/create-once";
import { defineProvider } from "../core/define-provider";
import { isHeldId } from "../core/state-ids";
import { type ChangeKind, diffBySpec } from "../core/diff";
import { notFoundError, operationError, ResourceInitError } from "../core/errors";
import * as client from "./client";
import {
  fromWire,
  modifierFailures,
  toWire,
  unmanagedFields,
  webhookInputsSchema,
  type CheckedInputs,
  type WebhookInputs,
  type WebhookOutputs,
  type WebhookWire,
} from "./schema";

/** The account replaces (a hook cannot move between accounts); everything else is one POST; `adopt` only matters on create. */
export const CHANGE_KINDS: Record<keyof WebhookInputs, ChangeKind> = {
  accountId: "replace",
  name: "update",
  url: "update",
  hook: "update",
  httpVerb: "update",
  retries: "update",
  format: "update",
  enabled: "update",
  customData: "update",
  includeSubaccounts: "update",
  includeInternalLegs: "update",
  adopt: "ignore",
};

/** Hooks with the document's name, uri and hook (all a summary shows), not made by this process for another resource. */
function matching(
  listed: client.WebhookSummary[],
  api: client.Session,
  doc: Record<string, unknown>,
): string[] {
  return listed
    .filter(
      (hook) =>
        hook.name === doc.name &&
        hook.uri === doc.uri &&
        hook.hook === doc.hook &&
        !createdHere(api, hook.id),
    )
    .map((hook) => hook.id);
}

/** The account a create of `inputs` goes to: the one check recorded. */
const accountOf = (inputs: CheckedInputs) => client.requireAccountId(inputs.accountId);

/**
 * Conversant's duplicate-create protection, all of it: the PUT asks for an id of its own, derived from the resource
 * identity and the body (client.createWebhook, which takes over a 409 on that id as an earlier attempt's), but the
 * document does not say Kazoo keeps it: when an answer is lost, what the attempt made is found by listing
 * (core/create-once), a hook matching name, uri and hook that was not there before. Kazoo hooks carry no secret,
 * so one such hook is as good as a new one: keep one, delete any other. When even the list fails, the create ends
 * unconfirmed (core/unconfirmed-create), and what it made is deleted.
 */
const listAndMatch: ListAndMatch<CheckedInputs, WebhookWire, client.Session> = {
  api: () => client.conversantApi(),
  request: (inputs) => ({ accountId: accountOf(inputs), doc: toWire(inputs) }),
  matchingBefore: async (api, inputs) =>
    matching(await client.webhooksBeforeCreate(api, accountOf(inputs)), api, toWire(inputs)),
  post: (api, inputs, identity) => client.createWebhook(api, accountOf(inputs), toWire(inputs), identity),
  idOf: (created) => created.id,
  matchingIds: async (api, inputs) =>
    matching(await client.listWebhooks(api, accountOf(inputs)), api, toWire(inputs)),
  recover: async (api, [made, ...others], inputs) => {
    for (const id of others) await listAndMatch.remove(api, id, inputs);
    return made === undefined ? undefined : client.getWebhook(api, accountOf(inputs), made);
  },
  remove: async (api, id, inputs) => void (await client.deleteWebhook(api, accountOf(inputs), id)),
};

/**
 * One create of the resource `identity` names, through list-and-match. The PUT asks for this resource's own id
 * (derived from its identity and body), so after a `pulumi up` killed before it heard Kazoo's answer, the next one
 * meets a 409 on that id and takes the hook over. The document does not promise Kazoo keeps that id: when the
 * answer carries another id, Kazoo chose it, and a matching hook this stack does not hold that was there before
 * may be such a killed run's. The hook just made would duplicate it, so it is deleted again and the create stops,
 * naming the hook to adopt. (Where Kazoo keeps the id, such a hook is someone else's, and is left alone.)
 */
async function createOnce(
  api: client.Session,
  inputs: CheckedInputs,
  identity: string | undefined,
): Promise<WebhookWire> {
  let before: string[] = [];
  const created = await createMatching(
    {
      ...listAndMatch,
      matchingBefore: async (scope, request) => (before = await listAndMatch.matchingBefore(scope, request)),
    },
    api,
    inputs,
    identity,
  );
  if (created.id === client.hookIdFor(identity, accountOf(inputs), toWire(inputs))) return created;
  const strangers = before.filter((id) => id !== created.id && !isHeldId(id));
  if (strangers.length === 0) return created;
  try {
    await listAndMatch.remove(api, created.id, inputs);
  } catch (error) {
    // The engine must still hear of the hook it could not take back.
    throw new ResourceInitError(created.id, outputsOf(created, accountOf(inputs), undefined), error);
  }
  throw operationError(
    "Conversant",
    "create webhook",
    "WH_CONFLICT",
    `account ${accountOf(inputs)} already has a webhook named "${inputs.name}" for ${inputs.url} on ${inputs.hook} ` +
      `that this run has not seen in the stack's state (${strangers.join(", ")}), and Kazoo ignores the id a create asks for, so a ` +
      "`pulumi up` interrupted after Kazoo made it may have left it; the hook this create made beside it was " +
      `deleted again. Take it over with \`adopt: "${strangers[0]}"\`, or delete it, then run \`pulumi up\` again`,
  );
}

function outputsOf(doc: WebhookWire, accountId: string, adopt: string | undefined): WebhookOutputs {
  return { accountId, ...fromWire(doc), adopt };
}

/** The inputs that reproduce `outputs`; `disableReason` is observed only. */
function inputsOf(outputs: WebhookOutputs): CheckedInputs {
  const { disableReason: _observed, ...inputs } = outputs;
  return inputs;
}

export const webhookProvider = defineProvider<CheckedInputs, WebhookOutputs>({
  deletedOutsidePulumi: { where: (olds) => `in account ${olds.accountId}` },

  objectsAt: () => client.conversantApi(),
  listAndMatch,

  async check(olds, news) {
    const outcome = checkInputs(webhookInputsSchema, news, modifierFailures);
    if (outcome.failures.length === 0 && outcome.inputs.accountId === undefined) {
      // Record the account from config now, so a later config change shows as a replacement; with
      // no account configured any more, the recorded one stays (a missing setting replaces nothing).
      const accountId =
        client.resolveAccountId(undefined) ??
        (typeof olds.accountId === "string" ? olds.accountId : undefined);
      if (accountId !== undefined) outcome.inputs.accountId = accountId;
    }
    if (outcome.failures.length === 0 && !containsUnknown(outcome.inputs.accountId)) {
      const parsed = webhookInputsSchema.shape.accountId.safeParse(outcome.inputs.accountId);
      if (!parsed.success)
        outcome.failures.push({
          property: "accountId",
          reason:
            "accountId: conversant:accountId / CONVERSANT_ACCOUNT_ID must be a Kazoo account id: 32 lower-case hex characters",
        });
    }
    return outcome;
  },

  diff: CHANGE_KINDS,

  async create(inputs, { identity }) {
    const accountId = client.requireAccountId(inputs.accountId);
    const api = client.conversantApi();
    if (inputs.adopt === undefined) {
      const created = await createOnce(api, inputs, identity);
      return { id: created.id, outs: outputsOf(created, accountId, undefined) };
    }
    const existing = await client.getWebhook(api, accountId, inputs.adopt);
    if (!existing) {
      throw operationError(
        "Conversant",
        "adopt webhook",
        "WH_NOT_FOUND",
        `cannot adopt webhook ${inputs.adopt}: no such webhook in account ${accountId} (check the id and accountId, or remove \`adopt\` to create a new webhook)`,
      );
    }
    const found = outputsOf(existing, accountId, inputs.adopt);
    // Already as declared: taken over without a write.
    if (!diffBySpec(found, inputs, CHANGE_KINDS).changes)
      return { id: existing.id, outs: found, tookOver: true };
    try {
      const replaced = await client.replaceWebhook(api, accountId, existing.id, {
        ...unmanagedFields(existing),
        ...toWire(inputs),
      });
      return { id: existing.id, outs: outputsOf(replaced, accountId, inputs.adopt) };
    } catch (error) {
      throw new ResourceInitError(existing.id, outputsOf(existing, accountId, inputs.adopt), error);
    }
  },

  async read(id, old) {
    const accountId = client.requireAccountId(old.accountId);
    const doc = await client.getWebhook(client.conversantApi(), accountId, id);
    if (!doc) return { id: "" };
    const outs = outputsOf(doc, accountId, old.adopt);
    return { id, props: outs, inputs: inputsOf(outs) };
  },

  async update(id, olds, news) {
    // POST, a full replace with every declared field: removed customData keys really go, and
    // enabled:true re-enables a hook Kazoo auto-disabled. (PATCH would merge and keep stale keys.)
    // The current document is read first so keys the resource does not model survive the replace.
    const accountId = client.requireAccountId(olds.accountId);
    const api = client.conversantApi();
    const current = await client.getWebhook(api, accountId, id);
    if (!current) throw notFoundError("Conversant", "read webhook", id);
    const replaced = await client.replaceWebhook(api, accountId, id, {
      ...unmanagedFields(current),
      ...toWire(news),
    });
    return { outs: outputsOf(replaced, accountId, news.adopt) };
  },

  async delete(id, props) {
    // The account recorded at create, not the current config.
    await client.deleteWebhook(client.conversantApi(), client.requireAccountId(props.accountId), id);
  },
});
