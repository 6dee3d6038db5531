import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it, vi } from "vitest";
import { configError } from "../../provider/core/errors";
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

  it("fails as Pulumi's RunError, so an unhandled failure in a program prints its one line, not a stack", async () => {
    const failure = await withStackConfig(undefined, async () => {
      throw configError(
        "Test",
        "missing credential: set it with `pulumi config set --secret test:token <value>`",
      );
    }).catch((error: unknown) => error);
    expect(pulumi.RunError.isInstance(failure)).toBe(true);
    expect((failure as Error).message).toBe(
      "Test configuration failed: missing credential: set it with `pulumi config set --secret test:token <value>`",
    );
    // Nothing new for a program that catches and inspects it.
    expect(Object.keys(failure as object)).not.toContain("__pulumiRunError");
  });
});
