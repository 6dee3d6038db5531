/**
 * Keeps `npm run bench` working: the same driver at a tiny N with no added latency, through the real host, for our
 * provider and the naive peer. Asserts what is exact (requests per step, keep-alive, `__provider` size), never time.
 */
import { describe, expect, it } from "vitest";
import { floorMs, runBench } from "./run";
import { BENCH_STEPS, BENCH_VENDORS } from "./vendors";

const N = 5;

describe.each(BENCH_VENDORS.map((vendor) => [`${vendor.vendor}.${vendor.resource}`, vendor] as const))(
  "bench driver for %s",
  (_name, vendor) => {
    it(`runs create, no-op up, update, refresh and delete of ${N} resources with the expected requests`, async () => {
      const result = await runBench(vendor, { n: N, latencyMs: 0 });
      const expected = vendor.expectedRequests(N);
      for (const step of BENCH_STEPS) {
        for (const who of ["ours", "native", "naive"] as const) {
          const sent = result[who].steps[step].requestsBy;
          // The native plugin runs the same implementations: the same requests as ours.
          const wanted = expected[who === "native" ? "ours" : who][step];
          // Exact counts compare as they are; a [min, max] range is checked, then stands in for the count seen (a range
          // that allows 0 is met by a shape never sent).
          const comparable = Object.fromEntries(
            Object.entries(wanted).flatMap(([shape, count]) => {
              if (typeof count === "number") return [[shape, count]];
              const seen = sent[shape] ?? 0;
              if (seen === 0 && count[0] === 0) return [];
              return [[shape, seen >= count[0] && seen <= count[1] ? seen : count]];
            }),
          );
          expect({ step, who, requests: sent }).toEqual({ step, who, requests: comparable });
        }
      }
      // Keep-alive: never more connections than operations in flight.
      const connections = BENCH_STEPS.reduce((sum, step) => sum + result.ours.steps[step].connections, 0);
      expect(connections).toBeGreaterThan(0);
      expect(connections).toBeLessThanOrEqual(N);
      expect(result.ours.providerBytesPerResource).toBeLessThanOrEqual(2048);
      // The naive peer captures its config in the closure; ours captures nothing.
      expect(result.naive.providerBytesPerResource).toBeGreaterThan(result.ours.providerBytesPerResource);
    });
  },
);

describe("floorMs", () => {
  it("counts per-resource round trips in waves of the concurrency, plus the account's list pages", () => {
    expect(floorMs({ perResource: 1 }, 500, 50, 16)).toBe(32 * 50);
    expect(floorMs({ perResource: 2 }, 50, 50, 16)).toBe(4 * 2 * 50);
    expect(floorMs({ perResource: 0, perAccount: 1 }, 500, 50, 16)).toBe(50);
    expect(floorMs({ perResource: 0, perAccount: 1, pageSize: 100 }, 500, 50, 16)).toBe(5 * 50);
    expect(floorMs({ perResource: 0 }, 500, 50, 16)).toBe(0);
  });
});
