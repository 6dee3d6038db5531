/**
 * Secrets a program gives as plain strings are still secret in what the engine stores: the SDK wraps them as
 * Pulumi's generated SDKs do (`additionalSecretOutputs` hides the output of the same name, not the stored input).
 */
import { describe, expect, it } from "vitest";
import { fixtureDir, serializeResources } from "../harness";

describe("sendblue secrets given as plain strings", () => {
  it("reach the engine as secret inputs, and unset ones stay unset", async () => {
    const [entry, configuration, bare] = await serializeResources(fixtureDir(), [
      {
        module: "sendblue",
        resource: "Webhook",
        name: "status",
        args: { type: "outbound", url: "https://hooks.example.com/status", secret: "plain-entry-secret" },
      },
      {
        module: "sendblue",
        resource: "WebhookConfiguration",
        name: "account",
        args: {
          receive: [
            "https://hooks.example.com/in",
            { url: "https://hooks.example.com/signed", secret: "plain-own" },
          ],
          outbound: [{ url: "https://hooks.example.com/status" }],
          globalSecret: "plain-global-secret",
          legacySecret: "plain-legacy-secret",
        },
      },
      {
        module: "sendblue",
        resource: "Webhook",
        name: "bare",
        args: { type: "receive", url: "https://hooks.example.com/in" },
      },
    ]);
    expect(entry!.secretInputPaths).toEqual(["secret"]);
    expect(entry!.inputs).toMatchObject({ secret: "plain-entry-secret" });
    // Only an entry's secret is wrapped, so a preview still shows every url.
    expect(configuration!.secretInputPaths.sort()).toEqual([
      "globalSecret",
      "legacySecret",
      "receive.1.secret",
    ]);
    expect(configuration!.inputs).toMatchObject({
      receive: [
        "https://hooks.example.com/in",
        { url: "https://hooks.example.com/signed", secret: "plain-own" },
      ],
      outbound: [{ url: "https://hooks.example.com/status" }],
    });
    expect((configuration!.inputs.outbound as object[])[0]).not.toHaveProperty("secret");
    expect(bare!.secretInputPaths).toEqual([]);
    expect(bare!.inputs.secret).toBeUndefined();
  });
});
