/**
 * `npx tsx scripts/bench-cli-repeat.ts`: one step of the real-CLI bench (`refresh` or the no-op `up`) repeated on
 * the same stacks, the programs interleaved (ours, naive, null provider, then again), so that a change of a few
 * hundred milliseconds shows through the noise of a shared machine: each program's stack is created once, then the
 * step runs `BENCH_REPEAT` times per program. Prints, per program, the median and the spread of the wall time, of
 * the CPU of the whole command and of the dynamic-provider host alone (`test/bench/cpu-profile-preload.cjs` in usage
 * mode), each wall time over the floor (the null provider's median plus the step's round trips, as the bench's), and
 * ours over the naive peer and over the null provider of the same run.
 *
 * Environment: BENCH_VENDORS (comma-separated; erzycall), BENCH_CLI_N (100), BENCH_STEP (refresh or noop; refresh),
 * BENCH_REPEAT (6), BENCH_LATENCY_MS (50), BENCH_CLI_PROGRAMS (some of ours,naive,null,shaped,baseline; see
 * PROGRAMS), BENCH_BASELINE_FIXTURE (a test/harness fixture folder of another build), BENCH_CLI_PROFILE (a folder:
 * each command's processes also write V8 CPU profiles under `<folder>/<vendor>-<program>-<round>/`, for
 * scripts/cpu-profile-summary.ts; profiled timings are not the bench's).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BENCH_VENDORS } from "../test/bench/vendors";
import {
  CLI_PROGRAMS,
  childrenCpuMs,
  PROFILE_PRELOAD,
  programWorkspace,
  type CliProgramKind,
} from "../test/bench/cli-run";
import type { BenchEmulator } from "../test/bench/bench-vendor";
import type { PulumiWorkspace } from "../test/cli/pulumi";
import { floorMs } from "../test/bench/run";
import { prepareFixture } from "../test/harness";
import { shapedNullProgram } from "../test/bench/shaped-null";
import { locateCli } from "./pulumi-cli";

const VENDORS = (process.env.BENCH_VENDORS ?? "erzycall").split(",").map((name) => name.trim());
const N = Number(process.env.BENCH_CLI_N ?? 100);
const STEP = process.env.BENCH_STEP ?? "refresh";
const REPEAT = Number(process.env.BENCH_REPEAT ?? 6);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
/**
 * A program; `ours@NAME=value`: ours again with one more variable in its environment (an experiment's switch);
 * `baseline`: ours from the fixture folder BENCH_BASELINE_FIXTURE (another build of the package, say main's: a
 * before and after in one run); `shaped`: the null provider storing the state ours stored
 * (../test/bench/shaped-null; listed after `ours`, whose stack gives the shape).
 */
const PROGRAMS = process.env.BENCH_CLI_PROGRAMS?.split(",").map((name) => name.trim()) ?? [...CLI_PROGRAMS];
const PROFILE_DIR = process.env.BENCH_CLI_PROFILE ? path.resolve(process.env.BENCH_CLI_PROFILE) : undefined;
const COMMANDS: Record<string, string[]> = { refresh: ["refresh"], noop: ["up"] };

interface Sample {
  wallMs: number;
  cpuMs: number;
  hostCpuMs: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The CPU the dynamic-provider host(s) of one command used, from the preload's usage files. */
function hostCpuMs(dir: string): number {
  let total = 0;
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith(".cpu.json"))) {
    const usage = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    if (usage.role === "provider") total += usage.userMs + usage.systemMs;
  }
  return total;
}

async function timed(pulumi: PulumiWorkspace, usageDir: string): Promise<Sample> {
  fs.rmSync(usageDir, { recursive: true, force: true });
  const cpuBefore = childrenCpuMs() ?? 0;
  const started = performance.now();
  await pulumi.ok([...COMMANDS[STEP]!, "--yes", "--skip-preview", "--parallel", "16"], {
    env: {
      NODE_OPTIONS: `--require ${PROFILE_PRELOAD}`,
      BENCH_CPU_PROFILE_DIR: usageDir,
      BENCH_CPU_PROFILE_MODE: PROFILE_DIR ? "profile" : "usage",
    },
  });
  const wallMs = performance.now() - started;
  return { wallMs, cpuMs: (childrenCpuMs() ?? 0) - cpuBefore, hostCpuMs: hostCpuMs(usageDir) };
}

