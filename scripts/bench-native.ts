/**
 * The native plugin's part of `npm run bench`: the same steps through `pulumi-resource-webhooks` beside the
 * dynamic-provider host, and the native provider's targets (host RSS at most half the dynamic host's, CPU per
 * operation under 1 ms, create within 1.15x the floor). Run on its own (`npm run bench:native`), the
 * same program through the real CLI on the plugin and on the dynamic resources (`pulumi up` of the plugin at
 * most 0.7x the dynamic resources' time).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiWorkspace } from "../test/cli/pulumi";
import { asEnvironment } from "../test/cli/vendors";
import type { BenchStep, BenchVendor } from "../test/bench/bench-vendor";
import { type CliStepRun, runProgramSteps } from "../test/bench/cli-run";
import type { BenchResult } from "../test/bench/run";
import { BENCH_STEPS, BENCH_VENDORS } from "../test/bench/vendors";
import { prepareFixture } from "../test/harness";
import { locateCli } from "./pulumi-cli";

const TARGETS = { rssShareOfDynamic: 0.5, cpuMsPerOp: 1, createOverFloor: 1.15 };

const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "–");
const perOp = (cpuMs: number | undefined, n: number) => (cpuMs === undefined ? "?" : (cpuMs / n).toFixed(2));

export const NATIVE_STEP_HEADER = [
  "| vendor | N | step | native ms | dynamic ms | native/dynamic | floor ms | native/floor | requests native / dynamic | host CPU ms/op native / dynamic |",
  "|---|---|---|---|---|---|---|---|---|---|",
];

export function nativeStepRows(result: BenchResult): string[] {
  return BENCH_STEPS.map((step) => {
    const native = result.native.steps[step];
    const dynamic = result.ours.steps[step];
    const floor = result.floorMs[step];
    return `| ${result.vendor} | ${result.n} | ${step} | ${Math.round(native.wallMs)} | ${Math.round(dynamic.wallMs)} | ${ratio(native.wallMs, dynamic.wallMs)} | ${floor} | ${ratio(native.wallMs, floor)} | ${native.requests} / ${dynamic.requests} | ${perOp(native.hostCpuMs, result.n)} / ${perOp(dynamic.hostCpuMs, result.n)} |`;
  });
}

export const NATIVE_HOST_HEADER = [
  "| vendor | N | host peak RSS MB native / dynamic (at start) | host CPU ms/op (all steps) native / dynamic |",
  "|---|---|---|---|",
];

export function nativeHostRow(result: BenchResult): string {
  const { native, ours } = result;
  return `| ${result.vendor} | ${result.n} | ${native.hostPeakRssMb?.toFixed(1)} / ${ours.hostPeakRssMb?.toFixed(1)} (${native.hostPeakRssAtStartMb?.toFixed(1)} / ${ours.hostPeakRssAtStartMb?.toFixed(1)}) | ${native.cpuMsPerOp?.toFixed(2)} / ${ours.cpuMsPerOp?.toFixed(2)} |`;
}

export function nativeTargetLines(result: BenchResult): string[] {
  const lines: string[] = [];
  const check = (ok: boolean, text: string) =>
    lines.push(`- ${ok ? "met" : "MISSED"}: native ${result.vendor} N=${result.n}: ${text}`);
  const { native, ours } = result;
  const rss = native.hostPeakRssMb;
  const dynamicRss = ours.hostPeakRssMb;
  check(
    rss !== undefined && dynamicRss !== undefined && rss <= dynamicRss * TARGETS.rssShareOfDynamic,
    `host peak RSS ${rss?.toFixed(1)} MB, ${ratio(rss ?? 0, dynamicRss ?? 0)}x the dynamic host's ${dynamicRss?.toFixed(1)} (target <= ${TARGETS.rssShareOfDynamic})`,
  );
  check(
    native.cpuMsPerOp !== undefined && native.cpuMsPerOp < TARGETS.cpuMsPerOp,
    `host CPU ${native.cpuMsPerOp?.toFixed(2)} ms per operation (target < ${TARGETS.cpuMsPerOp}; dynamic host ${ours.cpuMsPerOp?.toFixed(2)})`,
  );
  const floor = result.floorMs.create;
  check(
    floor > 0 && native.steps.create.wallMs / floor <= TARGETS.createOverFloor,
    `create ${ratio(native.steps.create.wallMs, floor)}x the floor (target <= ${TARGETS.createOverFloor})`,
  );
  return lines;
}

/**
 * The same Node.js program of N resources through the real CLI, once on the dynamic resources
 * (`new webhooks.erzycall.Webhook(...)`) and once on the native plugin (`new pulumi.CustomResource(
 * "webhooks:erzycall:Webhook", ...)`, the plugin named in Pulumi.yaml): only the provider differs.
 */
