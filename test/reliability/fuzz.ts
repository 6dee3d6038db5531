/**
 * Property-based fuzzing of check and diff (fast-check): random and adversarial inputs per resource, derived from a
 * small description of its fields. Invalid inputs must be rejected with the offending property named; valid ones
 * must pass; unknown-value sentinels anywhere must never fail or throw; nothing may throw; check and diff must never
 * send a request (the caller points every vendor's base URL at a server that counts requests).
 */
import * as fc from "fast-check";
import type * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "../harness/urn";

export type FieldKind =
  | { kind: "url"; allowHttp?: boolean }
  | { kind: "string"; maxLength: number; minLength?: number }
  | { kind: "boolean" }
  | { kind: "integer"; min: number; max: number }
  | { kind: "enum"; values: readonly string[] }
  /** A name the vendor may know beyond the listed suggestions: any word of [a-z0-9_.-] is accepted. */
  | { kind: "suggestedName"; values: readonly string[] }
  | { kind: "enumList"; values: readonly string[]; min: number; max: number }
  | { kind: "stringMap"; maxEntries?: number }
  | { kind: "id"; example: string }
  | { kind: "stringOrNumber" }
  /**
   * A set of receiver entries: URL strings, or `{ url, secret }` objects where `secretMaxLength` is given (none
   * where the type takes URL strings only). One url twice with different secrets is invalid.
   */
  | { kind: "entryList"; secretMaxLength?: number };

export interface FieldSpec {
  name: string;
  required: boolean;
  type: FieldKind;
}

export interface FuzzSpec {
  /** e.g. "erzycall.Webhook" */
  resource: string;
  provider: pulumi.dynamic.ResourceProvider;
  fields: FieldSpec[];
  /** Valid values that cannot be told apart from the field kinds alone (e.g. mutually exclusive fields): drop or fix them. */
  normalizeValid?(inputs: Record<string, unknown>): Record<string, unknown>;
}

export interface FuzzFigures {
  resource: string;
  cases: number;
  invalid: number;
  invalidRejectedNamingProperty: number;
  valid: number;
  validAccepted: number;
  withUnknowns: number;
  withUnknownsAccepted: number;
  exceptions: number;
  /** Filled in by the caller from its request-counting server. */
  requests?: number;
}

const HUGE = "x".repeat(100_000);
const UNICODE = "Ω≈ç√∫˜µ≤≥÷ 🚀 \u202e\u0000 漢字";

const hostname = fc.constantFrom("hooks.example.com", "receiver.example.org", "a.b.example.net");
const validUrl = fc
  .tuple(hostname, fc.webPath())
  .map(([host, webPath]) => `https://${host}${webPath.startsWith("/") ? webPath : `/${webPath}`}`);

function validValue(type: FieldKind): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case "url":
      return validUrl;
    case "string":
      return fc.string({
        minLength: Math.max(1, type.minLength ?? 1),
        maxLength: Math.min(type.maxLength, 64),
      });
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: type.min, max: type.max });
    case "enum":
    case "suggestedName":
      return fc.constantFrom(...type.values);
    case "enumList":
      return fc.uniqueArray(fc.constantFrom(...type.values), {
        minLength: type.min,
        maxLength: Math.min(type.max, type.values.length),
      });
    case "stringMap":
      return fc.dictionary(
        fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/),
        fc.string({ minLength: 1, maxLength: 20 }),
        { maxKeys: type.maxEntries ?? 5 },
      );
    case "id":
      return fc.constant(type.example);
    case "stringOrNumber":
      return fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.integer());
    case "entryList": {
      const maxLength = type.secretMaxLength;
      const entry =
        maxLength === undefined
          ? validUrl
          : fc.oneof(
              validUrl,
              validUrl.map((url) => ({ url })),
              fc
                .tuple(validUrl, fc.string({ minLength: 1, maxLength: Math.min(maxLength, 64) }))
                .map(([url, secret]) => ({ url, secret })),
            );
      const urlOf = (item: unknown) => (typeof item === "string" ? item : (item as { url: string }).url);
      return fc.uniqueArray(entry, { maxLength: 4, selector: urlOf });
    }
  }
}

