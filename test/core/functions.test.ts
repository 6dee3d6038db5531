import { afterEach, describe, expect, it, vi } from "vitest";
import { readSetting, setting, useStackConfig } from "../../provider/core/credentials";
import { withStackConfig } from "../../provider/core/functions";

const TOKEN = setting("Test", "functionstest:token", "FUNCTIONS_TEST_TOKEN");

afterEach(() => {
  useStackConfig(undefined);
  vi.unstubAllEnvs();
});

describe("core › functions (what the SDK's read-only functions run through)", () => {
  it("resolves settings from the program's stack config first, then the environment", async () => {
    vi.stubEnv("FUNCTIONS_TEST_TOKEN", "from-env");
    const config = { get: (key: string) => (key === "functionstest:token" ? "from-config" : undefined) };
    expect(await withStackConfig(config, async () => readSetting(TOKEN))).toBe("from-config");
    expect(await withStackConfig(undefined, async () => readSetting(TOKEN))).toBe("from-env");
  });
});
