import { isDeepStrictEqual } from "node:util";
import type * as checkModule from "./check";
import { useStackConfig, type StackConfig } from "./credentials";
import type { ChangeKind } from "./diff";
import { ResourceInitError } from "./errors";
import { IDENTITY_INPUT } from "./identity-input";
import { markedSecret, SECRET_SIGNATURE, SECRET_SIGNATURE_KEY, unwrapSecrets } from "./sanitize";
import type { CompleteProvider } from "./complete-provider";

type Props = Record<string, unknown>;
/**
 * Loaded with the first diff: check.ts brings zod, which the plugin needs only once it serves a resource. Kept once
 * loaded: `require` resolves its path again on every call, which cost more than the diff itself.
 */
let checkCode: typeof checkModule | undefined;
const containsUnknown = (value: unknown) =>
  (checkCode ??= require("./check") as typeof checkModule).containsUnknown(value);

/** How one property differs, in the terms of the engine's detailed diff. */
export type PropertyChange =
  | "add"
  | "add-replace"
  | "delete"
  | "delete-replace"
  | "update"
  | "update-replace";

export interface NativeDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Every changed input, by name: what the engine shows per property. */
  detailed: Record<string, PropertyChange>;
}

/** What a native resource needs beyond the dynamic provider `defineProvider` made. */
export interface NativeResourceSpec {
  /** The dynamic provider of the resource, exactly as the dynamic resources use it. */
  provider: CompleteProvider;
  /** How a change of each input is carried out (the same table the provider's diff uses). */
  changeKinds: Record<string, ChangeKind>;
  /** Outputs that are always secret, whatever the inputs were. */
  secretOutputs: readonly string[];
}

/** A resource in the native provider's terms: values as they travel on the wire, secrets wrapped. */
export interface NativeResource {
  check(
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: Array<{ property: string; reason: string }> }>;
  diff(id: string, olds: Props, news: Props): Promise<NativeDiff>;
  create(urn: string, news: Props): Promise<{ id: string; outs: Props }>;
  /** `props` empty for an import: only the id is known. */
  read(id: string, props: Props, inputs: Props): Promise<{ id: string; props: Props; inputs: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, props: Props): Promise<void>;
}

/**
 * Provider config of the native provider: one object per vendor (`webhooks:erzycall` → `{ apiKey, baseUrl }`),
 * seen by the vendors' credential resolution as the stack config keys they read (`erzycall:apiKey`).
 */
export function useProviderConfig(objects: Record<string, Record<string, string>>): void {
  providerConfig = providerConfigOf(objects);
  useStackConfig(providerConfig);
}

function providerConfigOf(objects: Record<string, Record<string, string>>): StackConfig {
  return {
    get(key) {
      const colon = key.indexOf(":");
      return colon < 0 ? undefined : objects[key.slice(0, colon)]?.[key.slice(colon + 1)];
    },
    nameOf: (key) => `webhooks:${key.replace(":", ".")}`,
  };
}

let providerConfig: StackConfig = providerConfigOf({});

/**
 * The provider config as the vendors' SDK functions take their stack config: a function served by the native
 * provider runs exactly as in a program, with the provider's settings where the program's stack config was.
 */
export function providerStackConfig(): StackConfig {
  return providerConfig;
}

/**
 * Serves a dynamic provider as a native resource: the dynamic provider runs unchanged; this adds what the native
 * protocol has and the dynamic one lacks: secrets marked on the wire, a per-property diff, the URN as the create's
 * identity (the Idempotency-Key source), and reads that start from nothing but an id.
 */
export function nativeResource(spec: NativeResourceSpec): NativeResource {
  const { provider, changeKinds } = spec;
  /** Outputs to mark secret: the always-secret ones and whatever arrived secret. */
  const secretKeys = (...sources: Props[]) =>
    new Set([...spec.secretOutputs, ...sources.flatMap(keysHoldingSecrets)]);
  return {
    async check(olds, news) {
      const result = await provider.check(olds, news);
      return { inputs: markSecrets(result.inputs ?? {}, secretKeys(news)), failures: result.failures ?? [] };
    },
    async diff(id, olds, news) {
      const result = await provider.diff(id, olds, news);
      return detailedDiff(unwrapSecrets(olds) as Props, unwrapSecrets(news) as Props, result, changeKinds);
    },
    async create(urn, news) {
      const keys = secretKeys(news);
      const result = await secretsKept(() => provider.create({ ...news, [IDENTITY_INPUT]: urn }), keys);
      return { id: result.id, outs: markSecrets(result.outs, keys) };
    },
    async read(id, props, inputs) {
      const result = await provider.read(id, props);
      const keys = secretKeys(props, inputs);
      return {
        id: result.id ?? "",
        props: markSecrets(result.props ?? {}, keys),
        inputs: markSecrets(result.inputs ?? {}, keys),
      };
    },
    async update(id, olds, news) {
      const keys = secretKeys(olds, news);
      const result = await secretsKept(() => provider.update(id, olds, news), keys);
      return { outs: markSecrets(result.outs ?? {}, keys) };
    },
    delete: (id, props) => provider.delete(id, props),
  };
}

function detailedDiff(
  olds: Props,
  news: Props,
  result: { changes?: boolean; replaces?: string[]; deleteBeforeReplace?: boolean },
  kinds: Record<string, ChangeKind>,
): NativeDiff {
  const replaces = result.replaces ?? [];
  const detailed: Record<string, PropertyChange> = {};
  for (const key of new Set([...Object.keys(kinds), ...replaces])) {
    const replaced = replaces.includes(key);
    const changed = containsUnknown(news[key]) || !isDeepStrictEqual(olds[key], news[key]);
    if (!replaced && (!changed || kinds[key] === "ignore")) continue;
    const kind = olds[key] === undefined ? "add" : news[key] === undefined ? "delete" : "update";
    detailed[key] = replaced ? `${kind}-replace` : kind;
  }
  const changes = result.changes ?? false;
  return {
    changes,
    replaces,
    deleteBeforeReplace: result.deleteBeforeReplace ?? false,
    detailed: changes ? detailed : {},
  };
}

/** Top-level keys whose value holds a value the engine sent as secret. */
function keysHoldingSecrets(props: Props): string[] {
  return Object.keys(props).filter((key) => holdsSecret(props[key]));
}

function holdsSecret(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (value === null || typeof value !== "object") return false;
  const record = value as Props;
  return record[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE || Object.values(record).some(holdsSecret);
}

export function markSecrets(props: Props, keys: ReadonlySet<string>): Props {
  const marked: Props = {};
  for (const [key, value] of Object.entries(props)) {
    // Copied only where a marker must come off: the rest is passed on as it is (encoding copies it anyway).
    const plain = holdsSecret(value) ? unwrapSecrets(value) : value;
    marked[key] = keys.has(key) ? markedSecret(plain) : plain;
  }
  return marked;
}

/** A partial failure's properties are stored like outputs: their secrets are marked the same way. */
async function secretsKept<T>(call: () => Promise<T>, keys: ReadonlySet<string>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ResourceInitError)) throw error;
    const marked = new ResourceInitError(error.id, markSecrets(error.properties, keys), error.message);
    marked.stack = marked.message;
    throw marked;
  }
}
