/**
 * The null provider of the real-CLI bench with our state's shape: every resource declares the inputs our provider
 * stored for it, its outputs add the keys only our outputs have, secret where ours are, and its read returns
 * inputs as ours does. It sends no request and loads nothing, so what it costs above the plain null provider is
 * what the engine and the Node dynamic-provider host spend on the documented state alone (every field in inputs and
 * outputs, converted to and from protobuf on every Read and Diff); what ours costs above it is ours.
 */
import { IDENTITY_INPUT } from "../../provider/core/identity-input";
import { SECRET_SIGNATURE, SECRET_SIGNATURE_KEY } from "../../provider/core/sanitize";

/** One resource of a `pulumi stack export`. */
interface ExportedResource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** A value of the same size class where the export holds ciphertext (the plaintext is not in the export). */
const SECRET_STAND_IN = "shaped-null-secret-stand-in-0123456789abcdef";

function isSecret(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    (value as Record<string, unknown>)[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE
  );
}

/**
 * Secrets replaced by a stand-in; `secretKeys` collects the top-level keys that held one. The identity input that
 * our SDK adds for create is left out: ours' first refresh drops it from state.
 */
function plainOf(record: Record<string, unknown>, secretKeys: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === "__provider" || key === IDENTITY_INPUT) continue;
    if (isSecret(value)) secretKeys.add(key);
    out[key] = isSecret(value) ? SECRET_STAND_IN : value;
  }
  return out;
}

/**
 * The program for `exported`, the state of our program's stack (`pulumi stack export`): one resource per dynamic
 * resource there, by the same name.
 */
export function shapedNullProgram(exported: string): string {
  const resources = (JSON.parse(exported) as { deployment: { resources: ExportedResource[] } }).deployment
    .resources;
  const secretInputs = new Set<string>();
  const secretOutputs = new Set<string>();
  const declared = resources
    .filter((resource) => resource.type.startsWith("pulumi-nodejs:dynamic/"))
    .map((resource) => ({
      name: resource.urn.slice(resource.urn.lastIndexOf("::") + 2),
      inputs: plainOf(resource.inputs ?? {}, secretInputs),
      outputs: plainOf(resource.outputs ?? {}, secretOutputs),
    }));
  const first = declared[0] ?? { inputs: {}, outputs: {} };
  // The same values for every resource: what the provider adds to its inputs, captured in its (stored) text.
  const extra = Object.fromEntries(Object.entries(first.outputs).filter(([key]) => !(key in first.inputs)));
  return `"use strict";
const pulumi = require("@pulumi/pulumi");
const extra = ${JSON.stringify(extra)};
const inputKeys = ${JSON.stringify(Object.keys(first.inputs))};
const shapedNull = {
  async create(inputs) {
    return { id: String(Date.now()) + Math.random().toString(16).slice(2), outs: { ...inputs, ...extra } };
  },
  async diff(id, olds, news) {
    const changed = Object.keys(news).filter(
      (key) => key !== "__provider" && JSON.stringify(olds[key]) !== JSON.stringify(news[key]),
    );
    return { changes: changed.length > 0, replaces: [] };
  },
  async update(id, olds, news) { return { outs: { ...news, ...extra } }; },
  async read(id, props) {
    const inputs = {};
    for (const key of inputKeys) if (key in props) inputs[key] = props[key];
    return { id, props, inputs };
  },
  async delete() {},
};
const secretInputs = ${JSON.stringify([...secretInputs])};
for (const { name, inputs } of ${JSON.stringify(declared.map(({ name, inputs }) => ({ name, inputs })))}) {
  for (const key of secretInputs) if (key in inputs) inputs[key] = pulumi.secret(inputs[key]);
  new pulumi.dynamic.Resource(shapedNull, name, inputs, {
    additionalSecretOutputs: ${JSON.stringify([...secretOutputs])},
  });
}
`;
}
