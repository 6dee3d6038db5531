/** The version picking of the test matrix (scripts/runtimes.ts): numeric, per major, releases only. */
import { describe, expect, it } from "vitest";
import { compareVersions, newestOfMajor } from "../../scripts/runtimes";

describe("newestOfMajor", () => {
  it("compares numerically, so 22.23.3 is newer than 22.9.0", () => {
    expect(newestOfMajor(["22.9.0", "22.23.3", "22.10.1", "24.0.0"], 22)).toBe("22.23.3");
    expect(compareVersions("3.270.0", "3.39.0")).toBeGreaterThan(0);
  });

  it("keeps to the asked major and ignores pre-releases", () => {
    expect(newestOfMajor(["3.270.0", "4.0.0", "3.271.0-alpha.1", "3.99.9"], 3)).toBe("3.270.0");
    expect(newestOfMajor(["20.20.2", "26.10.0"], 24)).toBeUndefined();
  });
});
