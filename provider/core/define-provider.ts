import type * as pulumi from "@pulumi/pulumi";
import type * as z from "./zod";
import { type CheckFailure, checkInputs, type CheckOutcome } from "./check";
import { type CreateScope, createdHere, type ListAndMatch, noteRemoved, scopeOf } from "./create-once";
import type { CompleteProvider } from "./complete-provider";
import { useStackConfig } from "./credentials";
import { diffBySpec, type ChangeKind, type DiffOutcome } from "./diff";
import { deletedOutsidePulumi, isNotFound, oneLine, ResourceInitError } from "./errors";
import { IDENTITY_INPUT } from "./identity-input";
import { redact, registerSecret } from "./redact";
import { noteHeldId } from "./state-ids";
import { toHostObject, unwrapSecrets } from "./sanitize";
import {
  placeholderId,
  preexistingOf,
  unconfirmedMessage,
  UnconfirmedCreateError,
} from "./unconfirmed-create";

type Props = Record<string, unknown>;

/** What a create knows beyond the inputs. */
export interface CreateContext {
  /** Project, stack, type, name and parent of the resource, when its SDK class sent them: stable across runs. */
  identity?: string;
}

/**
 * Validates and normalizes; the inputs it returns are what create/update/diff receive as `news`. The zod object
 * schema alone when that is all there is to it (core/check `checkInputs`).
 */
export type CheckStep = z.ZodObject | ((olds: Props, news: Props) => Promise<CheckOutcome>);

/**
 * Compares the stored outputs with the checked inputs. The change-kind table alone when each input's change is
 * carried out one way (core/diff `diffBySpec`).
 */
export type DiffStep<Inputs extends object, Outputs extends object> =
  | Record<keyof Inputs & string, ChangeKind>
  | ((id: string, olds: Outputs, news: Inputs) => Promise<DiffOutcome>);

/** What a vendor implements; `defineProvider` adds configuration, sanitizing and redaction around it. */
export interface ProviderImplementation<Inputs extends object, Outputs extends object> {
  check: CheckStep;
  diff: DiffStep<Inputs, Outputs>;
  /**
   * `tookOver`: the object existed before this create, already as declared, and the create took it over without a
   * write (`adopt`, or an account's one document) instead of making it. A delete of that id later in the same run
   * is then an old resource's (a rename, a replacement that kept the id) and leaves the object to the new one.
   */
  create(inputs: Inputs, context: CreateContext): Promise<{ id: string; outs: Outputs; tookOver?: boolean }>;
  /**
   * Where this resource's objects live (the API and credential their ids belong to), resolved at call time: what a
   * create took over is remembered per place, so an id at another account never counts.
   */
  objectsAt(): CreateScope;
  /** `props` are the stored outputs; return `{ id: "" }` when the object is gone. */
  read(id: string, props: Partial<Outputs>): Promise<{ id: string; props?: Outputs; inputs?: Inputs }>;
  update(id: string, olds: Outputs, news: Inputs): Promise<{ outs: Outputs }>;
  delete(id: string, props: Outputs): Promise<void>;
  /**
   * The values of `props` (inputs or stored outputs, possibly partial) that are secret. The host hands inputs and
   * outputs over without their secret markers, and a refresh or destroy runs in a fresh host that never saw a
   * check, so every operation registers these for redaction before it runs.
   */
  secretValues?(props: Partial<Inputs & Outputs>): unknown[];
  /**
   * For a vendor whose update of an object deleted outside Pulumi fails: where the object lived, as "no longer exists
   * <where>" reads ("at Erzycall"). A not-found error (core/errors `isNotFound`) that ends such an update becomes the
   * one message saying to refresh. A vendor whose update makes a missing object again leaves it out.
   */
  deletedOutsidePulumi?: { where(olds: Outputs): string };
  /**
   * A vendor's duplicate-create protection by list and match (core/create-once), the one place it is declared: its
   * create goes through it, and with it a create can end unconfirmed (core/unconfirmed-create), whose placeholder's
   * delete removes what that create made. A vendor with idempotency keys has it in its client instead.
   */
  // biome-ignore lint/suspicious/noExplicitAny: each vendor's own call target; only its own methods receive it
  listAndMatch?: ListAndMatch<Inputs, unknown, any>;
}

