/**
 * The markdown tables `npm run docs` writes: a resource's inputs and outputs (from its zod schema, through
 * the shared reader) and the README's list of resources and functions.
 */
import { type InputField, inputFields, type JsonSchema } from "../provider/core/input-schema";
import type { ChangeKind } from "../provider/core/diff";
import type { ExtraOutput, NativeResourceEntry } from "../provider/native/resources";
import type { SdkFunction } from "./sdk-source";

const CHANGE_EFFECT: Record<ChangeKind, string> = {
  update: "in place",
  replace: "replaces",
  ignore: "ignored after create",
};

/** A table cell: one line, pipes escaped (also inside code spans, as GitHub's tables require). */
const cell = (text: string): string => text.replace(/\s+/g, " ").replace(/\|/g, "\\|");
const row = (cells: string[]): string => `| ${cells.map(cell).join(" | ")} |`;
const code = (text: string): string => `\`${text}\``;

/**
 * An input's type as a program writes it, TypeScript-like; the values of an array of enums are listed
 * apart.
 */
export function typeText(schema: JsonSchema): string {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeText).join(" | ");
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  switch (schema.type) {
    case "array": {
      const items = schema.items ?? {};
      if (items.enum) return `${items.type ?? "string"}[]`;
      const item = typeText(items);
      return items.anyOf || items.oneOf ? `Array<${item}>` : `${item}[]`;
    }
    case "object":
      if (schema.properties) {
        const required = new Set(schema.required ?? []);
        const names = Object.keys(schema.properties).map((name) => (required.has(name) ? name : `${name}?`));
        return `{ ${names.join(", ")} }`;
      }
      if (typeof schema.additionalProperties === "object")
        return `Record<string, ${typeText(schema.additionalProperties)}>`;
      return "Record<string, unknown>";
    case undefined:
      return "unknown";
    default:
      return schema.type;
  }
}

function defaultText(field: InputField): string {
  if (field.required) return "required";
  return field.default === undefined ? "optional" : code(JSON.stringify(field.default));
}

/** The inputs table of a resource, then the allowed values of its lists of catalogue names. */
export function inputsTable(entry: NativeResourceEntry): string {
  const fields = inputFields(entry.inputs);
  const lines = [
    row(["input", "type", "default", "on change", "description"]),
    "|---|---|---|---|---|",
    ...fields.map((field) =>
      row([
        code(field.name),
        code(typeText(field.schema)),
        defaultText(field),
        CHANGE_EFFECT[entry.changeKinds[field.name] ?? "update"],
        field.description ?? "",
      ]),
    ),
  ];
  for (const field of fields) {
    const values = field.schema.items?.enum;
    if (values)
      lines.push("", `${code(field.name)} takes: ${values.map((value) => code(String(value))).join(", ")}.`);
  }
  return lines.join("\n");
}

/** An output's description, saying when it is a secret output (the SDK's TSDoc says the same). */
export const outputText = (output: ExtraOutput): string =>
  `${output.description}${output.secret ? " A secret output." : ""}`;

/** What a resource adds to its inputs as outputs. */
export function outputsTable(entry: NativeResourceEntry): string {
  return [
    row(["output", "type", "description"]),
    "|---|---|---|",
    ...Object.entries(entry.outputs).map(([name, output]) =>
      row([code(name), code(output.type), outputText(output)]),
    ),
  ].join("\n");
}

/** One row of the README's list: a resource or a function of a vendor. */
export interface ReferenceRow {
  platform: string;
  /** `vendor.Name` or `vendor.function(...)`. */
  name: string;
  summary: string;
  /** The docs page, with an anchor when the row has a section of its own. */
  link: string;
}

export const functionName = (vendor: string, fn: SdkFunction): string =>
  `${vendor}.${fn.name}(${fn.parameters ? `{ ${fn.parameters.join(", ")} }` : ""})`;

export function referenceTable(rows: ReferenceRow[]): string {
  return [
    row(["platform", "resource or function", "what it is", "reference"]),
    "|---|---|---|---|",
    ...rows.map((each) => {
      const page = each.link.replace(/^.*\/(docs\/[^/#]+)(#.*)?$/, "$1");
      return row([each.platform, code(each.name), each.summary, `[${page}](${each.link})`]);
    }),
  ].join("\n");
}