type CliProvider = "dynamic" | "native";
const CLI_PROVIDERS: readonly CliProvider[] = ["dynamic", "native"];
/** `pulumi up` of the native plugin: at most this share of the dynamic resources' time. */
const CLI_UP_SHARE = 0.7;

export interface NativeCliResult {
  vendor: string;
  n: number;
  latencyMs: number;
  /** Per provider and step: wall ms, the vendor requests it made and the CPU of the command's process tree. */
  runs: Record<CliProvider, Record<BenchStep, CliStepRun>>;
}

function cliProgram(kind: CliProvider, subject: BenchVendor, n: number): string {
  const generations = [1, 2].map((generation) =>
    Array.from({ length: n }, (_, index) => subject.args(index, generation)),
  );
  const construct =
    kind === "dynamic"
      ? `new webhooks.${subject.vendor}.${subject.resource}(name, args)`
      : `new pulumi.CustomResource("webhooks:${subject.vendor}:${subject.resource}", name, args)`;
  return `"use strict";
const pulumi = require("@pulumi/pulumi");
${kind === "dynamic" ? 'const webhooks = require("pulumi-webhooks");' : ""}
const generation = Number(new pulumi.Config().get("generation") || "1");
const declared = ${JSON.stringify(generations)}[generation - 1];
declared.forEach((args, index) => {
  const name = "r" + index;
  ${construct};
});
`;
}

