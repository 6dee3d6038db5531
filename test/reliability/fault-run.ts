/**
 * A fault profile run: N resources of one vendor created, updated and deleted through the real dynamic-provider
 * host while the emulator fails a share of requests before they are applied (429 with Retry-After, 502, 503, reset
 * connections) and loses the response of another share after they were applied. Each step runs like `pulumi up`
 * (16 operations at once); what fails is run once more, as a user re-running `pulumi up` would (a partial failure
 * keeps its resource in state, so the second run updates it); every step runs as the engine model runs it
 * (test/harness/engine-model.ts). After each step the vendor's objects are compared
 * with the state: duplicates, orphans, objects that differ from their declaration, declared resources missing.
 * A resource that is the account's one document (`onePerAccount`) is run as one resource declaring N objects, and
 * judged per object it declares.
 */
import {
  Deployment,
  deleteStored,
  fixtureDir,
  NumberedState,
  serializeResource,
  startHost,
  urnFor,
  type HostClient,
  type PropertyMap,
  type StoredResource,
} from "../harness";
import { echoSentinels } from "../lifecycle/sentinels";
import type { VendorRun, VendorUnderTest } from "./vendors";

export interface FaultProfileOptions {
  n: number;
  transientRate: number;
  lostRate: number;
  seed: number;
  concurrency?: number;
}

export interface StepFigures {
  operations: number;
  /** Operations that failed in the first run (the retry budget of the HTTP layer was not enough). */
  failedFirstRun: number;
  /** Operations still failing after the second run. */
  failedAfterRerun: number;
  requests: number;
  faultsInjected: number;
  /** Answers lost after the vendor applied the request (one write of every step at least). */
  lostAnswers: number;
  /** Vendor objects beyond the first for one declared resource. */
  duplicates: number;
  /** Vendor objects that no resource in state refers to (or, for a `onePerAccount` resource, declares). */
  orphans: number;
  /** Vendor objects of resources in state that differ from the declaration (or are gone); after delete, resources left. */
  mismatches: number;
  /** Declared resources with nothing in state after the step (never for delete). */
  missing: number;
}

export interface FaultProfileResult {
  vendor: string;
  n: number;
  /** Resources declared: n, or 1 for a `onePerAccount` resource owning the n objects. */
  resources: number;
  steps: { create: StepFigures; update: StepFigures; delete: StepFigures };
  /**
   * Credentials and vendor secrets found where they must never be: everything the host printed, every error
   * text, the `__provider`, and the stored inputs and outputs outside the fields held secret. Collected over
   * the whole run, including a hostile phase in which every response is an error that echoes the credentials, what
   * the request carried and what the object it names holds.
   */
  leaks: string[];
  /** Errors the hostile phase produced (each echoing the credentials, at least, before redaction). */
  hostileErrors: number;
  /** Of those, the ones where redaction removed something: the echo reached the error text. */
  hostileRedacted: number;
  /** Vendor secrets (not credentials) that some hostile error echoed: those of the objects the requests named. */
  hostileSecretsEchoed: number;
}

const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}

