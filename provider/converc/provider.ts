import { defineProvider } from "../core/define-provider";
import type { ChangeKind } from "../core/diff";
import {
  mayHaveBeenApplied,
  operationError,
  ResourceInitError,
  WebhookApiError,
  withHint,
} from "../core/errors";
import type { ApiTarget } from "../core/http";
import * as client from "./client";
import { createdHere, createMatching, type ListAndMatch } from "../core/create-once";
import { isHeldId } from "../core/state-ids";
import {
  fromWire,
  sameSubscription,
  toCreateBody,
  webhookInputsSchema,
  type EndpointWire,
  type WebhookInputs,
  type WebhookOutputs,
} from "./schema";

/**
 * Converc has no update call: a new url or event set is a new endpoint, made before the old one is
 * disabled (no delivery gap; the same url may be registered twice). The others only matter on create.
 */
export const CHANGE_KINDS: Record<keyof WebhookInputs, ChangeKind> = {
  url: "replace",
  events: "replace",
  verifyDelivery: "ignore",
  adopt: "ignore",
};

function outputsOf(
  endpoint: EndpointWire,
  declared: Pick<WebhookInputs, "verifyDelivery" | "adopt"> & { events?: string[] },
  secret: string | undefined,
): WebhookOutputs {
  return {
    ...fromWire(endpoint, declared.events),
    verifyDelivery: declared.verifyDelivery,
    adopt: declared.adopt,
    secret,
  };
}

/** The inputs that reproduce `outputs` exactly, so refresh and adoption leave no spurious diff. */
function inputsOf(outputs: WebhookOutputs): WebhookInputs {
  const { url, events, verifyDelivery, adopt } = outputs;
  return { url, events, verifyDelivery, adopt };
}

const describeEvents = (events: string[]) => (events.length ? events.join(", ") : "every event");

async function adopt(
  api: ApiTarget,
  inputs: WebhookInputs & { adopt: string },
): Promise<{ id: string; outs: WebhookOutputs; tookOver: true }> {
  const existing = await client.findEndpoint(api, inputs.adopt);
  const cannot = `cannot adopt webhook ${inputs.adopt}:`;
  if (!existing) {
    throw operationError(
      "Converc",
      "adopt webhook",
      "WH_NOT_FOUND",
      `${cannot} no such endpoint for this API key (check the id, or remove \`adopt\` to create a new endpoint)`,
    );
  }
  if (!existing.isActive) {
    throw operationError(
      "Converc",
      "adopt webhook",
      "WH_CONFLICT",
      `${cannot} it is disabled and Converc cannot re-enable an endpoint; remove \`adopt\` to create a new one`,
    );
  }
  if (!sameSubscription(existing, inputs)) {
    const current = fromWire(existing, inputs.events);
    throw operationError(
      "Converc",
      "adopt webhook",
      "WH_CONFLICT",
      `${cannot} it has url ${current.url} and events ${describeEvents(current.events)}, and Converc cannot change an endpoint in place; declare exactly those, or remove \`adopt\` to create a new endpoint (once adopted, remove \`adopt\` before changing url or events)`,
    );
  }
  return { id: existing.id, outs: outputsOf(existing, inputs, undefined), tookOver: true };
}

const CREATE_ATTEMPTS = 3;

/** Active endpoints serving exactly the declared url and events: what a create of `inputs` makes. */
function matching(endpoints: EndpointWire[], inputs: Pick<WebhookInputs, "url" | "events">): string[] {
  return endpoints
    .filter((endpoint) => endpoint.isActive && sameSubscription(endpoint, inputs))
    .map((endpoint) => endpoint.id);
}

/**
 * Converc's duplicate-create protection, all of it: Converc has no idempotency key, so an endpoint is created without
 * ever leaving a second active one behind by list and match (core/create-once): an active endpoint with the declared
 * url and events that was not there before is what a lost or failed POST made. Its secret nobody will ever see, so
 * it is disabled (Converc's delete) and the POST sent again, so the one endpoint left is one whose secret the user
 * gets. When Converc cannot even be listed after one, the create ends unconfirmed (core/unconfirmed-create), and
 * what it made is disabled like any replaced endpoint.
 */
const listAndMatch: ListAndMatch<WebhookInputs, client.CreatedEndpoint, ApiTarget> = {
  api: () => client.convercApi(),
  attempts: CREATE_ATTEMPTS,
  request: (inputs) => toCreateBody(inputs),
  matchingBefore: async (api, inputs) => matching(await client.endpointsBeforeCreate(api), inputs),
  post: (api, inputs) => client.createEndpoint(api, toCreateBody(inputs)),
  idOf: (created) => created.endpoint.id,
  matchingIds: async (api, inputs) => matching(await client.listEndpoints(api, { fresh: true }), inputs),
  existing: (ids, inputs) =>
    operationError(
      "Converc",
      "create endpoint",
      "WH_CONFLICT",
      `Converc already has an active endpoint for ${inputs.url} with ${describeEvents(inputs.events ?? [])} that this run has not seen in the stack's state (${ids.join(", ")}); ` +
        "a `pulumi up` that was interrupted after Converc made it may have left it, another resource of this program " +
        "may declare the same url and events (keep only one), or the resource that holds it was renamed (give it the " +
        'option `aliases: [{ name: "<its old name>" }]` and Converc keeps the endpoint as it is). ' +
        `Take it over with \`adopt: "${ids[0]}"\` (its signing secret cannot be read back), ` +
        "or disable it in Converc, then run `pulumi up` again. A forced replacement (`pulumi up --replace`) of an unchanged endpoint meets this too, " +
        "since Pulumi does not say which endpoint it replaces: give that resource the `deleteBeforeReplace` option",
    ),
  recover: async (api, orphans, inputs) => {
    for (const id of orphans) await listAndMatch.remove(api, id, inputs);
    return undefined;
  },
  remove: async (api, id) => void (await client.disableEndpoint(api, id)),
};

