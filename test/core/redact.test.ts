import { describe, expect, it } from "vitest";
import { redact, registerSecret, registerSecretPatterns } from "../../provider/core/redact";
import { SECRET_PATTERNS } from "../../provider/manifest";

describe("core › redact", () => {
  it("scrubs every registered secret wherever it appears, and leaves values too short to be safe alone", () => {
    registerSecret("redact-test-secret");
    registerSecret("abc");
    registerSecret(undefined);
    registerSecret(12345);
    expect(redact("a redact-test-secret, then redact-test-secret again; abc 12345")).toBe(
      "a [redacted], then [redacted] again; abc 12345",
    );
  });

  it("scrubs what looks like a credential even when it was never registered", () => {
    // The vendors' credential shapes, as the registry registers them for every host.
    registerSecretPatterns(SECRET_PATTERNS);
    expect(redact("key ek_live_unregistered123 signed with whsec_unregistered456")).toBe(
      "key ek_live_[redacted] signed with whsec_[redacted]",
    );
    expect(redact("authorization: Bearer unregistered.token-789")).toBe("authorization: Bearer [redacted]");
    expect(redact("sent to https://user:pass@hooks.example.com/a")).toBe(
      "sent to https://[redacted]@hooks.example.com/a",
    );
  });
});