async function main(): Promise<void> {
  const cli = locateCli();
  if (!("dir" in cli)) {
    process.stdout.write(`skipped: ${cli.reason}\n`);
    return;
  }
  if (!COMMANDS[STEP]) throw new Error(`BENCH_STEP must be one of ${Object.keys(COMMANDS).join(", ")}`);
  const fixture = await prepareFixture();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-cli-repeat-"));
  const lines = [
    `${STEP} repeated ${REPEAT}x, N = ${N}, ${LATENCY_MS} ms latency, load ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(" ")} before`,
    "",
    "| vendor | program | wall ms (min-max) | x floor | command CPU ms | provider host CPU ms | wall ours/x | host CPU ours-x |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const vendorName of VENDORS) {
    const subject = BENCH_VENDORS.find((candidate) => candidate.vendor === vendorName);
    if (!subject) throw new Error(`no bench vendor ${vendorName}`);
    const stacks: { kind: string; pulumi: PulumiWorkspace; emulator: BenchEmulator }[] = [];
    try {
      for (const kind of PROGRAMS) {
        const emulator = await subject.start(N);
        const [named, variable] = kind.split("@") as [string, string | undefined];
        const baseline = named === "baseline";
        if (baseline && !process.env.BENCH_BASELINE_FIXTURE)
          throw new Error("baseline needs BENCH_BASELINE_FIXTURE");
        const shaped = named === "shaped";
        const program = (baseline ? "ours" : shaped ? "null" : named) as CliProgramKind;
        const pulumi = programWorkspace(subject, program, emulator, {
          cliDir: cli.dir,
          fixtureDir: baseline ? path.resolve(process.env.BENCH_BASELINE_FIXTURE!) : fixture.dir,
          n: N,
          variant: variable || shaped ? `-${stacks.length}` : "",
        });
        if (shaped) {
          const ours = stacks.find((stack) => stack.kind === "ours");
          if (!ours) throw new Error("shaped takes its state's shape from ours: list ours before it");
          fs.writeFileSync(
            path.join(pulumi.projectDir, "index.js"),
            shapedNullProgram(await ours.pulumi.exportState()),
          );
        }
        if (variable) {
          const [name, value] = variable.split("=") as [string, string];
          pulumi.env[name] = value;
        }
        stacks.push({ kind, pulumi, emulator });
        await pulumi.ok(["stack", "init", "bench"]);
        await pulumi.ok(["up", "--yes", "--skip-preview", "--parallel", "16"]);
        emulator.faults.add({ kind: "latency", ms: LATENCY_MS, times: Infinity });
      }
      const samples = new Map<string, Sample[]>(PROGRAMS.map((kind) => [kind, []]));
      for (let round = 0; round < REPEAT; round++) {
        process.stderr.write(`${vendorName}: round ${round + 1}/${REPEAT}\n`);
        for (const { kind, pulumi } of stacks)
          samples
            .get(kind)!
            .push(
              await timed(pulumi, path.join(PROFILE_DIR ?? scratch, `${vendorName}-${kind}-${round + 1}`)),
            );
      }
      const medians = new Map(
        [...samples].map(([kind, runs]) => [
          kind,
          {
            wall: median(runs.map((run) => run.wallMs)),
            cpu: median(runs.map((run) => run.cpuMs)),
            host: median(runs.map((run) => run.hostCpuMs)),
            min: Math.min(...runs.map((run) => run.wallMs)),
            max: Math.max(...runs.map((run) => run.wallMs)),
          },
        ]),
      );
      const ours = medians.get("ours");
      // As the bench's floor: the null provider's time plus the step's round trips (no rate limit in a refresh or no-op).
      const nothing = medians.get("null");
      const floor = nothing
        ? nothing.wall + floorMs(subject.floor[STEP as "refresh" | "noop"], N, LATENCY_MS, 16)
        : undefined;
      for (const [kind, figures] of medians) {
        const versus = ours && kind !== "ours";
        lines.push(
          `| ${vendorName} | ${kind} | ${figures.wall.toFixed(0)} (${figures.min.toFixed(0)}-${figures.max.toFixed(0)}) | ${floor ? (figures.wall / floor).toFixed(2) : "-"} | ${figures.cpu.toFixed(0)} | ${figures.host.toFixed(0)} | ${versus ? (ours.wall / figures.wall).toFixed(2) : "-"} | ${versus ? (ours.host - figures.host).toFixed(0) : "-"} |`,
        );
      }
    } finally {
      for (const { pulumi, emulator } of stacks) {
        pulumi.dispose();
        await emulator.close();
      }
    }
  }
  lines.push(
    "",
    `load ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(" ")} after`,
    "",
  );
  fs.rmSync(scratch, { recursive: true, force: true });
  process.stdout.write(lines.join("\n"));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
