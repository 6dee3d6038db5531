import { describe, expect, it } from "vitest";
import { codeForStatus, ResourceInitError, WebhookApiError } from "../../provider/core/errors";
import { redact, registerSecret, registerSecretPatterns } from "../../provider/core/redact";
import { SECRET_PATTERNS } from "../../provider/manifest";

describe("core › errors", () => {
  it.each([
    [400, "WH_INVALID"],
    [401, "WH_AUTH"],
    [403, "WH_AUTH"],
    [404, "WH_NOT_FOUND"],
    [409, "WH_CONFLICT"],
    [422, "WH_INVALID"],
    [429, "WH_RATE_LIMITED"],
    [500, "WH_VENDOR"],
    [502, "WH_VENDOR"],
    [418, "WH_VENDOR"],
  ])("HTTP %i maps to %s", (status, code) => {
    expect(codeForStatus(status)).toBe(code);
  });

  it("renders one line with vendor, operation, status, vendor code and message, request id and what to do", () => {
    const error = new WebhookApiError({
      code: "WH_INVALID",
      vendor: "Erzycall",
      operation: "create webhook",
      statusCode: 422,
      vendorError: {
        code: "MAX_ENDPOINTS",
        message: "Maximum number of\nendpoints reached",
        requestId: "req_9",
      },
      hint: "delete one",
    });
    expect(error.message).toBe(
      'Erzycall create webhook failed: HTTP 422 MAX_ENDPOINTS "Maximum number of endpoints reached" (request req_9). Delete one',
    );
    expect(error.code).toBe("WH_INVALID");
    expect(error.vendorCode).toBe("MAX_ENDPOINTS");
  });

  it("redacts registered secrets and credential-shaped text from the line", () => {
    registerSecret("s3cr3t-token-value");
    // The vendors' credential shapes, as the registry registers them for every host.
    registerSecretPatterns(SECRET_PATTERNS);
    const error = new WebhookApiError({
      code: "WH_AUTH",
      vendor: "Converc",
      operation: "list webhooks",
      statusCode: 401,
      vendorError: {
        message:
          "token s3cr3t-token-value rejected; key ek_live_abcDEF123 and whsec_XyZ and Bearer abc.def and https://u:p@host/x",
      },
    });
    expect(error.message).not.toMatch(/s3cr3t|abcDEF123|XyZ|abc\.def|u:p@/);
    expect(error.message).toContain("[redacted]");
    expect(error.vendorMessage).not.toContain("s3cr3t");
  });

  it("scrubs a registered pattern keeping its groups, and refuses one that would match only once", () => {
    registerSecretPatterns([/\b(tok_)[a-z0-9]+(;)/g]);
    expect(redact("a tok_abc123; b tok_def456;")).toBe("a tok_[redacted]; b tok_[redacted];");
    expect(() => registerSecretPatterns([/\b(key_)[a-z]+/])).toThrow(/must be global/);
  });

  it("redacts the longest secret first so no fragment survives", () => {
    registerSecret("abcd");
    registerSecret("abcdefgh-longer");
    expect(redact("x abcdefgh-longer y")).toBe("x [redacted] y");
  });

  it("a partial failure keeps the id and properties and redacts its reason", () => {
    registerSecret("whsec_partialsecret");
    const error = new ResourceInitError(
      "wh_1",
      { url: "https://a.example" },
      new Error("failed with whsec_partialsecret"),
    );
    expect(error.id).toBe("wh_1");
    expect(error.properties).toEqual({ url: "https://a.example" });
    expect(error.reasons).toEqual(["failed with [redacted]"]);
  });
});