export async function runFaultProfile(
  vendor: VendorUnderTest,
  options: FaultProfileOptions,
): Promise<FaultProfileResult> {
  const { n, concurrency = 16 } = options;
  const run = await vendor.start(n);
  const fixture = fixtureDir();
  const [host, template] = await Promise.all([
    // A small retry delay cap keeps Retry-After waits short; the decisions are the same as with the defaults.
    startHost(fixture, { env: { PULUMI_WEBHOOKS_RETRY_BASE_MS: "1", PULUMI_WEBHOOKS_RETRY_MAX_MS: "20" } }),
    serializeResource(fixture, {
      module: vendor.vendor,
      resource: vendor.resource,
      name: "r0",
      args: vendor.args(0, 1, n),
    }),
  ]);
  const identityBase = String(template.inputs.__identity).replace(/r0$/, "");
  const urn = (index: number) => urnFor(vendor.vendor, vendor.resource, `r${index}`);
  const inputs = (index: number, generation: number): PropertyMap => ({
    ...vendor.args(index, generation, n),
    __provider: template.providerText,
    __identity: `${identityBase}r${index}`,
  });
  const state = new NumberedState();
  const indexes = Array.from({ length: vendor.onePerAccount ? 1 : n }, (_, index) => index);
  const errors: string[] = [];
  // The engine encrypts inputs the program passed as secrets, and outputs of the same name or in additionalSecretOutputs.
  const secretInputs = new Set([
    ...(vendor.secretInputs ?? []),
    ...template.secretInputPaths.map((at) => at.split(".")[0]!),
  ]);
  const heldSecret = new Set([...template.additionalSecretOutputs, ...secretInputs]);
  const sentinelsSeen = new Set<string>();
  const recordSentinels = () => run.sentinels().forEach((sentinel) => sentinelsSeen.add(sentinel));

  try {
    await host.configure(run.config);
    run.faults.setProfile({
      transientRate: options.transientRate,
      lostRate: options.lostRate,
      latencyMs: 0,
      seed: options.seed,
    });

    // Runs one after the other share the step generator and its workers; each `pulumi up` is one of them.
    const deployment = new Deployment(host, concurrency);
    const create = (index: number) =>
      state.up(deployment, index, urn(index), inputs(index, 1)).then(() => {});
    const update = (index: number) =>
      state.up(deployment, index, urn(index), inputs(index, 2)).then(() => {});
    const remove = (index: number) => state.destroy(host, index, urn(index));
    const each = <T>(items: T[], work: (item: T) => Promise<void>) => pool(items, concurrency, work);
    const context: StepContext = { run, host, urn, state, each, errors };

    const createFigures = await step(context, indexes, create, 1, true);
    // Secrets replaced by the update step must not leak either.
    recordSentinels();
    const updateFigures = await step(context, indexes, update, 2, true);
    recordSentinels();
    const errorsBefore = errors.length;
    const echoed = await hostilePhase(host, run, state.resources, urn, inputs, errors);
    const hostile = errors.slice(errorsBefore);
    const hostileSecretsEchoed = [...sentinelsSeen].filter(
      (sentinel) => echoed.has(sentinel) && !run.credentials.includes(sentinel),
    ).length;
    const visibleState = JSON.stringify(
      [...state.resources.values()].map((stored) => [
        withoutKeys(stored.inputs, secretInputs),
        withoutKeys(stored.outputs, heldSecret),
      ]),
    );
    const deleteFigures = await step(context, indexes, remove, 2, false);
    const places = {
      printed: host.output(),
      errors: errors.join("\n"),
      provider: template.providerText,
      state: visibleState,
    };
    const leaks = [...sentinelsSeen].flatMap((sentinel) =>
      Object.entries(places)
        .filter(([, text]) => text.includes(sentinel))
        .map(([place]) => `${place}: ${sentinel.slice(0, 6)}…`),
    );
    return {
      vendor: vendor.vendor,
      n,
      resources: indexes.length,
      steps: { create: createFigures, update: updateFigures, delete: deleteFigures },
      leaks,
      hostileErrors: hostile.length,
      hostileRedacted: hostile.filter((error) => error.includes("[redacted]")).length,
      hostileSecretsEchoed,
    };
  } finally {
    run.faults.setProfile(undefined);
    await host.close();
    await run.close();
  }
}

function withoutKeys(properties: PropertyMap, keys: Set<string>): PropertyMap {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => !keys.has(key)));
}

/**
 * A vendor gone bad: every response is a 500 or a 401 whose body echoes the credentials, what the request carried
 * and what the object it names holds. Refresh and update each resource once (all of them fail); the errors join
 * what the leak check reads. Returns every value echoed.
 */
