/** Every documented vendor error, and the shapes real APIs produce besides, as one readable line without secrets. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_SUITES } from "./vendor-errors";

const saved = { ...process.env };
beforeAll(() => {
  process.env.PULUMI_WEBHOOKS_RETRY_BASE_MS = "1";
  process.env.PULUMI_WEBHOOKS_RETRY_MAX_MS = "5";
});
afterAll(() => {
  process.env = saved;
});

describe.each(ERROR_SUITES.map((suite) => [suite.vendor, suite] as const))("%s errors", (_vendor, suite) => {
  it.each(suite.cases.map((errorCase) => [errorCase.name, errorCase] as const))("%s", async (_name, errorCase) => {
    const run = await suite.start();
    try {
      run.faults.add({ kind: "status", method: suite.method, path: suite.path, status: errorCase.status, body: errorCase.body, contentType: errorCase.contentType ?? "application/json", retryAfter: errorCase.status === 429 ? 0 : undefined, times: Infinity });
      const error = await run.create().then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );
      expect(error).toBeInstanceOf(Error);
      const message = error!.message;
      expect(message).not.toContain("\n");
      expect(message.startsWith(`${suite.vendor} ${suite.operation} failed: HTTP ${errorCase.status} `)).toBe(true);
      expect(message).toMatch(errorCase.expect);
      for (const secret of run.secrets) {
        expect(message).not.toContain(secret);
        expect(error!.stack ?? "").not.toContain(secret);
      }
    } finally {
      await run.close();
    }
  });
});
