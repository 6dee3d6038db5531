/**
 * A vendor that stops answering, for every vendor (the suites of vendor-errors.ts): the request timeout cuts it
 * off with one clear line naming the timeout and its setting, and a create whose write landed before the vendor
 * went quiet is either repeated safely (one object, now or on the next `pulumi up`) or reported to the engine as
 * a partial failure carrying the object's id. Erzycall's two-request create adds its own case at the end.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { webhookProvider } from "../../provider/erzycall/provider";
import {
  ERZYCALL_DEFAULT_ORG,
  ERZYCALL_TEST_KEY,
  startErzycallEmulator,
  type ErzycallEmulator,
} from "../emulators/erzycall";
import { hangOnWrite, quietAfterWrite, stallOnWrite, TIMEOUT_ENV, TIMEOUT_MS, timeoutLine } from "./timeouts";
import { initFailure } from "../support/failure";
import { ERROR_SUITES, type ErrorSuite, type SuiteRun } from "./vendor-errors";

const saved = { ...process.env };
beforeAll(() => {
  Object.assign(process.env, TIMEOUT_ENV);
});
afterAll(() => {
  process.env = saved;
});

/** Each case runs every vendor at once: they read different variables and run their own emulators. */
function eachVendor(body: (run: SuiteRun, suite: ErrorSuite) => Promise<void>): void {
  for (const suite of ERROR_SUITES) {
    it.concurrent(suite.vendor, async () => {
      const run = await suite.start();
      try {
        await body(run, suite);
      } finally {
        await run.close();
      }
    });
  }
}

describe("a write that never gets an answer: one line naming the timeout and its setting, nothing left", () => {
  eachVendor(async (run, suite) => {
    const { message, objects } = await hangOnWrite(run, suite);
    expect(message).toMatch(timeoutLine(suite));
    expect(message).not.toContain("\n");
    expect(objects).toEqual([]);
  });
});

describe("a write that lands but whose answer never comes: one object", () => {
  eachVendor(async (run, suite) => {
    const verdict = await stallOnWrite(run, suite);
    expect(verdict.problems).toEqual([]);
    expect(verdict.objects).toHaveLength(1);
  });
});

describe("a vendor that goes quiet after the write lands: the object is reported, or the next up makes no second one", () => {
  eachVendor(async (run, suite) => {
    const verdict = await quietAfterWrite(run, suite);
    expect(verdict.problems).toEqual([]);
    expect(verdict.objects).toHaveLength(1);
  });
});

describe("erzycall.Webhook when Erzycall hangs between its two create requests", () => {
  let emulator: ErzycallEmulator;
  beforeEach(async () => {
    emulator = await startErzycallEmulator();
    vi.stubEnv("ERZYCALL_API_KEY", ERZYCALL_TEST_KEY);
    vi.stubEnv("ERZYCALL_BASE_URL", emulator.url);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await emulator.close();
  });

  it("reports an endpoint created before the hang as a partial failure with its id", async () => {
    emulator.faults.add({ kind: "hang", method: "PATCH", times: Infinity });
    const error = await initFailure(
      webhookProvider.create!({
        url: "https://hooks.example.com/timeouts",
        events: ["call.ended"],
        active: false,
      }),
    );
    const [endpoint] = emulator.store.list(ERZYCALL_DEFAULT_ORG);
    expect(error.id).toBe(endpoint?.id);
    expect(error.properties).toMatchObject({
      url: "https://hooks.example.com/timeouts",
      secret: endpoint?.secret,
    });
    expect(error.message).toMatch(
      new RegExp(`update webhook failed: no response .* within ${TIMEOUT_MS} ms`),
    );
  });
});
