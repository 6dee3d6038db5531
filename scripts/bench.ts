/**
 * `npm run bench`: per vendor, N = 50 and N = 500 resources through the real dynamic-provider host (16 operations at
 * once; Check and Diff one at a time, as the engine runs them), against the emulators with 50 ms added to every
 * request: create, no-op up, update, refresh, delete, for our provider (dynamic, and the same code through the native
 * plugin) and for the vendor's naive peer, against the floor the vendor API allows. Prints a markdown table and the targets; writes bench/results/latest.json (N = 500, the
 * shape issue 9 asks for), bench/results/latest-n50.json (N = 50, same shape) and bench/results/latest-full.json
 * (everything measured, naive peer included).
 *
 * Environment: BENCH_N (default "50,500"), BENCH_LATENCY_MS (50), BENCH_VENDORS (comma-separated names; all). A run
 * narrowed by any of them writes bench/results/narrowed.tmp.json (not committed) instead of the latest*.json files.
 *
 * Then, under the vendors' rate limits (test/reliability/rate-limits.ts): BENCH_RATE_N (default 500; 0 skips)
 * Conversant webhooks under Crossbar's default bucket, from one stack and from two at once, and Erzycall under its
 * windows; each step against the limit's own floor, the allowance full at its start. Written to
 * bench/results/latest-rate.json (rate-narrowed.tmp.json when BENCH_RATE_N is set).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { prepareFixture } from "../test/harness";
import { FIXTURE_ENV } from "../test/harness/fixture";
import { runBench, type BenchResult } from "../test/bench/run";
import {
  NATIVE_HOST_HEADER,
  NATIVE_STEP_HEADER,
  nativeHostRow,
  nativeStepRows,
  nativeTargetLines,
} from "./bench-native";
import { BENCH_STEPS, BENCH_VENDORS } from "../test/bench/vendors";
import {
  RATE_STEPS,
  RATE_TABLE_HEADER,
  rateClean,
  rateRows,
  rateRuns,
  runRateLimited,
  type RateLimitResult,
} from "../test/reliability/rate-limits";

const SIZES = (process.env.BENCH_N ?? "50,500").split(",").map(Number);
/** A run narrowed by BENCH_N, BENCH_VENDORS or BENCH_LATENCY_MS: its figures are not the issue-9 run's. */
const NARROWED =
  process.env.BENCH_N !== undefined ||
  process.env.BENCH_VENDORS !== undefined ||
  process.env.BENCH_LATENCY_MS !== undefined;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const ONLY = process.env.BENCH_VENDORS?.split(",").map((name) => name.trim());
const RESULTS_DIR = path.join(__dirname, "..", "bench", "results");
/** Issue 9's targets. */
const RATE_N = Number(process.env.BENCH_RATE_N ?? 500);
const TARGETS = { upOverFloor: 1.15, cpuMsPerOp: 2, providerBytes: 2048, hostRssMb: 150, rssAtN: 500 };

const round = (value: number | undefined, digits = 0) =>
  value === undefined ? null : Number(value.toFixed(digits));
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "–");

function machine(loadBefore: number[]) {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? "unknown",
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageBefore: loadBefore.map((value) => round(value, 2)),
    loadAverageAfter: os.loadavg().map((value) => round(value, 2)),
    latencyMs: LATENCY_MS,
    concurrency: 16,
  };
}

/** The shape issue 9 asks for, for one vendor at one N. */
function issueShape(result: BenchResult) {
  return {
    n: result.n,
    steps: Object.fromEntries(
      BENCH_STEPS.map((step) => {
        const ours = result.ours.steps[step];
        const naive = result.naive.steps[step];
        return [
          step,
          {
            wallMs: round(ours.wallMs),
            floorMs: result.floorMs[step],
            naiveWallMs: round(naive.wallMs),
            requests: ours.requests,
            naiveRequests: naive.requests,
            connections: ours.connections,
          },
        ];
      }),
    ),
    providerBytesPerResource: result.ours.providerBytesPerResource,
    cpuMsPerOp: round(result.ours.cpuMsPerOp, 2),
    hostPeakRssMb: round(result.ours.hostPeakRssMb, 1),
  };
}

