/**
 * The one reader of a resource's input schema: names, types, defaults, allowed values and descriptions
 * exactly as the zod schema declares them, for every consumer that describes inputs to people (the
 * native provider's package schema, the generated docs tables). Read as JSON Schema of the *input* side:
 * what a program may write, before defaults and transforms apply.
 */
import * as z from "./zod";

/** The subset of JSON Schema that zod produces for the inputs this package declares. */
export interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** One input of a resource. */
export interface InputField {
  name: string;
  /** The zod `.describe()` text. */
  description?: string;
  /** A program must set it. */
  required: boolean;
  /** The value an unset input takes; undefined when it has none. */
  default?: unknown;
  /** The input's own JSON Schema (type, allowed values, nested objects). */
  schema: JsonSchema;
}

/**
 * The input side of a zod schema as JSON Schema; what JSON Schema cannot say (refinements, transforms)
 * is left to check.
 */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** The inputs of an object schema, in declaration order. */
export function inputFields(schema: z.ZodObject): InputField[] {
  const json = inputJsonSchema(schema);
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    ...(property.description === undefined ? {} : { description: property.description }),
    required: required.has(name),
    ...(property.default === undefined ? {} : { default: property.default }),
    schema: property,
  }));
}
