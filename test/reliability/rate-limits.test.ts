/**
 * Under Conversant's documented default limit (a bucket of 100 requests refilled at 10 per second per account),
 * more webhooks than the bucket holds go through create, a no-op up, update and destroy without one failure, from
 * one stack and from two stacks deploying at once on the account. CI size; `npm run test:reliability` runs N = 500
 * and Erzycall's windows too.
 */
import { describe, expect, it } from "vitest";
import { conversantLimited, RATE_STEPS, runRateLimited, type RateLimitResult } from "./rate-limits";

function expectClean(result: RateLimitResult): void {
  expect(result.errors).toEqual([]);
  for (const step of RATE_STEPS) {
    expect({ step, ...result.steps[step] }).toMatchObject({ step, failed: 0, duplicates: 0, mismatches: 0 });
  }
}

describe("rate limits › conversant under Crossbar's default bucket", () => {
  it("paces 110 webhooks of one stack: no failure, nothing sent to be refused, and a line saying it waits", async () => {
    const result = await runRateLimited(conversantLimited, { n: 110 });
    expectClean(result);
    // Beyond the burst the provider waits for tokens instead of sending requests to be refused.
    for (const step of RATE_STEPS) expect(result.steps[step].refused).toBe(0);
    expect(result.steps.create.accepted).toBeGreaterThan(95);
    expect(result.waitLines.join("\n")).toMatch(/Conversant: waiting on its rate limit \(100 requests at once, refilled at 10 per second, per account\) for [\d.]+ s now, \d+ requests? queued/);
  }, 180_000);

  it("two stacks deploying at once on one account share its bucket, and both finish", async () => {
    const result = await runRateLimited(conversantLimited, { n: 55, stacks: 2 });
    expectClean(result);
  }, 240_000);
});
