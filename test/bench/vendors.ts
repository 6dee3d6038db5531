/**
 * The vendors `npm run bench` drives: one adapter per resource type (test/bench/adapters/), each starting its
 * emulator, saying what N declared resources look like, how many round trips the vendor API needs per step (the
 * floor), and where its naive peer lives. A vendor joins the bench (`npm run bench` and test/bench/bench.test.ts)
 * with one entry in BENCH_BY_VENDOR, keyed by its id in the manifest.
 */
import type { VendorId } from "../../provider/manifest";
import { convercWebhook } from "./adapters/converc";
import { conversantWebhook } from "./adapters/conversant";
import { convirzaWebhook } from "./adapters/convirza";
import { erzycallWebhook } from "./adapters/erzycall";
import { sendblueWebhook } from "./adapters/sendblue";
import type { BenchVendor } from "./bench-vendor";

export * from "./bench-vendor";

/** One adapter per vendor of the manifest, by id (each benches the vendor's Webhook). */
const BENCH_BY_VENDOR = {
  erzycall: erzycallWebhook,
  convirza: convirzaWebhook,
  converc: convercWebhook,
  conversant: conversantWebhook,
  sendblue: sendblueWebhook,
} satisfies Record<VendorId, BenchVendor>;

export const BENCH_VENDORS: BenchVendor[] = Object.values(BENCH_BY_VENDOR);
