/**
 * `npm run bench:cli` (also the last part of `npm run bench`): the bench through the real Pulumi CLI. Per vendor
 * and N, `pulumi up` (create, no-op, update), `pulumi refresh` and `pulumi destroy` with `--parallel 16`, for our
 * resources, the naive peer and a null dynamic provider (no network: the engine's own floor), against the
 * emulators with the bench's latency on every request. Prints a markdown table; writes
 * bench/results/latest-cli.json, or bench/results/narrowed-cli.tmp.json for a narrowed run.
 *
 * Environment: BENCH_CLI_N (default "100,500"; "100,500:erzycall+converc" runs 500 for those vendors only), BENCH_LATENCY_MS (50), BENCH_VENDORS (comma-separated; all),
 * BENCH_CLI_PROGRAMS (some of ours,naive,null), BENCH_CLI_PROFILE (a folder: every program and provider process writes a CPU profile there; see
 * scripts/cpu-profile-summary.ts).
 * Without a Pulumi CLI (`npm run pulumi:install`) it says so and exits 0.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BENCH_VENDORS, type BenchStep } from "../test/bench/vendors";
import {
  CLI_PROGRAMS,
  runCliBench,
  type CliBenchResult,
  type CliProgramKind,
  type CliStepRun,
} from "../test/bench/cli-run";
import { floorMs } from "../test/bench/run";
import { prepareFixture } from "../test/harness";
import { locateCli } from "./pulumi-cli";

/** "100,500" runs both sizes for every vendor; "100,500:erzycall" runs 500 for Erzycall alone. */
const SIZES = (process.env.BENCH_CLI_N ?? "100,500").split(",").map((entry) => {
  const [size, vendors] = entry.split(":");
  return { n: Number(size), only: vendors?.split("+").map((name) => name.trim()) };
});
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const ONLY = process.env.BENCH_VENDORS?.split(",").map((name) => name.trim());
const PROGRAMS = process.env.BENCH_CLI_PROGRAMS?.split(",").map((name) => name.trim() as CliProgramKind);
const PROFILE_DIR = process.env.BENCH_CLI_PROFILE ? path.resolve(process.env.BENCH_CLI_PROFILE) : undefined;
const NARROWED =
  process.env.BENCH_CLI_N !== undefined ||
  process.env.BENCH_VENDORS !== undefined ||
  process.env.BENCH_LATENCY_MS !== undefined ||
  PROFILE_DIR !== undefined ||
  PROGRAMS !== undefined;
const RESULTS_DIR = path.join(__dirname, "..", "bench", "results");
const STEPS: readonly BenchStep[] = ["create", "noop", "update", "refresh", "delete"];
/** Issue targets through the engine: within this factor of (null provider + network floor), never slower than naive. */
const OVER_FLOOR = 1.15;

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** The step's floor: the null provider's time plus the network's, or the rate limit's where our provider keeps one. */
function floorOf(result: CliBenchResult, step: BenchStep): number | undefined {
  const vendor = BENCH_VENDORS.find((candidate) => candidate.vendor === result.vendor)!;
  const nothing = result.runs.null?.[step];
  if (!nothing) return undefined;
  const network = floorMs(vendor.floor[step], result.n, result.latencyMs, 16);
  const ours = result.runs.ours?.[step];
  const limit = ours && vendor.limitFloorMs ? vendor.limitFloorMs(ours.requests) : 0;
  return nothing.wallMs + Math.max(network, limit);
}

const withFloors = (result: CliBenchResult) => ({
  ...result,
  floorMs: Object.fromEntries(STEPS.map((step) => [step, floorOf(result, step)])),
});

function rows(result: CliBenchResult): string[] {
  return STEPS.map((step) => {
    const [ours, naive, nothing] = CLI_PROGRAMS.map((kind) => result.runs[kind]?.[step]);
    const floor = floorOf(result, step);
    const run = (figures: CliStepRun | undefined) =>
      figures ? `${seconds(figures.wallMs)} (${figures.requests})` : "-";
    const ratio = (over: CliStepRun | undefined, under: number | undefined) =>
      over && under ? (over.wallMs / under).toFixed(2) : "-";
    const cpu = [ours, naive, nothing]
      .map((figures) => (figures?.cpuMs === undefined ? "-" : seconds(figures.cpuMs)))
      .join(" / ");
    return `| ${result.vendor} | ${result.n} | ${step} | ${run(ours)} | ${run(naive)} | ${nothing ? seconds(nothing.wallMs) : "-"} | ${floor === undefined ? "-" : seconds(floor)} | ${ratio(ours, floor)} | ${ratio(ours, naive?.wallMs)} | ${cpu} |`;
  });
}

async function main(): Promise<void> {
  const cli = locateCli();
  if (!("dir" in cli)) {
    process.stdout.write(`bench through the real CLI skipped: ${cli.reason}\n`);
    return;
  }
  const loadBefore = os.loadavg().map((value) => value.toFixed(2));
  const fixture = await prepareFixture();
  const results: CliBenchResult[] = [];
  for (const vendor of BENCH_VENDORS.filter((candidate) => !ONLY || ONLY.includes(candidate.vendor))) {
    for (const { n, only } of SIZES) {
      if (only && !only.includes(vendor.vendor)) continue;
      process.stderr.write(`bench (real CLI ${cli.version}): ${vendor.vendor} N=${n} ...\n`);
      results.push(
        await runCliBench(vendor, {
          cliDir: cli.dir,
          fixtureDir: fixture.dir,
          n,
          latencyMs: LATENCY_MS,
          profileDir: PROFILE_DIR,
          programs: PROGRAMS,
        }),
      );
    }
  }
  const date = new Date().toISOString();
  const info = {
    cores: os.cpus().length,
    node: process.version,
    pulumi: cli.version,
    loadAverageBefore: loadBefore,
    loadAverageAfter: os.loadavg().map((value) => value.toFixed(2)),
    latencyMs: LATENCY_MS,
    parallel: 16,
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = NARROWED ? "narrowed-cli.tmp.json" : "latest-cli.json";
  fs.writeFileSync(
    path.join(RESULTS_DIR, file),
    `${JSON.stringify({ machine: info, date, results: results.map(withFloors) }, null, 2)}\n`,
  );
  process.stdout.write(
    [
      `Bench through the real CLI ${date}: pulumi ${cli.version}, ${info.cores} cores, Node ${info.node}, load ${info.loadAverageBefore.join(" ")} before / ${info.loadAverageAfter.join(" ")} after; ${LATENCY_MS} ms emulator latency; --parallel 16.`,
      "",
      "Seconds (requests). CPU: seconds of CPU the whole command used (CLI, language host, program, provider host). Floor = the null provider's time (the engine's own cost; a replacement where ours replaces) + the network floor of the step, or the rate limit's where our provider keeps one.",
      "",
      "| vendor | N | step | ours | naive | null provider | floor | ours/floor | ours/naive | CPU ours / naive / null |",
      "|---|---|---|---|---|---|---|---|---|---|",
      ...results.flatMap(rows),
      "",
      `Targets: every step within ${OVER_FLOOR}x of the floor and never slower than the naive peer.`,
      `Written: bench/results/${file}.`,
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
