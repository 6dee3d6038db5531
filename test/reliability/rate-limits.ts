/**
 * Many resources of one vendor under its documented rate limit, through the real dynamic-provider host, as one or
 * more stacks deploying at once against one account (one host process each, as two `pulumi up` runs would be):
 * create, a no-op up, update, destroy. Each step runs like `pulumi up` (16 operations at once per stack). After each
 * step the vendor's objects are compared with what every stack declares. Figures per step: wall time against the
 * floor the limit allows, requests sent, how many the vendor refused (429), operations that failed.
 *
 * Used by the reliability tests (small N), `npm run test:reliability` and `npm run bench` (RATE_N, default 500).
 */
import {
  CONVERSANT_TEST_ACCOUNT,
  CONVERSANT_TEST_TOKEN,
  startConversantEmulator,
} from "../emulators/conversant";
import type { LoggedRequest } from "../emulators/core";
import { ERZYCALL_DEFAULT_ORG, ERZYCALL_TEST_KEY, startErzycallEmulator } from "../emulators/erzycall";
import {
  Deployment,
  fixtureDir,
  NumberedState,
  serializeResource,
  startHost,
  urnFor,
  type HostClient,
  type PropertyMap,
  type StackConfig,
} from "../harness";

export const RATE_STEPS = ["create", "noop", "update", "destroy"] as const;
export type RateStep = (typeof RATE_STEPS)[number];

export interface RateStepFigures {
  wallMs: number;
  /** The least time the vendor's limit allows for the requests it accepted in this step (all stacks together). */
  floorMs: number;
  /** Requests the vendor accepted (not 429). */
  accepted: number;
  /** Requests answered 429. */
  refused: number;
  /** Operations that failed (none may). */
  failed: number;
  /** Vendor objects beyond one per declared resource. */
  duplicates: number;
  /** Declared resources whose vendor object is missing or differs from the declaration (after destroy: objects left). */
  mismatches: number;
}

export interface RateLimitResult {
  vendor: string;
  n: number;
  stacks: number;
  limit: string;
  steps: Record<RateStep, RateStepFigures>;
  /** The first error of each failing step, for the report. */
  errors: string[];
  /** Lines the hosts printed about waiting on the limit. */
  waitLines: string[];
}