/** Values every field of this kind must reject. */
function invalidValue(type: FieldKind): fc.Arbitrary<unknown> {
  const wrongTypes: unknown[] = [{ nested: true }, [1, 2], 42, true];
  switch (type.kind) {
    case "url":
      return fc.constantFrom<unknown>(
        ...wrongTypes.filter((value) => typeof value !== "string"),
        "",
        "not a url",
        "ftp://hooks.example.com/x",
        "javascript:alert(1)",
        "https://user:password@hooks.example.com/x",
        `https://hooks.example.com/${HUGE}`,
        ...(type.allowHttp ? [] : ["http://hooks.example.com/x"]),
      );
    case "string":
      return fc.oneof(
        fc.constantFrom<unknown>(42, true, { nested: true }, [UNICODE]),
        fc.constant("y".repeat(type.maxLength + 1)),
        fc.constant(HUGE + UNICODE),
      );
    case "boolean":
      return fc.constantFrom<unknown>("true", 1, 0, "yes", { nested: true }, []);
    case "integer":
      return fc.oneof(
        fc.integer({ min: type.max + 1, max: type.max + 1_000_000 }),
        fc.integer({ min: type.min - 1_000_000, max: type.min - 1 }),
        fc.constantFrom<unknown>(type.min + 0.5, String(type.min), true, [type.min]),
      );
    case "enum":
      return fc.oneof(
        fc.string({ maxLength: 30 }).filter((value) => !type.values.includes(value)),
        fc.constantFrom<unknown>(7, true, null, UNICODE),
      );
    case "suggestedName":
      return fc.constantFrom<unknown>("", 7, true, null, UNICODE, "Channel Create", "a/b", "../x", HUGE);
    case "enumList":
      return fc.oneof(
        fc.constant<unknown>(type.values[0]),
        // Only where an empty list is invalid: a filter that never passes would make fast-check retry forever.
        ...(type.min > 0 ? [fc.constant<unknown>([])] : []),
        fc
          .string({ minLength: 1, maxLength: 30 })
          .filter((value) => !type.values.includes(value))
          .map((bad) => [type.values[0], bad]),
        fc.constant<unknown>([42]),
      );
    case "stringMap":
      return fc.constantFrom<unknown>("a=b", 42, ["a", "b"], { key: 42 }, { key: { nested: true } });
    case "id":
      return fc.constantFrom<unknown>("", 42, "a/b", "has space", "../../etc/passwd", HUGE);
    case "stringOrNumber":
      return fc.constantFrom<unknown>("", true, { nested: true }, [1], HUGE);
    case "entryList": {
      const url = "https://hooks.example.com/entry";
      return fc.constantFrom<unknown>(
        url,
        42,
        { nested: true },
        [42],
        ["not a url"],
        ["http://hooks.example.com/x"],
        [`https://hooks.example.com/${HUGE}`],
        ...(type.secretMaxLength === undefined
          ? [[{ url }]]
          : [
              [{ url, secret: 42 }],
              [{ url, secret: "y".repeat(type.secretMaxLength + 1) }],
              [{ url: "ftp://hooks.example.com/x" }],
              [
                { url, secret: "one" },
                { url, secret: "two" },
              ],
            ]),
      );
    }
  }
}

function validInputs(spec: FuzzSpec): fc.Arbitrary<Record<string, unknown>> {
  const required = Object.fromEntries(
    spec.fields.filter((field) => field.required).map((field) => [field.name, validValue(field.type)]),
  );
  const optional = Object.fromEntries(
    spec.fields
      .filter((field) => !field.required && field.type.kind !== "id")
      .map((field) => [field.name, validValue(field.type)]),
  );
  return fc
    .record({ ...required, ...optional }, { requiredKeys: Object.keys(required) })
    .map((inputs) => (spec.normalizeValid ? spec.normalizeValid(inputs) : inputs));
}

type Case =
  | { kind: "valid"; inputs: Record<string, unknown> }
  | { kind: "invalid"; inputs: Record<string, unknown>; property: string }
  | { kind: "unknown"; inputs: Record<string, unknown> };

