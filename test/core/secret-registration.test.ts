import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/** Every TypeScript file under provider/, as a path relative to the repository. */
function providerFiles(directory = join(__dirname, "../../provider")): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return providerFiles(path);
    return entry.name.endsWith(".ts") ? [relative(join(__dirname, "../.."), path)] : [];
  });
}

describe("core › secret registration (the rule in core/redact)", () => {
  it("registers secrets only at the three doors: credentials and headers, operation arguments, vendor answers", () => {
    const registering = providerFiles().filter((file) =>
      /\bregisterSecret\b/.test(readFileSync(join(__dirname, "../..", file), "utf8")),
    );
    const doors = registering.filter(
      (file) =>
        [
          "provider/core/redact.ts",
          "provider/core/credentials.ts",
          "provider/core/http.ts",
          "provider/core/define-provider.ts",
        ].includes(file) || /^provider\/[a-z]+\/client\.ts$/.test(file),
    );
    expect(registering).toEqual(doors);
    // The doors are in use: the rule is not held by nobody calling it.
    expect(registering).toContain("provider/core/define-provider.ts");
    expect(registering).toContain("provider/core/credentials.ts");
  });
});
