/**
 * The one model of what the Pulumi engine does with a dynamic resource, shared by the lifecycle runner
 * (test/lifecycle/engine.ts), the reliability runs (test/reliability/fault-run.ts, rate-limits.ts) and the bench
 * (test/bench/run.ts). It follows the engine's step generator and step executor (pkg/resource/deploy,
 * step_generator.go and step.go of pulumi 3.276.0):
 *
 * - The step generator takes one registration at a time: Check (olds = the stored inputs), then for a resource in
 *   state Diff against its stored outputs. A Diff answering "unknown" becomes the engine's own diff of the old and
 *   new inputs. A resource kept from a partial failure (init errors) gets an Update even when Diff finds nothing.
 * - A replacement runs Check once more without olds (the engine recomputes the defaults for the new object) and
 *   creates from that. It deletes first when the resource option `deleteBeforeReplace` says so, else when the
 *   provider's Diff does; the old object is then kept as "pending replacement" until its replacement exists, so a
 *   failed create is retried by the next `up` without a second Delete. Otherwise the new object is created first
 *   and the old one is condemned: deleted after the program finished and every other step ran, or, when the run
 *   failed, at the start of the next `up`.
 * - The steps the generator makes run on up to `parallel` workers at once (`pulumi up --parallel`).
 * - A partial failure (ErrorResourceInitFailed) of Create or Update keeps the object with the properties the
 *   provider reported and init errors; a replacement whose Create failed so still condemns the old object.
 * - Refresh reads every resource: an empty id removes it; else its outputs (and the inputs the provider returned,
 *   if any) replace the stored ones and the init errors are those of the read, so a clean read clears them. A
 *   partial failure of Read is a warning, not a failure. It shows drift where the provider's Diff of the read
 *   object against the stored inputs finds changes. A resource pending replacement is not read.
 * - Delete of a resource pending replacement calls no Delete: its object is already gone.
 *
 * What it does not cover, and which real-CLI test (test/cli) does: `--target` and `--replace`
 * (engine-paths.test.ts: a targeted replacement, `--replace` refused and with deleteBeforeReplace), `up --refresh`
 * and `preview --refresh` (engine-paths.test.ts), `preview --diff` output (engine-paths.test.ts), a killed `up`
 * and its pending operations (killed-up.test.ts), two stacks deploying at once (engine-paths.test.ts,
 * rate-limits.test.ts), the default provider's inputs holding the stack config (programs.test.ts, the GitOps
 * jobs in engine-paths.test.ts). Not modelled and not needed by any test here: dependencies between resources
 * (every resource of this package stands alone), explicit providers, `ignoreChanges`, `replaceOnChanges`,
 * `protect`, aliases, imports, retain-on-delete, `--continue-on-error` (the fault runs count each operation's
 * outcome, as that flag would; the lifecycle runner stops at the first failed step as the engine does by
 * default).
 */
import { isDeepStrictEqual } from "node:util";
import { HostCallError } from "./host-error";
import type { DiffResult, HostClient, PropertyMap } from "./host-protocol";
import { SECRET_SIG, SECRET_SIG_KEY } from "./urn";

/** What the engine's state holds for one resource. */
export interface StoredResource {
  id: string;
  /** The checked inputs, `__provider` included. */
  inputs: PropertyMap;
  /** As the provider returned them (the host adds `__provider`). */
  outputs: PropertyMap;
  /** Kept from a partial failure: the next `up` updates it whatever Diff says. */
  initErrors?: boolean;
  /** Its object was deleted for a delete-before-replace whose create has not succeeded yet. */
  pendingReplacement?: boolean;
}

export type StepKind = "create" | "same" | "update" | "replace";

/** The step the generator made for one registration. */
export interface PlannedStep {
  kind: StepKind;
  /** The checked inputs the step creates or updates from, and the state then stores. */
  inputs: PropertyMap;
  /** For a replacement: delete the old object before creating the new one. */
  deleteFirst: boolean;
}

/** Where a step puts what the engine keeps for one resource. */
export interface ResourceSlot {
  /** What the state holds for the resource from now on (undefined: nothing). */
  set(stored: StoredResource | undefined): void;
  /** The old object of a create-before-delete replacement: deleted at the end of the run (a pending delete). */
  condemn(old: StoredResource): void;
}

export interface Registration {
  urn: string;
  /** What the state holds for this urn before the step, if anything. */
  old: StoredResource | undefined;
  /** The inputs the program registered (secrets unwrapped), `__provider` included. */
  news: PropertyMap;
  /** The `deleteBeforeReplace` resource option, when the program set it. */
  deleteBeforeReplace?: boolean;
}