function cases(spec: FuzzSpec): fc.Arbitrary<Case> {
  const valid = validInputs(spec).map((inputs): Case => ({ kind: "valid", inputs }));
  const invalid = fc
    .tuple(validInputs(spec), fc.constantFrom(...spec.fields))
    .chain(([inputs, field]) =>
      invalidValue(field.type).map(
        (bad): Case => ({ kind: "invalid", inputs: { ...inputs, [field.name]: bad }, property: field.name }),
      ),
    );
  const required = spec.fields.filter((field) => field.required);
  // Only where some field is required: a filter that never passes would make fast-check retry forever.
  const missing = validInputs(spec).chain((inputs) =>
    fc.constantFrom(...required).map((field): Case => {
      const { [field.name]: _dropped, ...rest } = inputs;
      return { kind: "invalid", inputs: rest, property: field.name };
    }),
  );
  const unknownKey = validInputs(spec).map(
    (inputs): Case => ({ kind: "invalid", inputs: { ...inputs, notAnInput: "x" }, property: "notAnInput" }),
  );
  const unknown = fc.tuple(validInputs(spec), fc.constantFrom(...spec.fields)).map(
    ([inputs, field]): Case => ({
      kind: "unknown",
      inputs: { ...inputs, [field.name]: field.type.kind === "enumList" ? [UNKNOWN] : UNKNOWN },
    }),
  );
  return fc.oneof(
    { arbitrary: valid, weight: 3 },
    { arbitrary: invalid, weight: 5 },
    ...(required.length > 0 ? [{ arbitrary: missing, weight: 1 }] : []),
    { arbitrary: unknownKey, weight: 1 },
    { arbitrary: unknown, weight: 2 },
  );
}

/** Runs `runs` cases through check, and diff between consecutive accepted ones; returns the figures and the first counterexample of each kind. */
export async function fuzzResource(
  spec: FuzzSpec,
  runs: number,
  seed: number,
): Promise<{ figures: FuzzFigures; problems: string[] }> {
  const figures: FuzzFigures = {
    resource: spec.resource,
    cases: 0,
    invalid: 0,
    invalidRejectedNamingProperty: 0,
    valid: 0,
    validAccepted: 0,
    withUnknowns: 0,
    withUnknownsAccepted: 0,
    exceptions: 0,
  };
  const problems: string[] = [];
  const note = (problem: string) => {
    if (problems.length < 5) problems.push(problem.slice(0, 600));
  };
  const samples = fc.sample(cases(spec), { numRuns: runs, seed });
  let previous: Record<string, unknown> | undefined;
  for (const sample of samples) {
    figures.cases += 1;
    try {
      const { inputs, failures = [] } = (await spec.provider.check!({}, sample.inputs)) as {
        inputs: Record<string, unknown>;
        failures?: Array<{ property: string; reason: string }>;
      };
      if (sample.kind === "invalid") {
        figures.invalid += 1;
        const named = failures.some(
          (failure) =>
            failure.property === sample.property ||
            failure.property.startsWith(`${sample.property}.`) ||
            failure.property.split(", ").includes(sample.property) ||
            // A value that must not be printed (a secret, a url with a password) is named in the reason only.
            (failure.property === "" && failure.reason.includes(sample.property)),
        );
        if (named) figures.invalidRejectedNamingProperty += 1;
        else
          note(
            `invalid ${sample.property} not rejected by name: ${JSON.stringify(sample.inputs).slice(0, 300)} -> ${JSON.stringify(failures)}`,
          );
      } else if (sample.kind === "valid") {
        figures.valid += 1;
        if (failures.length === 0) figures.validAccepted += 1;
        else note(`valid input rejected: ${JSON.stringify(sample.inputs)} -> ${JSON.stringify(failures)}`);
      } else {
        figures.withUnknowns += 1;
        if (failures.length === 0) figures.withUnknownsAccepted += 1;
        else
          note(
            `input with an unknown rejected: ${JSON.stringify(sample.inputs)} -> ${JSON.stringify(failures)}`,
          );
      }
      if (failures.length === 0) {
        // Diff as the engine calls it: old outputs (a previous accepted input stands in for them) against the new inputs.
        if (previous) await spec.provider.diff!("fuzz-id", previous, inputs);
        previous = inputs;
      }
    } catch (error) {
      figures.exceptions += 1;
      note(
        `exception for ${JSON.stringify(sample.inputs).slice(0, 300)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { figures, problems };
}
