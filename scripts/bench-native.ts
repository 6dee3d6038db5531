/**
 * The native plugin's part of `npm run bench`: the same steps through `pulumi-resource-webhooks` beside the
 * dynamic-provider host, and the native provider's targets (host RSS at most half the dynamic host's, CPU per
 * operation under 1 ms, create within 1.15x the floor).
 */
import type { BenchResult } from "../test/bench/run";
import { BENCH_STEPS } from "../test/bench/vendors";

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
