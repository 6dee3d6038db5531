/**
 * The bench driver: N resources of one vendor through the real dynamic-provider host, step by step as the engine
 * runs `pulumi up` / `pulumi refresh` / `pulumi destroy` (the engine model, test/harness/engine-model.ts: Check and
 * Diff one resource at a time, Create/Update on 16 workers; Read/Delete 16 at a time), against the vendor's emulator
 * with a fixed latency on every request.
 *
 * The same run is made for our provider (the `__provider` our SDK serializes), for the same implementations served
 * by the `webhooks` native plugin, and for the vendor's naive peer.
 * Figures per step: wall time, HTTP requests, TCP connections the emulator accepted, host CPU; per run: host peak
 * RSS and `__provider` bytes.
 */
import {
  configureNative,
  deleteStored,
  Deployment,
  fixtureDir,
  nativeConfigOf,
  NumberedState,
  refreshStored,
  nativeUrn,
  serializeResource,
  startHost,
  startNativeProvider,
  urnFor,
  type PropertyMap,
} from "../harness";
import { serializeNaive } from "./naive";
import { cpuMs, peakRssMb } from "./proc";
import { BENCH_STEPS, type BenchStep, type BenchVendor, type StepFloor } from "./vendors";

export interface BenchOptions {
  n: number;
  /** Added by the emulator to every request. */
  latencyMs: number;
  concurrency?: number;
  /** Extra environment for the host (e.g. NODE_OPTIONS=--cpu-prof to find out where its time goes). */
  hostEnv?: Record<string, string>;
}

export interface StepRun {
  wallMs: number;
  requests: number;
  /** Requests per method and path shape (ids replaced by `:id`), for the test and for finding out why. */
  requestsBy: Record<string, number>;
  connections: number;
  /** Host CPU (user + system) during the step, in ms; undefined off Linux. */
  hostCpuMs: number | undefined;
  /** CPU of this process (driver, gRPC client, emulator) during the step, in ms: it shares the machine with the host. */
  driverCpuMs: number;
}

export interface ProviderRun {
  steps: Record<BenchStep, StepRun>;
  providerBytesPerResource: number;
  hostPeakRssMb: number | undefined;
  /** The host's peak RSS after it started and was configured, before the first operation: Pulumi's own baseline. */
  hostPeakRssAtStartMb: number | undefined;
  /** Host CPU over all steps / (steps x N). */
  cpuMsPerOp: number | undefined;
}

export interface BenchResult {
  vendor: string;
  resource: string;
  n: number;
  latencyMs: number;
  concurrency: number;
  floorMs: Record<BenchStep, number>;
  ours: ProviderRun;
  /** The same implementations through the `webhooks` native plugin (no `__provider`: 0 bytes). */
  native: ProviderRun;
  naive: ProviderRun;
}

/** Which provider a run drives. */
type Kind = "ours" | "native" | "naive";

/** Minimum wall time of a step: per-resource round trips in ceil(N / concurrency) waves, plus the account's own. */
export function floorMs(floor: StepFloor, n: number, latencyMs: number, concurrency: number): number {
  const waves = Math.ceil(n / concurrency);
  const pages = floor.perAccount
    ? floor.perAccount * (floor.pageSize ? Math.max(1, Math.ceil(n / floor.pageSize)) : 1)
    : 0;
  return (waves * floor.perResource + pages) * latencyMs;
}

/** How to turn a resource's args into the inputs the engine sends Check, for one provider. */
interface Subject {
  providerText: string;
  inputs(index: number, generation: number): PropertyMap;
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!).catch((error: unknown) => void errors.push(error));
  });
  await Promise.all(workers);
  failWith(errors);
}

/** Waits for every operation, then fails with all their errors when some failed. */
async function settleAll(operations: Array<Promise<void>>): Promise<void> {
  const errors: unknown[] = [];
  await Promise.all(
    operations.map((operation) => operation.catch((error: unknown) => void errors.push(error))),
  );
  failWith(errors);
}

function failWith(errors: unknown[]): void {
  if (errors.length)
    throw new AggregateError(
      errors,
      `${errors.length} operations failed; first: ${String((errors[0] as Error)?.message ?? errors[0])}`,
    );
}

function shape(method: string, path: string, ids: Set<string>): string {
  return `${method} ${path
    .split("/")
    .map((part) => (ids.has(part) ? ":id" : part))
    .join("/")}`;
}