export async function runNativeCliBench(
  subject: BenchVendor,
  options: { cliDir: string; fixtureDir: string; n: number; latencyMs: number; profileDir?: string },
): Promise<NativeCliResult> {
  const runs = {} as NativeCliResult["runs"];
  for (const kind of CLI_PROVIDERS) {
    const emulator = await subject.start(options.n);
    const dir = path.join(options.fixtureDir, "programs", `bench-native-cli-${subject.vendor}-${kind}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const plugin = path.join(options.fixtureDir, "node_modules", ".bin");
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      `name: bench-native-cli\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n${
        kind === "native" ? `plugins:\n  providers:\n    - name: webhooks\n      path: ${plugin}\n` : ""
      }`,
    );
    fs.writeFileSync(path.join(dir, "index.js"), cliProgram(kind, subject, options.n));
    // Credentials as environment variables: both providers fall back to the same ones.
    const pulumi = new PulumiWorkspace(options.cliDir, dir, undefined, asEnvironment(emulator.config));
    runs[kind] = await runProgramSteps(pulumi, emulator, {
      latencyMs: options.latencyMs,
      profileDir: options.profileDir,
      vendor: subject.vendor,
      program: kind,
    });
  }
  return { vendor: subject.vendor, n: options.n, latencyMs: options.latencyMs, runs };
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

export const NATIVE_CLI_HEADER = [
  "| vendor | N | step | native s (requests) | dynamic s (requests) | native/dynamic | CPU s native / dynamic |",
  "|---|---|---|---|---|---|---|",
];

export function nativeCliRows(result: NativeCliResult): string[] {
  return BENCH_STEPS.map((step) => {
    const native = result.runs.native[step];
    const dynamic = result.runs.dynamic[step];
    const cpu = (run: CliStepRun) => (run.cpuMs === undefined ? "?" : seconds(run.cpuMs));
    return `| ${result.vendor} | ${result.n} | ${step} | ${seconds(native.wallMs)} (${native.requests}) | ${seconds(dynamic.wallMs)} (${dynamic.requests}) | ${ratio(native.wallMs, dynamic.wallMs)} | ${cpu(native)} / ${cpu(dynamic)} |`;
  });
}

export function nativeCliTargetLine(result: NativeCliResult): string {
  const share = result.runs.native.create.wallMs / result.runs.dynamic.create.wallMs;
  return `- ${share <= CLI_UP_SHARE ? "met" : "MISSED"}: native ${result.vendor} N=${result.n} through the real CLI: \`pulumi up\` (create) ${share.toFixed(2)}x the dynamic resources' time (target <= ${CLI_UP_SHARE})`;
}

/**
 * `npm run bench:native` (also the last part of `npm run bench`): the real-CLI comparison. BENCH_CLI_N (default
 * 100), BENCH_LATENCY_MS (50), BENCH_VENDORS (all). Writes bench/results/latest-native-cli.json, or
 * native-cli-narrowed.tmp.json when narrowed by any of them. BENCH_CLI_PROFILE=<folder>: every program and provider
 * process (the plugin, the dynamic-provider host) records its CPU time, and a V8 profile unless
 * BENCH_CPU_PROFILE_MODE=usage, under `<folder>/<vendor>-<native|dynamic>-<step>/` (as `npm run bench:cli` does;
 * `npx tsx scripts/cpu-profile-summary.ts <folder> usage` tabulates it); profiled timings are not the bench's.
 */
async function main(): Promise<void> {
  const cli = locateCli();
  if (!("dir" in cli)) {
    process.stdout.write(`native bench through the real CLI skipped: ${cli.reason}\n`);
    return;
  }
  const sizes = (process.env.BENCH_CLI_N ?? "100").split(",").map(Number);
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 50);
  const only = process.env.BENCH_VENDORS?.split(",").map((name) => name.trim());
  const profileDir = process.env.BENCH_CLI_PROFILE ? path.resolve(process.env.BENCH_CLI_PROFILE) : undefined;
  const narrowed =
    profileDir !== undefined ||
    process.env.BENCH_CLI_N !== undefined ||
    process.env.BENCH_VENDORS !== undefined ||
    process.env.BENCH_LATENCY_MS !== undefined;
  const loadBefore = os.loadavg().map((value) => value.toFixed(2));
  const fixture = await prepareFixture();
  const results: NativeCliResult[] = [];
  for (const vendor of BENCH_VENDORS.filter((candidate) => !only || only.includes(candidate.vendor)))
    for (const n of sizes) {
      process.stderr.write(
        `bench native vs dynamic (real CLI ${cli.version}): ${vendor.vendor} N=${n} ...\n`,
      );
      results.push(
        await runNativeCliBench(vendor, {
          cliDir: cli.dir,
          fixtureDir: fixture.dir,
          n,
          latencyMs,
          profileDir,
        }),
      );
    }
  const loadAfter = os.loadavg().map((value) => value.toFixed(2));
  process.stdout.write(
    [
      `The native plugin and the dynamic resources through Pulumi CLI ${cli.version}, ${latencyMs} ms latency, --parallel 16 (load average ${loadBefore.join(" ")} before, ${loadAfter.join(" ")} after):`,
      "",
      ...NATIVE_CLI_HEADER,
      ...results.flatMap(nativeCliRows),
      "",
      ...results.map(nativeCliTargetLine),
      "",
    ].join("\n"),
  );
  const file = narrowed ? "native-cli-narrowed.tmp.json" : "latest-native-cli.json";
  fs.writeFileSync(
    path.join(__dirname, "..", "bench", "results", file),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { cpus: os.cpus().length, loadBefore, loadAfter, cli: cli.version },
        results,
      },
      null,
      2,
    )}\n`,
  );
}

if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
