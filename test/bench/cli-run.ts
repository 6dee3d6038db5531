/**
 * The bench through the real engine: `pulumi up` of N resources of one vendor (create, no-op, update), `pulumi
 * refresh` and `pulumi destroy` with `--parallel 16`, against the emulator with the bench's latency on every
 * request, for three programs in one run: ours, the vendor's naive peer, and a null dynamic provider that sends no
 * request at all (what the engine and the dynamic-provider host cost by themselves). Wall time and requests per step.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiWorkspace } from "../cli/pulumi";
import { asEnvironment } from "../cli/vendors";
import { BENCH_STEPS, type BenchEmulator, type BenchStep, type BenchVendor } from "./bench-vendor";

export type CliProgramKind = "ours" | "naive" | "null";
export const CLI_PROGRAMS: readonly CliProgramKind[] = ["ours", "naive", "null"];

export interface CliStepRun {
  wallMs: number;
  requests: number;
  /**
   * CPU time (user + system) of the command's whole process tree: the CLI, the language host, the program and the
   * provider host. Unlike wall time, little affected by other work on the machine. Absent off Linux.
   */
  cpuMs?: number;
}

/** CPU time of this process's waited-for children so far (Linux: /proc/self/stat cutime + cstime), in ms. */
export function childrenCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    // Fields after the parenthesized command name; cutime and cstime are fields 16 and 17 (1-based).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticksPerSecond = 100; // USER_HZ, 100 on every Linux the suite runs on
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

export interface CliBenchResult {
  vendor: string;
  resource: string;
  n: number;
  latencyMs: number;
  runs: Partial<Record<CliProgramKind, Record<BenchStep, CliStepRun>>>;
}

export const PROFILE_PRELOAD = path.join(__dirname, "cpu-profile-preload.cjs");

/**
 * A dynamic provider that stores its inputs and answers at once: the engine's own floor. `replaces` makes every
 * change a replacement (create the new resource, delete the old one at the end), as our update is for some vendors.
 */
const nullProvider = (replaces: boolean) => `{
  async create(inputs) { return { id: String(Date.now()) + Math.random().toString(16).slice(2), outs: inputs }; },
  async diff(id, olds, news) {
    const changed = Object.keys(news).filter((key) => key !== "__provider" && JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
    return { changes: changed.length > 0, replaces: ${replaces} ? changed : [] };
  },
  async update(id, olds, news) { return { outs: news }; },
  async read(id, props) { return { id, props }; },
  async delete() {},
}`;

export function programSource(kind: CliProgramKind, subject: BenchVendor, n: number): string {
  const argsOf = kind === "naive" ? subject.naiveArgs : subject.args;
  const generations = [1, 2].map((generation) =>
    Array.from({ length: n }, (_, index) => argsOf(index, generation)),
  );
  const construct = {
    ours: `new webhooks.${subject.vendor}.${subject.resource}(name, args)`,
    naive: "new pulumi.dynamic.Resource(naive, name, args)",
    null: "new pulumi.dynamic.Resource(nullProvider, name, args)",
  }[kind];
  return `"use strict";
const pulumi = require("@pulumi/pulumi");
${kind === "ours" ? 'const webhooks = require("pulumi-webhooks");' : ""}
${kind === "naive" ? `const naive = require("./naive.cjs").makeProvider(JSON.parse(process.env.BENCH_NAIVE_CONFIG));` : ""}
${kind === "null" ? `const nullProvider = ${nullProvider(subject.updateReplaces === true)};` : ""}
const generation = Number(new pulumi.Config().get("generation") || "1");
const declared = ${JSON.stringify(generations)}[generation - 1];
declared.forEach((args, index) => {
  const name = "r" + index;
  ${construct};
});
`;
}

export interface CliBenchOptions {
  cliDir: string;
  fixtureDir: string;
  n: number;
  latencyMs: number;
  /**
   * When set, every Node process of every command (the program and the dynamic-provider host) writes a V8 CPU
   * profile under `<profileDir>/<vendor>-<kind>-<step>/` (./cpu-profile-preload.cjs through NODE_OPTIONS).
   * Profiling slows the run: its timings are not the bench's.
   */
  profileDir?: string;
  /** The programs to run (all three by default; the bench's ratios need all three). */
  programs?: readonly CliProgramKind[];
}

