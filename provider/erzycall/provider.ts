import { defineProvider } from "../core/define-provider";
import type { ChangeKind } from "../core/diff";
import { isNotFound, operationError, ResourceInitError } from "../core/errors";
import type { ApiTarget } from "../core/http";
import * as client from "./client";
import {
  fromWire,
  patchBody,
  toCreateBody,
  webhookInputsSchema,
  type EndpointWire,
  type WebhookInputs,
  type WebhookOutputs,
} from "./schema";

/** Every field updates in place; `adopt` only matters on create. */
export const CHANGE_KINDS: Record<keyof WebhookInputs, ChangeKind> = {
  url: "update",
  events: "update",
  description: "update",
  active: "update",
  secretVersion: "update",
  adopt: "ignore",
};

function outputsOf(
  endpoint: EndpointWire,
  declared: Pick<WebhookInputs, "secretVersion" | "adopt">,
  secret: string | undefined,
): WebhookOutputs {
  const { createdAt, ...fields } = fromWire(endpoint);
  return { ...fields, secretVersion: declared.secretVersion, adopt: declared.adopt, secret, createdAt };
}

/** The inputs that reproduce `outputs` exactly, so refresh and adoption leave no spurious diff. */
function inputsOf(outputs: WebhookOutputs): WebhookInputs {
  const { url, events, description, active, secretVersion, adopt } = outputs;
  return { url, events, description, active, secretVersion, adopt };
}

async function adopt(
  api: ApiTarget,
  inputs: WebhookInputs & { adopt: string },
): Promise<{ id: string; outs: WebhookOutputs; tookOver?: true }> {
  const existing = await client.findEndpoint(api, inputs.adopt);
  if (!existing) {
    throw operationError(
      "Erzycall",
      "adopt webhook",
      "WH_NOT_FOUND",
      `cannot adopt webhook ${inputs.adopt}: no such endpoint in this organization (check the id in the Erzycall dashboard, or remove \`adopt\` to create a new endpoint)`,
    );
  }
  const patch = patchBody(fromWire(existing), inputs);
  if (Object.keys(patch).length === 0)
    return { id: existing.id, outs: outputsOf(existing, inputs, undefined), tookOver: true };
  const current = await client.updateEndpoint(api, existing.id, patch);
  return { id: existing.id, outs: outputsOf(current, inputs, undefined) };
}

export const webhookProvider = defineProvider<WebhookInputs, WebhookOutputs>({
  secretValues: (props) => [props.secret],
  deletedOutsidePulumi: { where: () => "at Erzycall" },

  objectsAt: () => client.erzycallApi(),
  check: webhookInputsSchema,
  diff: CHANGE_KINDS,

  async create(inputs, { identity }) {
    const api = client.erzycallApi();
    if (inputs.adopt !== undefined) return adopt(api, { ...inputs, adopt: inputs.adopt });

    const created = await client.createEndpoint(api, toCreateBody(inputs), identity);
    const outs = outputsOf(created, inputs, created.secret);
    if (inputs.active) return { id: created.id, outs };
    // Erzycall's create has no isActive; until this PATCH lands the endpoint is live, and if it
    // fails the engine must still learn the endpoint exists.
    try {
      const deactivated = await client.updateEndpoint(api, created.id, { isActive: false });
      return { id: created.id, outs: outputsOf(deactivated, inputs, created.secret) };
    } catch (error) {
      throw new ResourceInitError(created.id, outs, error);
    }
  },

  async read(id, old) {
    const endpoint = await client.findEndpoint(client.erzycallApi(), id);
    if (!endpoint) return { id: "" };
    const outs = outputsOf(endpoint, { secretVersion: old.secretVersion, adopt: old.adopt }, old.secret);
    return { id, props: outs, inputs: inputsOf(outs) };
  },

  async update(id, olds, news) {
    const api = client.erzycallApi();
    const patch = patchBody(olds, news);
    let outs: WebhookOutputs = { ...news, secret: olds.secret, createdAt: olds.createdAt };
    if (Object.keys(patch).length)
      outs = outputsOf(await client.updateEndpoint(api, id, patch), news, olds.secret);
    const rotate = news.secretVersion !== undefined && news.secretVersion !== olds.secretVersion;
    if (!rotate) return { outs };
    try {
      outs = { ...outs, secret: await client.rotateSecret(api, id) };
      return { outs };
    } catch (error) {
      // Gone at Erzycall: nothing to record, and the host says it was deleted outside Pulumi.
      if (isNotFound(error)) throw error;
      // The PATCH (if any) landed; record it, keeping the old version so the next up rotates again.
      throw new ResourceInitError(id, { ...outs, secretVersion: olds.secretVersion }, error);
    }
  },

  async delete(id) {
    await client.deleteEndpoint(client.erzycallApi(), id);
  },
});
