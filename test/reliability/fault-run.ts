/**
 * A fault profile run: N resources of one vendor created, updated and deleted through the real dynamic-provider
 * host while the emulator fails a share of requests before they are applied (429 with Retry-After, 502, 503, reset
 * connections) and loses the response of another share after they were applied. Each step runs like `pulumi up`
 * (16 operations at once); what fails is run once more, as a user re-running `pulumi up` would (a partial failure
 * keeps its resource in state, so the second run updates it). After each step the vendor's objects are compared
 * with the state: duplicates, orphans, objects that differ from their declaration, declared resources missing.
 */
import { fixtureDir, HostCallError, serializeResource, startHost, urnFor, type HostClient, type PropertyMap } from "../harness";
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
  /** Vendor objects beyond the first for one declared resource. */
  duplicates: number;
  /** Vendor objects that no resource in state refers to. */
  orphans: number;
  /** Resources in state whose vendor object differs from the declaration (or is gone). */
  mismatches: number;
  /** Declared resources with nothing in state after the step (never for delete). */
  missing: number;
}

export interface FaultProfileResult {
  vendor: string;
  n: number;
  steps: { create: StepFigures; update: StepFigures; delete: StepFigures };
  /**
   * Credentials and vendor secrets found where they must never be: everything the host printed, every error
   * text, the `__provider`, and the stored inputs and outputs outside the fields held secret. Collected over
   * the whole run, including a hostile phase in which every response is an error that echoes them.
   */
  leaks: string[];
  /** Errors the hostile phase produced (each echoing every sentinel before redaction). */
  hostileErrors: number;
}

interface Stored {
  id: string;
  inputs: PropertyMap;
  outputs: PropertyMap;
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}

