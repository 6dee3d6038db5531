import { describe, expect, it } from "vitest";
import { budgetSpentError, seconds } from "../../provider/core/pacing-report";

describe("core › pacing report", () => {
  it("writes waits as people read them", () => {
    expect([900, 1_050, 9_400, 9_950, 12_400, 59_600, 61_000, 3_725_000].map(seconds)).toEqual([
      "0.9 s",
      "1.1 s",
      "9.4 s",
      "10 s",
      "12 s",
      "1 min 0 s",
      "1 min 1 s",
      "62 min 5 s",
    ]);
  });

  it("says how long the request waited on which limit, that it was not applied, and which setting allows more", () => {
    const error = budgetSpentError({
      vendor: "Test",
      operation: "create webhook",
      limit: { description: "10 requests a second", bucket: { capacity: 10, refillPerSecond: 10 } },
      waitedMs: 600_000,
      refusal: { statusCode: 429, vendorError: { message: "slow down" } },
    });
    expect(error).toMatchObject({ code: "WH_RATE_LIMITED", statusCode: 429 });
    expect(error.message).toBe(
      'Test create webhook failed: HTTP 429 "slow down" waited 10 min 0 s on Test\'s rate limit (10 requests a second); the request was not applied. Allow a longer wait with pulumi-webhooks:rateLimitBudgetMs / PULUMI_WEBHOOKS_RATE_LIMIT_BUDGET_MS (milliseconds), or, if other clients use this account, run again when they are quieter',
    );
  });
});
