/**
 * `npx tsx scripts/sendblue-timeline.ts [N]`: one bench run of sendblue.Webhook (default N = 500, 50 ms per request,
 * 16 operations at once) with the provider's batch timeline on, summarised per step: how many batches, their sizes,
 * how long entries waited for their batch, and the requests each batch sent. CONTRIBUTING explains the figures.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { prepareFixture } from "../test/harness";
import { FIXTURE_ENV } from "../test/harness/fixture";
import { runBench } from "../test/bench/run";
import { sendblueWebhook } from "../test/bench/adapters/sendblue";
import type { BatchRecord } from "../provider/sendblue/timeline";

const N = Number(process.argv[2] ?? 500);
const LATENCY_MS = 50;
/** Steps are told apart by the quiet between them (no-op and refresh write nothing). */
const STEP_GAP_MS = 250;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

function phases(records: BatchRecord[]): BatchRecord[][] {
  const result: BatchRecord[][] = [];
  let previousEnd = -Infinity;
  for (const record of records) {
    if (record.at - previousEnd > STEP_GAP_MS) result.push([]);
    result.at(-1)!.push(record);
    previousEnd = record.at + record.ms;
  }
  return result;
}

function summary(records: BatchRecord[]): string {
  const sizes = records.map((record) => record.adds + record.removes);
  const waits = records.flatMap((record) => record.waits);
  const shapes = new Map<string, number>();
  for (const record of records) {
    const shape = record.requests.map((request) => request.split(" ")[0]).join(" ");
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  }
  const requests = records.reduce((sum, record) => sum + record.requests.length, 0);
  const span = records.length ? records.at(-1)!.at + records.at(-1)!.ms - records[0]!.at : 0;
  return [
    `${records.length} batches over ${span} ms, ${sizes.reduce((sum, size) => sum + size, 0)} entries (${records.reduce((sum, record) => sum + record.adds, 0)} adds, ${records.reduce((sum, record) => sum + record.removes, 0)} removes), ${requests} requests`,
    `  batch size: min ${Math.min(...sizes)}, median ${percentile(sizes, 50)}, max ${Math.max(...sizes)}; first five: ${sizes.slice(0, 5).join(", ")}`,
    `  wait for its batch, ms: median ${percentile(waits, 50)}, p90 ${percentile(waits, 90)}, max ${Math.max(...waits)}`,
    `  waited for entries to stop arriving, ms: median ${percentile(
      records.map((record) => record.gatheredMs ?? 0),
      50,
    )}, max ${Math.max(...records.map((record) => record.gatheredMs ?? 0))}; joined after the DELETEs: ${records.reduce(
      (sum, record) => sum + (record.joined ?? 0),
      0,
    )} entries, waiting ${records.reduce((sum, record) => sum + (record.joinMs ?? 0), 0)} ms in all`,
    `  batch duration, ms: median ${percentile(
      records.map((record) => record.ms),
      50,
    )}, max ${Math.max(...records.map((record) => record.ms))}`,
    `  requests per batch: ${[...shapes]
      .sort((left, right) => right[1] - left[1])
      .map(([shape, count]) => `${count} x [${shape}]`)
      .join("; ")}`,
  ].join("\n");
}

async function main(): Promise<void> {
  const fixture = await prepareFixture();
  process.env[FIXTURE_ENV] = fixture.dir;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sendblue-timeline-")), "batches.jsonl");
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
  const result = await runBench(sendblueWebhook, {
    n: N,
    latencyMs: LATENCY_MS,
    hostEnv: { PULUMI_WEBHOOKS_SENDBLUE_TIMELINE: file },
  });
  const records = fs
    .readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as BatchRecord);
  const lines = [`sendblue.Webhook, N = ${N}, ${LATENCY_MS} ms per request, load ${load} before`];
  for (const step of ["create", "update", "delete"] as const) {
    const ours = result.ours.steps[step];
    lines.push(
      `${step}: ${Math.round(ours.wallMs)} ms (floor ${result.floorMs[step]}, naive ${Math.round(result.naive.steps[step].wallMs)}), ${ours.requests} requests ${JSON.stringify(ours.requestsBy)}`,
    );
  }
  phases(records).forEach((phase, index) =>
    lines.push(`batches, step ${index + 1} (create, update, delete in order):\n${summary(phase)}`),
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