function tableRows(result: BenchResult): string[] {
  return BENCH_STEPS.map((step) => {
    const ours = result.ours.steps[step];
    const naive = result.naive.steps[step];
    const cpu = (run: typeof ours) =>
      run.hostCpuMs === undefined ? "?" : (run.hostCpuMs / result.n).toFixed(2);
    return `| ${result.vendor} | ${result.n} | ${step} | ${Math.round(ours.wallMs)} | ${result.floorMs[step]} | ${ratio(ours.wallMs, result.floorMs[step])} | ${Math.round(naive.wallMs)} | ${ratio(ours.wallMs, naive.wallMs)} | ${ours.requests} / ${naive.requests} | ${ours.connections} / ${naive.connections} | ${cpu(ours)} / ${cpu(naive)} | ${ours.hostCpuMs ?? "?"} / ${Math.round(ours.driverCpuMs)} |`;
  });
}

function targetLines(result: BenchResult): string[] {
  const lines: string[] = [];
  const check = (ok: boolean, text: string) =>
    lines.push(`- ${ok ? "met" : "MISSED"}: ${result.vendor} N=${result.n}: ${text}`);
  for (const step of ["create", "update"] as const) {
    const floor = result.floorMs[step];
    const over = floor > 0 ? result.ours.steps[step].wallMs / floor : 0;
    check(
      over <= TARGETS.upOverFloor,
      `${step} ${ratio(result.ours.steps[step].wallMs, floor)}x the floor (target <= ${TARGETS.upOverFloor})`,
    );
  }
  const cpu = result.ours.cpuMsPerOp;
  check(
    cpu !== undefined && cpu < TARGETS.cpuMsPerOp,
    `host CPU ${cpu?.toFixed(2)} ms per operation (target < ${TARGETS.cpuMsPerOp}; the naive peer's host: ${result.naive.cpuMsPerOp?.toFixed(2)})`,
  );
  const refresh = result.ours.steps.refresh.requests;
  const vendor = BENCH_VENDORS.find((candidate) => candidate.vendor === result.vendor)!;
  const floor = vendor.floor.refresh;
  if (floor.perAccount) {
    const pages = floor.perAccount * (floor.pageSize ? Math.max(1, Math.ceil(result.n / floor.pageSize)) : 1);
    check(
      refresh <= pages,
      `refresh sent ${refresh} requests for ${result.n} resources (target: at most ${pages}, one per list page per account)`,
    );
  }
  check(
    result.ours.providerBytesPerResource <= TARGETS.providerBytes,
    `__provider ${result.ours.providerBytesPerResource} bytes per resource (target <= ${TARGETS.providerBytes}; naive ${result.naive.providerBytesPerResource})`,
  );
  if (result.n >= TARGETS.rssAtN) {
    check(
      (result.ours.hostPeakRssMb ?? Infinity) <= TARGETS.hostRssMb,
      `host peak RSS ${result.ours.hostPeakRssMb?.toFixed(1)} MB (target <= ${TARGETS.hostRssMb}; ${result.ours.hostPeakRssAtStartMb?.toFixed(1)} MB of it before the first operation; naive peer's host ${result.naive.hostPeakRssMb?.toFixed(1)})`,
    );
  }
  const requests = BENCH_STEPS.reduce((sum, step) => sum + result.ours.steps[step].requests, 0);
  const connections = BENCH_STEPS.reduce((sum, step) => sum + result.ours.steps[step].connections, 0);
  const worst = Math.max(...BENCH_STEPS.map((step) => result.ours.steps[step].connections));
  check(
    worst <= result.concurrency,
    `keep-alive: ${connections} connections for ${requests} requests; at most ${worst} opened in one step (target: never more than the ${result.concurrency} operations in flight)`,
  );
  return lines;
}

