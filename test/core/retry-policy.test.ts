import { describe, expect, it } from "vitest";
import { retryDelay, serverRequestedDelay, type FailedAttempt } from "../../provider/core/retry-policy";

const settings = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 5_000 };
const midpoint = () => 0.5;

describe("core › retry policy", () => {
  const rows: Array<[string, Omit<FailedAttempt, "attempt">, number | undefined]> = [
    [
      "429 is the account pace's to wait on, not a counted retry",
      { statusCode: 429, repeatable: true },
      undefined,
    ],
    ["503 on a non-repeatable write", { statusCode: 503, repeatable: false }, 75],
    [
      "502 on a non-repeatable write may have been applied",
      { statusCode: 502, repeatable: false },
      undefined,
    ],
    ["502 on a repeatable request", { statusCode: 502, repeatable: true }, 75],
    ["504 on a repeatable request", { statusCode: 504, repeatable: true }, 75],
    ["500 is not retried", { statusCode: 500, repeatable: true }, undefined],
    ["404 is not retried", { statusCode: 404, repeatable: true }, undefined],
    ["connection refused: never sent", { errorCode: "ECONNREFUSED", repeatable: false }, 75],
    ["reset after sending a non-repeatable write", { errorCode: "ECONNRESET", repeatable: false }, undefined],
    ["reset on a repeatable request", { errorCode: "ECONNRESET", repeatable: true }, 75],
    ["socket closed mid-response on a keyed write", { errorCode: "UND_ERR_SOCKET", repeatable: true }, 75],
    [
      "header timeout on a repeatable request",
      { errorCode: "UND_ERR_HEADERS_TIMEOUT", repeatable: true },
      75,
    ],
    ["an unknown error code", { errorCode: "ERR_SOMETHING", repeatable: true }, undefined],
  ];
  it.each(rows)("%s", (_name, failure, expected) => {
    expect(retryDelay({ ...failure, attempt: 1 }, settings, midpoint)).toBe(expected);
  });

  it("backs off exponentially with jitter between half and all of the step, capped", () => {
    const delays = [1, 2, 3].map((attempt) =>
      retryDelay({ statusCode: 503, repeatable: true, attempt }, settings, () => 1),
    );
    expect(delays).toEqual([100, 200, 400]);
    expect(retryDelay({ statusCode: 503, repeatable: true, attempt: 1 }, settings, () => 0)).toBe(50);
    expect(
      retryDelay(
        { statusCode: 503, repeatable: true, attempt: 3 },
        { ...settings, maxDelayMs: 150 },
        () => 1,
      ),
    ).toBe(150);
  });

  it("retries a connection that was never made quickly and at most as often as its kind deserves", () => {
    const tries = (errorCode: string) =>
      [1, 2, 3].map((attempt) => retryDelay({ errorCode, repeatable: false, attempt }, settings, () => 1));
    // An unknown host: a wrong base URL, which asking again does not mend.
    expect(tries("ENOTFOUND")).toEqual([undefined, undefined, undefined]);
    // One quick retry, not growing: a refused connection is a wrong port or a vendor that is down.
    expect(tries("ECONNREFUSED")).toEqual([100, undefined, undefined]);
    expect(tries("EHOSTUNREACH")).toEqual([100, undefined, undefined]);
    // A connection that did not complete in time carried nothing either.
    expect(tries("UND_ERR_CONNECT_TIMEOUT")).toEqual([100, undefined, undefined]);
    // The resolver timing out is transient: two quick retries.
    expect(tries("EAI_AGAIN")).toEqual([100, 100, undefined]);
    // A failed TLS handshake (https:// to a plain HTTP port, an untrusted certificate): the same answer again.
    expect(tries("ERR_SSL_WRONG_VERSION_NUMBER")).toEqual([undefined, undefined, undefined]);
    expect(tries("DEPTH_ZERO_SELF_SIGNED_CERT")).toEqual([undefined, undefined, undefined]);
  });

  it("gives up after maxRetries", () => {
    expect(retryDelay({ statusCode: 503, repeatable: true, attempt: 4 }, settings, midpoint)).toBeUndefined();
  });

  it("honours Retry-After in seconds and as a date, capped by maxDelayMs", () => {
    expect(
      retryDelay(
        { statusCode: 503, repeatable: false, attempt: 1, headers: { "retry-after": "2" } },
        settings,
      ),
    ).toBe(2_000);
    expect(
      retryDelay(
        { statusCode: 503, repeatable: false, attempt: 1, headers: { "retry-after": "120" } },
        settings,
      ),
    ).toBe(5_000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(serverRequestedDelay({ "retry-after": "Thu, 01 Jan 2026 00:00:03 GMT" }, now)).toBe(3_000);
    expect(serverRequestedDelay({ "retry-after": "0" })).toBe(0);
  });

  it("waits for the rate-limit window to reset when it is exhausted and no Retry-After is given", () => {
    const now = 1_700_000_000_000;
    expect(
      serverRequestedDelay(
        { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 4) },
        now,
      ),
    ).toBe(4_000);
    expect(serverRequestedDelay({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "7" }, now)).toBe(7_000);
    expect(
      serverRequestedDelay({ "x-ratelimit-remaining": "3", "x-ratelimit-reset": "7" }, now),
    ).toBeUndefined();
  });
});