/**
 * The bench's steps on a program whose config `generation` picks its declarations: a stack, then `pulumi up`
 * (create, no-op, and update after `generation` 2), refresh and destroy with `--parallel 16`, each timed with the
 * vendor requests it made.
 */
export async function runCliSteps(
  pulumi: PulumiWorkspace,
  emulator: Pick<BenchEmulator, "requests">,
  profileDirOf?: (step: BenchStep) => string | undefined,
): Promise<Record<BenchStep, CliStepRun>> {
  await pulumi.ok(["stack", "init", "bench"]);
  const commands: Record<BenchStep, string[]> = {
    create: ["up"],
    noop: ["up"],
    update: ["up"],
    refresh: ["refresh"],
    delete: ["destroy"],
  };
  const steps = {} as Record<BenchStep, CliStepRun>;
  for (const step of BENCH_STEPS) {
    if (step === "update") await pulumi.ok(["config", "set", "generation", "2"]);
    const before = emulator.requests().length;
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    const profile = profileDirOf?.(step);
    await pulumi.ok(
      [...commands[step], "--yes", "--skip-preview", "--parallel", "16"],
      profile
        ? { env: { NODE_OPTIONS: `--require ${PROFILE_PRELOAD}`, BENCH_CPU_PROFILE_DIR: profile } }
        : undefined,
    );
    const wallMs = performance.now() - started;
    const cpuAfter = childrenCpuMs();
    steps[step] = {
      wallMs,
      requests: emulator.requests().length - before,
      cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
    };
  }
  return steps;
}

/**
 * One program's five steps through the CLI against `emulator` at `latencyMs`, each step's CPU profile (when
 * `profileDir` is set) under `<profileDir>/<vendor>-<program>-<step>`; the workspace and the emulator are closed
 * after, whatever happened.
 */
export async function runProgramSteps(
  pulumi: PulumiWorkspace,
  emulator: Pick<BenchEmulator, "requests" | "faults" | "close">,
  run: { latencyMs: number; profileDir?: string; vendor: string; program: string },
): Promise<Record<BenchStep, CliStepRun>> {
  try {
    emulator.faults.add({ kind: "latency", ms: run.latencyMs, times: Infinity });
    return await runCliSteps(pulumi, emulator, (step) =>
      run.profileDir ? path.join(run.profileDir, `${run.vendor}-${run.program}-${step}`) : undefined,
    );
  } finally {
    pulumi.dispose();
    await emulator.close();
  }
}

/** A fresh program folder for `kind` declaring n resources of `subject`, and the CLI workspace that runs it. */
export function programWorkspace(
  subject: BenchVendor,
  kind: CliProgramKind,
  emulator: Pick<BenchEmulator, "config" | "naiveConfig">,
  options: Pick<CliBenchOptions, "cliDir" | "fixtureDir" | "n"> & { variant?: string },
): PulumiWorkspace {
  const dir = path.join(
    options.fixtureDir,
    "programs",
    `bench-cli-${subject.vendor}-${subject.resource}-${kind}${options.variant ?? ""}`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: bench-cli\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`,
  );
  fs.writeFileSync(path.join(dir, "index.js"), programSource(kind, subject, options.n));
  if (kind === "naive") fs.copyFileSync(subject.naiveModule, path.join(dir, "naive.cjs"));
  return new PulumiWorkspace(options.cliDir, dir, undefined, {
    ...asEnvironment(emulator.config),
    BENCH_NAIVE_CONFIG: JSON.stringify(emulator.naiveConfig),
  });
}

export async function runCliBench(subject: BenchVendor, options: CliBenchOptions): Promise<CliBenchResult> {
  const runs = {} as CliBenchResult["runs"];
  for (const kind of options.programs ?? CLI_PROGRAMS) {
    const emulator = await subject.start(options.n);
    const pulumi = programWorkspace(subject, kind, emulator, options);
    runs[kind] = await runProgramSteps(pulumi, emulator, {
      latencyMs: options.latencyMs,
      profileDir: options.profileDir,
      vendor: subject.vendor,
      program: kind,
    });
  }
  return {
    vendor: subject.vendor,
    resource: subject.resource,
    n: options.n,
    latencyMs: options.latencyMs,
    runs,
  };
}