/** Check answered with failures: the engine prints them and fails the step. */
export class CheckFailure extends Error {
  constructor(
    urn: string,
    readonly failures: Array<{ property: string; reason: string }>,
  ) {
    super(`${urn}: ${failures.map((failure) => `${failure.property}: ${failure.reason}`).join("; ")}`);
    this.name = "CheckFailure";
  }
}

async function checked(host: HostClient, urn: string, olds: PropertyMap, news: PropertyMap) {
  const result = await host.check(urn, olds, news);
  if (result.failures.length) throw new CheckFailure(urn, result.failures);
  return result.inputs;
}

function unwrapSecrets(value: unknown): unknown {
  if (typeof value === "object" && value !== null && (value as PropertyMap)[SECRET_SIG_KEY] === SECRET_SIG)
    return unwrapSecrets((value as { value: unknown }).value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unwrapSecrets(item)]));
  return value;
}

/** Whether a Diff found changes; the engine answers "unknown" with its own diff of the inputs, secrets unwrapped. */
function changed(diff: DiffResult, oldInputs: PropertyMap, newInputs: PropertyMap): boolean {
  if (diff.changes !== "unknown") return diff.changes === "some";
  return !isDeepStrictEqual(unwrapSecrets(oldInputs), unwrapSecrets(newInputs));
}

/** The step generator's work for one registration: Check, and Diff for a resource in state. Changes nothing. */
export async function planStep(host: HostClient, registration: Registration): Promise<PlannedStep> {
  const { urn, old, news } = registration;
  const inputs = await checked(host, urn, old?.inputs ?? {}, news);
  if (!old) return { kind: "create", inputs, deleteFirst: false };
  const diff = await host.diff(old.id, urn, old.outputs, inputs, { oldInputs: old.inputs });
  const someChanges = changed(diff, old.inputs, inputs);
  if ((someChanges && diff.replaces.length > 0) || old.pendingReplacement) {
    return {
      kind: "replace",
      // The replacement's defaults are computed afresh: Check with no olds.
      inputs: await checked(host, urn, {}, news),
      deleteFirst: registration.deleteBeforeReplace ?? diff.deleteBeforeReplace,
    };
  }
  if (someChanges || old.initErrors) return { kind: "update", inputs, deleteFirst: false };
  return { kind: "same", inputs, deleteFirst: false };
}

/** A Create, keeping a partial failure's object in the slot before the error goes on. */
async function create(host: HostClient, urn: string, inputs: PropertyMap, slot: ResourceSlot) {
  try {
    const created = await host.create(urn, inputs);
    const stored: StoredResource = { id: created.id, inputs, outputs: created.properties };
    slot.set(stored);
    return stored;
  } catch (error) {
    if (error instanceof HostCallError && error.initFailure) {
      const { id, properties } = error.initFailure;
      slot.set({ id, inputs, outputs: properties, initErrors: true });
    }
    throw error;
  }
}

/** The step executor's work for one planned step: the Create, Update or Delete calls, and what the state keeps. */
export async function applyStep(
  host: HostClient,
  urn: string,
  old: StoredResource | undefined,
  step: PlannedStep,
  slot: ResourceSlot,
): Promise<StoredResource> {
  if (step.kind === "create" || !old) return create(host, urn, step.inputs, slot);
  if (step.kind === "same") {
    const same = { ...old, inputs: step.inputs };
    slot.set(same);
    return same;
  }
  if (step.kind === "update") {
    try {
      const updated = await host.update(old.id, urn, old.outputs, step.inputs, { oldInputs: old.inputs });
      const stored: StoredResource = { id: old.id, inputs: step.inputs, outputs: updated.properties };
      slot.set(stored);
      return stored;
    } catch (error) {
      if (error instanceof HostCallError && error.initFailure)
        slot.set({
          id: old.id,
          inputs: step.inputs,
          outputs: error.initFailure.properties,
          initErrors: true,
        });
      throw error;
    }
  }
  if (old.pendingReplacement) return create(host, urn, step.inputs, slot);
  if (step.deleteFirst) {
    await host.delete(old.id, urn, old.outputs, { oldInputs: old.inputs });
    slot.set({ ...old, pendingReplacement: true });
    return create(host, urn, step.inputs, slot);
  }
  // Once the replacement exists, even half made, the old object is the engine's to delete; a create that made
  // nothing leaves the old object the resource.
  try {
    const replacement = await create(host, urn, step.inputs, slot);
    slot.condemn(old);
    return replacement;
  } catch (error) {
    if (error instanceof HostCallError && error.initFailure) slot.condemn(old);
    throw error;
  }
}