/**
 * Wraps a vendor implementation into the `ResourceProvider` the host calls: stack config goes to
 * the credential resolver, inputs arrive with any secret wrapper removed, results never carry
 * `undefined`/Date/BigInt, and no error leaves with a secret in it.
 */
export function defineProvider<Inputs extends object, Outputs extends object>(
  impl: ProviderImplementation<Inputs, Outputs>,
): CompleteProvider {
  const check = checkStep(impl.check);
  const diff = diffStep(impl.diff);
  /**
   * Ids of existing objects a create of this process took over for a new resource (`tookOver`). A later delete of
   * one of them in the same run is the old resource of a rename (or of a replacement that kept the id), which held
   * the same object: it belongs to the new resource now and must stay. The engine runs creates before the deletes
   * of resources that left the program, so the create comes first.
   */
  const takenOver = new Set<string>();
  const placed = (id: string) => `${scopeOf(impl.objectsAt())}\n${id}`;
  /** The arguments of an operation, unwrapped, their secret values registered for redaction. */
  const argument = (props: Props | undefined): Props => {
    const value = plain(props ?? {});
    impl.secretValues?.(value as Partial<Inputs & Outputs>).forEach(registerSecret);
    return value;
  };
  return {
    async configure(request: pulumi.dynamic.ConfigureRequest) {
      useStackConfig(request.config);
    },
    check: (olds: Props, news: Props) =>
      guarded(async () => {
        const declared = argument(news);
        const checked = await check(argument(olds), declared);
        const result = {
          ...checked,
          failures: withoutSecretEcho(checked.failures, declared, impl.secretValues),
        };
        // Validation never sees the identity; create needs it, and create receives what check returns.
        const identity = news[IDENTITY_INPUT];
        return identity === undefined
          ? result
          : { ...result, inputs: { ...result.inputs, [IDENTITY_INPUT]: identity } };
      }),
    diff: (id: string, olds: Props, news: Props) =>
      guarded(async () => {
        noteHeldId(id);
        // Whatever changed, an unconfirmed create is replaced: its delete removes what the attempt made, first.
        if (preexistingOf(id) !== undefined)
          return { changes: true, replaces: Object.keys(argument(news)).sort(), deleteBeforeReplace: true };
        return diff(id, argument(olds) as Outputs, argument(news) as Inputs);
      }),
    create: (inputs: Props) =>
      guarded(async () => {
        const identity = inputs[IDENTITY_INPUT];
        const declared = argument(inputs);
        try {
          const result = await impl.create(declared as Inputs, {
            identity: typeof identity === "string" ? identity : undefined,
          });
          if (result.tookOver) takenOver.add(placed(result.id));
          return { id: result.id, outs: toHostObject(result.outs as Props) };
        } catch (error) {
          if (!(error instanceof UnconfirmedCreateError)) throw error;
          // A vendor that cannot remove what such a create made must not leave a placeholder nothing can settle.
          if (!impl.listAndMatch) throw error.reason;
          const id = placeholderId(error.preexisting);
          throw new ResourceInitError(id, declared, unconfirmedMessage(error, id));
        }
      }, inputs),
    read: (id: string, props?: Props) =>
      guarded(async () => {
        noteHeldId(id);
        const stored = argument(props);
        // Nothing at the vendor answers to a placeholder; it stays until an up or destroy settles it.
        if (preexistingOf(id) !== undefined)
          return { id, props: toHostObject(stored), inputs: toHostObject(stored) };
        const result = await impl.read(id, stored as Partial<Outputs>);
        return toHostObject(result as Props) as { id: string };
      }),
    update: (id: string, olds: Props, news: Props) =>
      guarded(async () => {
        noteHeldId(id);
        if (preexistingOf(id) !== undefined)
          throw new Error(
            `${id} is a create that could not be confirmed and cannot be updated; \`pulumi up\` replaces it`,
          );
        const stored = argument(olds) as Outputs;
        try {
          return {
            outs: toHostObject((await impl.update(id, stored, argument(news) as Inputs)).outs as Props),
          };
        } catch (error) {
          const deleted = impl.deletedOutsidePulumi;
          if (!deleted || !isNotFound(error)) throw error;
          throw deletedOutsidePulumi(error, id, deleted.where(stored));
        }
      }, news),
    delete: (id: string, props: Props) =>
      guarded(async () => {
        noteHeldId(id);
        const preexisting = preexistingOf(id);
        if (takenOver.size > 0 && takenOver.has(placed(id))) return;
        if (preexisting === undefined) return impl.delete(id, argument(props) as Outputs);
        const guard = impl.listAndMatch;
        if (!guard) return; // never made by such a vendor (see create)
        const declared = argument(props) as Inputs;
        const api = guard.api();
        for (const made of await guard.matchingIds(api, declared)) {
          // What this process made belongs to a resource of this run declared the same way: not the attempt's.
          if (preexisting.includes(made) || createdHere(api, made)) continue;
          await guard.remove(api, made, declared);
          noteRemoved(api, made);
        }
      }),
  };
}