async function runProvider(
  vendor: BenchVendor,
  options: Required<Omit<BenchOptions, "hostEnv">> & Pick<BenchOptions, "hostEnv">,
  kind: Kind,
): Promise<ProviderRun> {
  const { n, latencyMs, concurrency } = options;
  const emulator = await vendor.start(n);
  const fixture = fixtureDir();
  let subject: Subject;
  if (kind === "native") {
    subject = { providerText: "", inputs: (index, generation) => vendor.args(index, generation) };
  } else if (kind === "naive") {
    const providerText = await serializeNaive(
      fixture,
      vendor.naiveModule,
      emulator.naiveConfig,
      vendor.naiveArgs(0, 1),
    );
    subject = {
      providerText,
      inputs: (index, generation) => ({ ...vendor.naiveArgs(index, generation), __provider: providerText }),
    };
  } else {
    const template = await serializeResource(fixture, {
      module: vendor.vendor,
      resource: vendor.resource,
      name: "r0",
      args: vendor.args(0, 1),
    });
    const identityBase = String(template.inputs.__identity).replace(/r0$/, "");
    subject = {
      providerText: template.providerText,
      inputs: (index, generation) => ({
        ...vendor.args(index, generation),
        __provider: template.providerText,
        __identity: `${identityBase}r${index}`,
      }),
    };
  }
  const host =
    kind === "native"
      ? await startNativeProvider(fixture, { env: options.hostEnv })
      : await startHost(fixture, { env: options.hostEnv });
  const urn = (index: number) =>
    (kind === "native" ? nativeUrn : urnFor)(vendor.vendor, vendor.resource, `r${index}`);
  const state = new NumberedState();
  const indexes = Array.from({ length: n }, (_, index) => index);
  const ids = new Set<string>();
  /** `pulumi up` of every resource at `generation`, then the deletes of the objects it replaced. */
  const up = async (generation: number) => {
    const deployment = new Deployment(host, concurrency);
    await settleAll(
      indexes.map(async (index) => {
        await state.up(deployment, index, urn(index), subject.inputs(index, generation));
        ids.add(state.resources.get(index)!.id);
      }),
    );
    await pool(state.pendingDeletes.splice(0), concurrency, ({ index, stored }) =>
      deleteStored(host, urn(index), stored),
    );
  };
  const operations: Record<BenchStep, () => Promise<void>> = {
    create: () => up(1),
    noop: () => up(1),
    update: () => up(2),
    refresh: () =>
      pool(indexes, concurrency, async (index) => {
        const refreshed = await refreshStored(host, urn(index), state.resources.get(index)!);
        if (refreshed.stored?.id !== state.resources.get(index)!.id)
          throw new Error(`refresh of r${index} reported it gone`);
        state.resources.set(index, refreshed.stored);
      }),
    delete: () => pool(indexes, concurrency, (index) => state.destroy(host, index, urn(index))),
  };

  try {
    if (kind === "native") await configureNative(host, nativeConfigOf(emulator.config));
    else await host.configure(emulator.config);
    if (latencyMs > 0) emulator.faults.add({ kind: "latency", ms: latencyMs, times: Infinity });
    const steps = {} as Record<BenchStep, StepRun>;
    const rssAtStart = peakRssMb(host.pid);
    const cpuStart = cpuMs(host.pid);
    for (const step of BENCH_STEPS) {
      const requestsBefore = emulator.requests().length;
      const connectionsBefore = emulator.connectionsOpened();
      const cpuBefore = cpuMs(host.pid);
      const driverBefore = process.cpuUsage();
      const started = performance.now();
      await operations[step]();
      const wallMs = performance.now() - started;
      const driver = process.cpuUsage(driverBefore);
      const cpuAfter = cpuMs(host.pid);
      const requests = emulator.requests().slice(requestsBefore);
      const requestsBy: Record<string, number> = {};
      for (const request of requests) {
        const key = shape(request.method, request.path, ids);
        requestsBy[key] = (requestsBy[key] ?? 0) + 1;
      }
      steps[step] = {
        wallMs,
        requests: requests.length,
        requestsBy,
        connections: emulator.connectionsOpened() - connectionsBefore,
        hostCpuMs: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined,
        driverCpuMs: (driver.user + driver.system) / 1000,
      };
    }
    const cpuEnd = cpuMs(host.pid);
    return {
      steps,
      providerBytesPerResource: Buffer.byteLength(subject.providerText),
      hostPeakRssMb: peakRssMb(host.pid),
      hostPeakRssAtStartMb: rssAtStart,
      cpuMsPerOp:
        cpuStart !== undefined && cpuEnd !== undefined
          ? (cpuEnd - cpuStart) / (BENCH_STEPS.length * n)
          : undefined,
    };
  } finally {
    await host.close();
    await emulator.close();
  }
}

export async function runBench(vendor: BenchVendor, options: BenchOptions): Promise<BenchResult> {
  const resolved = { concurrency: 16, ...options };
  const floor = Object.fromEntries(
    BENCH_STEPS.map((step) => [
      step,
      floorMs(vendor.floor[step], resolved.n, resolved.latencyMs, resolved.concurrency),
    ]),
  ) as Record<BenchStep, number>;
  // One after the other, never at once: they share the machine.
  const ours = await runProvider(vendor, resolved, "ours");
  const native = await runProvider(vendor, resolved, "native");
  const naive = await runProvider(vendor, resolved, "naive");
  return {
    vendor: vendor.vendor,
    resource: vendor.resource,
    n: resolved.n,
    latencyMs: resolved.latencyMs,
    concurrency: resolved.concurrency,
    floorMs: floor,
    ours,
    native,
    naive,
  };
}
