import { afterEach, describe, expect, it } from "vitest";
import { requireCredential, resolveBaseUrl, useStackConfig } from "../../provider/core/credentials";
import { redact } from "../../provider/core/redact";

const source = { configKey: "acme:apiKey", envVar: "ACME_API_KEY" };
const urlSource = { configKey: "acme:baseUrl", envVar: "ACME_BASE_URL" };

afterEach(() => {
  useStackConfig(undefined);
  delete process.env.ACME_API_KEY;
  delete process.env.ACME_BASE_URL;
});

describe("core › credentials", () => {
  it("prefers stack config over the environment", () => {
    process.env.ACME_API_KEY = "from-env-1234";
    expect(requireCredential("Acme", source)).toBe("from-env-1234");
    useStackConfig({ get: (key) => (key === "acme:apiKey" ? "from-config-1234" : undefined) });
    expect(requireCredential("Acme", source)).toBe("from-config-1234");
  });

  it("names both places when the credential is missing", () => {
    expect(() => requireCredential("Acme", source)).toThrow(
      "Acme configuration failed: missing credential: set it with `pulumi config set --secret acme:apiKey <value>` or the environment variable ACME_API_KEY",
    );
  });

  it("registers the credential for redaction", () => {
    process.env.ACME_API_KEY = "zz-credential-zz";
    requireCredential("Acme", source);
    expect(redact("echo zz-credential-zz")).toBe("echo [redacted]");
  });

  it("accepts https and loopback http base URLs, and names the source of a bad one", () => {
    expect(resolveBaseUrl("Acme", urlSource, "https://api.acme.test/")).toBe("https://api.acme.test");
    process.env.ACME_BASE_URL = "http://127.0.0.1:4010";
    expect(resolveBaseUrl("Acme", urlSource, "https://api.acme.test")).toBe("http://127.0.0.1:4010");
    process.env.ACME_BASE_URL = "http://api.acme.test";
    expect(() => resolveBaseUrl("Acme", urlSource, "")).toThrow(
      /acme:baseUrl \/ ACME_BASE_URL\) must use https:\/\//,
    );
    process.env.ACME_BASE_URL = "https://user:pw@api.acme.test";
    expect(() => resolveBaseUrl("Acme", urlSource, "")).toThrow(/must not contain credentials/);
  });

  it("says a base URL without its scheme lacks one, with an example, and never repeats an unparsable value", () => {
    process.env.ACME_BASE_URL = "localhost:18401";
    expect(() => resolveBaseUrl("Acme", urlSource, "https://api.acme.test")).toThrow(
      "Acme configuration failed: base URL (from acme:baseUrl / ACME_BASE_URL) must start with https://; " +
        "give the scheme and host, e.g. https://api.acme.test",
    );
    process.env.ACME_BASE_URL = "127.0.0.1:18401";
    expect(() => resolveBaseUrl("Acme", urlSource, "https://api.acme.test")).toThrow(
      "Acme configuration failed: base URL (from acme:baseUrl / ACME_BASE_URL) is not a valid URL; " +
        "give the scheme and host, e.g. https://api.acme.test",
    );
    process.env.ACME_BASE_URL = "ftp://files.acme.test";
    expect(() => resolveBaseUrl("Acme", urlSource, "https://api.acme.test")).toThrow(
      "base URL ftp://files.acme.test (from acme:baseUrl / ACME_BASE_URL) must start with https://",
    );
  });
});
