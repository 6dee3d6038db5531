import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/check";
import { diffBySpec } from "../../provider/core/diff";

describe("core › diff", () => {
  const spec = { url: "update", region: "replace", adopt: "ignore" } as const;

  it("reports nothing when only outputs, __provider or ignored inputs differ", () => {
    expect(
      diffBySpec(
        { url: "u", region: "r", createdAt: "t", __provider: "a", adopt: "x" },
        { url: "u", region: "r", adopt: "y" },
        spec,
      ),
    ).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("separates in-place changes from replacements and asks about delete-before-replace", () => {
    expect(
      diffBySpec({ url: "u", region: "r" }, { url: "v", region: "s" }, spec, {
        deleteBeforeReplace: (keys) => keys.includes("region"),
      }),
    ).toEqual({
      changes: true,
      replaces: ["region"],
      deleteBeforeReplace: true,
    });
  });

  it("treats an unknown value as a change", () => {
    expect(diffBySpec({ url: "u", region: "r" }, { url: UNKNOWN, region: "r" }, spec).changes).toBe(true);
  });
});
