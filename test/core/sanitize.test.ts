import { describe, expect, it } from "vitest";
import { toHostObject, unwrapSecrets } from "../../provider/core/sanitize";

describe("core › sanitize", () => {
  it("never returns undefined, Date or BigInt to the host", () => {
    const out = toHostObject({
      a: undefined,
      b: new Date("2026-01-01T00:00:00Z"),
      c: 10n,
      d: [1, undefined],
      e: { f: undefined, g: NaN },
    });
    expect(out).toEqual({ b: "2026-01-01T00:00:00.000Z", c: 10, d: [1, null], e: { g: null } });
  });

  it("unwraps the engine's secret wrapper", () => {
    const wrapped = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s" };
    expect(unwrapSecrets({ a: wrapped, b: [wrapped] })).toEqual({ a: "s", b: ["s"] });
  });
});
