import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SDK = join(__dirname, "../../sdk");

/** Every module an SDK file imports from provider/, as `sdk/<file> → provider/<path>`. */
function providerImports(): string[] {
  return readdirSync(SDK)
    .filter((file) => file.endsWith(".ts"))
    .flatMap((file) =>
      [...readFileSync(join(SDK, file), "utf8").matchAll(/from "\.\.\/provider\/([^"]+)"/g)].map(
        (match) => `sdk/${file} → provider/${match[1]}`,
      ),
    );
}

describe("core › what the SDK may reach in the provider", () => {
  it("reaches a vendor only through its entry points (index, functions, public types), and core only for the identity input", () => {
    const imports = providerImports();
    const internals = imports.filter(
      (line) =>
        /→ provider\/[a-z]+\/(client|schema|provider)$/.test(line) ||
        (/→ provider\/core\//.test(line) && !line.endsWith("→ provider/core/identity-input")),
    );
    expect(internals).toEqual([]);
    // Every read-only function runs through its vendor's functions.ts (Conversant's getWebhookAttempts included).
    expect(imports).toContain("sdk/conversant.ts → provider/conversant/functions");
  });
});