/**
 * That Converc makes a second endpoint for a url it already serves is assumed (the replacement of an endpoint whose
 * events change relies on it). When a create is refused while an active endpoint has the url, the error says how
 * to go on: for the endpoint this resource replaces, delete first; for one this stack does not hold, adopt it.
 */
async function refusedForUrl(api: ApiTarget, error: unknown, url: string): Promise<unknown> {
  const refused = error instanceof WebhookApiError && [400, 409, 422].includes(error.statusCode ?? 0);
  if (!refused) return error;
  const endpoints = await client.listEndpoints(api, { fresh: true }).catch(() => []);
  const holder = endpoints.find((endpoint) => endpoint.isActive && endpoint.url === url);
  if (!holder) return error;
  // Made here or shown held by the engine: the endpoint this resource replaces. Else one this stack does not hold.
  const ours = isHeldId(holder.id) || createdHere(api, holder.id);
  const refusal = "already has this url, and this Converc may refuse a second one";
  return withHint(
    error,
    ours
      ? `active endpoint ${holder.id} ${refusal}; to replace an endpoint keeping its url, give the resource the \`deleteBeforeReplace\` option`
      : `active endpoint ${holder.id}, which this run has not seen in the stack's state, ${refusal}; take it over with \`adopt: "${holder.id}"\`, or disable it in Converc, then run \`pulumi up\` again`,
  );
}

/** Creates the endpoint through Converc's list and match; what failed after every attempt says what was done. */
async function createEndpoint(api: ApiTarget, inputs: WebhookInputs) {
  return createMatching(listAndMatch, api, inputs).catch(async (error: unknown) => {
    if (!mayHaveBeenApplied(error)) throw await refusedForUrl(api, error, inputs.url);
    throw withHint(
      error as WebhookApiError,
      `no answer to ${CREATE_ATTEMPTS} attempts; every endpoint they made that Converc listed was disabled: run \`pulumi up\` again`,
    );
  });
}

/** Sends Converc's test event; a receiver that does not answer 2xx is an error with its status and Converc's text. */
async function verifyDelivery(api: ApiTarget, id: string, url: string): Promise<void> {
  const result = await client.sendTestEvent(api, id);
  if (result.ok) return;
  const answered =
    result.status === null || result.status === undefined
      ? "did not answer"
      : `answered HTTP ${result.status}`;
  throw new WebhookApiError({
    code: "WH_VENDOR",
    vendor: "Converc",
    operation: "test delivery",
    cause: `the receiver ${url} ${answered}${result.error ? `: ${result.error}` : ""}`,
    hint: `endpoint ${id} was created and is kept; make the receiver accept Converc's webhook.test event and run \`pulumi up\` again to re-send it, or set verifyDelivery to false`,
  });
}

export const webhookProvider = defineProvider<WebhookInputs, WebhookOutputs>({
  secretValues: (props) => [props.secret],

  objectsAt: () => client.convercApi(),
  listAndMatch,

  check: webhookInputsSchema,
  diff: CHANGE_KINDS,

  async create(inputs) {
    const api = client.convercApi();
    if (inputs.adopt !== undefined) return adopt(api, { ...inputs, adopt: inputs.adopt });

    const { endpoint, secret } = await createEndpoint(api, inputs);
    const outs = outputsOf(endpoint, inputs, secret);
    if (!inputs.verifyDelivery) return { id: endpoint.id, outs };
    try {
      await verifyDelivery(api, endpoint.id, inputs.url);
    } catch (error) {
      // The endpoint exists and its secret is shown only now: the engine must keep both.
      throw new ResourceInitError(endpoint.id, outs, error);
    }
    return { id: endpoint.id, outs };
  },

  async read(id, old) {
    const endpoint = await client.findEndpoint(client.convercApi(), id);
    // Disabled is Converc's "deleted": gone, so refresh drops it and the next up makes a new one.
    if (!endpoint?.isActive) return { id: "" };
    const outs = outputsOf(
      endpoint,
      { verifyDelivery: old.verifyDelivery ?? false, adopt: old.adopt, events: old.events },
      old.secret,
    );
    return { id, props: outs, inputs: inputsOf(outs) };
  },

  /**
   * Nothing at Converc can change in place, so the engine calls this only to retry a resource left
   * with an init error (a failed test delivery): send the test event again when it is still wanted.
   */
  async update(id, olds, news) {
    const outs: WebhookOutputs = { ...olds, verifyDelivery: news.verifyDelivery, adopt: news.adopt };
    if (!news.verifyDelivery) return { outs };
    try {
      await verifyDelivery(client.convercApi(), id, olds.url);
    } catch (error) {
      throw new ResourceInitError(id, outs, error);
    }
    return { outs };
  },

  async delete(id) {
    await client.disableEndpoint(client.convercApi(), id);
  },
});
