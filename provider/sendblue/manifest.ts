import type { VendorManifest } from "../core/vendor-manifest";

/** What the package offers for Sendblue; its entry in provider/manifest.ts. */
export const sendblueManifest = {
  id: "sendblue",
  displayName: "Sendblue",
  // The registry key of WebhookConfiguration predates the type name; state written since names it, so it stays.
  resources: {
    Webhook: { registryKey: "sendblue:Webhook" },
    WebhookConfiguration: { registryKey: "sendblue:Config" },
  },
  functions: ["getWebhookConfiguration"],
  settings: {
    apiKeyId: { envVar: "SENDBLUE_API_KEY_ID", secret: true },
    apiSecretKey: { envVar: "SENDBLUE_API_SECRET_KEY", secret: true },
    baseUrl: { envVar: "SENDBLUE_BASE_URL", secret: false },
  },
  // Sendblue key ids and secret keys have no documented shape: only the registered values are scrubbed.
  secretPatterns: [],
} as const satisfies VendorManifest;