async function hostilePhase(
  host: HostClient,
  run: VendorRun,
  state: Map<number, StoredResource>,
  urn: (index: number) => string,
  inputs: (index: number, generation: number) => PropertyMap,
  errors: string[],
): Promise<ReadonlySet<string>> {
  const vendorGoneBad = echoSentinels(run.faults, { credentials: run.credentials, objects: run.held() });
  try {
    for (const [index, stored] of [...state.entries()].slice(0, 5)) {
      await host
        .read(stored.id, urn(index), stored.outputs, stored.inputs)
        .catch((error: unknown) => void errors.push(String(error)));
      const news = (await host.check(urn(index), stored.inputs, inputs(index, 3))).inputs;
      await host
        .update(stored.id, urn(index), stored.outputs, news)
        .catch((error: unknown) => void errors.push(String(error)));
    }
  } finally {
    vendorGoneBad.calm();
  }
  return vendorGoneBad.echoed;
}

interface StepContext {
  run: VendorRun;
  host: HostClient;
  urn: (index: number) => string;
  state: NumberedState;
  each: <T>(items: T[], work: (item: T) => Promise<void>) => Promise<void>;
  errors: string[];
}

/**
 * One `pulumi up` (or destroy) of every index, then a second one for what failed. As the engine does, the old
 * objects of replacements are deleted at the end of a run without failures, else at the start of the next one.
 */
async function step(
  context: StepContext,
  indexes: number[],
  operation: (index: number) => Promise<void>,
  generation: number,
  declared: boolean,
): Promise<StepFigures> {
  const { run, host, urn, state, each, errors } = context;
  const requestsBefore = run.requests().length;
  const faultsBefore = run.faults.total;
  const lostBefore = run.faults.counts.lost;
  // The profile's draws fall on whichever requests timing makes (batched writes vary in number), so a small step
  // can draw no fault at all; the first write of every step loses its answer after it was applied, always.
  run.faults.add({ kind: "lost", method: WRITE_METHODS, times: 1 });
  const failing = (into: number[], index: number) => (error: unknown) => {
    into.push(index);
    errors.push(String(error));
  };
  const failed: number[] = [];
  await each(indexes, (index) => operation(index).catch(failing(failed, index)));
  const pendingFailedFirst = failed.length === 0 ? await deletePending(host, urn, state, each, errors) : 0;
  const stillFailing: number[] = [];
  await deletePending(host, urn, state, each, errors);
  await each(failed, (index) => operation(index).catch(failing(stillFailing, index)));
  const pendingAfterRerun = await deletePending(host, urn, state, each, errors);

  const resources = state.resources;
  const objects = run.objects();
  const perKey = new Map<string, number>();
  for (const object of objects) perKey.set(object.key, (perKey.get(object.key) ?? 0) + 1);
  const owned = (index: number, stored: StoredResource) => run.owns?.(index, generation) ?? [stored.id];
  const referenced = new Set([
    ...[...resources].flatMap(([index, stored]) => owned(index, stored)),
    ...state.pendingDeletes.map((pending) => pending.stored.id),
  ]);
  return {
    operations: indexes.length,
    failedFirstRun: failed.length + pendingFailedFirst,
    failedAfterRerun: stillFailing.length + pendingAfterRerun,
    requests: run.requests().length - requestsBefore,
    faultsInjected: run.faults.total - faultsBefore,
    lostAnswers: run.faults.counts.lost - lostBefore,
    duplicates: [...perKey.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0),
    orphans: objects.filter((object) => !referenced.has(object.id)).length,
    mismatches: declared
      ? [...resources].reduce(
          (sum, [index, stored]) =>
            sum + owned(index, stored).filter((id) => !run.matches(id, index, generation)).length,
          0,
        )
      : resources.size,
    missing: declared ? indexes.filter((index) => !resources.has(index)).length : 0,
  };
}

/** Deletes the old objects of replacements; those that fail stay pending. Returns how many failed. */
async function deletePending(
  host: HostClient,
  urn: (index: number) => string,
  state: NumberedState,
  each: <T>(items: T[], work: (item: T) => Promise<void>) => Promise<void>,
  errors: string[],
): Promise<number> {
  const pending = state.pendingDeletes.splice(0);
  await each(pending, async (item) => {
    try {
      await deleteStored(host, urn(item.index), item.stored);
    } catch (error) {
      state.pendingDeletes.push(item);
      errors.push(String(error));
    }
  });
  return state.pendingDeletes.length;
}