/** Delete of a resource the program no longer declares, of a condemned object, or of everything on destroy. */
export async function deleteStored(host: HostClient, urn: string, stored: StoredResource): Promise<void> {
  if (stored.pendingReplacement) return;
  await host.delete(stored.id, urn, stored.outputs, { oldInputs: stored.inputs });
}

export type RefreshKind = "same" | "drift" | "gone";

/**
 * Refresh of one resource: Read, then what the state holds from now on (undefined: it is gone) and whether it
 * changed. `warnings` gets the text of a partial failure, which the engine prints without failing.
 */
export async function refreshStored(
  host: HostClient,
  urn: string,
  stored: StoredResource,
  warnings: string[] = [],
): Promise<{ kind: RefreshKind; stored: StoredResource | undefined }> {
  if (stored.pendingReplacement) return { kind: "same", stored };
  let read: { id: string; properties: PropertyMap; inputs?: PropertyMap };
  let initErrors: true | undefined;
  try {
    read = await host.read(stored.id, urn, stored.outputs, stored.inputs);
  } catch (error) {
    if (!(error instanceof HostCallError && error.initFailure)) throw error;
    warnings.push([error.message, ...error.initFailure.reasons].join("\n"));
    read = error.initFailure;
    initErrors = true;
  }
  if (read.id === "") return { kind: "gone", stored: undefined };
  const refreshed: StoredResource = {
    id: read.id,
    inputs: read.inputs ?? stored.inputs,
    outputs: read.properties,
    ...(initErrors ? { initErrors } : {}),
  };
  // Drift is what a no-change `up` right after would do, as the provider's Diff sees it: the refreshed object
  // against the inputs the state held.
  const diff = await host.diff(refreshed.id, urn, refreshed.outputs, stored.inputs, {
    oldInputs: refreshed.inputs,
  });
  return { kind: changed(diff, refreshed.inputs, stored.inputs) ? "drift" : "same", stored: refreshed };
}

/**
 * One deployment's step generator and executor: registrations are planned one at a time in the order they come,
 * and their steps run on up to `parallel` workers at once.
 */
export class Deployment {
  private generator: Promise<unknown> = Promise.resolve();
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly host: HostClient,
    private readonly parallel = 16,
  ) {}

  /** Plans the registration's step in turn, without running it (a preview). */
  plan(registration: Registration): Promise<PlannedStep> {
    const planned = this.generator.then(() => planStep(this.host, registration));
    this.generator = planned.catch(() => undefined);
    return planned;
  }

  /** Plans the registration's step in turn, then runs it on a free worker; `onPlanned` hears the step first. */
  async register(
    registration: Registration,
    slot: ResourceSlot,
    onPlanned?: (step: PlannedStep) => void,
  ): Promise<{ step: PlannedStep; stored: StoredResource }> {
    const step = await this.plan(registration);
    onPlanned?.(step);
    const stored = await this.onWorker(() =>
      applyStep(this.host, registration.urn, registration.old, step, slot),
    );
    return { step, stored };
  }

  /** Runs `work` when one of the `parallel` workers is free. */
  async onWorker<T>(work: () => Promise<T>): Promise<T> {
    while (this.running >= this.parallel) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/**
 * The state of a run that declares its resources by number (the reliability runs, the bench): what the engine
 * holds for each, and the old objects of replacements not deleted yet.
 */
export class NumberedState {
  readonly resources = new Map<number, StoredResource>();
  readonly pendingDeletes: Array<{ index: number; stored: StoredResource }> = [];

  slot(index: number): ResourceSlot {
    return {
      set: (stored) => {
        if (stored) this.resources.set(index, stored);
        else this.resources.delete(index);
      },
      condemn: (old) => void this.pendingDeletes.push({ index, stored: old }),
    };
  }

  /** `pulumi up` of resource `index` declared with `news`: its step planned in turn, then run. */
  async up(deployment: Deployment, index: number, urn: string, news: PropertyMap): Promise<PlannedStep> {
    const registration = { urn, old: this.resources.get(index), news };
    return (await deployment.register(registration, this.slot(index))).step;
  }

  /** `pulumi destroy` of resource `index`, if the state holds it. */
  async destroy(host: HostClient, index: number, urn: string): Promise<void> {
    const stored = this.resources.get(index);
    if (!stored) return;
    await deleteStored(host, urn, stored);
    this.resources.delete(index);
  }
}
