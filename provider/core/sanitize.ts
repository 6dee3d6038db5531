/**
 * The host turns results into protobuf Structs: `undefined` anywhere makes it throw after the vendor
 * call succeeded (orphaning the object), BigInt throws, and a Date becomes `{}`. Everything returned
 * to the host goes through here.
 */
export function toHostValue(value: unknown): unknown {
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return undefined;
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint")
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => toHostValue(item) ?? null);
  if (typeof value === "object") return toHostObject(value as Record<string, unknown>);
  return String(value);
}

export function toHostObject(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(object)) {
    const converted = toHostValue(item);
    if (converted !== undefined) out[key] = converted;
  }
  return out;
}

/** The engine's wrapper for a secret value, should one ever reach the provider un-stripped. */
export const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** `value` wrapped as the engine marks a secret (what a provider that accepts secrets answers with). */
export function markedSecret(value: unknown): Record<string, unknown> {
  return { [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE) return unwrapSecrets(record.value);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}
