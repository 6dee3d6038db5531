import * as z from "./zod";
import { unwrapSecrets } from "./sanitize";

/** The engine's placeholder for a value not known until apply (preview input to check and diff). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckOutcome {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/** Validation of a whole input object, run once every value it reads is known. */
export type CrossFieldRule<T> = (inputs: T) => CheckFailure[];

const PROVIDER_KEY = "__provider";

/**
 * Validates and normalizes resource inputs with a zod object schema. Properties holding an unknown
 * value are passed through untouched and validated on a later check, once known. Every zod issue
 * becomes a failure naming the property path, so `pulumi preview` points at the field.
 */
export function checkInputs<S extends z.ZodObject>(
  schema: S,
  rawNews: Record<string, unknown>,
  crossField?: CrossFieldRule<z.output<S>>,
): CheckOutcome {
  const news = unwrapSecrets(rawNews) as Record<string, unknown>;
  const known: Record<string, unknown> = {};
  const unknown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(news)) {
    if (key === PROVIDER_KEY) continue;
    (containsUnknown(value) ? unknown : known)[key] = value;
  }
  const unknownKeys = Object.keys(unknown);
  const partialSchema = unknownKeys.length
    ? schema.omit(
        Object.fromEntries(unknownKeys.filter((k) => k in schema.shape).map((k) => [k, true])) as never,
      )
    : schema;
  const parsed = partialSchema.safeParse(known);
  if (!parsed.success) {
    return { inputs: news, failures: parsed.error.issues.map(issueToFailure) };
  }
  const normalized = parsed.data as Record<string, unknown>;
  const failures = unknownKeys.length === 0 && crossField ? crossField(normalized as z.output<S>) : [];
  return { inputs: { ...normalized, ...unknown }, failures };
}

function issueToFailure(issue: z.core.$ZodIssue): CheckFailure {
  if (issue.code === "unrecognized_keys" && issue.path.length > 0) {
    const plural = issue.keys.length > 1 ? "s" : "";
    return {
      property: String(issue.path[0]),
      reason: `${propertyPath(issue.path)}: unknown key${plural} ${issue.keys.join(", ")}`,
    };
  }
  if (issue.code === "unrecognized_keys") {
    return {
      property: issue.keys.join(", "),
      reason: `unknown input${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}`,
    };
  }
  if (issue.path.length === 0) return { property: "(inputs)", reason: `(inputs): ${issue.message}` };
  // No property: the engine prints the value of the one it names, and this value must not be printed.
  if (issue.code === "custom" && issue.params?.withoutValue === true)
    return { property: "", reason: `${propertyPath(issue.path)}: ${issue.message}` };
  // The engine prints the value of `property` by looking it up among the top-level inputs only (a nested path
  // prints as <nil>), so the property is the top-level key and the reason names the exact element.
  return { property: String(issue.path[0]), reason: `${propertyPath(issue.path)}: ${issue.message}` };
}

/** A path in Pulumi's property-path syntax, as `ignoreChanges` takes it: `events[1]`, `staticParameters["a b"]`. */
export function propertyPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === "number") return `[${segment}]`;
      const key = String(segment);
      if (/^[A-Za-z_$][\w$]*$/.test(key)) return index === 0 ? key : `.${key}`;
      return `[${JSON.stringify(key)}]`;
    })
    .join("");
}

/** `string[]` as a set: duplicates dropped, sorted, so order never causes a diff. */
export function sortedSet(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

export interface UrlRules {
  /** Allow plain http:// (some vendors accept it). */
  allowHttp?: boolean;
  maxLength?: number;
}

/** A receiver URL: absolute, https unless allowed otherwise, and without credentials (they would sit in state in clear). */
export function receiverUrl(rules: UrlRules = {}) {
  const maxLength = rules.maxLength ?? 2048;
  const schemes = rules.allowHttp ? ["https:", "http:"] : ["https:"];
  return z
    .string({ error: "must be a string" })
    .max(maxLength, { error: `must be at most ${maxLength} characters` })
    .superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: "custom", message: "must be an absolute URL" });
        return;
      }
      if (!schemes.includes(url.protocol)) {
        ctx.addIssue({
          code: "custom",
          message: `must use ${rules.allowHttp ? "http:// or https://" : "https://"}, not ${url.protocol}//`,
        });
      } else if (url.username || url.password) {
        ctx.addIssue({
          code: "custom",
          message: "must not contain a user name or password (they would be stored in state in clear text)",
          // The engine would print the url, password and all, beside the failure.
          params: { withoutValue: true },
        });
      } else if (/\s/.test(value)) {
        ctx.addIssue({ code: "custom", message: "must not contain whitespace" });
      }
    });
}
