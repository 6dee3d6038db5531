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
}

export interface CliBenchResult {
  vendor: string;
  resource: string;
  n: number;
  latencyMs: number;
  runs: Record<CliProgramKind, Record<BenchStep, CliStepRun>>;
}

/** A dynamic provider that stores its inputs and answers at once: the engine's own floor. */
const NULL_PROVIDER = `{
  async create(inputs) { return { id: String(Date.now()) + Math.random().toString(16).slice(2), outs: inputs }; },
  async diff(id, olds, news) { return { changes: JSON.stringify(olds) !== JSON.stringify({ ...olds, ...news }) }; },
  async update(id, olds, news) { return { outs: news }; },
  async read(id, props) { return { id, props }; },
  async delete() {},
}`;

function programSource(kind: CliProgramKind, subject: BenchVendor, n: number): string {
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
${kind === "null" ? `const nullProvider = ${NULL_PROVIDER};` : ""}
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
}

/**
 * The bench's steps on a program whose config `generation` picks its declarations: a stack, then `pulumi up`
 * (create, no-op, and update after `generation` 2), refresh and destroy with `--parallel 16`, each timed with the
 * vendor requests it made.
 */
export async function runCliSteps(
  pulumi: PulumiWorkspace,
  emulator: Pick<BenchEmulator, "requests">,
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
    const started = performance.now();
    await pulumi.ok([...commands[step], "--yes", "--skip-preview", "--parallel", "16"]);
    steps[step] = { wallMs: performance.now() - started, requests: emulator.requests().length - before };
  }
  return steps;
}

export async function runCliBench(subject: BenchVendor, options: CliBenchOptions): Promise<CliBenchResult> {
  const runs = {} as CliBenchResult["runs"];
  for (const kind of CLI_PROGRAMS) {
    const emulator = await subject.start(options.n);
    const dir = path.join(
      options.fixtureDir,
      "programs",
      `bench-cli-${subject.vendor}-${subject.resource}-${kind}`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      `name: bench-cli\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`,
    );
    fs.writeFileSync(path.join(dir, "index.js"), programSource(kind, subject, options.n));
    if (kind === "naive") fs.copyFileSync(subject.naiveModule, path.join(dir, "naive.cjs"));
    const pulumi = new PulumiWorkspace(options.cliDir, dir, undefined, {
      ...asEnvironment(emulator.config),
      BENCH_NAIVE_CONFIG: JSON.stringify(emulator.naiveConfig),
    });
    try {
      emulator.faults.add({ kind: "latency", ms: options.latencyMs, times: Infinity });
      runs[kind] = await runCliSteps(pulumi, emulator);
    } finally {
      pulumi.dispose();
      await emulator.close();
    }
  }
  return {
    vendor: subject.vendor,
    resource: subject.resource,
    n: options.n,
    latencyMs: options.latencyMs,
    runs,
  };
}