function rateTargetLines(result: RateLimitResult): string[] {
  const name = `${result.vendor} ${result.stacks} × ${result.n} under its rate limit`;
  const lines = [
    `- ${rateClean(result) ? "met" : "MISSED"}: ${name}: zero failures, zero duplicates, every object as declared`,
  ];
  for (const step of RATE_STEPS) {
    const { wallMs, floorMs } = result.steps[step];
    if (floorMs <= 0) continue;
    const over = wallMs / floorMs;
    lines.push(
      `- ${over <= TARGETS.upOverFloor ? "met" : "MISSED"}: ${name}: ${step} ${over.toFixed(2)}x the limit's floor (target <= ${TARGETS.upOverFloor})`,
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const started = Date.now();
  const fixture = await prepareFixture();
  process.env[FIXTURE_ENV] = fixture.dir;
  const vendors = BENCH_VENDORS.filter((vendor) => !ONLY || ONLY.includes(vendor.vendor));
  const results: BenchResult[] = [];
  for (const vendor of vendors) {
    for (const n of SIZES) {
      process.stderr.write(`bench: ${vendor.vendor} N=${n} ...\n`);
      results.push(await runBench(vendor, { n, latencyMs: LATENCY_MS }));
    }
  }
  const rateResults: RateLimitResult[] = [];
  for (const { vendor, options } of RATE_N > 0 ? rateRuns(RATE_N) : []) {
    process.stderr.write(
      `bench: ${vendor.vendor}, ${options.stacks ?? 1} stack(s) × ${options.n} under its rate limit ...\n`,
    );
    rateResults.push(await runRateLimited(vendor, { ...options, latencyMs: LATENCY_MS, settle: true }));
  }
  const info = machine(loadBefore);
  const date = new Date().toISOString();
  const bySize = (n: number) => ({
    machine: info,
    date,
    vendors: Object.fromEntries(
      results.filter((result) => result.n === n).map((result) => [result.vendor, issueShape(result)]),
    ),
  });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  // The committed results are those of a whole run; a narrowed run must not silently replace them.
  const written: string[] = [];
  const write = (name: string, payload: unknown) => {
    fs.writeFileSync(path.join(RESULTS_DIR, name), `${JSON.stringify(payload, null, 2)}\n`);
    written.push(name);
  };
  if (NARROWED) {
    write("narrowed.tmp.json", { machine: info, date, results });
  } else {
    write("latest.json", bySize(500));
    for (const n of SIZES.filter((size) => size !== 500)) write(`latest-n${n}.json`, bySize(n));
    write("latest-full.json", { machine: info, date, results });
  }

  if (rateResults.length > 0)
    write(process.env.BENCH_RATE_N === undefined ? "latest-rate.json" : "rate-narrowed.tmp.json", {
      machine: info,
      date,
      results: rateResults,
    });

  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  process.stdout.write(
    [
      `Bench ${date}: ${info.cores} cores (${info.cpu}), Node ${info.node}, load ${info.loadAverageBefore.join(" ")} before / ${info.loadAverageAfter.join(" ")} after; ${LATENCY_MS} ms emulator latency on every request; 16 operations at once; ${seconds} s in all.`,
      "",
      "| vendor | N | step | ours ms | floor ms | ours/floor | naive ms | ours/naive | requests ours / naive | connections ours / naive | host CPU ms/op ours / naive | ours CPU ms in step: host / bench process |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|",
      ...results.flatMap(tableRows),
      "",
      "| vendor | N | __provider bytes ours / naive | host peak RSS MB ours / naive (at start) | host CPU ms/op (all steps) ours / naive |",
      "|---|---|---|---|---|",
      ...results.map(
        (result) =>
          `| ${result.vendor} | ${result.n} | ${result.ours.providerBytesPerResource} / ${result.naive.providerBytesPerResource} | ${result.ours.hostPeakRssMb?.toFixed(1)} / ${result.naive.hostPeakRssMb?.toFixed(1)} (${result.ours.hostPeakRssAtStartMb?.toFixed(1)} / ${result.naive.hostPeakRssAtStartMb?.toFixed(1)}) | ${result.ours.cpuMsPerOp?.toFixed(2)} / ${result.naive.cpuMsPerOp?.toFixed(2)} |`,
      ),
      "",
      "The same implementations through the native plugin (pulumi-resource-webhooks) beside the dynamic-provider host:",
      "",
      ...NATIVE_STEP_HEADER,
      ...results.flatMap(nativeStepRows),
      "",
      ...NATIVE_HOST_HEADER,
      ...results.map(nativeHostRow),
      "",
      "Targets (issue 9):",
      ...results.flatMap(targetLines),
      "",
      "Targets of the native plugin:",
      ...results.flatMap(nativeTargetLines),
      "",

      ...(rateResults.length > 0
        ? [
            `Under the vendors' rate limits (${LATENCY_MS} ms latency; each step starts with the allowance full; the floor is the limit's: the accepted requests beyond the burst at the refill rate):`,
            "",
            ...RATE_TABLE_HEADER,
            ...rateResults.flatMap(rateRows),
            "",
            ...rateResults.flatMap(rateTargetLines),
            "",
          ]
        : []),
      `Written in ${path.relative(process.cwd(), RESULTS_DIR)}: ${written.join(", ")}${NARROWED ? " (a narrowed run: BENCH_N or BENCH_VENDORS was set, so the committed latest*.json were left alone)" : ""}.`,
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