export async function runFaultProfile(vendor: VendorUnderTest, options: FaultProfileOptions): Promise<FaultProfileResult> {
  const { n, concurrency = 16 } = options;
  const run = await vendor.start(n);
  const fixture = fixtureDir();
  const [host, template] = await Promise.all([
    // A small retry delay cap keeps Retry-After waits short; the decisions are the same as with the defaults.
    startHost(fixture, { env: { PULUMI_WEBHOOKS_RETRY_BASE_MS: "1", PULUMI_WEBHOOKS_RETRY_MAX_MS: "20" } }),
    serializeResource(fixture, { module: vendor.vendor, resource: vendor.resource, name: "r0", args: vendor.args(0, 1) }),
  ]);
  const identityBase = String(template.inputs.__identity).replace(/r0$/, "");
  const urn = (index: number) => urnFor(vendor.vendor, vendor.resource, `r${index}`);
  const inputs = (index: number, generation: number): PropertyMap => ({
    ...vendor.args(index, generation),
    __provider: template.providerText,
    __identity: `${identityBase}r${index}`,
  });
  const state = new Map<number, Stored>();
  const indexes = Array.from({ length: n }, (_, index) => index);
  const errors: string[] = [];
  const heldSecret = new Set([...template.additionalSecretOutputs, ...template.secretInputPaths.map((at) => at.split(".")[0]!)]);
  const sentinelsSeen = new Set<string>();
  const recordSentinels = () => run.sentinels().forEach((sentinel) => sentinelsSeen.add(sentinel));

  try {
    await host.configure(run.config);
    run.faults.setProfile({ transientRate: options.transientRate, lostRate: options.lostRate, latencyMs: 0, seed: options.seed });

    const create = (index: number) => apply(host, urn(index), state, index, inputs(index, 1));
    const update = (index: number) => apply(host, urn(index), state, index, inputs(index, 2));
    const remove = async (index: number) => {
      const stored = state.get(index);
      if (!stored) return;
      await host.delete(stored.id, urn(index), stored.outputs, { oldInputs: stored.inputs });
      state.delete(index);
    };

    const createFigures = await step(run, indexes, concurrency, create, state, 1, true, errors);
    const updateFigures = await step(run, indexes, concurrency, update, state, 2, true, errors);
    recordSentinels();
    const errorsBefore = errors.length;
    await hostilePhase(host, run, vendor, state, urn, inputs, errors);
    const hostileErrors = errors.length - errorsBefore;
    const visibleState = JSON.stringify([...state.values()].map((stored) => [stored.inputs, withoutKeys(stored.outputs, heldSecret)]));
    const deleteFigures = await step(run, indexes, concurrency, remove, state, 2, false, errors);
    const places = { printed: host.output(), errors: errors.join("\n"), provider: template.providerText, state: visibleState };
    const leaks = [...sentinelsSeen].flatMap((sentinel) => Object.entries(places).filter(([, text]) => text.includes(sentinel)).map(([place]) => `${place}: ${sentinel.slice(0, 6)}…`));
    return { vendor: vendor.vendor, n, steps: { create: createFigures, update: updateFigures, delete: deleteFigures }, leaks, hostileErrors };
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
 * A vendor gone bad: every response is a 500 or a 401 whose body echoes every credential and secret. Refresh and
 * update each resource once (all of them fail); the errors join what the leak check reads.
 */
async function hostilePhase(
  host: HostClient,
  run: VendorRun,
  vendor: VendorUnderTest,
  state: Map<number, Stored>,
  urn: (index: number) => string,
  inputs: (index: number, generation: number) => PropertyMap,
  errors: string[],
): Promise<void> {
  const echo = run.sentinels().join(" ");
  const body = JSON.stringify({ error: { code: "ECHO", message: `rejected ${echo}` }, message: `rejected ${echo}`, errors: [echo], data: null });
  const rules = [
    run.faults.add({ kind: "status", status: 401, body, contentType: "application/json", times: Infinity, method: "GET" }),
    run.faults.add({ kind: "status", status: 500, body, contentType: "application/json", times: Infinity }),
  ];
  try {
    for (const [index, stored] of [...state.entries()].slice(0, 5)) {
      await host.read(stored.id, urn(index), stored.outputs, stored.inputs).catch((error: unknown) => void errors.push(String(error)));
      const news = (await host.check(urn(index), stored.inputs, { ...inputs(index, 2), ...vendor.args(index, 3) })).inputs;
      await host.update(stored.id, urn(index), stored.outputs, news).catch((error: unknown) => void errors.push(String(error)));
    }
  } finally {
    rules.forEach((rule) => rule.remove());
  }
}

/** What the engine does for one declared resource: create it, or diff and update what is in state. */
async function apply(host: HostClient, urn: string, state: Map<number, Stored>, index: number, news: PropertyMap): Promise<void> {
  const stored = state.get(index);
  const checked = await host.check(urn, stored?.inputs ?? {}, news);
  if (checked.failures.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  try {
    if (!stored) {
      const created = await host.create(urn, checked.inputs);
      state.set(index, { id: created.id, inputs: checked.inputs, outputs: created.properties });
      return;
    }
    const diff = await host.diff(stored.id, urn, stored.outputs, checked.inputs, { oldInputs: stored.inputs });
    if (diff.changes !== "some") return void state.set(index, { ...stored, inputs: checked.inputs });
    if (diff.replaces.length) throw new Error(`unexpected replacement of ${urn} on ${diff.replaces.join(", ")}`);
    const updated = await host.update(stored.id, urn, stored.outputs, checked.inputs, { oldInputs: stored.inputs });
    state.set(index, { id: stored.id, inputs: checked.inputs, outputs: updated.properties });
  } catch (error) {
    // A partial failure: the engine keeps what the provider reported, and the next run continues from it.
    if (error instanceof HostCallError && error.initFailure) {
      state.set(index, { id: error.initFailure.id, inputs: checked.inputs, outputs: error.initFailure.properties });
    }
    throw error;
  }
}

async function step(
  run: VendorRun,
  indexes: number[],
  concurrency: number,
  operation: (index: number) => Promise<void>,
  state: Map<number, Stored>,
  generation: number,
  declared: boolean,
  errors: string[],
): Promise<StepFigures> {
  const requestsBefore = run.requests().length;
  const faultsBefore = run.faults.total;
  const failed: number[] = [];
  const failing = (into: number[], index: number) => (error: unknown) => {
    into.push(index);
    errors.push(String(error));
  };
  await pool(indexes, concurrency, (index) => operation(index).catch(failing(failed, index)));
  const stillFailing: number[] = [];
  await pool(failed, concurrency, (index) => operation(index).catch(failing(stillFailing, index)));

  const objects = run.objects();
  const perKey = new Map<string, number>();
  for (const object of objects) perKey.set(object.key, (perKey.get(object.key) ?? 0) + 1);
  const referenced = new Set([...state.values()].map((stored) => stored.id));
  return {
    operations: indexes.length,
    failedFirstRun: failed.length,
    failedAfterRerun: stillFailing.length,
    requests: run.requests().length - requestsBefore,
    faultsInjected: run.faults.total - faultsBefore,
    duplicates: [...perKey.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0),
    orphans: objects.filter((object) => !referenced.has(object.id)).length,
    mismatches: declared ? [...state.entries()].filter(([index, stored]) => !run.matches(stored.id, index, generation)).length : state.size,
    missing: declared ? indexes.filter((index) => !state.has(index)).length : 0,
  };
}
