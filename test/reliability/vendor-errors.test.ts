/** Every documented vendor error, and the shapes real APIs produce besides, as one readable line without secrets. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_SUITES } from "./vendor-errors";

const saved = { ...process.env };
beforeAll(() => {
  process.env.PULUMI_WEBHOOKS_RETRY_BASE_MS = "1";
  process.env.PULUMI_WEBHOOKS_RETRY_MAX_MS = "5";
  // A 429 is waited on until the time budget is spent; a short one keeps the test fast.
  process.env.PULUMI_WEBHOOKS_RATE_LIMIT_BUDGET_MS = "300";
});
afterAll(() => {
  process.env = saved;
});

describe.each(ERROR_SUITES.map((suite) => [suite.vendor, suite] as const))("%s errors", (_vendor, suite) => {
  it.each(suite.cases.map((errorCase) => [errorCase.name, errorCase] as const))(
    "%s",
    async (_name, errorCase) => {
      const run = await suite.start();
      try {
        run.faults.add({
          kind: "status",
          method: suite.method,
          path: suite.path,
          status: errorCase.status,
          body: errorCase.body,
          contentType: errorCase.contentType ?? "application/json",
          retryAfter: errorCase.status === 429 ? 0 : undefined,
          times: Infinity,
        });
        const error = await run.create().then(
          () => undefined,
          (caught: unknown) => caught as Error,
        );
        expect(error).toBeInstanceOf(Error);
        const message = error!.message;
        expect(message).not.toContain("\n");
        expect(
          message.startsWith(`${suite.vendor} ${suite.operation} failed: HTTP ${errorCase.status} `),
        ).toBe(true);
        expect(message).toMatch(errorCase.expect);
        // Advice that cannot help (one request at a time already outruns a rate limit) is never given.
        expect(message).not.toContain("--parallel");
        for (const secret of run.secrets) {
          expect(message).not.toContain(secret);
          expect(error!.stack ?? "").not.toContain(secret);
        }
      } finally {
        await run.close();
      }
    },
  );
});

describe.each(ERROR_SUITES.map((suite) => [suite.vendor, suite] as const))(
  "%s, its base URL refusing connections",
  (_vendor, suite) => {
    it("says nothing was sent and names the base-URL setting, never that the request may have been applied", async () => {
      const run = await suite.start();
      // The emulator's port, closed: what a wrong base URL or a vendor that is down looks like.
      await run.close();
      const error = await run.create().then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );
      expect(error).toBeInstanceOf(Error);
      const message = error!.message;
      const lower = suite.vendor.toLowerCase();
      expect(message).toMatch(
        new RegExp(
          `^${suite.vendor} [a-z ]+ failed: could not connect to http://127\\.0\\.0\\.1:\\d+ \\(ECONNREFUSED\\); nothing was sent\\. Check the base URL \\(${lower}:baseUrl / ${lower.toUpperCase()}_BASE_URL\\)`,
        ),
      );
      expect(message).not.toMatch(/may or may not|may have been|disabled|refresh/);
    });
  },
);
