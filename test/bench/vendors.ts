/**
 * The vendors `npm run bench` drives: one adapter per resource type (test/bench/adapters/), each starting its
 * emulator, saying what N declared resources look like, how many round trips the vendor API needs per step (the
 * floor), and where its naive peer lives. A vendor joins the bench (`npm run bench` and test/bench/bench.test.ts)
 * with one entry in BENCH_VENDORS.
 */
import { convercWebhook } from "./adapters/converc";
import { conversantWebhook } from "./adapters/conversant";
import { convirzaWebhook } from "./adapters/convirza";
import { erzycallWebhook } from "./adapters/erzycall";
import { sendblueWebhook } from "./adapters/sendblue";
import type { BenchVendor } from "./bench-vendor";

export * from "./bench-vendor";

export const BENCH_VENDORS: BenchVendor[] = [
  erzycallWebhook,
  convirzaWebhook,
  convercWebhook,
  conversantWebhook,
  sendblueWebhook,
];