/**
 * The engine prints a check failure as "property <name> value {<value>} has a problem", the value as the program
 * gave it: a secret passed as a plain string would be printed in clear. A failure of a property that holds one
 * of the resource's secret values names no property (the engine then prints "has a problem: <reason>", and the
 * reason starts with the property's path).
 */
function withoutSecretEcho<Inputs extends object, Outputs extends object>(
  failures: CheckFailure[],
  declared: Props,
  secretValues: ProviderImplementation<Inputs, Outputs>["secretValues"],
): CheckFailure[] {
  const secrets = (secretValues?.(declared as Partial<Inputs & Outputs>) ?? []).filter(
    (value): value is string => typeof value === "string" && value !== "",
  );
  if (secrets.length === 0) return failures;
  // A value that is one of them, at any depth: a short secret ("0") must not hide an unrelated `active: 0`.
  const holds = (value: unknown): boolean =>
    typeof value === "string"
      ? secrets.includes(value)
      : value !== null && typeof value === "object" && Object.values(value).some(holds);
  const holdsSecret = (property: string) => holds(declared[property]);
  return failures.map((failure) => (holdsSecret(failure.property) ? { ...failure, property: "" } : failure));
}

function checkStep(step: CheckStep): (olds: Props, news: Props) => Promise<CheckOutcome> {
  return typeof step === "function" ? step : async (_olds, news) => checkInputs(step, news);
}

function diffStep<Inputs extends object, Outputs extends object>(
  step: DiffStep<Inputs, Outputs>,
): (id: string, olds: Outputs, news: Inputs) => Promise<DiffOutcome> {
  return typeof step === "function" ? step : async (_id, olds, news) => diffBySpec(olds, news, step);
}

function plain(props: Props): Props {
  const { __provider: _provider, [IDENTITY_INPUT]: _identity, ...rest } = unwrapSecrets(props) as Props;
  return rest;
}

/** `programInputs` are the inputs of a create or update, whose `__provider` a partial failure must keep. */
async function guarded<T>(call: () => Promise<T>, programInputs?: Props): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw scrubbed(error, programInputs?.__provider);
  }
}

/** The same error with every secret removed from what the host will print or store. */
function scrubbed(error: unknown, providerText: unknown): Error {
  if (error instanceof ResourceInitError) {
    // The host adds `__provider` to the outputs of a success but not to those of a partial failure; without it
    // the engine's next delete or refresh of the half-made resource cannot find a provider to run.
    const properties =
      providerText === undefined ? error.properties : { ...error.properties, __provider: providerText };
    const clean = new ResourceInitError(error.id, toHostObject(properties), error.message);
    clean.stack = clean.message;
    return clean;
  }
  const message = redact(oneLine(error instanceof Error ? error.message : String(error)));
  const clean = error instanceof Error ? error : new Error(message);
  clean.message = message;
  // The host prints `stack` when present; keep it to the one readable line.
  clean.stack = `${clean.name === "Error" ? "Error" : clean.name}: ${message}`;
  return clean;
}
