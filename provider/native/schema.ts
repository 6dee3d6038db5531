/**
 * The Pulumi package schema of the native provider, built from the same zod schemas the resources check with
 * (`npm run schema` writes it to schema.json; GetSchema serves the same document).
 */
import { capitalized, objectSchema, type PulumiType, type TypeTable } from "./schema-types";
import { VENDOR_CONFIG, VENDORS } from "./config";
import { NATIVE_FUNCTIONS, type FunctionSchemaContext } from "./functions";
import { NATIVE_RESOURCES, tokenOf, type NativeResourceEntry } from "./resources";

export function packageSchema(version: string): Record<string, unknown> {
  const types: TypeTable = {};
  const configVariables: Record<string, PulumiType> = {};
  for (const vendor of VENDORS) {
    const token = `webhooks:index:${capitalized(vendor)}Config`;
    const keys = Object.entries(VENDOR_CONFIG[vendor]);
    types[token] = {
      type: "object",
      description: `Settings of the ${capitalized(vendor)} API; each falls back to its environment variable.`,
      properties: Object.fromEntries(
        keys.map(([name, key]) => [
          name,
          {
            type: "string",
            description: `${key.description} Environment: ${key.envVar}.`,
            ...(key.secret ? { secret: true } : {}),
          },
        ]),
      ),
    };
    configVariables[vendor] = {
      $ref: `#/types/${token}`,
      description: `${capitalized(vendor)} credentials and endpoint.`,
    };
  }
  const resources = Object.fromEntries(
    NATIVE_RESOURCES.map((entry) => [tokenOf(entry), resourceSpec(entry, types)]),
  );
  const context: FunctionSchemaContext = {
    types,
    outputsOf(token) {
      const spec = resources[token];
      if (!spec) throw new Error(`a function refers to ${token}, which is no resource of the plugin`);
      return { properties: spec.properties, required: spec.required };
    },
  };
  const functions: Record<string, unknown> = {};
  for (const fn of NATIVE_FUNCTIONS) {
    const { inputs, requiredInputs, outputs, requiredOutputs } = fn.schema(context);
    functions[fn.token] = {
      description: fn.description,
      inputs: { properties: inputs, ...(requiredInputs.length ? { required: requiredInputs } : {}) },
      outputs: { properties: outputs, required: requiredOutputs },
    };
  }
  return {
    name: "webhooks",
    displayName: "Webhooks",
    version,
    description:
      "Manage webhook endpoints on Convirza, Converc, Conversant, Sendblue and Erzycall declaratively.",
    keywords: ["pulumi", "webhooks", "category/utility"],
    license: "Apache-2.0",
    config: { variables: configVariables },
    provider: {
      description: "The webhooks provider: one settings object per vendor.",
      inputProperties: configVariables,
    },
    types: sortedByKey(types),
    resources,
    functions,
    language: {
      nodejs: { packageName: "@pulumi-webhooks/native", dependencies: { "@pulumi/pulumi": "^3.0.0" } },
      python: { packageName: "pulumi_webhooks_native" },
      go: { importBasePath: "github.com/pulumi-webhooks/native/sdk/go/webhooks" },
      csharp: { rootNamespace: "PulumiWebhooks" },
    },
  };
}

interface ResourceSpec {
  description: string;
  inputProperties: Record<string, PulumiType>;
  requiredInputs: string[];
  properties: Record<string, PulumiType>;
  required: string[];
}

function resourceSpec(entry: NativeResourceEntry, types: TypeTable): ResourceSpec {
  const inputs = objectSchema(entry.inputs, `webhooks:${entry.vendor}:${entry.name}`, types, entry.typeNames);
  const secret = new Set(entry.secretInputs);
  const replaced = new Set(
    Object.keys(entry.changeKinds).filter((key) => entry.changeKinds[key] === "replace"),
  );
  const decorate = (name: string, property: PulumiType): PulumiType => ({
    ...property,
    ...(secret.has(name) ? { secret: true } : {}),
    ...(replaced.has(name) ? { replaceOnChanges: true } : {}),
  });
  const inputProperties = Object.fromEntries(
    Object.entries(inputs.properties).map(([name, property]) => [name, decorate(name, property)]),
  );
  const outputProperties = { ...inputProperties };
  for (const [name, output] of Object.entries(entry.outputs)) {
    outputProperties[name] = {
      ...(outputProperties[name] ?? {}),
      type: output.type,
      description: output.description,
      ...(output.secret ? { secret: true } : {}),
    };
  }
  const requiredOutputs = new Set([
    ...inputs.required,
    ...inputs.defaulted,
    ...Object.keys(entry.outputs).filter((name) => entry.outputs[name]!.required),
  ]);
  return {
    description: `${entry.description}\n\nImport id: ${entry.importId}.`,
    inputProperties,
    requiredInputs: inputs.required,
    properties: outputProperties,
    required: [...requiredOutputs].sort(),
  };
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