interface LimitedEmulator {
  config: StackConfig;
  requests(): readonly Readonly<LoggedRequest>[];
  /** Objects at the vendor by the url they deliver to. */
  urls(): string[];
  /** True when the vendor object for `url` is what generation `generation` declares. */
  matches(url: string, generation: number): boolean;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

export interface RateLimitedVendor {
  vendor: "conversant" | "erzycall";
  resource: string;
  /** The limit the emulator enforces, in words. */
  limit: string;
  args(url: string, generation: number): Record<string, unknown>;
  /** The least time in which the limit lets `requests` through, starting from a full allowance. */
  floorMs(requests: number): number;
  /** How long an idle account takes to get its full allowance back. */
  refillMs: number;
  start(n: number): Promise<LimitedEmulator>;
}

/** Crossbar's default bucket (conversant.md §5): 100 at once, 10 per second, per account. */
const CONVERSANT_BUCKET = { capacity: 100, refillPerSecond: 10 };

export const conversantLimited: RateLimitedVendor = {
  vendor: "conversant",
  resource: "Webhook",
  limit: `Crossbar's default bucket: ${CONVERSANT_BUCKET.capacity} requests, refilled at ${CONVERSANT_BUCKET.refillPerSecond} per second`,
  args: (url, generation) => ({
    name: `rate ${url.split("/").pop()}`,
    url,
    hook: "channel_destroy",
    retries: generation === 1 ? 2 : 4,
  }),
  floorMs: (requests) =>
    (Math.max(0, requests - CONVERSANT_BUCKET.capacity) / CONVERSANT_BUCKET.refillPerSecond) * 1000,
  refillMs: (CONVERSANT_BUCKET.capacity / CONVERSANT_BUCKET.refillPerSecond) * 1000,
  async start() {
    const emulator = await startConversantEmulator({ rateLimit: CONVERSANT_BUCKET });
    const live = () => emulator.store.list(CONVERSANT_TEST_ACCOUNT);
    return {
      config: {
        "conversant:authToken": { __secret: CONVERSANT_TEST_TOKEN },
        "conversant:accountId": CONVERSANT_TEST_ACCOUNT,
        "conversant:baseUrl": emulator.url,
      },
      requests: () => emulator.requests,
      urls: () => live().map((hook) => String(hook.doc.uri)),
      matches: (url, generation) =>
        live().some(
          (hook) =>
            hook.doc.uri === url &&
            hook.doc.retries === (generation === 1 ? 2 : 4) &&
            hook.doc.enabled === true,
        ),
      setLatency: (ms) => emulator.faults.add({ kind: "latency", ms, times: Infinity }),
      close: () => emulator.close(),
    };
  },
};

/**
 * Erzycall's windows (erzycall.md §8), raised for the run as a plan with higher limits would be (the documented 60
 * a minute and 1,000 an hour would make N = 500 an afternoon): the provider learns the minute's size from
 * X-RateLimit-Limit. Its cap of 5 endpoints is raised too.
 */
const ERZYCALL_WINDOWS = {
  perMinute: Number(process.env.RATE_ERZYCALL_PER_MINUTE ?? 300),
  perHour: Number(process.env.RATE_ERZYCALL_PER_HOUR ?? 5_000),
};

export const erzycallLimited: RateLimitedVendor = {
  vendor: "erzycall",
  resource: "Webhook",
  limit: `${ERZYCALL_WINDOWS.perMinute} requests a minute and ${ERZYCALL_WINDOWS.perHour} an hour per key (raised from 60 and 1,000)`,
  args: (url, generation) => ({
    url,
    events: generation === 1 ? ["call.ended"] : ["call.ended", "call.failed"],
  }),
  floorMs: (requests) => Math.max(0, Math.ceil(requests / ERZYCALL_WINDOWS.perMinute) - 1) * 60_000,
  refillMs: 60_000,
  async start(n) {
    const emulator = await startErzycallEmulator({ maxEndpoints: n * 3, rateLimit: ERZYCALL_WINDOWS });
    const live = () => emulator.store.list(ERZYCALL_DEFAULT_ORG);
    const events = (generation: number) =>
      JSON.stringify(generation === 1 ? ["call.ended"] : ["call.ended", "call.failed"]);
    return {
      config: { "erzycall:apiKey": { __secret: ERZYCALL_TEST_KEY }, "erzycall:baseUrl": emulator.url },
      requests: () => emulator.requests,
      urls: () => live().map((endpoint) => endpoint.url),
      matches: (url, generation) =>
        live().some(
          (endpoint) =>
            endpoint.url === url &&
            JSON.stringify([...endpoint.events].sort()) === events(generation) &&
            endpoint.isActive,
        ),
      setLatency: (ms) => emulator.faults.add({ kind: "latency", ms, times: Infinity }),
      close: () => emulator.close(),
    };
  },
};

export interface RateLimitOptions {
  n: number;
  /** Stacks deploying at once against the one account, each with its own host process and n resources. */
  stacks?: number;
  latencyMs?: number;
  concurrency?: number;
  /**
   * Before each step, let the account's allowance fill up again, so each step's floor is the limit's own (N beyond
   * the burst, at the refill rate). Without it a step starts with what the one before left.
   */
  settle?: boolean;
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

interface Stack {
  name: string;
  host: HostClient;
  state: NumberedState;
  /** Its step generator and workers: one host, one `pulumi up` at a time. */
  deployment: Deployment;
  providerText: string;
  identityBase: string;
}

export async function runRateLimited(
  vendor: RateLimitedVendor,
  options: RateLimitOptions,
): Promise<RateLimitResult> {
  const { n, stacks: stackCount = 1, latencyMs = 0, concurrency = 16 } = options;
  const emulator = await vendor.start(n * stackCount);
  if (latencyMs > 0) emulator.setLatency(latencyMs);
  const fixture = fixtureDir();
  const names = Array.from({ length: stackCount }, (_, index) => `stack${index}`);
  const url = (stack: string, index: number) => `https://hooks.example.com/rate/${stack}/${index}`;
  const template = await serializeResource(fixture, {
    module: vendor.vendor,
    resource: vendor.resource,
    name: "r0",
    args: vendor.args(url("stack0", 0), 1),
  });
  const stacks: Stack[] = await Promise.all(
    names.map(async (name) => {
      // Production settings: the retry policy and the rate-limit budget as a user has them.
      const host = await startHost(fixture);
      return {
        name,
        host,
        state: new NumberedState(),
        deployment: new Deployment(host, concurrency),
        providerText: template.providerText,
        identityBase: String(template.inputs.__identity).replace(/r0$/, `${name}-r`),
      };
    }),
  );
  const errors: string[] = [];
  try {
    await Promise.all(stacks.map((stack) => stack.host.configure(emulator.config)));
    const indexes = Array.from({ length: n }, (_, index) => index);
    const urn = (stack: Stack, index: number) =>
      urnFor(vendor.vendor, vendor.resource, `r${index}`, stack.name);
    const inputs = (stack: Stack, index: number, generation: number): PropertyMap => ({
      ...vendor.args(url(stack.name, index), generation),
      __provider: stack.providerText,
      __identity: `${stack.identityBase}${index}`,
    });
    const apply = (generation: number) => async (stack: Stack, index: number) =>
      void (await stack.state.up(
        stack.deployment,
        index,
        urn(stack, index),
        inputs(stack, index, generation),
      ));
    const destroy = (stack: Stack, index: number) =>
      stack.state.destroy(stack.host, index, urn(stack, index));
    const work: Record<RateStep, { op: (stack: Stack, index: number) => Promise<void>; generation: number }> =
      {
        create: { op: apply(1), generation: 1 },
        noop: { op: apply(1), generation: 1 },
        update: { op: apply(2), generation: 2 },
        destroy: { op: destroy, generation: 0 },
      };
    const steps = {} as Record<RateStep, RateStepFigures>;
    for (const step of RATE_STEPS) {
      if (options.settle) await new Promise((resolve) => setTimeout(resolve, vendor.refillMs));
      const before = emulator.requests().length;
      let failed = 0;
      const started = performance.now();
      await Promise.all(
        stacks.map((stack) =>
          pool(indexes, concurrency, (index) =>
            work[step].op(stack, index).catch((error: unknown) => {
              failed++;
              if (errors.length < 10)
                errors.push(
                  `${step} ${stack.name} r${index}: ${error instanceof Error ? error.message : String(error)}`,
                );
            }),
          ),
        ),
      );
      const wallMs = performance.now() - started;
      const sent = emulator.requests().slice(before);
      const refused = sent.filter((request) => request.status === 429).length;
      steps[step] = {
        wallMs,
        floorMs: vendor.floorMs(sent.length - refused),
        accepted: sent.length - refused,
        refused,
        failed,
        ...compare(emulator, names, n, url, work[step].generation),
      };
    }
    const waitLines = stacks.flatMap((stack) =>
      stack.host
        .output()
        .split("\n")
        .filter((line) => /waiting on its rate limit/.test(line)),
    );
    return { vendor: vendor.vendor, n, stacks: stackCount, limit: vendor.limit, steps, errors, waitLines };
  } finally {
    await Promise.all(stacks.map((stack) => stack.host.close()));
    await emulator.close();
  }
}

/** Duplicates and mismatches of every stack's declared resources against the vendor's objects now. */
function compare(
  emulator: LimitedEmulator,
  names: string[],
  n: number,
  url: (stack: string, index: number) => string,
  generation: number,
) {
  const urls = emulator.urls();
  if (generation === 0) return { duplicates: 0, mismatches: urls.length };
  const counts = new Map<string, number>();
  for (const at of urls) counts.set(at, (counts.get(at) ?? 0) + 1);
  let duplicates = 0;
  let mismatches = 0;
  for (const name of names) {
    for (let index = 0; index < n; index++) {
      const declared = url(name, index);
      duplicates += Math.max(0, (counts.get(declared) ?? 0) - 1);
      if (!emulator.matches(declared, generation)) mismatches++;
    }
  }
  return { duplicates, mismatches };
}

/** The runs `npm run test:reliability` and `npm run bench` make at size n: one stack, two stacks sharing the account, Erzycall. */
export function rateRuns(n: number): Array<{ vendor: RateLimitedVendor; options: RateLimitOptions }> {
  return [
    { vendor: conversantLimited, options: { n } },
    // Two stacks of n/2 each: n webhooks on the account, as in the one-stack run.
    { vendor: conversantLimited, options: { n: Math.ceil(n / 2), stacks: 2 } },
    { vendor: erzycallLimited, options: { n } },
  ];
}

export const RATE_TABLE_HEADER = [
  "| vendor | limit enforced | stacks × N | step | ms | limit's floor ms | ms / floor | accepted | refused (429) | failed | duplicates | mismatches |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|",
];

export function rateRows(result: RateLimitResult): string[] {
  return RATE_STEPS.map((step) => {
    const figures = result.steps[step];
    const ratio = figures.floorMs > 0 ? (figures.wallMs / figures.floorMs).toFixed(2) : "within the burst";
    return `| ${result.vendor} | ${result.limit} | ${result.stacks} × ${result.n} | ${step} | ${Math.round(figures.wallMs)} | ${Math.round(figures.floorMs)} | ${ratio} | ${figures.accepted} | ${figures.refused} | ${figures.failed} | ${figures.duplicates} | ${figures.mismatches} |`;
  });
}

/** No failure, no duplicate, every declared object as declared (and none left after destroy). */
export function rateClean(result: RateLimitResult): boolean {
  return (
    result.errors.length === 0 &&
    RATE_STEPS.every(
      (step) =>
        result.steps[step].failed + result.steps[step].duplicates + result.steps[step].mismatches === 0,
    )
  );
}
