/**
 * Under Conversant's documented default limit (a bucket of 100 requests refilled at 10 per second per account),
 * more webhooks than the bucket holds go through create, a no-op up, update and destroy without one failure, from
 * one stack and from two stacks deploying at once on the account. CI size; `npm run test:reliability` runs N = 500
 * and Erzycall's windows too.
 */
import { describe, expect, it } from "vitest";
import {
  CONVERSANT_TEST_ACCOUNT,
  CONVERSANT_TEST_TOKEN,
  startConversantEmulator,
} from "../emulators/conversant";
import { checkAndCreate, fixtureDir, secretArg, serializeResource, startHost, urnFor } from "../harness";
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
    expect(result.waitLines.join("\n")).toMatch(
      /Conversant: waiting on its rate limit \(100 requests at once, refilled at 10 per second, per account\) for [\d.]+ s now, \d+ requests? queued/,
    );
  }, 180_000);

  it("two stacks deploying at once on one account share its bucket, and both finish", async () => {
    const result = await runRateLimited(conversantLimited, { n: 55, stacks: 2 });
    expectClean(result);
  }, 240_000);
});

describe("rate limits › the time budget", () => {
  it("set in stack config, bounds the wait; the error through the host says how long it waited and the limit, and nothing about --parallel", async () => {
    // A bucket that is spent after the first create (its look-up and its PUT) and all but never refills: another
    // client holds the account.
    const emulator = await startConversantEmulator({ rateLimit: { capacity: 2, refillPerSecond: 0.0001 } });
    const host = await startHost(fixtureDir());
    try {
      const args = (index: number) => ({
        name: `budget ${index}`,
        url: `https://hooks.example.com/budget/${index}`,
        hook: "channel_destroy",
      });
      const resources = await Promise.all(
        [0, 1].map((index) =>
          serializeResource(fixtureDir(), {
            module: "conversant",
            resource: "Webhook",
            name: `b${index}`,
            args: args(index),
          }),
        ),
      );
      await host.configure({
        "conversant:authToken": secretArg(CONVERSANT_TEST_TOKEN),
        "conversant:accountId": CONVERSANT_TEST_ACCOUNT,
        "conversant:baseUrl": emulator.url,
        "pulumi-webhooks:rateLimitBudgetMs": "1500",
      });
      await checkAndCreate(host, urnFor("conversant", "Webhook", "b0"), resources[0]!.inputs);
      const error = await checkAndCreate(
        host,
        urnFor("conversant", "Webhook", "b1"),
        resources[1]!.inputs,
      ).then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );
      expect(error?.message).toMatch(
        /Conversant (create|list) webhooks? failed: HTTP 429 too many requests .*waited [\d.]+ s on Conversant's rate limit \(100 requests at once, refilled at 10 per second, per account\); the request was not applied\. Allow a longer wait with pulumi-webhooks:rateLimitBudgetMs \/ PULUMI_WEBHOOKS_RATE_LIMIT_BUDGET_MS/,
      );
      expect(error?.message).not.toContain("--parallel");
      // It was sent again after each refusal while the budget lasted.
      expect(emulator.requests.filter((request) => request.status === 429).length).toBeGreaterThan(1);
      expect(emulator.store.list(CONVERSANT_TEST_ACCOUNT)).toHaveLength(1);
    } finally {
      await host.close();
      await emulator.close();
    }
  });
});
