/**
 * zod input schemas as Pulumi package-schema properties: zod gives JSON Schema, which becomes Pulumi's type
 * language (primitives, arrays, maps, named object types, oneOf). Validation-only keywords (patterns, lengths,
 * enums) stay in check, which reports them with the vendor's rule.
 */
import type * as z from "../core/zod";
import { type InputField, inputFields, type JsonSchema } from "../core/input-schema";

/** A Pulumi schema property or type reference. */
export type PulumiType = Record<string, unknown>;

/** Named object types found along the way, by their `#/types/...` token. */
export type TypeTable = Record<
  string,
  { type: "object"; properties: Record<string, PulumiType>; required?: string[]; description?: string }
>;

export interface ObjectSchema {
  properties: Record<string, PulumiType>;
  required: string[];
  /** Inputs with a default, present in every output. */
  defaulted: string[];
}

/**
 * The properties of a zod object, as Pulumi declares a resource's inputs. An object type nested in property `p` is
 * named `typeNames[p]`, or `typePrefix` + `P`.
 */
export function objectSchema(
  schema: z.ZodObject,
  typePrefix: string,
  types: TypeTable,
  typeNames: Record<string, string> = {},
): ObjectSchema {
  const fields = inputFields(schema);
  const properties: Record<string, PulumiType> = {};
  for (const field of fields)
    properties[field.name] = convert(
      field.schema,
      typeNames[field.name] ?? `${typePrefix}${capitalized(field.name)}`,
      types,
    );
  const namesWhere = (keep: (field: InputField) => boolean) => fields.filter(keep).map((field) => field.name);
  return {
    properties,
    required: namesWhere((field) => field.required),
    defaulted: namesWhere((field) => field.default !== undefined),
  };
}

function convert(json: JsonSchema, typeName: string, types: TypeTable): PulumiType {
  const described = json.description === undefined ? {} : { description: json.description };
  const primitiveDefault = ["string", "number", "boolean"].includes(typeof json.default)
    ? { default: json.default }
    : {};
  return { ...typeOf(json, typeName, types), ...described, ...primitiveDefault };
}

function typeOf(json: JsonSchema, typeName: string, types: TypeTable): PulumiType {
  const variants = json.anyOf ?? json.oneOf;
  if (variants) return { oneOf: variants.map((variant) => typeOf(variant, typeName, types)) };
  switch (json.type) {
    case "string":
    case "boolean":
    case "integer":
    case "number":
      return { type: json.type };
    case "array":
      return { type: "array", items: typeOf(json.items ?? {}, typeName, types) };
    case "object":
      if (json.properties) return { $ref: `#/types/${namedObject(json, typeName, types)}` };
      return {
        type: "object",
        additionalProperties:
          typeof json.additionalProperties === "object"
            ? typeOf(json.additionalProperties, typeName, types)
            : { $ref: "pulumi.json#/Any" },
      };
    default:
      return { $ref: "pulumi.json#/Any" };
  }
}

/** The token of an object type; one shape declared twice (the same entry type under several keys) is one type. */
function namedObject(json: JsonSchema, typeName: string, types: TypeTable): string {
  const properties: Record<string, PulumiType> = {};
  for (const [name, property] of Object.entries(json.properties ?? {}))
    properties[name] = convert(property, `${typeName}${capitalized(name)}`, types);
  const spec = {
    type: "object" as const,
    properties,
    ...(json.required?.length ? { required: json.required } : {}),
  };
  const same = Object.entries(types).find(
    ([, existing]) => JSON.stringify(existing) === JSON.stringify(spec),
  );
  if (same) return same[0];
  let name = typeName;
  for (let n = 2; types[name]; n++) name = `${typeName}${n}`;
  types[name] = spec;
  return name;
}

export const capitalized = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
